import KabarHTML

/// Cheap questions about a block's text that `String` answers by walking all of it: how many
/// characters, up to a bound (a 5 000-character paragraph is "over 250" after 251 of them), and
/// whether any is not white space, without making the trimmed copy.
enum TextMeasure {
    /// `min(text.count, limit)`: the `Character` count, counted no further than `limit`.
    static func count(_ text: String, upTo limit: Int) -> Int {
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
}
