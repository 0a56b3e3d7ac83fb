/// Where a title separator (" | ", " – ", "："...) occurs in a title, found on UTF-8 bytes with
/// the results of `String.ranges(of:)` and `firstRange(of:)`, which compare `Character` by
/// `Character` through the generic collection algorithms and were the costliest step of the
/// headline (each title is searched for 14 separators, up to twice, on every page).
///
/// The same results because a match must start and end on `Character` boundaries (a separator's
/// trailing space followed by a combining mark is one `Character`, no match), matches are taken
/// left to right without overlapping (" - - " holds one " - " for `ranges(of:)`), and the
/// separators' characters are single scalars that no other spelling equals, except U+00B7 "·",
/// canonically equal to U+0387 (Greek ano teleia): a text holding that goes the `String` way.
enum SeparatorSearch {
    /// `text.ranges(of: separator).last`.
    static func lastRange(of separator: String, in text: String) -> Range<String.Index>? {
        if needsStringSearch(text) { return text.ranges(of: separator).last }
        var last: Range<String.Index>?
        scan(separator, in: text) { last = $0; return true }
        return last
    }

    /// `text.firstRange(of: separator)`.
    static func firstRange(of separator: String, in text: String) -> Range<String.Index>? {
        if needsStringSearch(text) { return text.firstRange(of: separator) }
        var first: Range<String.Index>?
        scan(separator, in: text) { first = $0; return false }
        return first
    }

    /// `text.firstRange(of: needle)` for any needle, on bytes when every scalar of `text` is
    /// below U+0300 (ASCII and the Latin letters: none combines with another or has another
    /// spelling), else the `String` way. The image captions' credit marks ("Foto:", "Fotó:").
    static func firstRange(ofAny needle: String, in text: String) -> Range<String.Index>? {
        // UTF-8 lead bytes from 0xCC start scalars from U+0300 on.
        if text.utf8.contains(where: { $0 >= 0xCC && $0 < 0xF8 }) { return text.firstRange(of: needle) }
        var first: Range<String.Index>?
        scan(needle, in: text) { first = $0; return false }
        return first
    }

    /// Calls `found` with each match, left to right, not overlapping, while it returns true.
    private static func scan(_ separator: String, in text: String, _ found: (Range<String.Index>) -> Bool) {
        let needle = Array(separator.utf8)
        let bytes = text.utf8
        let n = needle.count
        guard n > 0 else { return }
        var start = bytes.startIndex
        while let end = bytes.index(start, offsetBy: n, limitedBy: bytes.endIndex) {
            if bytes[start] == needle[0], bytes[start..<end].elementsEqual(needle),
               let lower = String.Index(start, within: text), let upper = String.Index(end, within: text) {
                if !found(lower..<upper) { return }
                start = end
            } else {
                start = bytes.index(after: start)
            }
        }
    }

    /// Whether `text` holds U+0387 (bytes CE 87), which `String` search takes for "·".
    private static func needsStringSearch(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if previous == 0xCE && b == 0x87 { return true }
            previous = b
        }
        return false
    }
}
