import Foundation
import Yams

/// Typed reads of YAML nodes for `DeclarativeLoader`, each error naming the file, line and key
/// (the approach of KabarRun's schedule loader: Yams' node API keeps every value's line).
struct SpecReader {
    let file: String

    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    struct Mapping {
        var entries: [Entry]
        subscript(key: String) -> Entry? { entries.first { $0.key == key } }
    }

    func error(_ node: Node?, key: String?, _ message: String) -> DeclarativeError {
        DeclarativeError(file: file, line: node?.mark?.line, key: key, message: message)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "\"\(s.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func mapping(_ node: Node, key: String?, allowed: [String]?) throws -> Mapping {
        guard case .mapping(let m) = node else {
            throw error(node, key: key, "expected a mapping (key: value lines), got \(describe(node))")
        }
        var entries: [Entry] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else { throw error(k, key: key, "expected a plain key, got \(describe(k))") }
            let path = key.map { "\($0).\(s.string)" } ?? s.string
            if let allowed, !allowed.contains(s.string) {
                throw error(k, key: path, "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
            if entries.contains(where: { $0.key == s.string }) { throw error(k, key: path, "the key is given twice") }
            entries.append(Entry(key: s.string, keyNode: k, value: v))
        }
        return Mapping(entries: entries)
    }

    func sequence(_ node: Node, key: String) throws -> [Node] {
        guard case .sequence(let s) = node else { throw error(node, key: key, "expected a list ([a, b] or lines starting with -), got \(describe(node))") }
        return Array(s)
    }

    /// A list, or one value standing for a list of one.
    func listOrOne(_ node: Node) -> [Node] {
        if case .sequence(let s) = node { return Array(s) }
        return [node]
    }

    func string(_ node: Node, key: String, nonEmpty: Bool = true) throws -> String {
        guard case .scalar(let s) = node else { throw error(node, key: key, "expected a string, got \(describe(node))") }
        if nonEmpty && s.string.trimmingCharacters(in: .whitespaces).isEmpty {
            throw error(node, key: key, "expected a non-empty string, got nothing")
        }
        return s.string
    }

    func int(_ node: Node, key: String, min: Int) throws -> Int {
        guard case .scalar = node, let n = node.int else {
            throw error(node, key: key, "expected a whole number (\(min) or more), got \(describe(node))")
        }
        guard n >= min else { throw error(node, key: key, "expected a whole number (\(min) or more), got \(n)") }
        return n
    }

    func bool(_ node: Node, key: String) throws -> Bool {
        guard case .scalar = node, let b = node.bool else { throw error(node, key: key, "expected true or false, got \(describe(node))") }
        return b
    }
}
