import KabarHTML

/// Cheap questions about a block's text that `String` answers by walking all of it: how many
/// characters, up to a bound (a 5 000-character paragraph is "over 250" after 251 of them), and
/// whether any is not white space, without making the trimmed copy.
enum TextMeasure {
    /// `min(text.count, limit)`: the `Character` count, counted no further than `limit`.
    static func count(_ text: String, upTo limit: Int) -> Int {
        // The first `limit` bytes ASCII, none a carriage return (which a line feed after it
        // joins): each byte is a Character (one before them could only be extended by a mark).
        var ascii = 0
        for b in text.utf8.prefix(limit) {
            guard b < 0x80, b != 0x0D else { break }
            ascii += 1
        }
        if ascii == limit || ascii == text.utf8.count { return ascii }
        var n = 0
        var i = text.startIndex
        while i < text.endIndex, n < limit {
            text.formIndex(after: &i)
            n += 1
        }
        return n
    }

    /// `!text.trimmed.isEmpty`: some scalar is not white space as `LineAccumulator` defines it.
    static func hasVisible(_ text: String) -> Bool {
        text.unicodeScalars.contains { !LineAccumulator.isSpace($0) }
    }

    /// Whether every scalar of `text` is below U+0300 (ASCII and Latin letters): none combines
    /// with another or has another spelling, so a byte search finds what `String` search finds.
    static func isLatin(_ text: String) -> Bool {
        // UTF-8 lead bytes from 0xCC start scalars from U+0300 on.
        !text.utf8.contains { $0 >= 0xCC }
    }

    /// Whether `text` holds "©" (U+00A9, bytes C2 A9).
    static func holdsCopyrightSign(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if previous == 0xC2 && b == 0xA9 { return true }
            previous = b
        }
        return false
    }
}
