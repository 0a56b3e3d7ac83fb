import KabarHTML

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
        let head = asciiHead(text, needed: needed) ?? head(text, needed: needed)
        return starts.contains { head.hasPrefix($0) }
    }

    /// `matches(node.text, anyOf: starts)`, reading only the start of the text where that
    /// answers: the start (`HTMLNode.textStart`) holds at least 2 bytes a character wanted, and
    /// where `asciiHead` finds the whole head in it, with the byte after (so no mark can join the
    /// head's last letter), the rest of the text cannot change the head. Otherwise the whole text.
    static func matches(_ node: HTMLNode, anyOf starts: [String]) -> Bool {
        let needed = starts.map(\.count).max() ?? 0
        let start = node.textStart(bytes: 2 * needed + 2)
        if start.isWhole { return matches(start.text, anyOf: starts) }
        if let head = asciiHead(start.text, needed: needed, ofAPrefix: true) { return starts.contains { head.hasPrefix($0) } }
        return matches(node.text, anyOf: starts)
    }

    /// The head `matches` compares: the text's first `needed` characters (or all of it),
    /// collapsed and lower-cased, read Character by Character.
    static func head(_ text: String, needed: Int) -> String {
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
        return head
    }

    /// `head(text, needed:)` read on the UTF-8 bytes, for text whose bytes up to the head's end
    /// and the one after it are ASCII (most paragraphs' starts); nil otherwise. There each byte is
    /// one Character (but CR LF, white space either way), a byte that follows an ASCII byte never
    /// joins its Character (the byte after the last one read is checked for that), and white
    /// space and lower case are ASCII's: no String per Character, no grapheme breaking.
    /// `ofAPrefix`: `text` is the start of a longer text, so nil too unless the whole head and the
    /// byte after it are in `text`.
    static func asciiHead(_ text: String, needed: Int, ofAPrefix: Bool = false) -> String? {
        var text = text
        return text.withUTF8 { b -> String? in
            var head: [UInt8] = []
            head.reserveCapacity(needed)
            var pendingSpace = false
            var i = 0
            while i < b.count {
                let c = b[i]
                guard c < 0x80 else { return nil }
                i += 1
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                    pendingSpace = !head.isEmpty
                    continue
                }
                if pendingSpace {
                    head.append(0x20)
                    pendingSpace = false
                }
                head.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
                if head.count >= needed {
                    if i < b.count, b[i] >= 0x80 { return nil }
                    if ofAPrefix, i >= b.count { return nil }
                    return String(decoding: head, as: UTF8.self)
                }
            }
            if ofAPrefix { return nil }
            return String(decoding: head, as: UTF8.self)
        }
    }
}
