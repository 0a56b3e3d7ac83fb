import Foundation

/// UTF-16 pages without a byte order mark (saved by some Windows tools, served by a few old
/// servers). Browsers do not guess it (the WHATWG sniffing algorithm never yields UTF-16 without
/// a mark or a header), but such a page is unmistakable from its first bytes when it is HTML:
/// markup is ASCII, so every other byte is NUL, which no text in an 8-bit encoding or UTF-8
/// holds. The rule is strict so that no binary file passes: the first 512 code units (or all
/// there are, at least 8) hold no NUL unit, no control character but white space and no
/// unpaired surrogate; the first unit that is not white space is `<`; and at least three in
/// four are ASCII (the markup). It is only tried on bytes whose first two bytes hold exactly
/// one NUL (`<` or white space in UTF-16), so a page in any other encoding costs two byte
/// comparisons.
extension CharsetDetector {
    /// Whether `data`, which has no byte order mark, is UTF-16 HTML: true little-endian, false
    /// big-endian; nil when it is not.
    public static func utf16WithoutBOMIsLittleEndian(_ data: Data) -> Bool? {
        guard data.count >= 16 else { return nil }
        let b0 = data[data.startIndex], b1 = data[data.startIndex + 1]
        guard (b0 == 0) != (b1 == 0) else { return nil }
        let littleEndian = b1 == 0
        let units = Swift.min(data.count / 2, 512)
        var ascii = 0
        var seenMarkup = false
        var highSurrogate = false
        var i = data.startIndex
        for _ in 0..<units {
            let a = UInt16(data[i]), b = UInt16(data[i + 1])
            let u = littleEndian ? a | b << 8 : a << 8 | b
            i += 2
            if u == 0 { return nil }
            if u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0C && u != 0x0D { return nil }
            if (0xDC00...0xDFFF).contains(u) {
                guard highSurrogate else { return nil }
                highSurrogate = false
                continue
            }
            if highSurrogate { return nil }
            if (0xD800...0xDBFF).contains(u) { highSurrogate = true; continue }
            if u < 0x80 { ascii += 1 }
            if !seenMarkup, u != 0x20, u != 0x09, u != 0x0A, u != 0x0C, u != 0x0D {
                guard u == 0x3C else { return nil }
                seenMarkup = true
            }
        }
        guard seenMarkup, ascii * 4 >= units * 3 else { return nil }
        return littleEndian
    }

    /// A UTF-16 page without a byte order mark (`utf16WithoutBOMIsLittleEndian`) as UTF-8
    /// bytes, unpaired surrogates replaced with U+FFFD; nil for any other page.
    public static func utf16WithoutBOM(_ data: Data) -> Data? {
        guard let littleEndian = utf16WithoutBOMIsLittleEndian(data) else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(data.count / 2)
        var i = data.startIndex
        while i + 1 < data.endIndex {
            let a = UInt16(data[i]), b = UInt16(data[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return Data(String(decoding: units, as: UTF16.self).utf8)
    }
}
