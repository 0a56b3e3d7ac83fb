import Foundation

/// The bytes of a configuration file a person writes (a schedule, a declarative extractor),
/// checked before YAML sees them: small enough, UTF-8, no NUL bytes. A failure says which line
/// (where there is one) and why, so each loader can name its file and kind in its own error.
public enum ConfigText {
    public struct Problem: Error, Equatable, Sendable {
        public let line: Int?
        public let message: String
    }

    /// Configuration files larger than this are refused unread (they are a page of YAML).
    public static let maxFileSize = 1 << 20

    /// The size of the file at `url`, checked before it is read.
    public static func checkSize(of url: URL, kind: String) -> Problem? {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        return size > maxFileSize ? tooLarge(size, kind: kind) : nil
    }

    /// The text of `data`, or the problem that keeps it from being a `kind` file.
    public static func decode(_ data: Data, kind: String) -> Result<String, Problem> {
        guard data.count <= maxFileSize else { return .failure(tooLarge(data.count, kind: kind)) }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem(line: lineOfFirstBadByte(data),
                                    message: "not UTF-8 text (a binary file?); \(kind) is a YAML text file"))
        }
        if let nul = text.firstIndex(of: "\0") {
            let line = text[..<nul].filter { $0 == "\n" }.count + 1
            return .failure(Problem(line: line, message: "contains a NUL byte (a binary file?); \(kind) is a YAML text file"))
        }
        return .success(text)
    }

    static func tooLarge(_ size: Int, kind: String) -> Problem {
        Problem(line: nil, message: "the file is \(size) bytes; \(kind) is at most \(maxFileSize / 1024) KB")
    }

    /// The 1-based line of the first byte that is not UTF-8.
    static func lineOfFirstBadByte(_ data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        for (i, byte) in zip(data.indices, data) where byte == 0x0A {
            if String(data: data[start..<i], encoding: .utf8) == nil { return line }
            line += 1
            start = data.index(after: i)
        }
        return line
    }
}
