import Foundation
import KabarHTML

/// The one place text is made clean: HTML character references decoded, Unicode NFC,
/// white space (including no-break and zero-width spaces) folded to single spaces, trimmed.
public enum TextNormalizer {
    /// One line of clean text; nil when nothing is left.
    public static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let decoded = HTMLEntities.decode(text)
        var acc = LineAccumulator()
        acc.append(decoded)
        let folded = acc.finish().joined(separator: " ")
        guard !folded.isEmpty else { return nil }
        return nfc(folded)
    }

    /// Clean text keeping line structure: each line cleaned, empty lines dropped.
    public static func cleanLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .compactMap { clean(String($0)) }
            .joined(separator: "\n")
    }

    static func nfc(_ s: String) -> String {
        // Text made only of scalars that NFC never changes (below the combining marks, and
        // the punctuation block's dashes, quotes and ellipsis) is already NFC: skip the
        // Foundation round trip, which most news text (ASCII plus curly quotes) would pay.
        if s.unicodeScalars.allSatisfy({ $0.value < 0x300 || (0x2010...0x2027).contains($0.value) }) { return s }
        return s.precomposedStringWithCanonicalMapping
    }

    /// Clean, non-empty, distinct (case-insensitively) values, in first-seen order.
    public static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for value in values {
            guard let c = clean(value) else { continue }
            if seen.insert(c.lowercased()).inserted { result.append(c) }
        }
        return result
    }

    /// A person's name by the record convention: printed in capitals ("DINI TEJA") it becomes
    /// title case ("Dini Teja"), words starting after a space or a hyphen; any other name is
    /// kept as printed.
    public static func personName(_ name: String) -> String {
        let letters = name.filter(\.isLetter)
        guard letters.count >= 2, letters.allSatisfy({ $0.isUppercase }) else { return name }
        var out = ""
        var startOfWord = true
        for ch in name {
            if ch.isLetter {
                out += startOfWord ? String(ch).uppercased() : String(ch).lowercased()
                startOfWord = false
            } else {
                out.append(ch)
                startOfWord = ch == " " || ch == "-"
            }
        }
        return out
    }
}
