import Foundation
import KabarFetch

/// An HTTP/1.x message as a WARC block holds it: start line, header fields, raw body. The
/// body can be decoded as the headers say (chunked transfer coding, gzip/deflate content coding).
public struct HTTPMessage: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public var startLine: String
    public var headers: [(name: String, value: String)]
    /// The body bytes as stored (still chunked or compressed if the headers say so).
    public var rawBody: Data

    public init(startLine: String, headers: [(name: String, value: String)], rawBody: Data) {
        self.startLine = startLine
        self.headers = headers
        self.rawBody = rawBody
    }

    public init(_ block: Data) throws {
        guard let end = Self.headerEnd(block) else { throw Failure(description: "no blank line after the HTTP headers") }
        // ("\r\n" is one Character in Swift: split the bytes, not the characters.)
        var lines = block[block.startIndex..<end.headEnd].split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        guard !lines.isEmpty else { throw Failure(description: "empty HTTP message") }
        startLine = lines.removeFirst()
        headers = []
        for line in lines where !line.isEmpty {
            if (line.hasPrefix(" ") || line.hasPrefix("\t")), let last = headers.popLast() {
                headers.append((last.name, last.value + " " + WhitespaceTrim.trimmed(line, newlines: false)))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((WhitespaceTrim.trimmed(line[..<colon], newlines: false),
                            WhitespaceTrim.trimmed(line[line.index(after: colon)...], newlines: false)))
        }
        rawBody = Data(block[end.bodyStart...])
    }

    static func headerEnd(_ data: Data) -> (headEnd: Int, bodyStart: Int)? {
        if let r = data.range(of: Data([13, 10, 13, 10])) { return (r.lowerBound, r.upperBound) }
        if let r = data.range(of: Data([10, 10])) { return (r.lowerBound, r.upperBound) }
        return nil
    }

    public subscript(name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The status code of a response (0 for a request or an unreadable line).
    public var status: Int {
        let parts = startLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return 0 }
        return Int(parts[1]) ?? 0
    }

    public var contentType: String? { self["Content-Type"] }

    /// The `charset` of Content-Type, lowercased.
    public var charset: String? {
        guard let ct = contentType else { return nil }
        for p in ct.split(separator: ";").dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                let v = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
                return v.isEmpty ? nil : v.lowercased()
            }
        }
        return nil
    }

    /// The body's length as the response's header said it and as stored, when fewer bytes are
    /// stored: a transfer that ended early (a timeout, a broken connection) whose writer did
    /// not say `WARC-Truncated`. Kabar's archive stores the body decoded, the length as received
    /// kept as `X-Kabar-Orig-Content-Length` (compared only when no content coding was removed);
    /// another crawler's, the body as received, under its own `Content-Length` (not with a
    /// transfer coding, which the length does not count). Nil when the body is whole or the
    /// header says nothing to compare.
    public var cutShort: (said: Int, stored: Int)? {
        let said: String?
        if let original = self["X-Kabar-Orig-Content-Length"] {
            guard self["X-Kabar-Orig-Content-Encoding"] == nil, self["X-Kabar-Orig-Transfer-Encoding"] == nil else { return nil }
            said = original
        } else {
            guard self["Transfer-Encoding"] == nil else { return nil }
            said = self["Content-Length"]
        }
        guard let said, let length = Int(said.trimmingCharacters(in: .whitespaces)), length > rawBody.count else { return nil }
        return (length, rawBody.count)
    }

    /// The body with the transfer coding (chunked) and the content coding (gzip, x-gzip,
    /// deflate; identity) removed. Brotli and zstd are not decoded: that throws.
    public func decodedBody(limit: Int = 1 << 30) throws -> Data {
        var body = rawBody
        if let te = self["Transfer-Encoding"]?.lowercased(), te.contains("chunked") {
            body = try Self.dechunk(body)
        }
        let codings = (self["Content-Encoding"] ?? "").lowercased().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "identity" }
        for coding in codings.reversed() {
            switch coding {
            case "gzip", "x-gzip", "deflate":
                do { body = try GzipCodec.inflate(body, limit: limit) } catch let error as GzipCodec.TooLarge {
                    throw error
                } catch {
                    // Servers sometimes label an already decoded body; keep it when it is not compressed.
                    if coding != "deflate", body.count >= 2, body[body.startIndex] == 0x1F { throw Failure(description: "\(coding) body: \(error)") }
                }
            default:
                throw Failure(description: "content coding \(coding) is not supported")
            }
        }
        return body
    }

    /// Removes chunked transfer coding. A body that is not validly chunked (some archives
    /// keep the header but store the decoded body) is returned as it is.
    public static func dechunk(_ data: Data) throws -> Data {
        var out = Data()
        var i = data.startIndex
        while i < data.endIndex {
            guard let lineEnd = data[i...].firstIndex(of: 10) else { return out.isEmpty ? data : out }
            var sizeText = String(decoding: data[i..<lineEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let semi = sizeText.firstIndex(of: ";") { sizeText = String(sizeText[..<semi]) }
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                if out.isEmpty { return data }
                throw Failure(description: "bad chunk size '\(sizeText.prefix(20))'")
            }
            i = lineEnd + 1
            if size == 0 { return out }
            guard size <= data.endIndex - i else {
                out.append(data[i...])  // a chunk cut short: keep what there is
                return out
            }
            out.append(data[i..<(i + size)])
            i += size
            if i < data.endIndex, data[i] == 13 { i += 1 }
            if i < data.endIndex, data[i] == 10 { i += 1 }
        }
        return out
    }
}
