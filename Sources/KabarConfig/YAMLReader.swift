import Foundation
import KabarCore
import Yams

/// Typed reads of YAML nodes for the loaders of configuration files (schedules, declarative
/// extractors), each error naming the file, the line and the key. YAML is read with Yams' node
/// API (`compose`) so that every value keeps its line.
public struct YAMLReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    public struct Entry {
        public let key: String
        public let keyNode: Node
        public let value: Node
    }

    public struct Mapping {
        public var entries: [Entry]
        public subscript(key: String) -> Entry? { entries.first { $0.key == key } }
    }

    /// The root node of `text`, nil for an empty file (or one of comments only).
    public func compose(_ text: String) throws -> Node? {
        do {
            try AliasGuard.check(text)
        } catch let refusal as AliasGuard.Refusal {
            throw ConfigError(file: file, line: refusal.line, key: nil,
                              message: "anchors and aliases expand to more than \(AliasGuard.limit) values; an alias may repeat a small part of the file, not multiply it")
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.yamlError(error, file: file)
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, message: "not valid YAML: \(error)")
        }
    }

    public func error(_ node: Node?, key: String?, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line, key: key, message: message)
    }

    /// What a node is, for messages; a scalar's text with any secret in it masked.
    public func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "\"\(Redaction.redact(s.string))\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping. With `problems`, a key that is not allowed (or not plain, or
    /// given twice) is kept there and left out, and the other entries are still returned;
    /// without, the first such key is thrown.
    public func mapping(_ node: Node, key: String?, allowed: [String]?, problems: ConfigProblems? = nil) throws -> Mapping {
        guard case .mapping(let m) = node else {
            throw error(node, key: key, "expected a mapping (key: value lines), got \(describe(node))")
        }
        var entries: [Entry] = []
        var seen = Set<String>()
        func refuse(_ e: ConfigError) throws {
            guard let problems else { throw e }
            problems.add(e)
        }
        for (k, v) in m {
            guard case .scalar(let s) = k else { try refuse(error(k, key: key, "expected a plain key, got \(describe(k))")); continue }
            let path = key.map { "\($0).\(s.string)" } ?? s.string
            if let allowed, !allowed.contains(s.string) {
                try refuse(error(k, key: path, "unknown key; expected one of \(allowed.joined(separator: ", "))"))
                continue
            }
            // A set, not a scan of the entries: a mapping of open keys (mirrors) may be long.
            guard seen.insert(s.string).inserted else { try refuse(error(k, key: path, "the key is given twice")); continue }
            entries.append(Entry(key: s.string, keyNode: k, value: v))
        }
        return Mapping(entries: entries)
    }

    public func sequence(_ node: Node, key: String) throws -> [Node] {
        guard case .sequence(let s) = node else { throw error(node, key: key, "expected a list ([a, b] or lines starting with -), got \(describe(node))") }
        return Array(s)
    }

    /// A list, or one value standing for a list of one.
    public func listOrOne(_ node: Node) -> [Node] {
        if case .sequence(let s) = node { return Array(s) }
        return [node]
    }

    public func scalar(_ node: Node, key: String, expected: String) throws -> Node.Scalar {
        guard case .scalar(let s) = node else { throw error(node, key: key, "expected \(expected), got \(describe(node))") }
        return s
    }

    public func isNull(_ node: Node) -> Bool { node.null != nil }

    public func string(_ node: Node, key: String, nonEmpty: Bool = true) throws -> String {
        let s = try scalar(node, key: key, expected: "a string")
        if nonEmpty && s.string.trimmingCharacters(in: .whitespaces).isEmpty {
            throw error(node, key: key, "expected a non-empty string, got nothing")
        }
        return s.string
    }

    public func int(_ node: Node, key: String, min: Int, max: Int = Int.max) throws -> Int {
        let range = max == Int.max ? "\(min) or more" : "\(min) to \(max)"
        _ = try scalar(node, key: key, expected: "a whole number (\(range))")
        guard let n = node.int else { throw error(node, key: key, "expected a whole number (\(range)), got \(describe(node))") }
        guard n >= min && n <= max else { throw error(node, key: key, "expected a whole number (\(range)), got \(n)") }
        return n
    }

    public func bool(_ node: Node, key: String) throws -> Bool {
        _ = try scalar(node, key: key, expected: "true or false")
        guard let b = node.bool else { throw error(node, key: key, "expected true or false, got \(describe(node))") }
        return b
    }

    public static func yamlError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, key: nil, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(file: file, line: context.mark.line, key: duplicates.first, message: "the key is given twice")
        default:
            return ConfigError(file: file, line: nil, key: nil, message: "not valid YAML: \(error)")
        }
    }
}
