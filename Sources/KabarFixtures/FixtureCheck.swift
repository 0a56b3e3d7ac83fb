import Foundation
import KabarCore
import KabarHTML

/// One fixture checked field by field, the way `kabar check` prints it: headline, body,
/// images, authors, date, tags, then any other expected key and the `absent` strings, each
/// passing, failing with a short diff, or missing (the fixture does not state it).
public struct FixtureCheck: Sendable {
    public enum Status: String, Sendable {
        case pass, fail = "FAIL", missing
    }

    public struct Row: Sendable {
        public let field: String
        public let status: Status
        /// The short diff of a failure, or what was extracted for a missing field.
        public let detail: [String]
    }

    /// The rows and the record keys they compare; `other` takes every remaining expected key.
    public static let groups: [(String, [String])] = [
        ("headline", ["headline"]), ("body", ["body"]), ("images", ["images"]), ("authors", ["authors"]),
        ("date", ["published_at", "modified_at"]), ("tags", ["tags"]),
    ]

    public let fixture: Fixture
    public let rows: [Row]

    public var failed: Bool { rows.contains { $0.status == .fail } }

    /// Compares the record extracted from the fixture's page with its expected fields.
    public init(fixture: Fixture, article: Article, maxDiffLines: Int = 8) throws {
        self.fixture = fixture
        guard case .object(let actual) = try JSONValue.parse(Data(article.jsonLine.utf8)) else {
            rows = [Row(field: "record", status: .fail, detail: ["the record is not a JSON object"])]
            return
        }
        var rows: [Row] = []
        var covered = Set<String>()
        for (name, keys) in Self.groups {
            covered.formUnion(keys)
            rows.append(Self.row(name, keys: keys, expected: fixture.expected, actual: actual, maxDiffLines: maxDiffLines))
        }
        let others = fixture.expected.keys.filter { !covered.contains($0) }.sorted()
        if !others.isEmpty {
            rows.append(Self.row("other", keys: others, expected: fixture.expected, actual: actual, maxDiffLines: maxDiffLines))
        }
        if !fixture.absent.isEmpty {
            let problems = try fixture.mismatches(in: article).filter { $0.hasPrefix("absent:") }
            rows.append(Row(field: "absent", status: problems.isEmpty ? .pass : .fail, detail: problems))
        }
        self.rows = rows
    }

    static func row(_ name: String, keys: [String], expected: [String: JSONValue], actual: [String: JSONValue], maxDiffLines: Int) -> Row {
        let stated = keys.filter { expected[$0] != nil }
        guard !stated.isEmpty else {
            let got = keys.compactMap { key -> String? in
                guard let value = actual[key], !Self.isEmpty(value) else { return nil }
                return "\(key) = \(Self.summary(value))"
            }
            return Row(field: name, status: .missing, detail: got.isEmpty ? ["not in the fixture; nothing extracted"] : ["not in the fixture; extracted " + got.joined(separator: ", ")])
        }
        var diff: [String] = []
        for key in stated {
            guard let problem = Fixture.mismatch(key, expected: expected[key]!, in: actual) else { continue }
            diff += problem.split(separator: "\n").map(String.init)
        }
        if diff.count > maxDiffLines { diff = Array(diff.prefix(maxDiffLines)) + ["… \(diff.count - maxDiffLines) more lines"] }
        return Row(field: name, status: diff.isEmpty ? .pass : .fail, detail: diff.map { Self.shorten($0) })
    }

    static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .array(let a): return a.isEmpty
        case .string(let s): return s.isEmpty
        default: return false
        }
    }

    static func summary(_ value: JSONValue) -> String {
        if case .array(let a) = value { return counted(a.count, "item") }
        return shorten(value.description, limit: 60)
    }

    static func shorten(_ s: String, limit: Int = 160) -> String {
        s.count > limit ? String(s.prefix(limit - 1)) + "…" : s
    }
}
