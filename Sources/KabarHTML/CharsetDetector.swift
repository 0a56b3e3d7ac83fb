import Foundation

/// Picks the charset to decode a page with. Order: the HTTP header's; else UTF-8 when the
/// bytes are valid UTF-8; else what the page declares (`<meta charset>`, http-equiv); else
/// Windows-1252 (what browsers assume for legacy Western pages). A header claiming UTF-8 over
/// bytes that are not UTF-8 yields to the page's own declaration, and a header claiming
/// Latin-1, Windows-1252 or ASCII (a server's default) over bytes that are valid UTF-8 with
/// multibyte characters yields to the bytes: Western legacy text almost never forms valid
/// multibyte UTF-8 ("Ã©" where "é" was meant), so reading such bytes as the header says would
/// only make mojibake ("Investorâ€™s"). ISO-8859-1 and US-ASCII
/// labels are decoded as Windows-1252, as the WHATWG Encoding standard says (pages labelled
/// Latin-1 use 0x80–0x9F for curly quotes and dashes).
public enum CharsetDetector {
    /// The encoding to decode a charset label with: Latin-1 and ASCII labels as Windows-1252.
    public static func decoder(for charset: String) -> String {
        switch charset.lowercased() {
        case "iso-8859-1", "us-ascii", "ascii", "iso-ir-100", "l1", "cp819", "ibm819", "iso_8859-1:1987": return "windows-1252"
        default: return charset
        }
    }

    public struct Detection: Equatable, Sendable {
        public let charset: String
        public let isUTF8: Bool
        public let isValidUTF8: Bool
        public let source: Source
    }

    public enum Source: String, Sendable { case header, utf8Bytes, meta, fallback }

    public static func detect(_ data: Data, headerCharset: String?) -> Detection {
        detect(data, headerCharset: headerCharset, scan: scanUTF8(data))
    }

    /// As `detect(_:headerCharset:)`, with the bytes' `scanUTF8` already made.
    static func detect(_ data: Data, headerCharset: String?, scan: UTF8Scan) -> Detection {
        let valid = scan.valid
        if let header = normalise(headerCharset) {
            // A header that says UTF-8 over bytes that are not, on a page that declares its
            // real charset itself (a server default left on a legacy page): the page wins.
            if isUTF8Name(header), !valid, let declared = normalise(declaredCharset(in: data)), !isUTF8Name(declared) {
                return Detection(charset: declared, isUTF8: false, isValidUTF8: false, source: .meta)
            }
            // A Western single-byte header over valid multibyte UTF-8: the bytes win.
            if valid, decoder(for: header) == "windows-1252", data.contains(where: { $0 >= 0x80 }) {
                return Detection(charset: "utf-8", isUTF8: true, isValidUTF8: true, source: .utf8Bytes)
            }
            return Detection(charset: header, isUTF8: isUTF8Name(header), isValidUTF8: valid, source: .header)
        }
        if valid {
            return Detection(charset: "utf-8", isUTF8: true, isValidUTF8: true, source: .utf8Bytes)
        }
        if let declared = normalise(declaredCharset(in: data)) {
            // A page that says UTF-8 but is not: the bytes win, as in browsers' sniffing.
            if isUTF8Name(declared) {
                return Detection(charset: "windows-1252", isUTF8: false, isValidUTF8: false, source: .fallback)
            }
            return Detection(charset: declared, isUTF8: false, isValidUTF8: false, source: .meta)
        }
        return Detection(charset: "windows-1252", isUTF8: false, isValidUTF8: false, source: .fallback)
    }

    /// The charset a page declares in its first 4 KB: `<meta charset=...>` or
    /// `<meta http-equiv="Content-Type" content="...; charset=...">`.
    public static func declaredCharset(in data: Data) -> String? {
        let head = data.prefix(4096)
        let text = String(decoding: head, as: UTF8.self).lowercased()
        guard let range = text.range(of: "charset=") else { return nil }
        var value = text[range.upperBound...].drop(while: { $0 == "\"" || $0 == "'" || $0 == " " })
        value = value.prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." })
        return value.isEmpty ? nil : String(value)
    }

    static func normalise(_ name: String?) -> String? {
        guard var name = name?.trimmed.lowercased(), !name.isEmpty else { return nil }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        switch name {
        case "utf8": return "utf-8"
        case "latin1", "latin-1", "iso8859-1", "iso_8859-1": return "iso-8859-1"
        case "cp1252", "win-1252": return "windows-1252"
        default: return name
        }
    }

    static func isUTF8Name(_ name: String) -> Bool { name == "utf-8" || name == "utf8" }

    /// A page starting with a UTF-16 byte order mark (FF FE little-endian, FE FF big-endian)
    /// as UTF-8 bytes, the mark dropped and unpaired surrogates replaced with U+FFFD; nil for
    /// any other page. The mark wins over the header and the page's own declaration, as in
    /// browsers (the WHATWG Encoding standard's BOM sniffing).
    public static func utf16WithBOM(_ data: Data) -> Data? {
        guard data.count >= 2 else { return nil }
        let b0 = data[data.startIndex], b1 = data[data.startIndex + 1]
        let littleEndian: Bool
        switch (b0, b1) {
        case (0xFF, 0xFE): littleEndian = true
        case (0xFE, 0xFF): littleEndian = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(data.count / 2)
        var i = data.startIndex + 2
        while i + 1 < data.endIndex {
            let a = UInt16(data[i]), b = UInt16(data[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return Data(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF: the
    /// well-formed sequences of the Unicode standard's table 3-7), in place: 32 or eight ASCII
    /// bytes at a time, no copy of the page made.
    public static func isValidUTF8(_ data: Data) -> Bool { scanUTF8(data).valid }

    static func isValidUTF8(_ p: UnsafePointer<UInt8>, count n: Int) -> Bool { scanUTF8(p, count: n).valid }

    /// What one pass over a page's bytes tells.
    struct UTF8Scan: Equatable {
        /// Whether they are well-formed UTF-8 (`isValidUTF8`).
        var valid: Bool
        /// Valid, and holding `DoubleEncoding`'s evidence of text encoded twice (a C1 control
        /// or "â€"): what `DoubleEncoding.hasEvidence` finds in its own passes over such bytes.
        var doubleEncodingEvidence: Bool
    }

    static func scanUTF8(_ data: Data) -> UTF8Scan {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return UTF8Scan(valid: true, doubleEncodingEvidence: false) }
            return scanUTF8(base.assumingMemoryBound(to: UInt8.self), count: raw.count)
        }
    }

    /// Validates, and looks for the double encoding's evidence on the way (in the two-byte
    /// characters it reads anyway: C2 80–C2 9F, and C3 A2 followed by E2 82 AC).
    static func scanUTF8(_ p: UnsafePointer<UInt8>, count n: Int) -> UTF8Scan {
        let invalid = UTF8Scan(valid: false, doubleEncodingEvidence: false)
        var evidence = false
        var i = 0
        @inline(__always) func continuation(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
        let raw = UnsafeRawPointer(p)
        while i < n {
            // 32 ASCII bytes at a time (a page's markup and most Latin text), then eight.
            while i + 32 <= n, (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                    & 0x8080_8080_8080_8080 == 0 {
                i += 32
            }
            if i == n { break }
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            switch b {
            case 0xC2...0xDF:
                guard continuation(1) else { return invalid }
                if b == 0xC2, p[i + 1] <= 0x9F { evidence = true }
                if b == 0xC3, p[i + 1] == 0xA2, i + 4 < n, p[i + 2] == 0xE2, p[i + 3] == 0x82, p[i + 4] == 0xAC { evidence = true }
                i += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return invalid }
                let second = p[i + 1]
                if b == 0xE0, second < 0xA0 { return invalid }      // overlong
                if b == 0xED, second > 0x9F { return invalid }      // surrogates
                i += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return invalid }
                let second = p[i + 1]
                if b == 0xF0, second < 0x90 { return invalid }      // overlong
                if b == 0xF4, second > 0x8F { return invalid }      // past U+10FFFF
                i += 4
            default:
                return invalid
            }
        }
        return UTF8Scan(valid: true, doubleEncodingEvidence: evidence)
    }
}
