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
