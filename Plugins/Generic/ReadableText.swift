import KabarHTML

/// Whether a body is text a person wrote, or bytes that only decode to characters (a binary
/// file, random bytes, a page in a charset that was not declared and could not be guessed).
///
/// The criterion, on the body's first 5 000 visible characters (at least 100 of them):
/// - under 75 % of them are letters (with their combining marks: Devanagari's vowel signs)
///   or digits; and
/// - of the cased letters among them, 30 % or more are capitals.
///
/// Written text in any script is mostly letters (the bodies of the 829 real pages of the two
/// corpora, code listings and data tables included, have 80 % or more letters and digits), and
/// in the scripts with case capitals start sentences and names (under a fifth of the letters
/// on every page there that has many cased letters). Random bytes, read as Windows-1252 or as
/// UTF-8 with replacement characters, give 60-65 % letters and digits, and about as many
/// capitals as small letters. A text in capitals, or a table of figures, fails only one test.
enum ReadableText {
    /// nil when `texts` read as text (or are too short to judge); otherwise why not.
    static func problem(_ texts: [String]) -> String? {
        var visible = 0
        var wordLike = 0
        var upper = 0
        var lower = 0
        outer: for text in texts {
            for s in text.unicodeScalars {
                let v = s.value
                if v < 0x80 {
                    // ASCII without the Unicode tables: most pages are mostly ASCII.
                    if v <= 0x20 || v == 0x7F { continue }
                    visible += 1
                    if v >= 0x41 && v <= 0x5A { upper += 1; wordLike += 1 } else if v >= 0x61 && v <= 0x7A { lower += 1; wordLike += 1 } else if v >= 0x30 && v <= 0x39 { wordLike += 1 }
                    if visible >= 5000 { break outer }
                    continue
                }
                if s.properties.isWhitespace || LineAccumulator.isSpace(s) { continue }
                visible += 1
                let p = s.properties
                if p.isUppercase { upper += 1 } else if p.isLowercase { lower += 1 }
                switch p.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber: wordLike += 1
                default: if p.isAlphabetic { wordLike += 1 }
                }
                if visible >= 5000 { break outer }
            }
        }
        guard visible >= 100 else { return nil }
        let share = Double(wordLike) / Double(visible)
        let capitals = upper + lower > 0 ? Double(upper) / Double(upper + lower) : 0
        guard share < 0.75, capitals >= 0.3 else { return nil }
        return "its text is not words (\(Int(share * 100)) % letters and digits, \(Int(capitals * 100)) % of the letters capitals): not an article, or bytes in an unknown encoding"
    }
}
