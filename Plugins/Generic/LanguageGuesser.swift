/// The page's language: `<html lang>`, then `content-language`, `og:locale`, `dc.language` and
/// JSON-LD `inLanguage`, and only when all are missing, a guess from the text: the script (kana
/// for Japanese, Han for Chinese, Hangul, Thai, Arabic, Cyrillic, Greek...) or, for Latin
/// script, which language's most common words are most frequent.
enum LanguageGuesser {
    static func declared(_ documentLang: String?, _ meta: PageMetadata) -> String? {
        let candidates = [documentLang, meta.meta["content-language"], meta.meta["og:locale"], meta.meta["dc.language"],
                          meta.meta["language"], meta.articleString("inLanguage")]
        for c in candidates {
            guard let raw = c?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { continue }
            let primary = raw.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "," }).first.map(String.init) ?? ""
            if (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) { return primary }
        }
        return nil
    }

    static let stopwords: [String: Set<String>] = [
        "en": ["the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "he", "as", "by", "at", "from", "his", "have", "are", "this", "be", "not", "but", "they", "which", "an", "has", "were", "their", "been", "would", "she", "said"],
        "de": ["der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er", "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "noch", "wie", "über", "sind"],
        "fr": ["le", "la", "les", "de", "des", "et", "un", "une", "du", "en", "est", "que", "qui", "dans", "pour", "pas", "au", "sur", "il", "elle", "ce", "par", "plus", "sont", "avec", "aux", "ont", "été", "mais"],
        "es": ["el", "la", "de", "que", "y", "en", "los", "las", "del", "se", "por", "un", "una", "con", "no", "su", "para", "es", "al", "lo", "como", "más", "pero", "sus", "le", "ha", "fue", "este", "ya"],
        "it": ["il", "di", "che", "e", "la", "per", "un", "una", "in", "non", "sono", "del", "della", "le", "dei", "con", "si", "da", "gli", "ha", "nel", "alla", "anche", "più", "come", "ma", "è"],
        "pt": ["o", "a", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "os", "as", "dos", "das", "no", "na", "por", "mais", "se", "foi", "ao", "ele", "é", "são"],
        "nl": ["de", "het", "een", "en", "van", "in", "is", "op", "dat", "te", "zijn", "met", "voor", "niet", "aan", "er", "ook", "als", "bij", "door", "wordt", "naar", "heeft", "maar"],
        "id": ["yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan", "pada", "juga", "ke", "karena", "ada", "oleh", "sudah", "bahwa", "kata", "tersebut", "mereka"],
        "pl": ["i", "w", "na", "z", "się", "nie", "do", "to", "że", "jest", "o", "jak", "po", "co", "ale", "przez", "od", "za", "jego", "czy", "już", "tak", "może", "był"],
        "sv": ["och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om", "ett", "men", "var", "jag", "sig", "från", "vi"],
        "no": ["og", "i", "det", "på", "som", "er", "en", "til", "å", "av", "for", "med", "har", "de", "ikke", "den", "et", "om", "var", "fra", "men", "vi", "seg", "ble"],
        "da": ["og", "i", "at", "det", "er", "en", "til", "på", "af", "med", "for", "de", "den", "har", "ikke", "som", "et", "om", "var", "fra", "men", "vi", "sig", "blev"],
        "lt": ["ir", "kad", "su", "yra", "į", "iš", "ar", "bet", "kaip", "buvo", "jo", "tai", "nuo", "apie", "taip", "dar", "jau", "tik", "jie", "už"],
        "vi": ["của", "và", "là", "có", "được", "các", "trong", "cho", "không", "những", "người", "với", "một", "đã", "này", "khi", "đến", "từ"],
        "tr": ["ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "olan", "ama", "sonra", "kadar", "en", "değil"],
        "zu": ["ukuthi", "futhi", "kanye", "noma", "kodwa", "ngoba", "uma", "abantu", "lokho", "lapho", "ngokuthi", "ngesikhathi", "kule", "kulo"],
        "ru": ["и", "в", "не", "на", "что", "с", "по", "это", "как", "из", "но", "за", "от", "он", "для", "к", "о"],
        "uk": ["і", "в", "не", "на", "що", "з", "та", "це", "як", "до", "за", "від", "він", "для", "у", "й"],
    ]

    /// A guess from the text; nil when there is too little to tell.
    static func guess(_ text: String) -> String? {
        var kana = 0, han = 0, hangul = 0, thai = 0, arabic = 0, cyrillic = 0, greek = 0, hebrew = 0, latin = 0, devanagari = 0
        for s in text.unicodeScalars.prefix(20_000) {
            switch s.value {
            case 0x3040...0x30FF: kana += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF: hangul += 1
            case 0x0E00...0x0E7F: thai += 1
            case 0x0600...0x06FF: arabic += 1
            case 0x0400...0x04FF: cyrillic += 1
            case 0x0370...0x03FF: greek += 1
            case 0x0590...0x05FF: hebrew += 1
            case 0x0900...0x097F: devanagari += 1
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1
            default: break
            }
        }
        let total = kana + han + hangul + thai + arabic + cyrillic + greek + hebrew + latin + devanagari
        guard total >= 20 else { return nil }
        if kana * 10 >= total { return "ja" }
        if han * 2 >= total { return "zh" }
        if hangul * 2 >= total { return "ko" }
        if thai * 2 >= total { return "th" }
        if arabic * 2 >= total { return "ar" }
        if greek * 2 >= total { return "el" }
        if hebrew * 2 >= total { return "he" }
        if devanagari * 2 >= total { return "hi" }
        var counts: [String: Int] = [:]
        var words = 0
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }).prefix(3000) {
            words += 1
            let w = String(word)
            for (lang, set) in stopwords where set.contains(w) { counts[lang, default: 0] += 1 }
        }
        if cyrillic * 2 >= total {
            return (counts["uk", default: 0] > counts["ru", default: 0]) ? "uk" : "ru"
        }
        guard words >= 5, let best = counts.filter({ $0.key != "ru" && $0.key != "uk" }).max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value >= 2 else { return nil }
        return best.key
    }
}

import Foundation
