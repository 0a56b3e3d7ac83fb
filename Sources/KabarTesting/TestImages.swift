import Foundation

/// Constructed image files for the tests: the smallest bytes each format needs for its header
/// (and size) to be read, not whole pictures.
public enum TestImages {
    static func be(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).reversed().map { UInt8((v >> ($0 * 8)) & 0xFF) } }
    static func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> ($0 * 8)) & 0xFF) } }

    /// A constructed PNG: signature, IHDR (CRC not checked by the reader), a text chunk
    /// carrying `note` (so two pictures differ), IEND.
    public static func png(width: Int, height: Int, note: String = "") -> Data {
        var b: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        b += be(13, 4) + Array("IHDR".utf8) + be(width, 4) + be(height, 4) + [8, 2, 0, 0, 0] + [0, 0, 0, 0]
        let text = Array("Comment\u{0}\(note)".utf8)
        b += be(text.count, 4) + Array("tEXt".utf8) + text + [0, 0, 0, 0]
        b += be(0, 4) + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        return Data(b)
    }

    /// A constructed JPEG: SOI, an APP0 (JFIF) segment and a DQT before the SOF0 frame header,
    /// then EOI.
    public static func jpeg(width: Int, height: Int, sofMarker: UInt8 = 0xC0) -> Data {
        var b: [UInt8] = [0xFF, 0xD8]
        b += [0xFF, 0xE0] + be(16, 2) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        b += [0xFF, 0xDB] + be(67, 2) + [0] + [UInt8](repeating: 1, count: 64)
        b += [0xFF, sofMarker] + be(17, 2) + [8] + be(height, 2) + be(width, 2) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        b += [0xFF, 0xD9]
        return Data(b)
    }

    public static func gif(width: Int, height: Int) -> Data {
        Data(Array("GIF89a".utf8) + le(width, 2) + le(height, 2) + [0, 0, 0] + [0x3B])
    }

    static func riff(_ chunk: String, _ body: [UInt8]) -> Data {
        let payload = Array("WEBP".utf8) + Array(chunk.utf8) + le(body.count, 4) + body
        return Data(Array("RIFF".utf8) + le(payload.count, 4) + payload)
    }

    public static func webpLossy(width: Int, height: Int) -> Data {
        riff("VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A] + le(width, 2) + le(height, 2) + [0, 0])
    }

    public static func webpLossless(width: Int, height: Int) -> Data {
        riff("VP8L", [0x2F] + le((width - 1) | ((height - 1) << 14), 4) + [0, 0])
    }

    public static func webpExtended(width: Int, height: Int) -> Data {
        riff("VP8X", [0x10, 0, 0, 0] + le(width - 1, 3) + le(height - 1, 3))
    }

    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be(body.count + 8, 4) + Array(type.utf8) + body }

    /// A constructed AVIF: `ftyp` (brand avif), `meta` → `iprp` → `ipco` holding a thumbnail's
    /// `ispe` before the primary image's.
    public static func avif(width: Int, height: Int, brand: String = "avif") -> Data {
        let ispe = { (w: Int, h: Int) in box("ispe", [0, 0, 0, 0] + be(w, 4) + be(h, 4)) }
        let ipco = box("ipco", ispe(160, 90) + ispe(width, height))
        let meta = box("meta", [0, 0, 0, 0] + box("hdlr", [0, 0, 0, 0] + [0, 0, 0, 0] + Array("pict".utf8) + [UInt8](repeating: 0, count: 13))
                       + box("iprp", ipco))
        return Data(box("ftyp", Array(brand.utf8) + [0, 0, 0, 0] + Array("mif1".utf8)) + meta)
    }
}
