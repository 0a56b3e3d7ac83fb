import Foundation
import KabarCore

/// The score of one page.
public struct PageScore: Sendable {
    public let name: String
    public let body: PRF
    /// Whether the title is the expected one as a reader reads it (`Scorer.titleKey`: white
    /// space folded, NFC, typewriter spellings of typographic marks, no final ". ? !"); nil
    /// when no title is expected.
    public let titleExact: Bool?
    /// Author set equality after normalisation; nil when the page expects none.
    public let authorsMatch: Bool?
    /// Same instant to the minute; nil when the page expects no date.
    public let dateMatch: Bool?
    /// Same calendar day as each side printed it (a looser score for date-only extractors).
    public let dayMatch: Bool?
    public let predictedTitle: String?
    public let expectedTitle: String?
    /// WCXB's snippet checks: the share of `with` snippets the text holds, and of `without`
    /// (boilerplate) snippets it holds; nil when the page has none.
    public var withFound: Double? = nil
    public var withoutFound: Double? = nil
    /// The expected body has text and the prediction none (no record, or an empty one).
    public var empty = false
}

/// Scores predictions against the expected fields. The same code scores every extractor, so
/// their numbers compare.
public enum Scorer {
    public static let shingleSize = 4

    /// WCXB pages are scored by WCXB's metric, word F1 over a bag of `\w+` tokens (shingles of
    /// one word); Fundus pages by word 4-grams.
    public static func score(_ prediction: Prediction, against page: EvalPage) -> PageScore {
        let predicted = Shingles(prediction.text, size: page.format == .wcxb ? 1 : shingleSize)
        let expected = Shingles(page.body, size: page.format == .wcxb ? 1 : shingleSize)
        let body = PRF(predicted: predicted, expected: expected)
        let titleExact = page.title.map { titleKey($0) == titleKey(prediction.title ?? "") }
        let authorsMatch = page.authors.map { Set($0.map(normalizeName).filter { !$0.isEmpty }) == Set(prediction.authors.map(normalizeName).filter { !$0.isEmpty }) }
        var dateMatch: Bool?
        var dayMatch: Bool?
        if let want = page.publishingDate {
            let expected = NewsDateParser.parse(want)
            let got = prediction.date.flatMap { NewsDateParser.parse($0) }
            dateMatch = sameMinute(expected, got)
            dayMatch = prediction.date != nil && String(want.prefix(10)) == got.map { String($0.iso8601.prefix(10)) }
        }
        var score = PageScore(name: page.name, body: body, titleExact: titleExact, authorsMatch: authorsMatch,
                              dateMatch: dateMatch, dayMatch: dayMatch, predictedTitle: prediction.title, expectedTitle: page.title)
        score.empty = expected.total > 0 && predicted.total == 0
        if !page.with.isEmpty || !page.without.isEmpty {
            let text = tokenText(prediction.text)
            func share(_ snippets: [String]) -> Double? {
                let keys = snippets.map(tokenText).filter { $0.count > 2 }
                return keys.isEmpty ? nil : Double(keys.filter { text.contains($0) }.count) / Double(keys.count)
            }
            score.withFound = share(page.with)
            score.withoutFound = share(page.without)
        }
        return score
    }

    /// A text as its `\w+` tokens (lower-cased, NFC) between single spaces and at both ends,
    /// so a snippet is found as a whole-word sequence whatever the punctuation and spacing.
    static func tokenText(_ text: String) -> String {
        " " + Shingles.tokens(text).joined(separator: " ") + " "
    }

    static func sameMinute(_ a: NewsDate?, _ b: NewsDate?) -> Bool {
        guard let a, let b else { return false }
        return (a.date.timeIntervalSince1970 / 60).rounded(.down) == (b.date.timeIntervalSince1970 / 60).rounded(.down)
    }

    /// White space folded to single spaces, trimmed, NFC.
    public static func fold(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{200B}" }).joined(separator: " ").precomposedStringWithCanonicalMapping
    }

    /// Typographic marks and the typewriter spelling a keyboard gives for them: curly
    /// apostrophes and single quotes, curly and low double quotes, the ellipsis, the hyphen,
    /// non-breaking hyphen, figure dash, en and em dash and minus sign.
    static let typewriter: [Character: String] = [
        "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": "'", "\u{201B}": "'",
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"", "\u{201F}": "\"",
        "\u{2026}": "...",
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2212}": "-",
    ]

    /// A title as compared: `fold`, typographic marks in their typewriter spelling
    /// (`typewriter`: "Beginner\u{2019}s Guide" is "Beginner's Guide"), and without the ".",
    /// "?" and "!" that end it ("How much is it?" is "How much is it"). The same words with
    /// the same marks, spelled as a keyboard or a typesetter writes them; letter case,
    /// guillemets, other punctuation and every word still count.
    public static func titleKey(_ text: String) -> String {
        var out = ""
        for c in fold(text) {
            if let t = typewriter[c] { out += t } else { out.append(c) }
        }
        while let last = out.last, last == "." || last == "?" || last == "!" || last == " " { out.removeLast() }
        return out
    }

    /// A name compared case-insensitively, white space folded, NFC.
    public static func normalizeName(_ name: String) -> String {
        fold(name).lowercased()
    }
}

/// Totals over a set of pages.
public struct EvalSummary: Sendable {
    public let label: String
    public let pages: Int
    public let titleExact: Double
    public let precision: Double
    public let recall: Double
    public let f1: Double
    public let authorAccuracy: Double
    public let authorPages: Int
    public let dateAccuracy: Double
    public let dayAccuracy: Double
    public let datePages: Int
    /// Pages whose expected body has text and whose prediction has none.
    public let emptyPages: Int
    /// Mean share of `with` snippets found and of `without` snippets present, over the pages
    /// that have them (nil when none do).
    public let withFound: Double?
    public let withoutFound: Double?
    /// Pages per second of extraction in one process, when measured.
    public var pagesPerSecond: Double?

    public init(label: String, scores: [PageScore], pagesPerSecond: Double? = nil) {
        self.label = label
        pages = scores.count
        func rate(_ values: [Bool]) -> Double { values.isEmpty ? 0 : Double(values.filter { $0 }.count) / Double(values.count) }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        titleExact = rate(scores.compactMap(\.titleExact))
        precision = mean(scores.map(\.body.precision))
        recall = mean(scores.map(\.body.recall))
        f1 = mean(scores.map(\.body.f1))
        let authors = scores.compactMap(\.authorsMatch)
        authorAccuracy = rate(authors)
        authorPages = authors.count
        let dates = scores.compactMap(\.dateMatch)
        dateAccuracy = rate(dates)
        dayAccuracy = rate(scores.compactMap(\.dayMatch))
        datePages = dates.count
        emptyPages = scores.filter(\.empty).count
        let with = scores.compactMap(\.withFound)
        withFound = with.isEmpty ? nil : mean(with)
        let without = scores.compactMap(\.withoutFound)
        withoutFound = without.isEmpty ? nil : mean(without)
        self.pagesPerSecond = pagesPerSecond
    }
}
