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

    /// 16 lower-case hex digits, written into the String's storage (a record has three).
    public static func hex(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { out in
            for k in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * k)) & 0xF
                out[k] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            }
            return 16
        }
    }
}

/// A record's two hashes of its text in one pass over the bytes: the content hash
/// (`Hash64.of`, every byte) and SimHash's word hashes (`SimHash`), two independent chains of
/// multiplications the processor runs side by side. The loop keeps its state in locals (no
/// nested function capturing it, which cost a dynamic exclusivity check per word character).
public enum TextHashes {
    public static func of(_ text: String) -> (content: UInt64, simhash: UInt64) {
        var text = text
        let (content, words) = text.withUTF8 { read($0) }
        return (content, SimHash.of(words: words))
    }

    static let offset: UInt64 = 0xcbf29ce484222325
    static let prime: UInt64 = 0x100000001b3

    /// The content hash before its final mix, and the FNV-1a hash of each word: ASCII letters
    /// lower-cased and digits as their bytes; any other scalar decoded from its bytes (the
    /// string is valid UTF-8) and fed as `SimHash.wordValue` says.
    static func read(_ utf8: UnsafeBufferPointer<UInt8>) -> (content: UInt64, words: [UInt64]) {
        var words: [UInt64] = []
        words.reserveCapacity(512)
        var content = offset
        var h = offset
        var inWord = false
        // Non-ASCII scalars met in this text, by their low bits: the scalar in the high half,
        // what it feeds in the low (`wordValue`). A letter's Unicode properties and lower-case
        // mapping (a String) are looked up once per text, not at each of its occurrences:
        // Cyrillic, Greek or Japanese text is made of a few dozen to a few hundred scalars.
        var seen: [UInt64] = []
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            content = (content ^ UInt64(b)) &* prime
            if b < 0x80 {
                var v = b
                if v >= 0x41 && v <= 0x5A { v |= 0x20 }
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    h = (h ^ UInt64(v)) &* prime
                    inWord = true
                } else if inWord {
                    words.append(h)
                    h = offset
                    inWord = false
                }
                i += 1
                continue
            }
            let width = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            var value = UInt32(b) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
            for k in 1..<width {
                let c = utf8[i + k]
                content = (content ^ UInt64(c)) &* prime
                value = value << 6 | UInt32(c & 0x3F)
            }
            i += width
            if seen.isEmpty { seen = [UInt64](repeating: .max, count: 1024) }
            let slot = Int(value & 1023)
            var fed = UInt32(truncatingIfNeeded: seen[slot])
            if seen[slot] >> 32 != UInt64(value) {
                fed = SimHash.wordValue(Unicode.Scalar(value)!)
                seen[slot] = UInt64(value) << 32 | UInt64(fed)
            }
            if fed != SimHash.notInWord {
                // The value's bytes from the lowest, at least one.
                var v = fed
                repeat {
                    h = (h ^ UInt64(v & 0xFF)) &* prime
                    v >>= 8
                } while v != 0
                inWord = true
            } else if inWord {
                words.append(h)
                h = offset
                inWord = false
            }
        }
        if inWord { words.append(h) }
        return (Hash64.mix(content), words)
    }
}

/// Charikar's SimHash over word 3-gram shingles of the text (lower-cased letters and digits):
/// near-identical texts get hashes a few bits apart.
public enum SimHash {
    public static func of(_ text: String) -> UInt64 { TextHashes.of(text).simhash }

    /// The SimHash of the words read (`TextHashes`): word 3-gram shingles, each bit by majority.
    static func of(words: [UInt64]) -> UInt64 {
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
