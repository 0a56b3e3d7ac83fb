/// Splits a printed image caption into caption and credit, by the record convention every
/// plugin follows: a credit introduced by one of `markers` ("Foto:", "Foto/", "Photo:",
/// "Image:", "Credit:", "Crédit :", "Bild:", "©", "(c)"; the last such marker; the marker is
/// dropped: "… (25/4/2019). Foto/Istimewa" → credit "Istimewa"; "Photo credit:" drops both
/// words), or a trailing agency form "TEMPO/Name", "ANTARA/Name", "ANTARA FOTO/Name" (kept as
/// printed). No credit marker: the whole text is the caption. Plain string scanning, no regex
/// (it runs for every image of every page).
public enum CaptionCredit {
    /// A credit marker: a word followed by ':' or '/' (spaces allowed before them; its ASCII
    /// letters in any case), or a sign that stands alone ("© AFP", "(c) Reuters").
    struct Marker {
        let text: String
        let colon: Bool
        /// "Photo credit:", "Image ©": a word of `markerPrefixes` right before it is dropped too.
        let takesPrefix: Bool
        var bytes: [UInt8] { Array(text.utf8) }
        var characters: [Character] { Array(text) }
    }

    /// The markers, one table (add a language's words here). "crÉdit" is "CRÉDIT" folded by
    /// ASCII only, as the byte path compares.
    static let markers: [Marker] = [
        Marker(text: "foto", colon: true, takesPrefix: false), Marker(text: "photo", colon: true, takesPrefix: false),
        Marker(text: "image", colon: true, takesPrefix: false), Marker(text: "bild", colon: true, takesPrefix: false),
        Marker(text: "credit", colon: true, takesPrefix: true), Marker(text: "credits", colon: true, takesPrefix: true),
        Marker(text: "crédit", colon: true, takesPrefix: true), Marker(text: "crédits", colon: true, takesPrefix: true),
        Marker(text: "crÉdit", colon: true, takesPrefix: true), Marker(text: "crÉdits", colon: true, takesPrefix: true),
        Marker(text: "©", colon: false, takesPrefix: true), Marker(text: "(c)", colon: false, takesPrefix: true),
    ]
    /// Words that belong to a credit marker right after them ("Photo credit: X", "Foto: © X").
    static let markerPrefixes = ["photo", "foto", "image", "picture", "bild"]
    static let agencies = ["ANTARA FOTO/", "ANTARA/", "TEMPO/"]
    /// What may stand before a marker word: start of text, white space, or one of these.
    static let markerLeaders: Set<Character> = [".", ",", ";", "(", "-", "|", "–", "—"]

    public static func split(_ raw: String?) -> (caption: String?, credit: String?) {
        guard let text = TextNormalizer.clean(raw) else { return (nil, nil) }
        if let split = splitOneScalarCharacters(text) { return split }
        return splitCharacters(text)
    }

    /// `split` of clean text by its Characters (any text).
    static func splitCharacters(_ text: String) -> (caption: String?, credit: String?) {
        let chars = Array(text)
        // The last marker ("foto:", "photo /", "credit:", "©" ...).
        var i = chars.count - 1
        while i >= 0 {
            if let (end, marker) = markerEnd(in: chars, at: i) {
                var caption = String(chars[..<i])
                var credit = String(chars[end...])
                if i > 0, chars[i - 1] == "(", credit.hasSuffix(")") { credit.removeLast() }
                caption = trimmedCaption(caption)
                if marker.takesPrefix { caption = droppingMarkerPrefix(caption) }
                credit = TextNormalizer.clean(credit) ?? ""
                return (caption.isEmpty ? nil : caption, credit.isEmpty ? nil : credit)
            }
            i -= 1
        }
        // A trailing agency credit.
        for agency in agencies {
            guard let range = text.range(of: agency) else { continue }
            let atWordStart = range.lowerBound == text.startIndex || text[text.index(before: range.lowerBound)] == " "
            guard atWordStart, range.upperBound < text.endIndex else { continue }
            let caption = trimmedCaption(String(text[..<range.lowerBound]))
            return (caption.isEmpty ? nil : caption, String(text[range.lowerBound...]))
        }
        return (text, nil)
    }

    /// `split` of clean text on its UTF-8 bytes, for text whose every Character is one scalar
    /// (`SimpleGraphemes`): the same marker and agency tests as `splitCharacters`, byte by byte,
    /// without an array of Characters or a String built Character by Character. Nil for other
    /// text.
    static func splitOneScalarCharacters(_ text: String) -> (caption: String?, credit: String?)? {
        var text = text
        return text.withUTF8 { b -> (caption: String?, credit: String?)? in
            guard SimpleGraphemes.accepts(b) else { return nil }
            let n = b.count
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self) }
            // The last marker (of the scalars of 0x80 or more, only "©" and "crÉdit"'s É start or sit in one).
            var i = n - 1
            while i >= 0 {
                if let (end, marker) = markerEnd(in: b, at: i) {
                    var caption = trimmedCaption(string(0..<i))
                    if marker.takesPrefix { caption = droppingMarkerPrefix(caption) }
                    var credit = string(end..<n)
                    if i > 0, b[i - 1] == 0x28, credit.hasSuffix(")") { credit.removeLast() }   // (
                    credit = TextNormalizer.clean(credit) ?? ""
                    return (caption.isEmpty ? nil : caption, credit.isEmpty ? nil : credit)
                }
                i -= 1
            }
            // A trailing agency credit: the first occurrence of each, as `range(of:)` finds it.
            for agency in agencyBytes {
                guard let start = ASCIIBytes.firstIndex(of: agency, in: b) else { continue }
                let atWordStart = start == 0 || b[start - 1] == 0x20
                guard atWordStart, start + agency.count < n else { continue }
                let caption = trimmedCaption(string(0..<start))
                return (caption.isEmpty ? nil : caption, string(start..<n))
            }
            return (string(0..<n), nil)
        }
    }

    static let agencyBytes = agencies.map { Array($0.utf8) }
    static let markerBytes = markers.map { ($0, $0.bytes) }
    static let markerCharacters = markers.map { ($0, $0.characters) }
    /// The bytes a marker may start with, both cases of ASCII letters (most positions stop here).
    static let markerFirstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for m in markers {
            let first = m.bytes[0]
            table[Int(first)] = true
            if first >= 0x61 && first <= 0x7A { table[Int(first - 0x20)] = true }
        }
        return table
    }()

    /// `markerEnd(in:at:)` on the UTF-8 bytes of text of one-scalar Characters, `i` a byte offset.
    static func markerEnd(in b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Marker)? {
        guard markerFirstBytes[Int(b[i])] else { return nil }
        if i > 0 {
            switch b[i - 1] {
            case 0x20, 0x2E, 0x2C, 0x3B, 0x28, 0x2D, 0x7C: break   // space . , ; ( - |
            default:   // – (E2 80 93), — (E2 80 94)
                guard b[i - 1] == 0x93 || b[i - 1] == 0x94, i >= 3, b[i - 3] == 0xE2, b[i - 2] == 0x80 else { return nil }
            }
        }
        // "ANTARA FOTO/Name" is an agency credit, not a "Foto/" marker.
        if i >= 7, b[i - 7] == 0x41, b[i - 6] == 0x4E, b[i - 5] == 0x54, b[i - 4] == 0x41, b[i - 3] == 0x52,
           b[i - 2] == 0x41, b[i - 1] == 0x20 { return nil }   // "ANTARA "
        for (marker, w) in markerBytes {
            guard i + w.count < b.count else { continue }
            var matches = true
            for k in 0..<w.count {
                let c = b[i + k]
                if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != w[k] { matches = false; break }
            }
            guard matches else { continue }
            var j = i + w.count
            while j < b.count, b[j] == 0x20 { j += 1 }
            if marker.colon {
                guard j < b.count, b[j] == 0x3A || b[j] == 0x2F else { continue }   // : /
                j += 1
                while j < b.count, b[j] == 0x20 { j += 1 }
            }
            return (j, marker)
        }
        return nil
    }

    /// If a marker word starts at `i` (after start, space or a leader) and is followed by
    /// optional spaces and ':' or '/', the index just past the marker and following spaces.
    static func markerEnd(in chars: [Character], at i: Int) -> (Int, Marker)? {
        // Only a character that lower-cases to a marker's first one (an ASCII letter or "(" in
        // either case, or "©", nothing else) can start a marker. Most positions stop here,
        // before the word-by-word comparison that makes a String per character.
        if let ascii = chars[i].asciiValue {
            guard markerFirstBytes[Int(ascii)] else { return nil }
        } else if chars[i] != "©" {
            return nil
        }
        if i > 0, !(chars[i - 1] == " " || markerLeaders.contains(chars[i - 1])) { return nil }
        // "ANTARA FOTO/Name" is an agency credit, not a "Foto/" marker.
        if i >= 7, String(chars[(i - 7)..<i]) == "ANTARA " { return nil }
        for (marker, w) in markerCharacters {
            guard i + w.count < chars.count else { continue }
            var matches = true
            for k in 0..<w.count where Self.folded(chars[i + k]) != w[k] { matches = false; break }
            guard matches else { continue }
            var j = i + w.count
            while j < chars.count, chars[j] == " " { j += 1 }
            if marker.colon {
                guard j < chars.count, chars[j] == ":" || chars[j] == "/" else { continue }
                j += 1
                while j < chars.count, chars[j] == " " { j += 1 }
            }
            return (j, marker)
        }
        return nil
    }

    /// A Character with its ASCII letters lower-cased, as the byte path folds them.
    static func folded(_ c: Character) -> Character {
        if let a = c.asciiValue, a >= 0x41, a <= 0x5A { return Character(Unicode.Scalar(a | 0x20)) }
        return c
    }

    /// The caption without a word of `markerPrefixes` (and a colon after it) at its end, where
    /// it belonged to the credit marker after it: "Photo credit: X", "Photo: © X".
    static func droppingMarkerPrefix(_ caption: String) -> String {
        var t = Substring(caption)
        if t.last == ":" { t = t.dropLast(); while t.last == " " { t = t.dropLast() } }
        for word in markerPrefixes where t.count >= word.count {
            let tail = t.suffix(word.count)
            guard String(tail.map(folded)) == word else { continue }
            let before = t.dropLast(word.count)
            guard before.isEmpty || before.last == " " || markerLeaders.contains(before.last!) else { continue }
            return trimmedCaption(String(before))
        }
        return caption
    }

    /// A caption without the separators left where its credit was cut off.
    public static func trimmedCaption(_ text: String) -> String {
        var t = TextNormalizer.clean(text) ?? ""
        while let last = t.last, "|-–—/(".contains(last) || last == " " { t.removeLast() }
        return t
    }
}
