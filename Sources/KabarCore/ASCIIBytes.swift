/// Byte searches for the plugins' tests of URLs and labels against ASCII words, in place of
/// `lowercased()` and Foundation's `contains` / `range(of:)` (a bridge and a search by
/// Characters each time). Exact only where the text is ASCII (or, for `firstIndex`, where
/// its Characters are single scalars: `SimpleGraphemes`); callers keep Foundation's way for
/// other text.
public enum ASCIIBytes {
    /// The text's bytes with A–Z lower-cased; nil when the text is not all ASCII (a non-ASCII
    /// letter may lower-case to more than one scalar, or to ASCII: K, U+212A).
    public static func lowercased(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { b -> [UInt8]? in
            var out = [UInt8](repeating: 0, count: b.count)
            for i in 0..<b.count {
                let c = b[i]
                guard c < 0x80 else { return nil }
                out[i] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            }
            return out
        }
    }

    /// Where `needle` first occurs in `bytes`.
    public static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return needle.isEmpty ? 0 : nil }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first {
                var k = 1
                while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether `needle` occurs in `bytes`.
    public static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { firstIndex(of: needle, in: $0) != nil }
    }

    /// Whether `bytes` start with `prefix`.
    public static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes[..<prefix.count].elementsEqual(prefix)
    }
}
