/// 64-bit hashes used for ids, content hashes and SimHash. FNV-1a over UTF-8 bytes, then
/// the murmur3 finaliser so that every input bit reaches every output bit (FNV alone mixes
/// the last bytes poorly, which SimHash feels).
public enum Hash64 {
    @inline(__always)
    public static func of<S: Sequence>(bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x100000001b3
        }
        return mix(h)
    }

    public static func of(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { of(bytes: $0) }
    }

    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33
        k &*= 0xff51afd7ed558ccd
        k ^= k >> 33
        k &*= 0xc4ceb9fe1a85ec53
        k ^= k >> 33
        return k
    }

    /// 16 lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// Charikar's SimHash over word 3-gram shingles of the text (lower-cased letters and digits):
/// near-identical texts get hashes a few bits apart.
public enum SimHash {
    public static func of(_ text: String) -> UInt64 {
        var words: [UInt64] = []
        words.reserveCapacity(512)
        var h: UInt64 = 0xcbf29ce484222325
        var inWord = false
        @inline(__always) func feed(_ value: UInt32) {
            var v = value
            repeat {
                h ^= UInt64(v & 0xFF)
                h &*= 0x100000001b3
                v >>= 8
            } while v != 0
            inWord = true
        }
        // Non-ASCII scalars met in this text, by their low bits: the scalar in the high half,
        // what it feeds in the low (`wordValue`). A letter's Unicode properties and lower-case
        // mapping (a String) are looked up once per text, not at each of its occurrences:
        // Cyrillic, Greek or Japanese text is made of a few dozen to a few hundred scalars.
        var seen: [UInt64] = []
        @inline(__always) func other(_ value: UInt32) {
            if seen.isEmpty { seen = [UInt64](repeating: .max, count: 1024) }
            let slot = Int(value & 1023)
            var fed = UInt32(truncatingIfNeeded: seen[slot])
            if seen[slot] >> 32 != UInt64(value) {
                fed = wordValue(Unicode.Scalar(value)!)
                seen[slot] = UInt64(value) << 32 | UInt64(fed)
            }
            if fed != notInWord {
                feed(fed)
            } else if inWord {
                words.append(h)
                h = 0xcbf29ce484222325
                inWord = false
            }
        }
        var text = text
        text.withUTF8 { utf8 in
            // ASCII bytes directly (letters lower-cased and digits are word characters); any
            // other scalar decoded from its bytes (the string is valid UTF-8).
            var i = 0
            let n = utf8.count
            while i < n {
                let v = UInt32(utf8[i])
                if v < 0x80 {
                    if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { feed(v) }
                    else if v >= 0x41 && v <= 0x5A { feed(v | 0x20) }
                    else if inWord { words.append(h); h = 0xcbf29ce484222325; inWord = false }
                    i += 1
                    continue
                }
                let width = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : 2
                var value = v & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
                for k in 1..<width { value = value << 6 | UInt32(utf8[i + k] & 0x3F) }
                other(value)
                i += width
            }
        }
        if inWord { words.append(h) }
        guard !words.isEmpty else { return 0 }
        let n = 3
        let shingleCount = max(1, words.count - n + 1)
        // A bit of the result is set when more than half of the shingles' hashes have it.
        // Set bits are counted eight bits of a hash at a time: lane k holds, in byte j, the
        // count of bit 8j + k, moved into `ones` before a byte can overflow.
        var ones = [Int](repeating: 0, count: 64)
        var lanes: Lanes = (0, 0, 0, 0, 0, 0, 0, 0)
        var inLanes = 0
        let low: UInt64 = 0x0101_0101_0101_0101
        for i in 0..<shingleCount {
            var s: UInt64 = 0
            for j in i..<min(i + n, words.count) { s = (s &* 31) ^ words[j] }
            let f = Hash64.mix(s)
            lanes.0 &+= f & low
            lanes.1 &+= (f >> 1) & low
            lanes.2 &+= (f >> 2) & low
            lanes.3 &+= (f >> 3) & low
            lanes.4 &+= (f >> 4) & low
            lanes.5 &+= (f >> 5) & low
            lanes.6 &+= (f >> 6) & low
            lanes.7 &+= (f >> 7) & low
            inLanes += 1
            if inLanes == 255 {
                empty(&lanes, into: &ones)
                inLanes = 0
            }
        }
        empty(&lanes, into: &ones)
        var result: UInt64 = 0
        for bit in 0..<64 where 2 * ones[bit] > shingleCount { result |= 1 << UInt64(bit) }
        return result
    }

    /// Eight counters of eight bits each: lane k's byte j counts bit 8j + k.
    typealias Lanes = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Adds the lanes' counts to `ones` (by bit) and zeroes them.
    static func empty(_ lanes: inout Lanes, into ones: inout [Int]) {
        withUnsafeBytes(of: lanes) { bytes in
            // Little-endian: byte j of lane k is at 8k + j.
            for k in 0..<8 { for j in 0..<8 { ones[8 * j + k] += Int(bytes[8 * k + j]) } }
        }
        lanes = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// What a word character feeds the hash: its lower-case scalar (a letter or a number of
    /// any script); `notInWord` for anything else.
    static func wordValue(_ scalar: Unicode.Scalar) -> UInt32 {
        guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { return notInWord }
        return (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar).value
    }

    /// No scalar's value: a character that ends a word.
    static let notInWord = UInt32.max

    /// Number of differing bits.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
