/// Text whose every Character is a single Unicode scalar, told from its UTF-8 bytes: made only
/// of scalars that join no neighbour into one grapheme cluster. Such text can be read scalar by
/// scalar (and, for ASCII tests, byte by byte) with the same result as Character by Character.
/// Accepted: ASCII but carriage return (CR LF is one Character), U+0080–U+02FF (Latin-1,
/// Latin Extended, IPA and spacing modifier letters; the combining marks start at U+0300) and
/// the general punctuation U+2010–U+206F (dashes, quotes, ellipsis; U+200C and U+200D, which
/// join, come before it). Anything else, however common, is "not known simple"
/// (`simpleGraphemesAreOneScalarCharacters` checks every accepted scalar against Swift's
/// grapheme breaking).
enum SimpleGraphemes {
    static func accepts(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 0x0D { return false }
                i += 1
            } else if c < 0xCC {
                i += 2   // U+0080–U+02FF
            } else if c == 0xE2, i + 2 < n, (b[i + 1] == 0x80 && b[i + 2] >= 0x90) || (b[i + 1] == 0x81 && b[i + 2] <= 0xAF) {
                i += 3   // U+2010–U+206F
            } else {
                return false
            }
        }
        return true
    }
}
