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
        // In UTF-8: lead bytes below 0xCC are scalars below U+0300; E2 80 90–A7 is U+2010–2027.
        var s = s
        let unchanged = s.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                if b < 0xCC { i += 1; continue }
                guard b == 0xE2, i + 2 < utf8.count, utf8[i + 1] == 0x80, (0x90...0xA7).contains(utf8[i + 2]) else { return false }
                i += 3
            }
            return true
        }
        if unchanged { return s }
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
