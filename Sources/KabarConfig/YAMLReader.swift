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
        /// The allowed keys an unknown key of the mapping was taken for (`every` for `evry`):
        /// its error names both, so a loader says nothing more of such a key being missing.
        public var misspelt: Set<String> = []
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
        // Yams refuses a mapping with a repeated key as a whole file, one key at a time: the
        // file's other problems (and its other repeated keys) went unsaid. A repeated key of a
        // block mapping is renamed in the text (`repeatedKeyMark`) and composed again, so that
        // `mapping` reports it where it stands, with every other problem of the file.
        var text = text
        for _ in 0..<Self.maxRenamedKeys {
            do {
                return try Yams.compose(yaml: text)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                guard let key = duplicates.first, let renamed = Self.renamingRepeat(of: key, after: context.mark, in: text) else {
                    throw Self.yamlError(.duplicatedKeysInMapping(duplicates: duplicates, context: context), file: file)
                }
                text = renamed
            } catch let error as YamlError {
                throw Self.yamlError(error, file: file)
            } catch {
                throw ConfigError(file: file, line: nil, key: nil, message: "not valid YAML: \(error)")
            }
        }
        throw ConfigError(file: file, line: nil, key: nil, message: "more than \(Self.maxRenamedKeys) keys are given twice")
    }

    /// Joins a repeated key renamed for Yams to the lines of its first place and of the repeat:
    /// `every⁣5⁣6` is `every` given again on line 6, first on line 5 (U+2063, an invisible
    /// separator no key of ours holds).
    static let repeatedKeyMark: Character = "\u{2063}"
    static let maxRenamedKeys = 100

    /// `text` with the second place of `key` (first at `first`) renamed `key⁣FIRST⁣LINE`, or nil when
    /// it is not found where a block mapping's repeated key is written.
    static func renamingRepeat(of key: String, after first: Mark, in text: String) -> String? {
        guard !key.contains(repeatedKeyMark), let again = repeatedKeyLine(key, after: first, in: text) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var chars = Array(lines[again - 1])
        let at = first.column - 1
        // The repeat's own line too: a key given three times makes two renamed keys, which must differ.
        chars.insert(contentsOf: "\(repeatedKeyMark)\(first.line)\(repeatedKeyMark)\(again)", at: at + key.count)
        lines[again - 1] = String(chars)
        return lines.joined(separator: "\n")
    }

    /// A key renamed by `renamingRepeat`: the key as written and the line of its first place.
    static func repeatedKey(_ key: String) -> (key: String, first: Int)? {
        let parts = key.split(separator: repeatedKeyMark, omittingEmptySubsequences: false)
        guard parts.count == 3, let line = Int(parts[1]), Int(parts[2]) != nil else { return nil }
        return (String(parts[0]), line)
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
        var misspelt = Set<String>()
        var seen = Set<String>()
        func refuse(_ e: ConfigError) throws {
            guard let problems else { throw e }
            problems.add(e)
        }
        for (k, v) in m {
            guard case .scalar(let s) = k else { try refuse(error(k, key: key, "expected a plain key, got \(describe(k))")); continue }
            if let repeated = Self.repeatedKey(s.string) {
                try refuse(error(k, key: key.map { "\($0).\(repeated.key)" } ?? repeated.key, "the key is given twice (first on line \(repeated.first))"))
                continue
            }
            let path = key.map { "\($0).\(s.string)" } ?? s.string
            if let allowed, !allowed.contains(s.string) {
                let guess = Self.closest(to: s.string, in: allowed)
                if let guess { misspelt.insert(guess) }
                try refuse(error(k, key: path, "unknown key; \(guess.map { "did you mean \($0)? " } ?? "")expected one of \(allowed.joined(separator: ", "))"))
                continue
            }
            // A set, not a scan of the entries: a mapping of open keys (mirrors) may be long.
            guard seen.insert(s.string).inserted else { try refuse(error(k, key: path, "the key is given twice")); continue }
            entries.append(Entry(key: s.string, keyNode: k, value: v))
        }
        return Mapping(entries: entries, misspelt: misspelt)
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
        case .scanner(let context, let problem, let mark, let text), .parser(let context, let problem, let mark, let text), .composer(let context, let problem, let mark, let text):
            let tab = Self.line(mark.line, of: text).map { Array($0).dropFirst(mark.column - 1).first == "\t" } ?? false
            if !tab, let opened = Self.unclosed(context, problem: problem, at: mark, in: text) { return ConfigError(file: file, line: opened.line, key: nil, message: opened.message) }
            return ConfigError(file: file, line: mark.line, key: nil,
                               message: tab ? "not valid YAML: a tab character; YAML indents with spaces, never tabs" : "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the key's first place; the second is the line to change.
            let first = context.mark
            let again = duplicates.first.flatMap { Self.repeatedKeyLine($0, after: first, in: context.text) }
            return ConfigError(file: file, line: again ?? first.line, key: duplicates.first,
                               message: again == nil ? "the key is given twice" : "the key is given twice (first on line \(first.line))")
        default:
            return ConfigError(file: file, line: nil, key: nil, message: "not valid YAML: \(error)")
        }
    }

    /// A quote, `{` or `[` opened on an earlier line and never closed: YAML reads on to the end
    /// of the file and fails there, at a line past everything written. The error is then the
    /// line where it was opened (the line to change), saying what is not closed; nil otherwise.
    static func unclosed(_ context: YamlError.Context?, problem: String, at mark: Mark, in text: String) -> (line: Int, message: String)? {
        guard let context, context.mark.line < mark.line else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Nothing but blank lines from the error's line on: the file ended inside the construct.
        guard lines.dropFirst(mark.line).allSatisfy({ $0.allSatisfy(\.isWhitespace) }),
              lines.count < mark.line || lines[mark.line - 1].dropFirst(max(0, mark.column - 1)).allSatisfy(\.isWhitespace) else { return nil }
        let what: String
        switch context.text {
        case "while scanning a quoted scalar": what = "a quoted value opened on this line is not closed (the file ends inside it)"
        case "while parsing a flow mapping": what = "a mapping opened with { on this line is not closed with }"
        case "while parsing a flow sequence": what = "a list opened with [ on this line is not closed with ]"
        default: what = "\(problem) (\(context.text), begun on this line and not finished by the end of the file)"
        }
        return (context.mark.line, "not valid YAML: \(what)")
    }

    /// Line `number` (from 1) of `text`.
    static func line(_ number: Int, of text: String) -> Substring? {
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if n == number { return line }
        }
        return nil
    }

    /// The first line after `first` holding `key:` at the same column, as a block mapping's
    /// repeated key is written; nil when there is none (a flow mapping on one line).
    static func repeatedKeyLine(_ key: String, after first: Mark, in text: String) -> Int? {
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            guard n > first.line else { continue }
            let chars = Array(line)
            guard chars.count >= first.column - 1 + key.count,
                  chars[..<(first.column - 1)].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            var rest = chars[(first.column - 1)...]
            guard rest.starts(with: key) else { continue }
            rest = rest.dropFirst(key.count).drop { $0 == " " || $0 == "\"" || $0 == "'" }
            if rest.first == ":" { return n }
        }
        return nil
    }

    /// The allowed key `key` is most likely a misspelling of: at most one edit in four
    /// characters (a letter missing, added, changed or two swapped), nil when none is that near.
    /// "did you mean X? " for the closest of `allowed` to a misspelt `key`, else "": the words
    /// every "unknown ..." error puts before its list of what is known.
    public static func didYouMean(_ key: String, in allowed: [String]) -> String {
        closest(to: key, in: allowed).map { "did you mean \($0)? " } ?? ""
    }

    public static func closest(to key: String, in allowed: [String]) -> String? {
        let a = Array(key.lowercased())
        var best: (key: String, distance: Int)?
        for candidate in allowed {
            let d = editDistance(a, Array(candidate))
            if d <= Swift.max(1, a.count / 4), d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.key
    }

    /// Damerau-Levenshtein distance (optimal string alignment) of two short keys.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
