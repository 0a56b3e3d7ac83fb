import Foundation
@testable import KabarRun
import Testing

/// Image headers read without decoding, on constructed files: the smallest bytes each format
/// needs for its size to be read (not whole pictures).
struct ImageHeaderTests {
    static func be(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).reversed().map { UInt8((v >> ($0 * 8)) & 0xFF) } }
    static func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> ($0 * 8)) & 0xFF) } }

    /// A constructed PNG: signature, IHDR (CRC not checked by the reader), a text chunk
    /// carrying `note` (so two pictures differ), IEND.
    static func png(width: Int, height: Int, note: String = "") -> Data {
        var b: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        b += be(13, 4) + Array("IHDR".utf8) + be(width, 4) + be(height, 4) + [8, 2, 0, 0, 0] + [0, 0, 0, 0]
        let text = Array("Comment\u{0}\(note)".utf8)
        b += be(text.count, 4) + Array("tEXt".utf8) + text + [0, 0, 0, 0]
        b += be(0, 4) + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        return Data(b)
    }

    /// A constructed JPEG: SOI, an APP0 (JFIF) segment and a DQT before the SOF0 frame header,
    /// then EOI.
    static func jpeg(width: Int, height: Int, sofMarker: UInt8 = 0xC0) -> Data {
        var b: [UInt8] = [0xFF, 0xD8]
        b += [0xFF, 0xE0] + be(16, 2) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        b += [0xFF, 0xDB] + be(67, 2) + [0] + [UInt8](repeating: 1, count: 64)
        b += [0xFF, sofMarker] + be(17, 2) + [8] + be(height, 2) + be(width, 2) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        b += [0xFF, 0xD9]
        return Data(b)
    }

    static func gif(width: Int, height: Int) -> Data {
        Data(Array("GIF89a".utf8) + le(width, 2) + le(height, 2) + [0, 0, 0] + [0x3B])
    }

    static func riff(_ chunk: String, _ body: [UInt8]) -> Data {
        let payload = Array("WEBP".utf8) + Array(chunk.utf8) + le(body.count, 4) + body
        return Data(Array("RIFF".utf8) + le(payload.count, 4) + payload)
    }

    static func webpLossy(width: Int, height: Int) -> Data {
        riff("VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A] + le(width, 2) + le(height, 2) + [0, 0])
    }

    static func webpLossless(width: Int, height: Int) -> Data {
        riff("VP8L", [0x2F] + le((width - 1) | ((height - 1) << 14), 4) + [0, 0])
    }

    static func webpExtended(width: Int, height: Int) -> Data {
        riff("VP8X", [0x10, 0, 0, 0] + le(width - 1, 3) + le(height - 1, 3))
    }

    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be(body.count + 8, 4) + Array(type.utf8) + body }

    /// A constructed AVIF: `ftyp` (brand avif), `meta` → `iprp` → `ipco` holding a thumbnail's
    /// `ispe` before the primary image's.
    static func avif(width: Int, height: Int, brand: String = "avif") -> Data {
        let ispe = { (w: Int, h: Int) in box("ispe", [0, 0, 0, 0] + be(w, 4) + be(h, 4)) }
        let ipco = box("ipco", ispe(160, 90) + ispe(width, height))
        let meta = box("meta", [0, 0, 0, 0] + box("hdlr", [0, 0, 0, 0] + [0, 0, 0, 0] + Array("pict".utf8) + [UInt8](repeating: 0, count: 13))
                       + box("iprp", ipco))
        return Data(box("ftyp", Array(brand.utf8) + [0, 0, 0, 0] + Array("mif1".utf8)) + meta)
    }

    @Test func eachFormatsSizeIsReadFromItsHeader() {
        #expect(ImageHeader.read(Self.png(width: 640, height: 480)) == ImageHeader(format: .png, width: 640, height: 480))
        #expect(ImageHeader.read(Self.jpeg(width: 1200, height: 675)) == ImageHeader(format: .jpeg, width: 1200, height: 675))
        // A progressive JPEG (SOF2) too; DHT (C4) is no frame header.
        #expect(ImageHeader.read(Self.jpeg(width: 300, height: 200, sofMarker: 0xC2)) == ImageHeader(format: .jpeg, width: 300, height: 200))
        #expect(ImageHeader.read(Self.gif(width: 320, height: 240)) == ImageHeader(format: .gif, width: 320, height: 240))
        #expect(ImageHeader.read(Self.webpLossy(width: 800, height: 600)) == ImageHeader(format: .webp, width: 800, height: 600))
        #expect(ImageHeader.read(Self.webpLossless(width: 1023, height: 77)) == ImageHeader(format: .webp, width: 1023, height: 77))
        #expect(ImageHeader.read(Self.webpExtended(width: 4000, height: 3000)) == ImageHeader(format: .webp, width: 4000, height: 3000))
        #expect(ImageHeader.read(Self.avif(width: 1920, height: 1080)) == ImageHeader(format: .avif, width: 1920, height: 1080))
    }

    @Test func typesAndExtensions() {
        #expect(ImageHeader.Format.jpeg.mimeType == "image/jpeg" && ImageHeader.Format.jpeg.fileExtension == "jpg")
        #expect(ImageHeader.Format.avif.mimeType == "image/avif" && ImageHeader.Format.webp.fileExtension == "webp")
    }

    @Test func bytesOfNoKnownImageFormatAreNoImage() {
        #expect(ImageHeader.read(Data("<html><body>Not found</body></html>".utf8)) == nil)
        #expect(ImageHeader.read(Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == nil)
        #expect(ImageHeader.read(Data()) == nil)
        // An ISO media file of another brand (an MP4) is no AVIF.
        #expect(ImageHeader.read(Self.avif(width: 10, height: 10, brand: "isom").prefix(20) + Data(count: 8)) == nil)
        // A RIFF file that is no WebP (a WAV).
        #expect(ImageHeader.read(Data(Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 24))) == nil)
    }

    @Test func truncatedHeadersNeverReadPastTheBytes() {
        let files = [Self.png(width: 1, height: 1), Self.jpeg(width: 2, height: 2), Self.gif(width: 3, height: 3),
                     Self.webpLossy(width: 4, height: 4), Self.webpLossless(width: 5, height: 5),
                     Self.webpExtended(width: 6, height: 6), Self.avif(width: 7, height: 7)]
        for file in files {
            for length in 0..<file.count {
                let header = ImageHeader.read(file.prefix(length))
                // Whatever is read of a cut file is the format's, and any size is the real one.
                if let header, let w = header.width { #expect(w <= 7 && w > 0, "\(header) at \(length) bytes") }
            }
        }
        // A JPEG cut before its frame header: the format without a size.
        #expect(ImageHeader.read(Self.jpeg(width: 50, height: 50).prefix(30)) == ImageHeader(format: .jpeg, width: nil, height: nil))
    }
}
