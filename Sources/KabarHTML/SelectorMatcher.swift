import CLibXML2
import Foundation

/// Matches parsed CSS selectors directly against libxml2's tree: right to left, as browsers
/// do, reading names and attribute values in place. The XPath that `CSSSelector` compiles
/// costs several string allocations per element in libxml2 (`normalize-space`, `concat`
/// for every class test) and most of a plugin's time went there; this does the same matching
/// with none. `CSSSelector.xpath(for:)` stays the reference (and the syntax checker): tests
/// compare the two on real pages.
struct SelectorMatcher: @unchecked Sendable {
    let alternatives: [Alternative]

    /// A complex selector stored subject first: `compounds[0]` must match the element,
    /// `combinators[i]` links `compounds[i]` to `compounds[i + 1]` (to its left).
    struct Alternative {
        var compounds: [Compiled]
        var combinators: [CSSSelector.Combinator]
        /// The same alternative in flat records that matching reads without copying
        /// (`Program`); `compounds` stay for the element index's keys and as the reference.
        var program: Program
        /// For the alternatives merged into one scan (`mergingAttributeScans`): the originals,
        /// matched as "any of them" by the reference; empty for any other alternative.
        var members: [Alternative] = []
    }

    /// A compound with its names as nul-terminated bytes, for `strcmp` against the tree.
    struct Compiled {
        var tag: [CChar]?
        var conditions: [Condition]
        /// Keys for the element index (`ElementIndex.key`): the tag, the id and the first class.
        var tagKey: UInt64?
        var idKey: UInt64?
        var classKey: UInt64?
    }

    enum Condition {
        case id([CChar])
        case className([UInt8])
        case attribute(name: [CChar], op: CSSSelector.AttributeOperator?, value: [UInt8], caseInsensitive: Bool)
        case nth(a: Int, b: Int, fromEnd: Bool, ofType: Bool)
        case only(ofType: Bool)
        case empty
        case root
        case not([Compiled])
    }

    // MARK: Compiling

    private static let cache = MatcherCache()

    /// The matcher for a selector; syntax errors are `CSSSelector`'s, with their positions.
    static func forSelector(_ selector: String) throws(CSSSelectorError) -> SelectorMatcher {
        if let cached = cache.get(selector) { return try cached.get() }
        let result: Result<SelectorMatcher, CSSSelectorError>
        do {
            _ = try CSSSelector.xpath(for: selector)   // the reference validation, cached
            var parser = CSSSelector.Parser(selector)
            let group = try parser.parseGroup()
            result = .success(SelectorMatcher(alternatives: mergingAttributeScans(group.map(Self.alternative))))
        } catch {
            result = .failure(error)
        }
        cache.set(selector, result)
        return try result.get()
    }

    static func alternative(_ complex: CSSSelector.Complex) -> Alternative {
        var compounds = [compile(complex.first)]
        var combinators: [CSSSelector.Combinator] = []
        for (combinator, compound) in complex.rest {
            combinators.append(combinator)
            compounds.append(compile(compound))
        }
        return Alternative(compounds: compounds.reversed(), combinators: combinators.reversed(), program: Program(complex))
    }

    /// Alternatives that are one attribute test alone (`[class*="ads-"]`, `[id^=ads_]`: no
    /// tag, id or class for the element index to look up) are each a scan of every element of
    /// the scope, reading the attribute again. Two or more of them become one alternative
    /// (in the place of the first) whose program reads each element's attributes once and
    /// tests them all (`Program(anyOf:)`): a selection's result is the same set, and the
    /// selection sorts the matches of several alternatives into document order as before.
    static func mergingAttributeScans(_ alternatives: [Alternative]) -> [Alternative] {
        let scanned = alternatives.indices.filter { attributeTestAlone(alternatives[$0]) != nil }
        guard scanned.count >= 2 else { return alternatives }
        let tests = scanned.map { attributeTestAlone(alternatives[$0])! }
        guard Set(tests.map(\.name)).count <= Program.maxScanNames else { return alternatives }
        let merged = Alternative(compounds: [Compiled(tag: nil, conditions: [])], combinators: [],
                                 program: Program(anyOf: tests), members: scanned.map { alternatives[$0] })
        var result: [Alternative] = []
        for (i, alternative) in alternatives.enumerated() {
            if i == scanned[0] { result.append(merged) } else if !scanned.contains(i) { result.append(alternative) }
        }
        return result
    }

    /// The attribute test of an alternative that is that test alone (one compound, no tag,
    /// one condition, an attribute's), as `Program(anyOf:)` takes it; nil for any other.
    static func attributeTestAlone(_ alternative: Alternative) -> Program.AttributeTest? {
        guard alternative.members.isEmpty, alternative.combinators.isEmpty, alternative.compounds.count == 1 else { return nil }
        let compound = alternative.compounds[0]
        guard compound.tag == nil, compound.conditions.count == 1,
              case .attribute(let name, let op, let value, let caseInsensitive) = compound.conditions[0] else { return nil }
        return Program.AttributeTest(name: Array(name.dropLast().map { UInt8(bitPattern: $0) }), op: op,
                                     value: value, caseInsensitive: caseInsensitive)
    }

    static func cString(_ s: String) -> [CChar] { Array(s.utf8CString) }

    static func compile(_ compound: CSSSelector.Compound) -> Compiled {
        var idName: String?
        var className: String?
        for condition in compound.conditions {
            if case .id(let v) = condition, idName == nil { idName = v }
            if case .className(let v) = condition, className == nil { className = v }
        }
        return Compiled(tag: compound.tag.map(cString), conditions: compound.conditions.map { condition in
            switch condition {
            case .id(let v): return .id(cString(v))
            case .className(let v): return .className(Array(v.utf8))
            case .attribute(let name, let op, let value, let ci):
                return .attribute(name: cString(name), op: op, value: Array(value.utf8), caseInsensitive: ci)
            case .nth(let a, let b, let fromEnd, let ofType, _): return .nth(a: a, b: b, fromEnd: fromEnd, ofType: ofType)
            case .only(let ofType, _): return .only(ofType: ofType)
            case .empty: return .empty
            case .root: return .root
            case .not(let list): return .not(list.map(compile))
            }
        }, tagKey: compound.tag.map(ElementIndex.key), idKey: idName.map(ElementIndex.key), classKey: className.map(ElementIndex.key))
    }

    // MARK: Selecting

    /// Elements below `scope` (not `scope` itself) matching any alternative, in document order.
    func select(below scope: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var node = scope.pointee.children
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE {
                if matchesAny(n, scope: scope) { result.append(n) }
                if let child = n.pointee.children { node = child; continue }
            }
            // Next in document order without leaving `scope`.
            var up: xmlNodePtr? = n
            node = nil
            while let u = up, u != scope {
                if let next = u.pointee.next { node = next; break }
                up = u.pointee.parent
            }
        }
        return result
    }

    func matchesAny(_ element: xmlNodePtr, scope: xmlNodePtr) -> Bool {
        for alternative in alternatives where matches(alternative, 0, element, scope: scope) { return true }
        return false
    }

    /// Whether `element` matches `alt.compounds[index]` and, to its left, the rest.
    @inline(__always)
    func matches(_ alt: Alternative, _ index: Int, _ element: xmlNodePtr, scope: xmlNodePtr) -> Bool {
        alt.program.matches(step: index, element, scope: scope)
    }

    /// `matches` through the compounds' Swift values, as it was before `Program`: the reference
    /// the flat program is tested against (it copies each compound and condition it reads).
    func referenceMatches(_ alt: Alternative, _ index: Int, _ element: xmlNodePtr, scope: xmlNodePtr) -> Bool {
        if !alt.members.isEmpty { return alt.members.contains { referenceMatches($0, index, element, scope: scope) } }
        guard Self.matches(alt.compounds[index], element) else { return false }
        guard index < alt.combinators.count else { return true }
        switch alt.combinators[index] {
        case .child:
            guard let parent = Self.parentElement(element, scope: scope) else { return false }
            return referenceMatches(alt, index + 1, parent, scope: scope)
        case .descendant:
            var ancestor = Self.parentElement(element, scope: scope)
            while let a = ancestor {
                if referenceMatches(alt, index + 1, a, scope: scope) { return true }
                ancestor = Self.parentElement(a, scope: scope)
            }
            return false
        case .adjacent:
            guard let previous = Self.previousElement(element) else { return false }
            return referenceMatches(alt, index + 1, previous, scope: scope)
        case .sibling:
            var previous = Self.previousElement(element)
            while let p = previous {
                if referenceMatches(alt, index + 1, p, scope: scope) { return true }
                previous = Self.previousElement(p)
            }
            return false
        }
    }

    /// The parent element, if it lies below `scope` (XPath's `descendant::` from the scope).
    @inline(__always)
    static func parentElement(_ node: xmlNodePtr, scope: xmlNodePtr) -> xmlNodePtr? {
        guard let p = node.pointee.parent, p != scope, p.pointee.type == XML_ELEMENT_NODE else { return nil }
        return p
    }

    @inline(__always)
    static func previousElement(_ node: xmlNodePtr) -> xmlNodePtr? {
        var p = node.pointee.prev
        while let c = p, c.pointee.type != XML_ELEMENT_NODE { p = c.pointee.prev }
        return p
    }

    @inline(__always)
    static func nextElement(_ node: xmlNodePtr) -> xmlNodePtr? {
        var n = node.pointee.next
        while let c = n, c.pointee.type != XML_ELEMENT_NODE { n = c.pointee.next }
        return n
    }

    static func matches(_ compound: Compiled, _ element: xmlNodePtr) -> Bool {
        if let tag = compound.tag {
            guard let name = element.pointee.name else { return false }
            let equal = tag.withUnsafeBufferPointer { strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), $0.baseAddress!) == 0 }
            guard equal else { return false }
        }
        for condition in compound.conditions where !matches(condition, element) { return false }
        return true
    }

    static func matches(_ condition: Condition, _ element: xmlNodePtr) -> Bool {
        switch condition {
        case .id(let id):
            return withAttribute("id", element) { value in
                guard let value else { return false }
                return id.withUnsafeBufferPointer { strcmp(value, $0.baseAddress!) == 0 }
            }
        case .className(let name):
            return withAttribute("class", element) { value in
                guard let value else { return false }
                return containsToken(value, name)
            }
        case .attribute(let name, let op, let wanted, let caseInsensitive):
            return name.withUnsafeBufferPointer { namePtr in
                withAttribute(namePtr.baseAddress!, element) { value in
                    guard let value else { return false }
                    guard let op else { return true }
                    return compare(value, op, wanted, caseInsensitive: caseInsensitive)
                }
            }
        case .nth(let a, let b, let fromEnd, let ofType):
            let position = siblingPosition(element, fromEnd: fromEnd, ofType: ofType)
            if a == 0 { return position == b }
            let diff = position - b
            return diff % a == 0 && diff / a >= 0
        case .only(let ofType):
            return siblingPosition(element, fromEnd: false, ofType: ofType) == 1
                && siblingPosition(element, fromEnd: true, ofType: ofType) == 1
        case .empty:
            var child = element.pointee.children
            while let c = child {
                if c.pointee.type == XML_ELEMENT_NODE || c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE { return false }
                child = c.pointee.next
            }
            return true
        case .root:
            guard let parent = element.pointee.parent else { return false }
            return parent.pointee.type == XML_HTML_DOCUMENT_NODE || parent.pointee.type == XML_DOCUMENT_NODE
        case .not(let compounds):
            return !compounds.contains { matches($0, element) }
        }
    }

    /// 1-based position among element siblings (of the same name when `ofType`).
    static func siblingPosition(_ element: xmlNodePtr, fromEnd: Bool, ofType: Bool) -> Int {
        var position = 1
        var sibling = fromEnd ? nextElement(element) : previousElement(element)
        while let s = sibling {
            if !ofType || xmlStrEqual(s.pointee.name, element.pointee.name) != 0 { position += 1 }
            sibling = fromEnd ? nextElement(s) : previousElement(s)
        }
        return position
    }

    /// Calls `body` with the attribute's value as a C string (nil when absent), read in place
    /// when the value is one text node (as the HTML parser makes them), else through `xmlGetProp`.
    @inline(__always)
    static func withAttribute<R>(_ name: UnsafePointer<CChar>, _ element: xmlNodePtr, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        var attr = element.pointee.properties
        while let a = attr {
            if let attrName = a.pointee.name, strcmp(UnsafeRawPointer(attrName).assumingMemoryBound(to: CChar.self), name) == 0 {
                return withValue(of: a, element, body)
            }
            attr = a.pointee.next
        }
        return body(nil)
    }

    /// Calls `body` with the value of `attr`, an attribute of `element` (found by a walk of
    /// its own), read as `withAttribute` reads it.
    @inline(__always)
    static func withValue<R>(of attr: xmlAttrPtr, _ element: xmlNodePtr, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        if let child = attr.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content {
            return body(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
        }
        if attr.pointee.children == nil { return body("") }
        guard let attrName = attr.pointee.name, let value = xmlGetProp(element, attrName) else { return body(nil) }
        defer { kabar_xml_free(value) }
        return body(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }

    /// Whether a white-space separated list contains `token`.
    static func containsToken(_ list: UnsafePointer<CChar>, _ token: [UInt8]) -> Bool {
        let bytes = UnsafeRawPointer(list).assumingMemoryBound(to: UInt8.self)
        let n = strlen(list)
        var i = 0
        while i < n {
            while i < n, isSpace(bytes[i]) { i += 1 }
            let start = i
            while i < n, !isSpace(bytes[i]) { i += 1 }
            if i - start == token.count, token.withUnsafeBufferPointer({ memcmp(bytes + start, $0.baseAddress!, token.count) == 0 }) { return true }
        }
        return false
    }

    /// `containsToken` with the token in place too (a compiled selector's bytes, never empty).
    static func containsToken(_ bytes: UnsafePointer<UInt8>, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while bytes[i] != 0 {
            while isSpace(bytes[i]) { i += 1 }
            let start = i
            while bytes[i] != 0, !isSpace(bytes[i]) { i += 1 }
            if i - start == token.count, memcmp(bytes + start, token.baseAddress!, token.count) == 0 { return true }
        }
        return false
    }

    /// Whether an attribute value passes `[name op wanted]`, read in place: no copy of the
    /// value (a selector's attribute test runs on every element of its scope).
    static func compare(_ value: UnsafePointer<CChar>, _ op: CSSSelector.AttributeOperator, _ wanted: [UInt8], caseInsensitive: Bool) -> Bool {
        wanted.withUnsafeBufferPointer { compare(value, op, $0, caseInsensitive: caseInsensitive) }
    }

    /// `compare` with the wanted value in place too (a compiled selector's bytes).
    static func compare(_ value: UnsafePointer<CChar>, _ op: CSSSelector.AttributeOperator, _ want: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool) -> Bool {
        compare(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)),
                op, want, caseInsensitive: caseInsensitive)
    }

    /// `compare` of a value whose length is known (`have`, without its NUL).
    @inline(__always)
    static func compare(_ have: UnsafeBufferPointer<UInt8>, _ op: CSSSelector.AttributeOperator, _ want: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool) -> Bool {
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { caseInsensitive && b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        /// Whether `want` is at `start` of `have` (which has room for it).
        @inline(__always) func isAt(_ start: Int) -> Bool {
            var k = 0
            while k < want.count {
                if fold(have[start + k]) != fold(want[k]) { return false }
                k += 1
            }
            return true
        }
        switch op {
        case .equals: return have.count == want.count && isAt(0)
        case .prefix: return !want.isEmpty && have.count >= want.count && isAt(0)
        case .suffix: return !want.isEmpty && have.count >= want.count && isAt(have.count - want.count)
        case .substring:
            guard !want.isEmpty, have.count >= want.count else { return false }
            for i in 0...(have.count - want.count) where isAt(i) { return true }
            return false
        case .word:
            guard !want.isEmpty, !want.contains(where: isSpace) else { return false }
            var i = 0
            while i < have.count {
                while i < have.count, isSpace(have[i]) { i += 1 }
                let start = i
                while i < have.count, !isSpace(have[i]) { i += 1 }
                if i - start == want.count, isAt(start) { return true }
            }
            return false
        case .dash:
            return have.count >= want.count && isAt(0) && (have.count == want.count || have[want.count] == 0x2D)
        }
    }
}

private final class MatcherCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Result<SelectorMatcher, CSSSelectorError>] = [:]

    func get(_ key: String) -> Result<SelectorMatcher, CSSSelectorError>? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    func set(_ key: String, _ value: Result<SelectorMatcher, CSSSelectorError>) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= 4096 { entries.removeAll() }
        entries[key] = value
    }
}
