import Foundation
import KabarCore

/// The score of one page.
public struct PageScore: Sendable {
    public let name: String
    public let body: PRF
    /// Whether the title is exactly the expected one (white space folded, NFC); nil when no title is expected.
    public let titleExact: Bool?
    /// Author set equality after normalisation; nil when the page expects none.
    public let authorsMatch: Bool?
    /// Same instant to the minute; nil when the page expects no date.
    public let dateMatch: Bool?
    /// Same calendar day as each side printed it (a looser score for date-only extractors).
    public let dayMatch: Bool?
    public let predictedTitle: String?
    public let expectedTitle: String?
}

/// Scores predictions against the expected fields. The same code scores every extractor, so
/// their numbers compare.
public enum Scorer {
    public static let shingleSize = 4

    public static func score(_ prediction: Prediction, against page: EvalPage) -> PageScore {
        let body = PRF(predicted: prediction.text, expected: page.body, size: shingleSize)
        let titleExact = page.title.map { fold($0) == fold(prediction.title ?? "") }
        let authorsMatch = page.authors.map { Set($0.map(normalizeName).filter { !$0.isEmpty }) == Set(prediction.authors.map(normalizeName).filter { !$0.isEmpty }) }
        var dateMatch: Bool?
        var dayMatch: Bool?
        if let want = page.publishingDate {
            let expected = NewsDateParser.parse(want)
            let got = prediction.date.flatMap { NewsDateParser.parse($0) }
            dateMatch = sameMinute(expected, got)
            dayMatch = prediction.date != nil && String(want.prefix(10)) == got.map { String($0.iso8601.prefix(10)) }
        }
        return PageScore(name: page.name, body: body, titleExact: titleExact, authorsMatch: authorsMatch,
                         dateMatch: dateMatch, dayMatch: dayMatch, predictedTitle: prediction.title, expectedTitle: page.title)
    }

    static func sameMinute(_ a: NewsDate?, _ b: NewsDate?) -> Bool {
        guard let a, let b else { return false }
        return (a.date.timeIntervalSince1970 / 60).rounded(.down) == (b.date.timeIntervalSince1970 / 60).rounded(.down)
    }

    /// White space folded to single spaces, trimmed, NFC.
    public static func fold(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{200B}" }).joined(separator: " ").precomposedStringWithCanonicalMapping
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
        self.pagesPerSecond = pagesPerSecond
    }
}
