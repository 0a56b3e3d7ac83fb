import Foundation
import KabarHTML

/// The one place text is made clean: HTML character references decoded, Unicode NFC,
/// white space (including no-break and zero-width spaces) folded to single spaces, trimmed.
public enum TextNormalizer {
    /// One line of clean text; nil when nothing is left.
    public static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        // Most fields come from the plugin already clean: one scan of the bytes says so and the
        // text is kept as it is, instead of being copied into lines and joined again.
        switch CleanText.scan(text, newlines: false) {
        case .clean: return text
        case .empty: return nil
        case .needsWork: return referenceClean(text)
        }
    }

    /// `clean` the long way, for text `CleanText.scan` does not find clean (and the reference
    /// `CleanTextTests` compares the shortcut with).
    static func referenceClean(_ text: String) -> String? {
        let decoded = HTMLEntities.decode(text)
        var acc = LineAccumulator()
        acc.append(decoded)
        let folded = acc.finish().joined(separator: " ")
        guard !folded.isEmpty else { return nil }
        return nfc(folded)
    }

    /// Clean text keeping line structure: each line cleaned, empty lines dropped.
    public static func cleanLines(_ text: String) -> String {
        switch CleanText.scan(text, newlines: true) {
        case .clean: return text
        case .empty: return ""
        case .needsWork: return referenceCleanLines(text)
        }
    }

    /// `cleanLines` the long way (and the shortcut's reference).
    static func referenceCleanLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .compactMap { clean(String($0)) }
            .joined(separator: "\n")
    }

    static func nfc(_ s: String) -> String {
        // Text made only of scalars that NFC never changes is already NFC: skip the Foundation
        // round trip, which most news text (Latin, Cyrillic, Greek, Arabic, CJK) would pay.
        if NFCStable.accepts(s) { return s }
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

/// Whether a text is already what `TextNormalizer.clean` (or `cleanLines`) makes of it, in one
/// pass over its UTF-8 bytes: no `&` (a character reference to decode), no white space but
/// single ASCII spaces between other characters (no tab, line feed, no-break or other Unicode
/// space, none leading or trailing, no two in a row), nothing left out as invisible (U+200B,
/// U+2060, U+FEFF), and only scalars NFC leaves alone (`NFCStable`). With `newlines`, a line
/// feed is allowed where a single space is (between two non-empty clean lines).
enum CleanText {
    enum Verdict { case clean, empty, needsWork }

    static func scan(_ text: String, newlines: Bool) -> Verdict {
        var text = text
        return text.withUTF8 { utf8 in
            let n = utf8.count
            guard n > 0 else { return .empty }
            // Whether the last byte was a separator (a space or an allowed line feed), or
            // nothing precedes: a separator there is not clean.
            var afterSeparator = true
            var i = 0
            while i < n {
                let b = utf8[i]
                if b < 0x80 {
                    if b > 0x20 {
                        if b == 0x26 { return .needsWork }
                        afterSeparator = false
                    } else if b == 0x20 || (b == 0x0A && newlines) {
                        if afterSeparator { return .needsWork }
                        afterSeparator = true
                    } else if b >= 0x09 && b <= 0x0D {
                        return .needsWork
                    } else {
                        afterSeparator = false
                    }
                    i += 1
                    continue
                }
                afterSeparator = false
                if b < 0xCC {
                    // Scalars below U+0300: NFC leaves them alone; of them only U+00A0 is white space.
                    if b == 0xC2 && i + 1 < n && utf8[i + 1] == 0xA0 { return .needsWork }
                    i += 2
                    continue
                }
                if b < 0xE0 {
                    guard i + 1 < n, NFCStable.twoByte[Int(b & 0x1F) << 6 | Int(utf8[i + 1] & 0x3F)] else { return .needsWork }
                    i += 2
                    continue
                }
                // Three-byte scalars NFC leaves alone; none of them is white space or invisible.
                guard b < 0xF0, i + 2 < n else { return .needsWork }
                let scalar = UInt32(b & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                guard NFCStable.threeByte(scalar) else { return .needsWork }
                i += 3
            }
            return afterSeparator ? .needsWork : .clean
        }
    }
}

/// Scalars that NFC leaves as they are wherever they stand (NFC_Quick_Check Yes, canonical
/// combining class 0: nothing reorders them, they compose with nothing before them, and they
/// are not decomposed). A text of only such scalars is already NFC.
/// Lead bytes below 0xCC are scalars below U+0300, all such.
enum NFCStable {
    /// Whether `text` is made only of such scalars (and so already NFC).
    static func accepts(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                if b < 0xCC { i += 1; continue }
                if b < 0xE0 {
                    guard i + 1 < utf8.count, twoByte[Int(b & 0x1F) << 6 | Int(utf8[i + 1] & 0x3F)] else { return false }
                    i += 2
                    continue
                }
                guard b < 0xF0, i + 2 < utf8.count else { return false }
                let scalar = UInt32(b & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                guard threeByte(scalar) else { return false }
                i += 3
            }
            return true
        }
    }

    /// U+0000–U+07FF (two UTF-8 bytes) by value: each scalar of class 0 that Foundation's NFC
    /// leaves as it is alone. None of class 0 in this range composes with the scalar before it
    /// (the Maybe ones here are all combining marks, class 230, 220, 240 or 1).
    static let twoByte: [Bool] = (0..<0x800).map { value in
        guard let scalar = Unicode.Scalar(value), scalar.properties.canonicalCombiningClass == .notReordered else { return false }
        let alone = String(Character(scalar))
        return alone.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(alone.unicodeScalars)
    }

    /// Three-byte scalars: the punctuation block's dashes, quotes and ellipsis (U+2010–2027),
    /// CJK punctuation U+3001–3029, hiragana U+3041–3096 and U+309D–309F, katakana U+30A1–30FF,
    /// CJK ideographs U+4E00–9FFF, full-width forms and half-width katakana U+FF01–FF9F (not
    /// the kana voicing marks U+3099–309C; `nfcStableScalarsAreLeftAloneByFoundation` checks
    /// each against Foundation).
    @inline(__always) static func threeByte(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3041...0x3096).contains(value) || (0x30A1...0x30FF).contains(value)
            || (0x3001...0x3029).contains(value) || (0x2010...0x2027).contains(value) || (0x309D...0x309F).contains(value)
            || (0xFF01...0xFF9F).contains(value)
    }
}
