import Foundation

/// What an image file's first bytes say: its format and its size in pixels, read from the
/// header without decoding the picture (JPEG's SOF segment, PNG's IHDR, GIF's logical screen,
/// WebP's VP8/VP8L/VP8X chunk, AVIF's `ispe` property). Bytes of no known format are no image
/// (SVG, HTML error pages, truncated files): `read` gives nil.
public struct ImageHeader: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case jpeg, png, gif, webp, avif

        /// The MIME type, the record's `type`.
        public var mimeType: String { "image/\(rawValue)" }
        /// The stored file's extension.
        public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    }

    public var format: Format
    /// Pixels; nil when the format is known but its header gives no size (an AVIF file
    /// without `ispe`, a JPEG whose SOF lies past the bytes given).
    public var width: Int?
    public var height: Int?

    public init(format: Format, width: Int?, height: Int?) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// The header of `bytes`, or nil when they are no image of a known format.
    public static func read(_ bytes: Data) -> ImageHeader? {
        let b = [UInt8](bytes.prefix(1 << 20))
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return jpeg(b) }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(b) }
        if b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) { return gif(b) }
        if b.count >= 12, ascii(b, 0, 4) == "RIFF", ascii(b, 8, 4) == "WEBP" { return webp(b) }
        if b.count >= 12, ascii(b, 4, 4) == "ftyp" { return avif(b) }
        return nil
    }

    // MARK: Formats

    /// Segments from SOI to the first start-of-frame marker (C0-CF but C4, C8, CC), whose
    /// body is precision, height, width.
    static func jpeg(_ b: [UInt8]) -> ImageHeader {
        var i = 2
        while i + 3 < b.count {
            guard b[i] == 0xFF else { break }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }   // fill byte
            if marker == 0x01 || (0xD0...0xD8).contains(marker) { i += 2; continue }   // no length
            if marker == 0xD9 || marker == 0xDA { break }   // end of image, start of scan
            let length = be(b, i + 2, 2)
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker), i + 9 <= b.count {
                let height = be(b, i + 5, 2), width = be(b, i + 7, 2)
                return ImageHeader(format: .jpeg, width: width > 0 ? width : nil, height: height > 0 ? height : nil)
            }
            guard length >= 2 else { break }
            i += 2 + length
        }
        return ImageHeader(format: .jpeg, width: nil, height: nil)
    }

    /// The IHDR chunk comes first: width and height, 4 bytes each, big-endian.
    static func png(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 24, ascii(b, 12, 4) == "IHDR" else { return nil }
        return ImageHeader(format: .png, width: be(b, 16, 4), height: be(b, 20, 4))
    }

    /// The logical screen: width and height, 2 bytes each, little-endian.
    static func gif(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 10 else { return nil }
        return ImageHeader(format: .gif, width: le(b, 6, 2), height: le(b, 8, 2))
    }

    /// The first chunk: lossy VP8 (a key frame's 14-bit sizes), lossless VP8L (14-bit sizes
    /// minus one, packed), or extended VP8X (the canvas, 24-bit sizes minus one).
    static func webp(_ b: [UInt8]) -> ImageHeader? {
        let unknownSize = ImageHeader(format: .webp, width: nil, height: nil)
        switch ascii(b, 12, 4) {
        case "VP8 ":
            guard b.count >= 30 else { return unknownSize }
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return unknownSize }
            return ImageHeader(format: .webp, width: le(b, 26, 2) & 0x3FFF, height: le(b, 28, 2) & 0x3FFF)
        case "VP8L":
            guard b.count >= 25 else { return unknownSize }
            guard b[20] == 0x2F else { return unknownSize }
            let bits = le(b, 21, 4)
            return ImageHeader(format: .webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard b.count >= 30 else { return unknownSize }
            return ImageHeader(format: .webp, width: le(b, 24, 3) + 1, height: le(b, 27, 3) + 1)
        default:
            return nil
        }
    }

    /// ISO base media: an `ftyp` naming the `avif` or `avis` brand, then `meta` → `iprp` →
    /// `ipco` → `ispe` (image spatial extents). The largest `ispe` is the primary image's (the
    /// others are thumbnails or alpha planes at most its size).
    static func avif(_ b: [UInt8]) -> ImageHeader? {
        let ftypSize = be(b, 0, 4)
        guard ftypSize >= 16, ftypSize <= b.count else { return nil }
        var brands = [ascii(b, 8, 4)]
        var at = 16
        while at + 4 <= ftypSize { brands.append(ascii(b, at, 4)); at += 4 }
        guard brands.contains("avif") || brands.contains("avis") else { return nil }
        var best: (Int, Int)?
        for box in boxes(b, from: ftypSize, to: b.count) where box.type == "meta" {
            for iprp in boxes(b, from: box.body + 4, to: box.end) where iprp.type == "iprp" {
                for ipco in boxes(b, from: iprp.body, to: iprp.end) where ipco.type == "ipco" {
                    for ispe in boxes(b, from: ipco.body, to: ipco.end) where ispe.type == "ispe" && ispe.body + 12 <= ispe.end {
                        let size = (be(b, ispe.body + 4, 4), be(b, ispe.body + 8, 4))
                        // In Double: two 32-bit sides multiplied may pass Int.max.
                        if Double(size.0) * Double(size.1) > (best.map { Double($0.0) * Double($0.1) } ?? -1) { best = size }
                    }
                }
            }
        }
        return ImageHeader(format: .avif, width: best?.0, height: best?.1)
    }

    /// The boxes between `from` and `to`: type, where the body starts, where the box ends.
    /// A box running past `to` (a truncated file) ends the list.
    static func boxes(_ b: [UInt8], from: Int, to: Int) -> [(type: String, body: Int, end: Int)] {
        var out: [(String, Int, Int)] = []
        var i = from
        while i + 8 <= to {
            var size = be(b, i, 4)
            var header = 8
            if size == 1, i + 16 <= to { size = be(b, i + 8, 8); header = 16 }
            if size == 0 { size = to - i }
            // Compared as `size <= to - i`: a 64-bit size near Int.max must not overflow `i + size`.
            guard size >= header, size <= to - i else { break }
            out.append((ascii(b, i + 4, 4), i + header, i + size))
            i += size
        }
        return out
    }

    // MARK: Bytes

    static func ascii(_ b: [UInt8], _ at: Int, _ count: Int) -> String {
        guard at >= 0, at + count <= b.count else { return "" }
        return String(decoding: b[at..<at + count], as: UTF8.self)
    }

    static func be(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        guard at >= 0, at + count <= b.count else { return 0 }
        return b[at..<at + count].reduce(0) { ($0 << 8) | Int($1) }
    }

    static func le(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        guard at >= 0, at + count <= b.count else { return 0 }
        return b[at..<at + count].reversed().reduce(0) { ($0 << 8) | Int($1) }
    }
}
