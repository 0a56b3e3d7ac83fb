import Foundation
import KabarHTML

/// Whether fetched bytes can be an HTML page at all, judged before they are parsed: a
/// Content-Type that names something else (an image, a PDF, a video), or bytes that are
/// plainly binary (a file signature, or NUL bytes in the first 1 KB, which no HTML text
/// holds, whatever it is served as). Such a page is skipped with this reason instead of
/// being fed to the parser and an extractor.
public enum PageSniffer {
    static let signatures: [(String, [UInt8])] = [
        ("PNG image", [0x89, 0x50, 0x4E, 0x47]), ("GIF image", [0x47, 0x49, 0x46, 0x38]), ("JPEG image", [0xFF, 0xD8, 0xFF]),
        ("PDF document", [0x25, 0x50, 0x44, 0x46, 0x2D]), ("ZIP archive", [0x50, 0x4B, 0x03, 0x04]), ("gzip data", [0x1F, 0x8B]),
        ("WebP/RIFF data", [0x52, 0x49, 0x46, 0x46]), ("executable (ELF)", [0x7F, 0x45, 0x4C, 0x46]),
    ]

    static let htmlTypes = ["text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml", ""]

    /// Why `body` is not an HTML page, or nil when it may be one.
    public static func problem(body: Data, contentType: String?) -> String? {
        let type = mediaType(contentType)
        if !htmlTypes.contains(type), !type.hasSuffix("+xml") {
            return "not an HTML page (Content-Type: \(type))"
        }
        return binaryContent(body).map { "\($0) served as \(type.isEmpty ? "a page" : type)" }
    }

    /// The media type of a Content-Type value: its first non-empty part before a `;`, without
    /// the white space around it, in lower case ("" for none). An ASCII value, as they all but
    /// always are, is cut and lowered on its bytes: Foundation's `trimmingCharacters(in:)` cost a
    /// per cent of a crawl's CPU, on every fetched page.
    static func mediaType(_ contentType: String?) -> String {
        guard let first = (contentType ?? "").utf8.split(separator: UInt8(ascii: ";")).first else { return "" }
        guard first.allSatisfy({ $0 < 0x80 }) else {
            return String(Substring(first)).trimmingCharacters(in: .whitespaces).lowercased()
        }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let start = first.firstIndex(where: { !blank($0) }), let last = first.lastIndex(where: { !blank($0) }) else { return "" }
        return String(decoding: first[start...last].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// "binary content (PDF document)" when the first 1 KB of `body` is plainly binary, else nil.
    static func binaryContent(_ body: Data) -> String? {
        // Read in place: this runs on every fetched page, and `Data`'s element-wise prefix,
        // `starts(with:)` and `firstIndex(of:)` cost more than the bytes they read.
        let found: (signature: String?, nul: Int?) = body.withUnsafeBytes { raw in
            let head = UnsafeRawBufferPointer(rebasing: raw.prefix(1024))
            for (name, magic) in signatures where head.starts(with: magic) { return (name, nil) }
            guard let base = head.baseAddress, let hit = memchr(base, 0, head.count) else { return (nil, nil) }
            return (nil, base.distance(to: UnsafeRawPointer(hit)))
        }
        if let name = found.signature { return "binary content (\(name))" }
        // UTF-16 text is half NUL bytes; its byte order mark says what it is, or without one
        // its markup (`CharsetDetector.utf16WithoutBOMIsLittleEndian`).
        if let nul = found.nul, CharsetDetector.utf16WithBOM(body.prefix(2)) == nil,
           CharsetDetector.utf16WithoutBOMIsLittleEndian(body) == nil {
            return "binary content (a NUL byte at offset \(nul))"
        }
        return nil
    }

    /// Why a saved file is not an HTML page, or nil when it may be one: binary content (a PDF,
    /// a gzip file, an image), or text that neither begins with markup (`<`, after a byte
    /// order mark and blank space) nor holds `<html` or `<!DOCTYPE` in its first 64 KB: a
    /// Markdown or JSON file, notes. A fragment (`<p>...`), a page without `<html>`, with a
    /// byte order mark or in UTF-16 (with a byte order mark or without) may be one.
    public static func problem(savedPage data: Data) -> String? {
        if let binary = binaryContent(data) { return "not an HTML page: \(binary)" }
        let text = CharsetDetector.utf16WithBOM(data.prefix(131072)) ?? CharsetDetector.utf16WithoutBOM(data.prefix(131072)) ?? data.prefix(65536)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = text.starts(with: bom) ? text.index(text.startIndex, offsetBy: 3) : text.startIndex
        guard let first = text[start...].firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) }) else {
            return "not an HTML page: the file is empty"
        }
        if text[first] == UInt8(ascii: "<") { return nil }
        let lower = String(decoding: text, as: UTF8.self).lowercased()
        if lower.contains("<html") || lower.contains("<!doctype") { return nil }
        let opening = String(decoding: text[first...].prefix(40), as: UTF8.self).split(whereSeparator: \.isNewline).first ?? ""
        return "not an HTML page: no markup (it begins \"\(opening)\", and has no <html> or <!DOCTYPE>)"
    }
}
