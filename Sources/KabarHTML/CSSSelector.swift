import Foundation

/// Compiles CSS selectors to XPath 1.0 expressions that libxml2 can evaluate.
///
/// Supported: type selectors and `*`, `#id`, `.class`, attribute selectors (`[a]`, `=`, `^=`,
/// `$=`, `*=`, `~=`, `|=`, quoted or unquoted values, an optional ` i` flag for ASCII
/// case-insensitive values), the combinators descendant, `>`, `+` and `~`, selector groups
/// (`,`), and the pseudo-classes `:not(…)` (compound selectors, a list allowed), `:first-child`,
/// `:last-child`, `:only-child`, `:nth-child(an+b)`, `:nth-last-child()`, `:first-of-type`,
/// `:last-of-type`, `:only-of-type`, `:nth-of-type()`, `:nth-last-of-type()` (these need a
/// type selector in the same compound, since XPath 1.0 cannot compare with the context's name),
/// `:empty` and `:root`. CSS escapes (`\:`, `\31 `) are understood in names and strings.
///
/// Element and attribute names are matched lower-case (libxml2's HTML parser lower-cases them);
/// attribute values are matched case-sensitively unless the ` i` flag is given.
public enum CSSSelector {
    /// Compiles a CSS selector (group allowed) to an XPath expression relative to a context node
    /// (each alternative starts with `descendant::`; groups are joined with ` | `). Cached: a second
    /// call with the same selector string returns the cached string without reparsing. Thread-safe.
    public static func xpath(for selector: String) throws(CSSSelectorError) -> String {
        if let cached = cache.value(for: selector) { return try cached.get() }
        let result = Result { () throws(CSSSelectorError) -> String in try compile(selector) }
        cache.store(result, for: selector)
        return try result.get()
    }

    /// The cached compilation of `selector`, if it has been compiled before (for tests).
    static func cachedResult(for selector: String) -> Result<String, CSSSelectorError>? {
        cache.value(for: selector)
    }

    /// How many selectors have been parsed since launch (cache hits do not count; for tests).
    static var compileCount: Int { cache.compiles }

    /// Parses and translates without touching the cache.
    static func compile(_ selector: String) throws(CSSSelectorError) -> String {
        cache.noteCompile()
        var parser = Parser(selector)
        let group = try parser.parseGroup()
        var alternatives: [String] = []
        alternatives.reserveCapacity(group.count)
        for complex in group {
            alternatives.append(try XPathWriter.write(complex, selector: selector))
        }
        return alternatives.joined(separator: " | ")
    }

    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: Result<String, CSSSelectorError>] = [:]
        private var compileCounter = 0
        /// Selectors are nearly always string literals, so the cache stays small; the limit only
        /// guards against callers that build selectors from page content.
        private let limit = 4096

        func value(for key: String) -> Result<String, CSSSelectorError>? {
            lock.lock()
            defer { lock.unlock() }
            return entries[key]
        }

        func store(_ value: Result<String, CSSSelectorError>, for key: String) {
            lock.lock()
            defer { lock.unlock() }
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }

        func noteCompile() {
            lock.lock()
            defer { lock.unlock() }
            compileCounter += 1
        }

        var compiles: Int {
            lock.lock()
            defer { lock.unlock() }
            return compileCounter
        }
    }
}

/// A CSS selector that could not be parsed, with the 0-based character offset of the problem.
public struct CSSSelectorError: Error, CustomStringConvertible, Equatable, Sendable {
    public let selector: String
    /// 0-based character offset where the problem is.
    public let position: Int
    /// What is wrong, e.g. "expected an identifier after '.'".
    public let message: String

    public init(selector: String, position: Int, message: String) {
        self.selector = selector
        self.position = position
        self.message = message
    }

    public var description: String {
        "invalid CSS selector \"\(selector)\" at position \(position): \(message)"
    }
}

// MARK: - Syntax tree

extension CSSSelector {
    /// One alternative of a group: compounds joined by combinators.
    struct Complex {
        var first: Compound
        var rest: [(combinator: Combinator, compound: Compound)] = []
    }

    enum Combinator: Equatable {
        case descendant, child, adjacent, sibling
    }

    struct Compound: Equatable {
        /// Lower-case element name; nil for `*` or no type selector.
        var tag: String?
        var conditions: [Condition] = []
    }

    enum AttributeOperator: Equatable {
        case equals, prefix, suffix, substring, word, dash
    }

    indirect enum Condition: Equatable {
        case id(String)
        case className(String)
        case attribute(name: String, op: AttributeOperator?, value: String, caseInsensitive: Bool)
        /// `:nth-child(an+b)` and relatives; `:first-child` is `a = 0, b = 1`.
        /// `position` is where the pseudo-class starts (for the "needs a type selector" error).
        case nth(a: Int, b: Int, fromEnd: Bool, ofType: Bool, position: Int)
        /// `:only-child` / `:only-of-type`.
        case only(ofType: Bool, position: Int)
        case empty
        case root
        case not([Compound])
    }
}

// MARK: - Parser

extension CSSSelector {
    struct Parser {
        let selector: String
        let chars: [Character]
        var i = 0

        init(_ selector: String) {
            self.selector = selector
            // CSS preprocessing: NUL becomes U+FFFD (a NUL would also cut the XPath C string).
            self.chars = selector.map { $0 == "\0" ? "\u{FFFD}" : $0 }
        }

        // MARK: Helpers

        var atEnd: Bool { i >= chars.count }
        var current: Character? { i < chars.count ? chars[i] : nil }
        func peek(_ offset: Int = 0) -> Character? {
            let j = i + offset
            return j < chars.count ? chars[j] : nil
        }

        func error(_ message: String, at position: Int? = nil) -> CSSSelectorError {
            CSSSelectorError(selector: selector, position: position ?? i, message: message)
        }

        static func isWhitespace(_ c: Character) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" || c == "\r\n"
        }

        static func isNonASCII(_ c: Character) -> Bool {
            (c.unicodeScalars.first?.value ?? 0) >= 0x80
        }

        static func isNameStart(_ c: Character) -> Bool {
            (c.isASCII && c.isLetter) || c == "_" || isNonASCII(c)
        }

        static func isNameChar(_ c: Character) -> Bool {
            isNameStart(c) || (c.isASCII && c.isNumber) || c == "-"
        }

        /// Describes a character for error messages.
        static func describe(_ c: Character) -> String {
            if isWhitespace(c) { return "white space" }
            return "'\(c)'"
        }

        @discardableResult
        mutating func skipWhitespace() -> Bool {
            let start = i
            while let c = current, Self.isWhitespace(c) { i += 1 }
            return i > start
        }

        /// Whether an identifier starts at the current position (CSS "would start an identifier").
        func startsIdentifier() -> Bool {
            guard let c = current else { return false }
            if Self.isNameStart(c) { return true }
            if c == "\\" { return startsEscape(at: i) }
            if c == "-" {
                guard let n = peek(1) else { return false }
                if Self.isNameStart(n) || n == "-" { return true }
                if n == "\\" { return startsEscape(at: i + 1) }
            }
            return false
        }

        func startsEscape(at j: Int) -> Bool {
            guard j < chars.count, chars[j] == "\\", j + 1 < chars.count else { return false }
            let n = chars[j + 1]
            return n != "\n" && n != "\r" && n != "\u{0C}" && n != "\r\n"
        }

        /// Reads an escape (the current character is `\`) and returns the escaped text.
        mutating func readEscape() throws(CSSSelectorError) -> String {
            let start = i
            i += 1 // backslash
            guard let c = current else { throw error("unexpected end of selector after '\\'", at: start) }
            if c.isHexDigit {
                var value: UInt32 = 0
                var digits = 0
                while digits < 6, let h = current, h.isHexDigit, let v = h.hexDigitValue {
                    value = value * 16 + UInt32(v)
                    digits += 1
                    i += 1
                }
                if let w = current, Self.isWhitespace(w) { i += 1 }
                if value == 0 || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF {
                    return "\u{FFFD}"
                }
                return String(Character(Unicode.Scalar(value)!))
            }
            if c == "\n" || c == "\r" || c == "\u{0C}" || c == "\r\n" {
                throw error("a line break cannot be escaped here", at: start)
            }
            i += 1
            return String(c)
        }

        /// Reads name characters (and escapes). `extra` allows more characters (`:` in
        /// attribute names). Returns nil when no name character is at the current position.
        mutating func readName(extra: Set<Character> = []) throws(CSSSelectorError) -> String? {
            var name = ""
            while let c = current {
                if Self.isNameChar(c) || extra.contains(c) {
                    name.append(c)
                    i += 1
                } else if c == "\\", startsEscape(at: i) {
                    name += try readEscape()
                } else {
                    break
                }
            }
            return name.isEmpty ? nil : name
        }

        /// Reads a CSS identifier, or returns nil (consuming nothing) if none starts here.
        mutating func readIdentifier() throws(CSSSelectorError) -> String? {
            guard startsIdentifier() else { return nil }
            return try readName()
        }

        // MARK: Grammar

        mutating func parseGroup() throws(CSSSelectorError) -> [Complex] {
            skipWhitespace()
            if atEnd { throw error("empty selector", at: 0) }
            var group: [Complex] = []
            while true {
                group.append(try parseComplex())
                skipWhitespace()
                guard let c = current else { break }
                if c == "," {
                    i += 1
                    skipWhitespace()
                    if atEnd { throw error("expected a selector after ','") }
                    continue
                }
                throw unexpected(c)
            }
            return group
        }

        func unexpected(_ c: Character) -> CSSSelectorError {
            switch c {
            case "]": return error("unexpected ']' without a matching '['")
            case ")": return error("unexpected ')' without a matching '('")
            case ",": return error("expected a selector before ','")
            case "|": return error("namespace prefixes are not supported")
            default: return error("unexpected \(Self.describe(c))")
            }
        }

        mutating func parseComplex() throws(CSSSelectorError) -> Complex {
            if let c = current, c == ">" || c == "+" || c == "~" {
                throw error("expected a selector before '\(c)'")
            }
            var complex = Complex(first: try requireCompound())
            while true {
                let sawWhitespace = skipWhitespace()
                guard let c = current else { break }
                let combinator: Combinator
                switch c {
                case ">", "+", "~":
                    combinator = c == ">" ? .child : c == "+" ? .adjacent : .sibling
                    i += 1
                    skipWhitespace()
                    if atEnd || current == "," || current == ")" {
                        throw error("expected a selector after '\(c)'")
                    }
                    if let n = current, n == ">" || n == "+" || n == "~" {
                        throw error("expected a selector after '\(c)', found '\(n)'")
                    }
                case ",", ")":
                    return complex
                default:
                    guard sawWhitespace else { throw unexpected(c) }
                    combinator = .descendant
                }
                complex.rest.append((combinator, try requireCompound()))
            }
            return complex
        }

        mutating func requireCompound() throws(CSSSelectorError) -> Compound {
            if let compound = try parseCompound() { return compound }
            if let c = current { throw unexpected(c) }
            throw error("expected a selector")
        }

        /// A type selector (or `*`) followed by any number of `#id`, `.class`, `[attr]` and
        /// pseudo-classes. Nil if nothing matched at the current position.
        mutating func parseCompound() throws(CSSSelectorError) -> Compound? {
            let start = i
            var compound = Compound()
            if current == "*" {
                i += 1
                if current == "|" { throw error("namespace prefixes are not supported") }
            } else if let name = try readIdentifier() {
                if current == "|", peek(1) != "=" { throw error("namespace prefixes are not supported") }
                compound.tag = asciiLowercased(name)
            }
            loop: while let c = current {
                switch c {
                case "#":
                    i += 1
                    guard let name = try readName() else { throw error("expected a name after '#'") }
                    compound.conditions.append(.id(name))
                case ".":
                    i += 1
                    guard let name = try readName() else { throw error("expected an identifier after '.'") }
                    compound.conditions.append(.className(name))
                case "[":
                    compound.conditions.append(try parseAttribute())
                case ":":
                    compound.conditions.append(try parsePseudo())
                case "*":
                    throw error("'*' must come first in a compound selector")
                default:
                    if i > start, startsIdentifier() {
                        throw error("a type selector must come first in a compound selector")
                    }
                    break loop
                }
            }
            return i > start ? compound : nil
        }

        // Long: the grammar of an attribute selector ([name op value i]) read left to right; each step
        // depends on the position the one before left.
        mutating func parseAttribute() throws(CSSSelectorError) -> Condition {
            let open = i
            i += 1 // [
            skipWhitespace()
            if current == "|" || (current == "*" && peek(1) == "|") {
                throw error("namespace prefixes are not supported")
            }
            guard let rawName = try readName(extra: [":"]) else {
                if atEnd { throw error("unclosed '['", at: open) }
                throw error("expected an attribute name after '['")
            }
            let name = asciiLowercased(rawName)
            skipWhitespace()
            guard let c = current else { throw error("unclosed '['", at: open) }
            if c == "]" {
                i += 1
                return .attribute(name: name, op: nil, value: "", caseInsensitive: false)
            }
            let op: AttributeOperator
            switch c {
            case "=": op = .equals
            case "^": op = .prefix
            case "$": op = .suffix
            case "*": op = .substring
            case "~": op = .word
            case "|": op = .dash
            default: throw error("expected '=', '^=', '$=', '*=', '~=', '|=' or ']' in attribute selector")
            }
            if op == .equals {
                i += 1
            } else {
                guard peek(1) == "=" else { throw error("expected '=' after '\(c)'", at: i + 1) }
                i += 2
            }
            skipWhitespace()
            let value: String
            guard let q = current else { throw error("expected a value after '\(c == "=" ? "=" : "\(c)=")'") }
            if q == "\"" || q == "'" {
                value = try readString()
            } else {
                var text = ""
                while let v = current, !Self.isWhitespace(v), v != "]", v != "[", v != "\"", v != "'" {
                    if v == "\\" {
                        text += try readEscape()
                    } else {
                        text.append(v)
                        i += 1
                    }
                }
                if text.isEmpty {
                    if atEnd { throw error("unclosed '['", at: open) }
                    throw error("expected a value after '\(c == "=" ? "=" : "\(c)=")'")
                }
                value = text
            }
            skipWhitespace()
            var caseInsensitive = false
            if let f = current, f != "]" {
                if (f == "i" || f == "I" || f == "s" || f == "S"), let n = peek(1), n == "]" || Self.isWhitespace(n) {
                    caseInsensitive = f == "i" || f == "I"
                    i += 1
                    skipWhitespace()
                }
            }
            guard let close = current else { throw error("unclosed '['", at: open) }
            guard close == "]" else { throw error("expected ']' to close the attribute selector") }
            i += 1
            return .attribute(name: name, op: op, value: value, caseInsensitive: caseInsensitive)
        }

        /// A quoted string; the current character is the quote.
        mutating func readString() throws(CSSSelectorError) -> String {
            let open = i
            let quote = chars[i]
            i += 1
            var text = ""
            while true {
                guard let c = current else { throw error("unterminated string", at: open) }
                if c == quote {
                    i += 1
                    return text
                }
                if c == "\\" {
                    guard let n = peek(1) else {
                        i += 1
                        continue
                    }
                    if n == "\n" || n == "\r" || n == "\u{0C}" || n == "\r\n" {
                        i += 2 // escaped line break: a line continuation
                        continue
                    }
                    text += try readEscape()
                } else {
                    text.append(c)
                    i += 1
                }
            }
        }

        mutating func parsePseudo() throws(CSSSelectorError) -> Condition {
            let start = i
            i += 1 // :
            if current == ":" { throw error("pseudo-elements are not supported", at: start) }
            guard let rawName = try readIdentifier() else { throw error("expected a pseudo-class name after ':'") }
            let name = asciiLowercased(rawName)
            if current == "(" {
                let open = i
                i += 1
                switch name {
                case "not":
                    return try parseNot(open: open)
                case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
                    let (a, b) = try parseNth(name: name, open: open)
                    return .nth(a: a, b: b, fromEnd: name.contains("last"), ofType: name.hasSuffix("of-type"), position: start)
                default:
                    throw error("unsupported pseudo-class ':\(name)()'", at: start)
                }
            }
            switch name {
            case "first-child": return .nth(a: 0, b: 1, fromEnd: false, ofType: false, position: start)
            case "last-child": return .nth(a: 0, b: 1, fromEnd: true, ofType: false, position: start)
            case "only-child": return .only(ofType: false, position: start)
            case "first-of-type": return .nth(a: 0, b: 1, fromEnd: false, ofType: true, position: start)
            case "last-of-type": return .nth(a: 0, b: 1, fromEnd: true, ofType: true, position: start)
            case "only-of-type": return .only(ofType: true, position: start)
            case "empty": return .empty
            case "root": return .root
            case "not", "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
                throw error("expected '(' after ':\(name)'")
            default:
                throw error("unsupported pseudo-class ':\(name)'", at: start)
            }
        }

        /// `:not(` has been read; reads a list of compound selectors and the `)`.
        mutating func parseNot(open: Int) throws(CSSSelectorError) -> Condition {
            var list: [Compound] = []
            while true {
                skipWhitespace()
                guard let c = current else { throw error("unclosed '(' of ':not('", at: open) }
                guard let compound = try parseCompound() else {
                    if c == ")" { throw error("expected a selector inside ':not()'") }
                    throw unexpected(c)
                }
                list.append(compound)
                skipWhitespace()
                guard let n = current else { throw error("unclosed '(' of ':not('", at: open) }
                if n == "," {
                    i += 1
                    continue
                }
                if n == ")" {
                    i += 1
                    return .not(list)
                }
                if n == ">" || n == "+" || n == "~" || startsIdentifier() || n == "*" || n == "." || n == "#" || n == "[" || n == ":" {
                    throw error("combinators are not supported inside ':not()'")
                }
                throw unexpected(n)
            }
        }

        /// `:nth-…(` has been read; reads `an+b` (or odd/even) and the `)`.
        mutating func parseNth(name: String, open: Int) throws(CSSSelectorError) -> (Int, Int) {
            let invalid = "invalid argument to ':\(name)()'; expected an+b, odd or even"
            skipWhitespace()
            if atEnd { throw error("unclosed '(' of ':\(name)('", at: open) }
            var a = 0
            var b = 0
            let wordStart = i
            var word = ""
            while let c = current, c.isASCII, c.isLetter {
                word.append(c)
                i += 1
            }
            switch asciiLowercased(word) {
            case "odd": (a, b) = (2, 1)
            case "even": (a, b) = (2, 0)
            default:
                i = wordStart
                var sign = 1
                if current == "+" || current == "-" {
                    sign = current == "-" ? -1 : 1
                    i += 1
                }
                let digits = try readDigits(invalid)
                if let c = current, c == "n" || c == "N" {
                    i += 1
                    a = sign * (digits ?? 1)
                    skipWhitespace()
                    if let s = current, s == "+" || s == "-" {
                        i += 1
                        skipWhitespace()
                        guard let value = try readDigits(invalid) else { throw error(invalid) }
                        b = s == "-" ? -value : value
                    } else if let c = current, c.isNumber {
                        throw error(invalid)
                    }
                } else {
                    guard let digits else { throw error(invalid) }
                    b = sign * digits
                }
            }
            skipWhitespace()
            guard let close = current else { throw error("unclosed '(' of ':\(name)('", at: open) }
            guard close == ")" else { throw error(invalid) }
            i += 1
            return (a, b)
        }

        mutating func readDigits(_ message: String) throws(CSSSelectorError) -> Int? {
            let start = i
            var value = 0
            while let c = current, c.isASCII, let d = c.wholeNumberValue {
                if i - start >= 9 { throw error("number too large", at: start) }
                value = value * 10 + d
                i += 1
            }
            return i > start ? value : nil
        }
    }
}

// MARK: - XPath generation

extension CSSSelector {
    enum XPathWriter {
        static func write(_ complex: Complex, selector: String) throws(CSSSelectorError) -> String {
            var path = try step(axis: "descendant", complex.first, selector: selector)
            for (combinator, compound) in complex.rest {
                path += "/"
                switch combinator {
                case .descendant: path += try step(axis: "descendant", compound, selector: selector)
                case .child: path += try step(axis: "child", compound, selector: selector)
                case .sibling: path += try step(axis: "following-sibling", compound, selector: selector)
                case .adjacent:
                    // The next element sibling, whatever it is, then the tests on it.
                    var s = "following-sibling::*[1]"
                    if let tag = compound.tag { s += "[\(selfTest(tag))]" }
                    for condition in compound.conditions {
                        s += "[\(try predicate(condition, tag: compound.tag, selector: selector))]"
                    }
                    path += s
                }
            }
            return path
        }

        /// `axis::tag[cond]…`
        static func step(axis: String, _ compound: Compound, selector: String) throws(CSSSelectorError) -> String {
            var s = "\(axis)::" + nodeTest(compound.tag)
            for condition in compound.conditions {
                s += "[\(try predicate(condition, tag: compound.tag, selector: selector))]"
            }
            return s
        }

        /// Whether `name` can be written as an XPath name test as it is.
        static func isPlainName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first else { return false }
            guard ("a"..."z").contains(first) || first == "_" else { return false }
            return name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
            }
        }

        /// A node test for an element name: `p`, `*`, or `*[name()='odd:name']`.
        static func nodeTest(_ tag: String?) -> String {
            guard let tag else { return "*" }
            return isPlainName(tag) ? tag : "*[name()=\(literal(tag))]"
        }

        /// A boolean test that the context element has this name.
        static func selfTest(_ tag: String) -> String {
            isPlainName(tag) ? "self::\(tag)" : "name()=\(literal(tag))"
        }

        static func attributeReference(_ name: String) -> String {
            isPlainName(name) ? "@\(name)" : "@*[name()=\(literal(name))]"
        }

        static let upper = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
        static let lower = "'abcdefghijklmnopqrstuvwxyz'"

        /// A boolean XPath expression for one condition on the context element. `tag` is the
        /// compound's type selector (needed by the `-of-type` pseudo-classes).
        // Long: a table: one case per selector condition, each the XPath expression it becomes.
        static func predicate(_ condition: Condition, tag: String?, selector: String) throws(CSSSelectorError) -> String {
            switch condition {
            case .id(let id):
                return "@id=\(literal(id))"
            case .className(let name):
                return "contains(concat(' ', normalize-space(@class), ' '), \(literal(" \(name) ")))"
            case .attribute(let name, let op, let rawValue, let caseInsensitive):
                let attr = attributeReference(name)
                guard let op else { return attr }
                let subject = caseInsensitive ? "translate(\(attr), \(upper), \(lower))" : attr
                let value = caseInsensitive ? asciiLowercased(rawValue) : rawValue
                let v = literal(value)
                let test: String
                switch op {
                case .equals:
                    test = "\(subject)=\(v)"
                case .prefix:
                    if value.isEmpty { return "false()" }
                    test = "starts-with(\(subject), \(v))"
                case .suffix:
                    if value.isEmpty { return "false()" }
                    test = "substring(\(subject), string-length(\(subject)) - string-length(\(v)) + 1)=\(v)"
                case .substring:
                    if value.isEmpty { return "false()" }
                    test = "contains(\(subject), \(v))"
                case .word:
                    if value.isEmpty || value.contains(where: Parser.isWhitespace) { return "false()" }
                    test = "contains(concat(' ', normalize-space(\(subject)), ' '), \(literal(" \(value) ")))"
                case .dash:
                    test = "(\(subject)=\(v) or starts-with(\(subject), \(literal(value + "-"))))"
                }
                // translate() of a missing attribute is '', which could match an empty value.
                return caseInsensitive ? "\(attr) and \(test)" : test
            case .nth(let a, let b, let fromEnd, let ofType, let position):
                let siblings = try siblingTest(ofType: ofType, tag: tag, position: position, selector: selector)
                let count = "count(\(fromEnd ? "following" : "preceding")-sibling::\(siblings))"
                return nthTest(count: count, a: a, b: b)
            case .only(let ofType, let position):
                let siblings = try siblingTest(ofType: ofType, tag: tag, position: position, selector: selector)
                return "not(preceding-sibling::\(siblings)) and not(following-sibling::\(siblings))"
            case .empty:
                return "not(*) and not(text())"
            case .root:
                return "not(parent::*)"
            case .not(let list):
                var alternatives: [String] = []
                for compound in list {
                    var parts: [String] = []
                    if let own = compound.tag { parts.append(selfTest(own)) }
                    for inner in compound.conditions {
                        parts.append(try predicate(inner, tag: compound.tag ?? tag, selector: selector))
                    }
                    switch parts.count {
                    case 0: alternatives.append("true()")
                    case 1: alternatives.append(parts[0])
                    default: alternatives.append(parts.map { "(\($0))" }.joined(separator: " and "))
                    }
                }
                if alternatives.count == 1 { return "not(\(alternatives[0]))" }
                return "not(" + alternatives.map { "(\($0))" }.joined(separator: " or ") + ")"
            }
        }

        static func siblingTest(ofType: Bool, tag: String?, position: Int, selector: String) throws(CSSSelectorError) -> String {
            guard ofType else { return "*" }
            guard let tag else {
                throw CSSSelectorError(
                    selector: selector, position: position,
                    message: "'-of-type' pseudo-classes need a type selector (e.g. 'p:first-of-type')")
            }
            return nodeTest(tag)
        }

        /// Whether position p = count + 1 is a*n + b for some n >= 0.
        static func nthTest(count c: String, a: Int, b: Int) -> String {
            // With k = count = p - 1: p = a*n + b  <=>  k = a*n + (b - 1).
            let offset = b - 1
            if a == 0 {
                return offset < 0 ? "false()" : "\(c)=\(offset)"
            }
            var parts: [String] = []
            if a > 0 {
                if offset > 0 { parts.append("\(c)>=\(offset)") }
            } else {
                if offset < 0 { return "false()" }
                parts.append("\(c)<=\(offset)")
            }
            let step = abs(a)
            if step != 1 {
                // XPath's mod keeps the dividend's sign; the divisibility test does not care.
                let shifted = offset == 0 ? c : offset > 0 ? "(\(c) - \(offset))" : "(\(c) + \(-offset))"
                parts.append("\(shifted) mod \(step)=0")
            }
            return parts.isEmpty ? "true()" : parts.joined(separator: " and ")
        }

        /// An XPath 1.0 string literal for `s`; `concat()` when it holds both quote kinds.
        static func literal(_ s: String) -> String {
            if !s.contains("'") { return "'\(s)'" }
            if !s.contains("\"") { return "\"\(s)\"" }
            var pieces: [String] = []
            for (k, part) in s.split(separator: "'", omittingEmptySubsequences: false).enumerated() {
                if k > 0 { pieces.append("\"'\"") }
                if !part.isEmpty { pieces.append("'\(part)'") }
            }
            return "concat(\(pieces.joined(separator: ", ")))"
        }
    }
}

/// Lower-cases ASCII letters only, as libxml2's HTML parser does for names.
private func asciiLowercased(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return s }
    return String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
}
