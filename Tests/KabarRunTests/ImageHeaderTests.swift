import Foundation
@testable import KabarRun
import KabarTesting
import Testing

/// Image headers read without decoding, on constructed files (`TestImages`).
struct ImageHeaderTests {
    @Test func eachFormatsSizeIsReadFromItsHeader() {
        #expect(ImageHeader.read(TestImages.png(width: 640, height: 480)) == ImageHeader(format: .png, width: 640, height: 480))
        #expect(ImageHeader.read(TestImages.jpeg(width: 1200, height: 675)) == ImageHeader(format: .jpeg, width: 1200, height: 675))
        // A progressive JPEG (SOF2) too; DHT (C4) is no frame header.
        #expect(ImageHeader.read(TestImages.jpeg(width: 300, height: 200, sofMarker: 0xC2)) == ImageHeader(format: .jpeg, width: 300, height: 200))
        #expect(ImageHeader.read(TestImages.gif(width: 320, height: 240)) == ImageHeader(format: .gif, width: 320, height: 240))
        #expect(ImageHeader.read(TestImages.webpLossy(width: 800, height: 600)) == ImageHeader(format: .webp, width: 800, height: 600))
        #expect(ImageHeader.read(TestImages.webpLossless(width: 1023, height: 77)) == ImageHeader(format: .webp, width: 1023, height: 77))
        #expect(ImageHeader.read(TestImages.webpExtended(width: 4000, height: 3000)) == ImageHeader(format: .webp, width: 4000, height: 3000))
        #expect(ImageHeader.read(TestImages.avif(width: 1920, height: 1080)) == ImageHeader(format: .avif, width: 1920, height: 1080))
        #expect(ImageHeader.read(TestImages.avif(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF)) == ImageHeader(format: .avif, width: 0xFFFF_FFFF, height: 0xFFFF_FFFF))
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
        #expect(ImageHeader.read(TestImages.avif(width: 10, height: 10, brand: "isom").prefix(20) + Data(count: 8)) == nil)
        // A RIFF file that is no WebP (a WAV).
        #expect(ImageHeader.read(Data(Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 24))) == nil)
    }

    @Test func truncatedHeadersNeverReadPastTheBytes() {
        let files = [TestImages.png(width: 1, height: 1), TestImages.jpeg(width: 2, height: 2), TestImages.gif(width: 3, height: 3),
                     TestImages.webpLossy(width: 4, height: 4), TestImages.webpLossless(width: 5, height: 5),
                     TestImages.webpExtended(width: 6, height: 6), TestImages.avif(width: 7, height: 7)]
        for file in files {
            for length in 0..<file.count {
                let header = ImageHeader.read(file.prefix(length))
                // Whatever is read of a cut file is the format's, and any size is the real one.
                if let header, let w = header.width { #expect(w <= 7 && w > 0, "\(header) at \(length) bytes") }
            }
        }
        // Box and segment sizes past the end, or near Int.max (a 64-bit box size): no size, no trap.
        var huge = Data(TestImages.avif(width: 9, height: 9).prefix(20))
        huge += Data([0, 0, 0, 1] + Array("meta".utf8) + [UInt8](repeating: 0xFF, count: 8) + [UInt8](repeating: 0, count: 16))
        #expect(ImageHeader.read(huge) == ImageHeader(format: .avif, width: nil, height: nil))
        huge.replaceSubrange(28..<36, with: [0x7F] + [UInt8](repeating: 0xFF, count: 7))
        #expect(ImageHeader.read(huge) == ImageHeader(format: .avif, width: nil, height: nil))
        // A JPEG cut before its frame header: the format without a size.
        #expect(ImageHeader.read(TestImages.jpeg(width: 50, height: 50).prefix(30)) == ImageHeader(format: .jpeg, width: nil, height: nil))
    }
}
