import Foundation
import KabarCore
import KabarHTML

/// What an extractor said about a page, reduced to what the scorer compares.
public struct Prediction: Sendable, Equatable {
    public var title: String?
    /// The body as plain text.
    public var text: String
    public var authors: [String]
    /// A date as the extractor printed it (ISO 8601 or anything `NewsDateParser` reads).
    public var date: String?
    /// How long the extractor took on the page, when the predictions say.
    public var seconds: Double?

    public init(title: String?, text: String, authors: [String], date: String?, seconds: Double? = nil) {
        self.title = title
        self.text = text
        self.authors = authors
        self.date = date
        self.seconds = seconds
    }

    /// A Kabar record: its headline, `text` (the body blocks), authors and `published_at`.
    public init(_ article: Article) {
        self.init(title: article.headline, text: article.text, authors: article.authors, date: article.publishedAt)
    }

    /// A precomputed prediction: a JSON object with `title`, `text`, `authors` and `date`
    /// (any may be null or missing), and optionally `seconds`, the time the page took.
    public init(jsonFile: URL) throws {
        let value = try JSONValue.parse(Data(contentsOf: jsonFile))
        guard value.object != nil else { throw EvalError.malformed(jsonFile.path, "not a JSON object") }
        let authors: [String]
        if let a = value["authors"], case .string(let s) = a {
            authors = s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            authors = value["authors"]?.array.compactMap(\.string) ?? []
        }
        var seconds: Double?
        if case .number(let n)? = value["seconds"] { seconds = n }
        self.init(title: value["title"]?.string, text: value["text"]?.string ?? "", authors: authors, date: value["date"]?.string, seconds: seconds)
    }
}

extension Prediction {
    /// The prediction as the JSON object `init(jsonFile:)` reads.
    public var jsonObject: String {
        "{\"title\":\(title.map(EvalReport.quote) ?? "null"),\"text\":\(EvalReport.quote(text)),"
            + "\"authors\":[\(authors.map(EvalReport.quote).joined(separator: ","))],\"date\":\(date.map(EvalReport.quote) ?? "null")}"
    }

    /// `_meta.json` of a predictions folder: who made them and how fast.
    public static func meta(in folder: URL) throws -> (label: String?, pagesPerSecond: Double?) {
        let value = try JSONValue.parse(Data(contentsOf: folder.appendingPathComponent("_meta.json")))
        var rate: Double?
        if case .number(let n)? = value["pages_per_s"] { rate = n }
        return (value["label"]?.string, rate)
    }
}
