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
        // In the order a reviewer reads it (docs/ADDING-A-SITE.md, "3. Fixtures"): the page and
        // its note first, not after the expected fields as sorted keys would put them.
        let members: [(String, Any)] = [
            ("page", page),
            ("url", url),
            ("note", "Written by kabar new-extractor from the extraction of this page: NOT YET REVIEWED. Read the page, correct any field that differs from it, then replace this note with what you checked."),
            ("expected", expected),
            ("absent", [String]()),
        ]
        let lines = try members.map { key, value in
            if let list = value as? [String], list.isEmpty { return "  \(try quoted(key)): []" }
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
            // Nested lines one level in (a JSON string never holds a raw line break).
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
            return "  \(try quoted(key)): \(text)"
        }
        try ("{\n" + lines.joined(separator: ",\n") + "\n}\n").write(to: file, atomically: true, encoding: .utf8)
    }

    static func quoted(_ s: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
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
