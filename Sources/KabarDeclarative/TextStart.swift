/// Whether an element's text starts with a given text, as a reader sees it: white space collapsed
/// to single spaces, leading white space dropped, letters compared lower-cased ("  BACA\n juga:"
/// starts with "baca juga"). What `remove: [{css: ..., starting: [...]}]` tests: the same filter a
/// spider writes as `" ".join(text.split()).lower().startswith(...)`, without an XPath
/// `translate(normalize-space(.))` over every candidate's whole text.
enum TextStart {
    /// The form a wanted start is kept in (collapsed and lower-cased once, when the file loads).
    static func key(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    /// Whether `text`, collapsed and lower-cased, starts with one of `starts` (each in `key` form).
    /// Only as much of the text is read as the longest start needs.
    static func matches(_ text: String, anyOf starts: [String]) -> Bool {
        let needed = starts.map(\.count).max() ?? 0
        var head = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !head.isEmpty
                continue
            }
            if pendingSpace { head.append(" "); pendingSpace = false }
            head += character.lowercased()
            if head.count >= needed { break }
        }
        return starts.contains { head.hasPrefix($0) }
    }
}
