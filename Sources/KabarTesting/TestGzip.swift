import Foundation

/// A gzip encoder for test bodies (Foundation has none on Linux): one fixed-Huffman deflate
/// block, literals plus distance-1 matches of 258 bytes for runs. Plain text comes out a
/// little larger than it went in; a run of one byte shrinks about 160 times, which makes a
/// gzip bomb (`TestGzip.zeros(count:)`).
public enum TestGzip {
    public static func compress(_ data: Data) -> Data {
        var bits = BitWriter()
        bits.write(1, count: 1) // BFINAL
        bits.write(1, count: 2) // BTYPE = 01, fixed Huffman
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            if i > 0, i + 258 <= bytes.count, bytes[i - 1] == bytes[i], runLength(bytes, from: i, max: 258) == 258 {
                bits.writeHuffman(symbol: 285) // length 258, no extra bits
                bits.writeReversed(0, count: 5) // distance code 0: distance 1
                i += 258
            } else {
                bits.writeHuffman(symbol: Int(bytes[i]))
                i += 1
            }
        }
        bits.writeHuffman(symbol: 256)
        var out = Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
        out.append(contentsOf: bits.allBytes)
        appendLE(&out, crc32(bytes))
        appendLE(&out, UInt32(truncatingIfNeeded: bytes.count))
        return out
    }

    /// `count` zero bytes, gzipped (for `count` of 20 MB, about 130 KB).
    public static func zeros(count: Int) -> Data {
        compress(Data(count: count))
    }

    private static func runLength(_ bytes: [UInt8], from start: Int, max: Int) -> Int {
        let b = bytes[start - 1]
        var n = 0
        while n < max, start + n < bytes.count, bytes[start + n] == b { n += 1 }
        return n
    }

    private static func appendLE(_ data: inout Data, _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { data.append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private struct BitWriter {
        var bytes: [UInt8] = []
        var current: UInt32 = 0
        var used = 0

        /// Writes `count` bits of `value`, least significant first (deflate's header fields).
        mutating func write(_ value: UInt32, count: Int) {
            for k in 0..<count {
                current |= ((value >> UInt32(k)) & 1) << UInt32(used)
                used += 1
                if used == 8 { flushByte() }
            }
            if used == 8 { flushByte() }
        }

        /// Writes a Huffman code, most significant bit first.
        mutating func writeReversed(_ code: UInt32, count: Int) {
            for k in stride(from: count - 1, through: 0, by: -1) {
                write((code >> UInt32(k)) & 1, count: 1)
            }
        }

        /// The fixed literal/length code of `symbol` (RFC 1951 3.2.6).
        mutating func writeHuffman(symbol: Int) {
            switch symbol {
            case 0...143: writeReversed(UInt32(0x30 + symbol), count: 8)
            case 144...255: writeReversed(UInt32(0x190 + symbol - 144), count: 9)
            case 256...279: writeReversed(UInt32(symbol - 256), count: 7)
            default: writeReversed(UInt32(0xC0 + symbol - 280), count: 8)
            }
        }

        private mutating func flushByte() {
            bytes.append(UInt8(current & 0xff))
            current = 0
            used = 0
        }

        var allBytes: [UInt8] { used > 0 ? bytes + [UInt8(current & 0xff)] : bytes }
    }
}
