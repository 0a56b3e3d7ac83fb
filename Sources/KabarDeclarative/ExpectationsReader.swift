import Foundation
import KabarConfig
import KabarCore
import Yams

/// Reads a declarative file's `expect:` mapping, e.g. `expect: { published: 0.99, lead_image: 0.9 }`:
/// for each health field, the least share of a run's pages (0 to 1) the extractor should fill
/// it on. An unknown field or a number outside 0 to 1 is an error naming file, line and key,
/// every one of the mapping kept in `problems` (an unknown field does not hide a bad share).
enum ExpectationsReader {
    static let range = NumberRange(0, 1)

    static func read(_ node: Node, reader r: YAMLReader, problems: ConfigProblems) throws -> FieldExpectations {
        let fields = HealthField.allCases.map(\.rawValue)
        var expectations = FieldExpectations()
        for entry in try r.mapping(node, key: "expect", allowed: fields, problems: problems).entries {
            let key = "expect.\(entry.key)"
            let field = HealthField(rawValue: entry.key)!
            let value = problems.check { () throws -> Double in
                _ = try r.scalar(entry.value, key: key, expected: "a share from 0 to 1, e.g. 0.95")
                guard let value = entry.value.float else {
                    throw r.error(entry.value, key: key, "expected a share from 0 to 1, e.g. 0.95, got \(r.describe(entry.value))")
                }
                if let problem = range.problem(value) { throw r.error(entry.value, key: key, problem) }
                return value
            }
            if let value { expectations.floors[field] = value }
        }
        return expectations
    }
}
