import Foundation

extension HeadlineFinder {
    /// `key(s)` for an all-ASCII `s`, on bytes: lower-cased, white space (tab, line feed,
    /// vertical tab, form feed, carriage return, space: ASCII's `Character.isWhitespace`)
    /// folded to single spaces, none leading or trailing; the quote marks `key` unifies are
    /// not ASCII. nil for any other text, which `key` reads `Character` by `Character`.
    /// Titles and the page's headings are compared by this key many times a page.
    static func asciiKey(_ s: String) -> String? { asciiFolded(s, lowercased: true) }

    /// `s.split(whereSeparator: \.isWhitespace).joined(separator: " ")` for an all-ASCII `s`,
    /// on bytes; nil for any other text.
    static func asciiFolded(_ s: String) -> String? { asciiFolded(s, lowercased: false) }

    /// `s.trimmingCharacters(in: .whitespaces)`, without the call when `s` starts and ends
    /// with ASCII that is neither a space nor a tab (nothing to trim).
    static func trimmedSpaces(_ s: String) -> String {
        if let first = s.utf8.first, let last = s.utf8.last, first < 0x80, last < 0x80,
           first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    private static func asciiFolded(_ s: String, lowercased: Bool) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        for b in s.utf8 {
            if b >= 0x80 { return nil }
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { space = true; continue }
            if space, !out.isEmpty { out.append(0x20) }
            space = false
            out.append(lowercased && b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
