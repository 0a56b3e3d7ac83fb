import Foundation

/// Reads the date forms news sites print, in Indonesian and English; month names in French,
/// German and Spanish too (`DateWords.months`, one table).
///
/// The text is split into tokens (numbers, words, punctuation), then the first date in it is
/// found, in one of these shapes:
/// - year first: `2024-04-22`, `2019/04/25` (ISO 8601, optionally followed by `T` or a space and a time);
/// - day first, numeric: `25/04/2019`, `25-04-2019`, `25.04.2019`, `25/4/19` (two-digit years only with `/`);
/// - day, month name, year: `05 November 2015`, `4th Nov, 2015`, `05-Nov-2015`, `1er décembre 2026`,
///   `7. Dezember 2026`, `7 de diciembre de 2026`;
/// - month name, day, year: `November 4, 2015`, `Nov. 4th 2015`.
///
/// A time (`11:13`, `11.32`, `17:33:43.091856`, `7:28 PM`, `10h15` after the date) is looked for right after the date
/// (words like "pukul", "at", "T" and separators like `|`, `-`, `,` may sit in between), or else
/// just before it. A zone may follow the time: `WIB` (+07:00), `WITA` (+08:00), `WIT` (+09:00),
/// `Z`, `GMT`, `UTC`, `GMT+7`, `UTC+07:00`, `+0700`, `-05:00`, and a few common abbreviations (EST, PST, CET, ...).
///
/// Day and month names are only used to decide the default zone: when the text has no zone and
/// `defaultOffset` is nil, +07:00 is used if an Indonesian month or day name was seen, else UTC.
///
/// Impossible dates or times (month 13, day 32, 31 February, 25:00) give nil. A date without a
/// time is midnight local time.
public enum NewsDateParser {
    /// Parses the date forms news sites print, Indonesian and English. `defaultOffset` (seconds
    /// east of UTC) applies when the text carries no zone; when the text has no zone and
    /// `defaultOffset` is nil, +07:00 is used if an Indonesian month/day name was seen, else UTC.
    /// Returns nil for anything it cannot read; never crashes.
    public static func parse(_ text: String, defaultOffset: Int? = nil) -> NewsDate? {
        let tokens = Tokenizer.tokenize(text)
        guard !tokens.isEmpty else { return nil }
        return Reader(tokens: tokens).read(defaultOffset: defaultOffset)
    }
}

// MARK: - Tokens

struct DateToken {
    enum Kind: Equatable {
        case number(value: Int, length: Int)
        case word
        case punct(Unicode.Scalar)
    }

    var kind: Kind
    /// Lowercased word text, or the digit string of a number; empty for punctuation.
    var text: String
    /// Whether whitespace came right before this token.
    var spaceBefore: Bool

    var isWord: Bool { kind == .word }

    func number(maxLength: Int = 9) -> (value: Int, length: Int)? {
        if case .number(let value, let length) = kind, length <= maxLength { return (value, length) }
        return nil
    }

    func isPunct(_ scalar: Unicode.Scalar) -> Bool { kind == .punct(scalar) }

    var punct: Unicode.Scalar? {
        if case .punct(let s) = kind { return s }
        return nil
    }
}

enum Tokenizer {
    /// Longest input looked at; a date line never needs more.
    static let maxScalars = 4096

    static func tokenize(_ text: String) -> [DateToken] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(text.unicodeScalars.count, maxScalars))
        for scalar in text.unicodeScalars {
            if scalars.count >= maxScalars { break }
            scalars.append(normalize(scalar))
        }

        var tokens: [DateToken] = []
        var i = 0
        var sawSpace = false
        let n = scalars.count
        while i < n {
            let s = scalars[i]
            if isSpace(s) {
                sawSpace = true
                i += 1
                continue
            }
            if isDigit(s) {
                var digits = ""
                var value = 0
                var length = 0
                while i < n, isDigit(scalars[i]) {
                    let d = Int(scalars[i].value - 48)
                    if length < 18 { value = value * 10 + d }
                    digits.unicodeScalars.append(scalars[i])
                    length += 1
                    i += 1
                }
                tokens.append(DateToken(kind: .number(value: value, length: length), text: digits, spaceBefore: sawSpace))
            } else if s.properties.isAlphabetic {
                var word = ""
                while i < n {
                    let c = scalars[i]
                    if c.properties.isAlphabetic && !isDigit(c) {
                        word.unicodeScalars.append(c)
                        i += 1
                    } else if c == "'", i + 1 < n, scalars[i + 1].properties.isAlphabetic, !isDigit(scalars[i + 1]) {
                        // Jum'at: an apostrophe between letters stays inside the word.
                        word.unicodeScalars.append(c)
                        i += 1
                    } else {
                        break
                    }
                }
                tokens.append(DateToken(kind: .word, text: word.lowercased(), spaceBefore: sawSpace))
            } else {
                tokens.append(DateToken(kind: .punct(s), text: "", spaceBefore: sawSpace))
                i += 1
            }
            sawSpace = false
        }
        return tokens
    }

    private static func normalize(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s.value {
        case 0x2019, 0x2018, 0x02BC, 0x0060, 0x00B4, 0x2032: return "'"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212: return "-"
        case 0xFF1A: return ":"
        default: return s
        }
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace || s.value == 0x200B || s.value == 0xFEFF
    }
}

// MARK: - Vocabulary

enum DateWords {
    static let months: [String: Int] = [
        // English, full and abbreviated
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
        "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
        "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
        // Indonesian, full, abbreviated and old spellings
        "januari": 1, "februari": 2, "pebruari": 2, "febuari": 2, "maret": 3, "mei": 5,
        "juni": 6, "juli": 7, "agustus": 8, "agust": 8, "agu": 8, "agt": 8, "ags": 8,
        "oktober": 10, "okt": 10, "nopember": 11, "nop": 11, "desember": 12, "des": 12,
        // French, full and abbreviated, with and without accents ("1er décembre 2026")
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
        "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
        "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
        // German and Austrian ("7. Dezember 2026"); juni, juli, august, oktober as above
        "januar": 1, "jänner": 1, "jaenner": 1, "jän": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3, "marz": 3,
        "mär": 3, "mrz": 3, "dezember": 12, "dez": 12,
        // Spanish ("7 de diciembre de 2026", "7 dic. 2026")
        "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6,
        "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
        "noviembre": 11, "diciembre": 12, "dic": 12,
    ]

    /// Words that may sit between a day, its month name and its year: Spanish's "7 de
    /// diciembre de 2026" (Portuguese's "7 de dezembro de 2026" would read the same way once
    /// its month names are in `months`).
    static let monthJoiners: Set<String> = ["de", "del"]

    /// Month and day names that mark the text as Indonesian (names shared with English, like
    /// "April" or "November", do not count).
    static let indonesian: Set<String> = [
        "januari", "februari", "pebruari", "febuari", "maret", "mei", "juni", "juli",
        "agustus", "agust", "agu", "agt", "ags", "oktober", "okt", "nopember", "nop",
        "desember", "des",
        "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    ]

    static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th", "er"]

    /// Words that may sit between a date and its time.
    static let timeLeadIns: Set<String> = ["t", "pukul", "pkl", "jam", "at", "um", "pada", "à", "a", "las"]

    /// Zone abbreviations, in seconds east of UTC.
    static let zones: [String: Int] = [
        "z": 0, "utc": 0, "gmt": 0, "ut": 0, "wet": 0,
        "wib": 7 * 3600, "wita": 8 * 3600, "wit": 9 * 3600,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "bst": 3600, "cet": 3600, "cest": 2 * 3600, "eet": 2 * 3600, "eest": 3 * 3600,
        "msk": 3 * 3600, "ict": 7 * 3600, "sgt": 8 * 3600, "myt": 8 * 3600, "hkt": 8 * 3600,
        "awst": 8 * 3600, "jst": 9 * 3600, "kst": 9 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600,
    ]

    /// Zones that may carry an explicit offset after them: "GMT+7", "UTC+07:00".
    static let offsetBases: Set<String> = ["utc", "gmt", "ut"]
}

// MARK: - Reader

private struct Reader {
    let tokens: [DateToken]

    private struct DayDate {
        var year: Int, month: Int, day: Int
        var start: Int  // first token index
        var end: Int    // index after the last token
    }

    private struct TimeOfDay {
        var hour: Int, minute: Int, second: Int
        var fraction: Double
        var end: Int
    }

    private enum Found<T> {
        case none
        case invalid
        case found(T)
    }

    init(tokens: [DateToken]) { self.tokens = tokens }

    func read(defaultOffset: Int?) -> NewsDate? {
        guard let date = findDate() else { return nil }

        var time: TimeOfDay?
        var zone: Int?
        switch timeAfter(date.end) {
        case .invalid: return nil
        case .found(let t):
            time = t
            switch zoneAt(t.end) {
            case .invalid: return nil
            case .found(let z): zone = z
            case .none: break
            }
        case .none:
            switch timeBefore(date.start) {
            case .invalid: return nil
            case .found(let t):
                time = t
                if case .found(let z) = zoneAt(t.end) { zone = z }
            case .none:
                // "24 Juli 2026 WIB": a zone may follow the date itself.
                if case .found(let z) = zoneAt(date.end) { zone = z }
            }
        }

        let offset: Int
        if let zone {
            offset = zone
        } else if let defaultOffset {
            offset = defaultOffset
        } else {
            offset = sawIndonesianName() ? 7 * 3600 : 0
        }

        let days = CivilCalendar.days(fromYear: date.year, month: date.month, day: date.day)
        let secondOfDay = (time?.hour ?? 0) * 3600 + (time?.minute ?? 0) * 60 + (time?.second ?? 0)
        let seconds = days * 86_400 + secondOfDay - offset
        let interval = Double(seconds) + (time?.fraction ?? 0)
        return NewsDate(date: Date(timeIntervalSince1970: interval), utcOffset: offset)
    }

    // MARK: Dates

    /// The first date in the text; nil if there is none or the first one is impossible.
    private func findDate() -> DayDate? {
        for i in tokens.indices {
            switch dateAt(i) {
            case .found(let d): return d
            case .invalid: return nil
            case .none: continue
            }
        }
        return nil
    }

    private func dateAt(_ i: Int) -> Found<DayDate> {
        let tok = tokens[i]
        if let (value, length) = tok.number() {
            if length == 4 || length == 1 || length == 2 {
                let numeric = numericDate(i, first: value, firstLength: length)
                if case .none = numeric {} else { return numeric }
            }
            if length <= 2 {
                return dayMonthYear(i, day: value)
            }
            return .none
        }
        if tok.isWord, let month = DateWords.months[tok.text] {
            return monthDayYear(i, month: month)
        }
        return .none
    }

    /// `2024-04-22`, `2019/04/25`, `25/04/2019`, `25-04-2019`, `25.04.2019`, `25/4/19`.
    private func numericDate(_ i: Int, first: Int, firstLength: Int) -> Found<DayDate> {
        guard i + 4 < tokens.count,
              let sep = tokens[i + 1].punct, sep == "-" || sep == "/" || sep == ".",
              !tokens[i + 1].spaceBefore,
              let (second, secondLength) = tokens[i + 2].number(), secondLength <= 2,
              !tokens[i + 2].spaceBefore,
              tokens[i + 3].isPunct(sep), !tokens[i + 3].spaceBefore,
              let (third, thirdLength) = tokens[i + 4].number(), !tokens[i + 4].spaceBefore
        else { return .none }
        // Not part of a longer run like 1.2.3.4, nor glued to a word like "v1.2.2024".
        if i > 0, !tokens[i].spaceBefore {
            if tokens[i - 1].isWord { return .none }
            if i > 1, tokens[i - 1].isPunct(sep), tokens[i - 2].number() != nil, !tokens[i - 1].spaceBefore {
                return .none
            }
        }
        if i + 6 < tokens.count, tokens[i + 5].isPunct(sep), !tokens[i + 5].spaceBefore,
           tokens[i + 6].number() != nil, !tokens[i + 6].spaceBefore { return .none }

        let year: Int, month: Int, day: Int
        if firstLength == 4 {
            guard sep != ".", thirdLength <= 2 else { return .none }
            (year, month, day) = (first, second, third)
        } else if thirdLength == 4 {
            (year, month, day) = (third, second, first)
        } else if thirdLength == 2 && sep == "/" {
            (year, month, day) = (2000 + third, second, first)
        } else {
            return .none
        }
        return validated(year: year, month: month, day: day, start: i, end: i + 5)
    }

    /// `05 November 2015`, `4th Nov, 2015`, `05-Nov-2015`, `24. Juli 2026`.
    private func dayMonthYear(_ i: Int, day: Int) -> Found<DayDate> {
        var j = i + 1
        j = skipOrdinal(j)
        j = skipOne(j, of: [".", "-", "/"])
        j = skipJoiner(j)
        guard j < tokens.count, tokens[j].isWord, let month = DateWords.months[tokens[j].text] else { return .none }
        j += 1
        j = skipOne(j, of: ["."])
        j = skipOne(j, of: [",", "-", "/"])
        j = skipJoiner(j)
        guard j < tokens.count, let (year, length) = tokens[j].number(), length == 4 else { return .none }
        return validated(year: year, month: month, day: day, start: i, end: j + 1)
    }

    /// `November 4, 2015`, `Nov. 4th 2015`.
    private func monthDayYear(_ i: Int, month: Int) -> Found<DayDate> {
        var j = i + 1
        j = skipOne(j, of: ["."])
        j = skipOne(j, of: ["-", "/"])
        guard j < tokens.count, let (day, dayLength) = tokens[j].number(), dayLength <= 2 else { return .none }
        j += 1
        j = skipOrdinal(j)
        j = skipOne(j, of: [",", "-", "/"])
        guard j < tokens.count, let (year, length) = tokens[j].number(), length == 4 else { return .none }
        return validated(year: year, month: month, day: day, start: i, end: j + 1)
    }

    private func validated(year: Int, month: Int, day: Int, start: Int, end: Int) -> Found<DayDate> {
        guard year >= 1000, year <= 9999, CivilCalendar.isValid(year: year, month: month, day: day) else {
            return .invalid
        }
        return .found(DayDate(year: year, month: month, day: day, start: start, end: end))
    }

    private func skipOrdinal(_ j: Int) -> Int {
        if j < tokens.count, tokens[j].isWord, !tokens[j].spaceBefore,
           DateWords.ordinalSuffixes.contains(tokens[j].text) { return j + 1 }
        return j
    }

    /// Past a "de" between day, month and year (`DateWords.monthJoiners`).
    private func skipJoiner(_ j: Int) -> Int {
        if j < tokens.count, tokens[j].isWord, DateWords.monthJoiners.contains(tokens[j].text) { return j + 1 }
        return j
    }

    private func skipOne(_ j: Int, of set: Set<Unicode.Scalar>) -> Int {
        if j < tokens.count, let p = tokens[j].punct, set.contains(p) { return j + 1 }
        return j
    }

    // MARK: Times

    /// A time shortly after the date, past separators and lead-in words.
    private func timeAfter(_ start: Int) -> Found<TimeOfDay> {
        var j = start
        var skipped = 0
        while j < tokens.count, skipped <= 4 {
            let tok = tokens[j]
            if tok.number() != nil {
                return timeAt(j, allowDot: true)
            }
            if let p = tok.punct, p != "+" {
                j += 1; skipped += 1; continue
            }
            if tok.isWord, DateWords.timeLeadIns.contains(tok.text) {
                j += 1; skipped += 1; continue
            }
            return .none
        }
        return .none
    }

    /// A `HH:MM` time in the few tokens before the date ("11:13 WIB, Kamis 05 November 2015").
    private func timeBefore(_ dateStart: Int) -> Found<TimeOfDay> {
        var j = dateStart - 1
        let stop = max(0, dateStart - 8)
        while j >= stop {
            if case .found(let t) = timeAt(j, allowDot: false), t.end <= dateStart {
                return .found(t)
            }
            j -= 1
        }
        return .none
    }

    /// `11:13`, `11.32`, `17:33:43`, `17:33:43.091856`, `7:28 PM`, `7:28 p.m.`
    private func timeAt(_ i: Int, allowDot: Bool) -> Found<TimeOfDay> {
        // French "10h15" after a date reads as 10:15 ("h" a separator).
        let hours = allowDot && i + 1 < tokens.count && tokens[i + 1].isWord && tokens[i + 1].text == "h"
        guard i + 2 < tokens.count,
              let (hourValue, hourLength) = tokens[i].number(), hourLength <= 2,
              let sep = hours ? "h" : tokens[i + 1].punct, sep == ":" || (allowDot && sep == ".") || sep == "h",
              !tokens[i + 1].spaceBefore,
              let (minute, minuteLength) = tokens[i + 2].number(), minuteLength == 2,
              !tokens[i + 2].spaceBefore
        else { return .none }
        // The hour must not be the middle of a longer time (the "13" of "11:13:00").
        if i > 0, !tokens[i].spaceBefore, let p = tokens[i - 1].punct, p == ":" || p == "." { return .none }

        var hour = hourValue
        var second = 0
        var fraction = 0.0
        var j = i + 3
        if j + 1 < tokens.count, let p = tokens[j].punct, p == ":" || p == sep, !tokens[j].spaceBefore,
           let (s, sLength) = tokens[j + 1].number(), sLength == 2, !tokens[j + 1].spaceBefore {
            second = s
            j += 2
            if j + 1 < tokens.count, let p = tokens[j].punct, p == "." || p == ",", !tokens[j].spaceBefore,
               case .number = tokens[j + 1].kind, !tokens[j + 1].spaceBefore {
                let digits = tokens[j + 1].text.prefix(9)
                fraction = Double("0." + digits) ?? 0
                j += 2
            }
        }

        // AM / PM: "PM", "pm", "p.m.", "P.M".
        var meridiem: String?
        if j < tokens.count, tokens[j].isWord {
            let w = tokens[j].text
            if w == "am" || w == "pm" {
                meridiem = w; j += 1
            } else if (w == "a" || w == "p"), j + 2 < tokens.count, tokens[j + 1].isPunct("."),
                      tokens[j + 2].isWord, tokens[j + 2].text == "m" {
                meridiem = w + "m"; j += 3
                if j < tokens.count, tokens[j].isPunct("."), !tokens[j].spaceBefore { j += 1 }
            }
        }
        if let meridiem {
            guard (1...12).contains(hour) else { return .invalid }
            if meridiem == "am" { hour = hour == 12 ? 0 : hour } else { hour = hour == 12 ? 12 : hour + 12 }
        }

        guard hour <= 23, minute <= 59, second <= 59 else { return .invalid }
        return .found(TimeOfDay(hour: hour, minute: minute, second: second, fraction: fraction, end: j))
    }

    // MARK: Zones

    /// `WIB`, `(WIB)`, `Z`, `GMT`, `GMT+7`, `UTC+07:00`, `+0700`, `-05:00`.
    private func zoneAt(_ start: Int) -> Found<Int> {
        var j = start
        if j < tokens.count, tokens[j].isPunct("(") { j += 1 }
        guard j < tokens.count else { return .none }
        let tok = tokens[j]
        if tok.isWord, let base = DateWords.zones[tok.text] {
            if DateWords.offsetBases.contains(tok.text) {
                switch signedOffset(j + 1, requireAdjacent: false) {
                case .found(let extra): return .found(base + extra)
                case .invalid: return .invalid
                case .none: break
                }
            }
            return .found(base)
        }
        if tok.punct == "+" || tok.punct == "-" {
            return signedOffset(j, requireAdjacent: true)
        }
        return .none
    }

    /// `+7`, `+07`, `+0700`, `+07:00`, `-05:00` starting at the sign.
    private func signedOffset(_ j: Int, requireAdjacent: Bool) -> Found<Int> {
        guard j + 1 < tokens.count, let sign = tokens[j].punct, sign == "+" || sign == "-",
              let (value, length) = tokens[j + 1].number(), !tokens[j + 1].spaceBefore
        else { return .none }
        let hours: Int, minutes: Int
        switch length {
        case 1, 2:
            if j + 3 < tokens.count, tokens[j + 2].isPunct(":"), !tokens[j + 2].spaceBefore,
               let (m, mLength) = tokens[j + 3].number(), mLength == 2, !tokens[j + 3].spaceBefore {
                (hours, minutes) = (value, m)
            } else {
                // "-5" after a time is too loose to be a zone; require "+", or a GMT/UTC base.
                if sign == "-" && requireAdjacent && length == 1 { return .none }
                (hours, minutes) = (value, 0)
            }
        case 3, 4:
            (hours, minutes) = (value / 100, value % 100)
        default:
            return .none
        }
        guard hours <= 18, minutes <= 59 else { return .invalid }
        let seconds = hours * 3600 + minutes * 60
        return .found(sign == "-" ? -seconds : seconds)
    }

    // MARK: Language

    private func sawIndonesianName() -> Bool {
        tokens.contains { $0.isWord && DateWords.indonesian.contains($0.text) }
    }
}
