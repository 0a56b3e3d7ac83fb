import Foundation
import KabarCore
import KabarHTML

/// Writes a fixture file (`Fixtures/NAME.json`) from a record: the page, its URL, a note that
/// the fields must be reviewed, and the fields `kabar check` compares.
enum FixtureJSON {
    static let keys = ["site", "headline", "lead", "authors", "published_at", "modified_at", "language", "section", "tags", "body", "images"]

    static func write(article: Article, page: String, url: String, to file: URL) throws {
        guard case .object(let record) = try JSONValue.parse(Data(article.jsonLine.utf8)) else { return }
        var expected: [String: Any] = [:]
        for key in keys { expected[key] = foundation(record[key] ?? .null) }
        let object: [String: Any] = [
            "page": page,
            "url": url,
            "note": "Written by kabar new-extractor from the extraction of this page: NOT YET REVIEWED. Read the page, correct any field that differs from it, then replace this note with what you checked.",
            "expected": expected,
            "absent": [String](),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (String(decoding: data, as: UTF8.self) + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    static func foundation(_ v: JSONValue) -> Any {
        switch v {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let n): return n
        case .string(let s): return s
        case .array(let a): return a.map(foundation)
        case .object(let o): return o.mapValues(foundation)
        }
    }
}
