/// Splits a printed image caption into caption and credit, by the record convention every
/// plugin follows: a credit introduced by "Foto:", "Foto/", "Photo:" or "Image:" (the last such
/// marker; the marker is dropped: "… (25/4/2019). Foto/Istimewa" → credit "Istimewa"), or a
/// trailing agency form "TEMPO/Name", "ANTARA/Name", "ANTARA FOTO/Name" (kept as printed).
/// No credit marker: the whole text is the caption. Plain string scanning, no regex (it runs
/// for every image of every page).
public enum CaptionCredit {
    static let markerWords = ["foto", "photo", "image"]
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
        // The last "foto:" / "photo /" / "image:" marker.
        var i = chars.count - 1
        while i >= 0 {
            if let end = markerEnd(in: chars, at: i) {
                var caption = String(chars[..<i])
                var credit = String(chars[end...])
                if i > 0, chars[i - 1] == "(", credit.hasSuffix(")") { credit.removeLast() }
                caption = trimmedCaption(caption)
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
            // The last "foto:" / "photo /" / "image:" marker (no scalar of 0x80 or more starts one).
            var i = n - 1
            while i >= 0 {
                if let end = markerEnd(in: b, at: i) {
                    let caption = trimmedCaption(string(0..<i))
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
    static let markerWordBytes = markerWords.map { Array($0.utf8) }

    /// `markerEnd(in:at:)` on the UTF-8 bytes of text of one-scalar Characters, `i` a byte offset.
    static func markerEnd(in b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        switch b[i] {
        case 0x66, 0x46, 0x70, 0x50, 0x69, 0x49: break   // f F p P i I
        default: return nil
        }
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
        for w in markerWordBytes {
            guard i + w.count < b.count else { continue }
            var matches = true
            for k in 0..<w.count {
                let c = b[i + k]
                if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != w[k] { matches = false; break }
            }
            guard matches else { continue }
            var j = i + w.count
            while j < b.count, b[j] == 0x20 { j += 1 }
            guard j < b.count, b[j] == 0x3A || b[j] == 0x2F else { continue }   // : /
            j += 1
            while j < b.count, b[j] == 0x20 { j += 1 }
            return j
        }
        return nil
    }

    /// If a marker word starts at `i` (after start, space or a leader) and is followed by
    /// optional spaces and ':' or '/', the index just past the marker and following spaces.
    static func markerEnd(in chars: [Character], at i: Int) -> Int? {
        // Every marker word starts with f, p or i: only a character that lower-cases to one
        // of them (these six ASCII letters, nothing else) can start a marker. Most positions stop here, before
        // the word-by-word comparison that makes a String per character.
        switch chars[i].asciiValue {
        case 0x66, 0x46, 0x70, 0x50, 0x69, 0x49: break   // f F p P i I
        default: return nil
        }
        if i > 0, !(chars[i - 1] == " " || markerLeaders.contains(chars[i - 1])) { return nil }
        // "ANTARA FOTO/Name" is an agency credit, not a "Foto/" marker.
        if i >= 7, String(chars[(i - 7)..<i]) == "ANTARA " { return nil }
        for word in markerWords {
            let w = Array(word)
            guard i + w.count < chars.count else { continue }
            var matches = true
            for k in 0..<w.count where chars[i + k].lowercased() != String(w[k]) { matches = false; break }
            guard matches else { continue }
            var j = i + w.count
            while j < chars.count, chars[j] == " " { j += 1 }
            guard j < chars.count, chars[j] == ":" || chars[j] == "/" else { continue }
            j += 1
            while j < chars.count, chars[j] == " " { j += 1 }
            return j
        }
        return nil
    }

    /// A caption without the separators left where its credit was cut off.
    public static func trimmedCaption(_ text: String) -> String {
        var t = TextNormalizer.clean(text) ?? ""
        while let last = t.last, "|-–—/(".contains(last) || last == " " { t.removeLast() }
        return t
    }
}
