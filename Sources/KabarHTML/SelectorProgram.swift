import CLibXML2
import Foundation

extension SelectorMatcher {
    /// One selector alternative compiled once into flat records: its compounds, their tests
    /// and every name and value as bytes in one buffer, all in memory that matching reads in
    /// place. Matching an element compares libxml2's tag and attribute names and values with
    /// these bytes directly: no Swift value is copied per element (the compounds' arrays and
    /// enum payloads cost a retain and a release for every test, ~40 % of matching before).
    ///
    /// Steps are stored subject first, as `Alternative.compounds`: step `i` names the compound
    /// the element must match, and how it links to step `i + 1` (to its left).
    final class Program: @unchecked Sendable {
        struct Step {
            var compound: Int32
            /// The combinator to the next step; unused on the last.
            var combinator: Combinator
        }

        enum Combinator: UInt8 {
            case descendant, child, adjacent, sibling

            init(_ c: CSSSelector.Combinator) {
                switch c {
                case .descendant: self = .descendant
                case .child: self = .child
                case .adjacent: self = .adjacent
                case .sibling: self = .sibling
                }
            }
        }

        struct Compound {
            /// The tag's bytes in `bytes` (`tagLength` -1: any element).
            var tag: Int32
            var tagLength: Int32
            /// The compound's tests: `tests[firstTest ..< firstTest + testCount]`.
            var firstTest: Int32
            var testCount: Int32
        }

        enum Kind: UInt8 {
            case id, className, attribute, nth, only, empty, root, not
        }

        /// One condition. `name` / `value` are byte ranges in `bytes` (id: `value` is the id;
        /// class: `value` is the class; attribute: both); `.not` lists its compounds'
        /// indices at `lists[first ..< first + count]`.
        struct Test {
            var kind: Kind
            /// The attribute operator (`AttributeOperator`'s order), or `exists`.
            var op: UInt8 = Test.exists
            var caseInsensitive = false
            var fromEnd = false
            var ofType = false
            var name: Int32 = 0
            var nameLength: Int32 = 0
            var value: Int32 = 0
            var valueLength: Int32 = 0
            var a = 0
            var b = 0
            var first: Int32 = 0
            var count: Int32 = 0

            static let exists: UInt8 = 255
            static let operators: [CSSSelector.AttributeOperator] = [.equals, .prefix, .suffix, .substring, .word, .dash]
        }

        /// An attribute test of several alternatives merged into one scan (`init(anyOf:)`):
        /// the name without its NUL.
        struct AttributeTest {
            var name: [UInt8]
            var op: CSSSelector.AttributeOperator?
            var value: [UInt8]
            var caseInsensitive: Bool
        }

        /// The tests of a merged scan that read one attribute: `name` in `bytes`, the tests at
        /// `tests[firstTest ..< firstTest + testCount]`.
        struct NameGroup {
            var name: Int32
            var nameLength: Int32
            var firstTest: Int32
            var testCount: Int32
        }

        /// The most attribute names one merged scan tests (a bit each per element).
        static let maxScanNames = 64

        let steps: UnsafeMutableBufferPointer<Step>
        let compounds: UnsafeMutableBufferPointer<Compound>
        let tests: UnsafeMutableBufferPointer<Test>
        let lists: UnsafeMutableBufferPointer<Int32>
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// A merged scan's names, `groupCount` of them; none for any other program.
        let groups: UnsafeMutableBufferPointer<NameGroup>
        let groupCount: Int

        init(_ complex: CSSSelector.Complex) {
            var builder = Builder()
            var order = [(compound: complex.first, combinator: CSSSelector.Combinator?.none)]
            for (combinator, compound) in complex.rest {
                order[order.count - 1].combinator = combinator
                order.append((compound, nil))
            }
            // Subject first: reversed, each step keeping the combinator to its left.
            var built: [Step] = []
            for k in stride(from: order.count - 1, through: 0, by: -1) {
                let link = k > 0 ? order[k - 1].combinator! : .descendant
                built.append(Step(compound: builder.add(order[k].compound), combinator: Combinator(link)))
            }
            steps = Self.copy(built)
            compounds = Self.copy(builder.compounds)
            tests = Self.copy(builder.tests)
            lists = Self.copy(builder.lists)
            bytes = Self.copy(builder.bytes)
            groups = Self.copy([NameGroup]())
            groupCount = 0
        }

        /// Alternatives that are each one attribute test alone, as one program: an element
        /// matches when any test passes. Matching reads the element's attributes once, each
        /// name's value once (the first attribute of that name, as every test reads), and runs
        /// that name's tests on it. At most `maxScanNames` distinct names.
        init(anyOf attributeTests: [AttributeTest]) {
            var builder = Builder()
            var names: [[UInt8]] = []
            for test in attributeTests where !names.contains(test.name) { names.append(test.name) }
            precondition(names.count <= Self.maxScanNames)
            var nameGroups: [NameGroup] = []
            for name in names {
                let (start, length) = builder.text(name)
                let first = Int32(builder.tests.count)
                for test in attributeTests where test.name == name {
                    var t = Test(kind: .attribute)
                    (t.name, t.nameLength) = (start, length)
                    (t.value, t.valueLength) = builder.text(test.value)
                    t.op = test.op.map { UInt8(Test.operators.firstIndex(of: $0)!) } ?? Test.exists
                    t.caseInsensitive = test.caseInsensitive
                    builder.tests.append(t)
                }
                nameGroups.append(NameGroup(name: start, nameLength: length, firstTest: first,
                                            testCount: Int32(builder.tests.count) - first))
            }
            builder.compounds.append(Compound(tag: 0, tagLength: -1, firstTest: 0, testCount: Int32(builder.tests.count)))
            steps = Self.copy([Step(compound: 0, combinator: .descendant)])
            compounds = Self.copy(builder.compounds)
            tests = Self.copy(builder.tests)
            lists = Self.copy(builder.lists)
            bytes = Self.copy(builder.bytes)
            groups = Self.copy(nameGroups)
            groupCount = nameGroups.count
        }

        deinit {
            steps.deallocate()
            compounds.deallocate()
            tests.deallocate()
            lists.deallocate()
            bytes.deallocate()
            groups.deallocate()
        }

        private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
            _ = buffer.initialize(from: array)
            return buffer
        }

        private struct Builder {
            var compounds: [Compound] = []
            var tests: [Test] = []
            var lists: [Int32] = []
            var bytes: [UInt8] = []

            mutating func text(_ s: String) -> (Int32, Int32) { text(Array(s.utf8)) }

            mutating func text(_ s: [UInt8]) -> (Int32, Int32) {
                let start = Int32(bytes.count)
                bytes += s
                bytes.append(0)   // a C string for libxml2 (`xmlGetProp` in `withValue`)
                return (start, Int32(s.count))
            }

            /// Adds `compound` (and first the compounds of its `:not`s); its index.
            mutating func add(_ compound: CSSSelector.Compound) -> Int32 {
                var own: [Test] = []
                for condition in compound.conditions {
                    switch condition {
                    case .id(let v):
                        var t = Test(kind: .id)
                        (t.value, t.valueLength) = text(v)
                        own.append(t)
                    case .className(let v):
                        var t = Test(kind: .className)
                        (t.value, t.valueLength) = text(v)
                        own.append(t)
                    case .attribute(let name, let op, let value, let ci):
                        var t = Test(kind: .attribute)
                        (t.name, t.nameLength) = text(name)
                        (t.value, t.valueLength) = text(value)
                        t.op = op.map { UInt8(Test.operators.firstIndex(of: $0)!) } ?? Test.exists
                        t.caseInsensitive = ci
                        own.append(t)
                    case .nth(let a, let b, let fromEnd, let ofType, _):
                        var t = Test(kind: .nth)
                        (t.a, t.b, t.fromEnd, t.ofType) = (a, b, fromEnd, ofType)
                        own.append(t)
                    case .only(let ofType, _):
                        var t = Test(kind: .only)
                        t.ofType = ofType
                        own.append(t)
                    case .empty: own.append(Test(kind: .empty))
                    case .root: own.append(Test(kind: .root))
                    case .not(let list):
                        let inner = list.map { add($0) }
                        var t = Test(kind: .not)
                        t.first = Int32(lists.count)
                        t.count = Int32(inner.count)
                        lists += inner
                        own.append(t)
                    }
                }
                var record = Compound(tag: 0, tagLength: -1, firstTest: Int32(tests.count), testCount: Int32(own.count))
                if let tag = compound.tag { (record.tag, record.tagLength) = text(tag) }
                tests += own
                compounds.append(record)
                return Int32(compounds.count - 1)
            }
        }

        // MARK: Matching

        /// Whether `element` matches step `index` and, to its left, the rest.
        func matches(step index: Int, _ element: xmlNodePtr, scope: xmlNodePtr) -> Bool {
            if groupCount > 0 { return matchesAnyAttribute(element) }
            let step = steps[index]
            guard matches(compound: Int(step.compound), element) else { return false }
            guard index + 1 < steps.count else { return true }
            switch step.combinator {
            case .child:
                guard let parent = SelectorMatcher.parentElement(element, scope: scope) else { return false }
                return matches(step: index + 1, parent, scope: scope)
            case .descendant:
                var ancestor = SelectorMatcher.parentElement(element, scope: scope)
                while let a = ancestor {
                    if matches(step: index + 1, a, scope: scope) { return true }
                    ancestor = SelectorMatcher.parentElement(a, scope: scope)
                }
                return false
            case .adjacent:
                guard let previous = SelectorMatcher.previousElement(element) else { return false }
                return matches(step: index + 1, previous, scope: scope)
            case .sibling:
                var previous = SelectorMatcher.previousElement(element)
                while let p = previous {
                    if matches(step: index + 1, p, scope: scope) { return true }
                    previous = SelectorMatcher.previousElement(p)
                }
                return false
            }
        }

        func matches(compound index: Int, _ element: xmlNodePtr) -> Bool {
            let compound = compounds[index]
            if compound.tagLength >= 0 {
                guard let name = element.pointee.name,
                      Self.equals(name, bytes.baseAddress! + Int(compound.tag), Int(compound.tagLength)) else { return false }
            }
            var k = Int(compound.firstTest)
            let end = k + Int(compound.testCount)
            while k < end {
                guard matches(test: k, element) else { return false }
                k += 1
            }
            return true
        }

        func matches(test index: Int, _ element: xmlNodePtr) -> Bool {
            let test = tests[index]
            let base = bytes.baseAddress!
            switch test.kind {
            case .id:
                return Self.withValue(Self.idName.utf8Start, 2, element) { value in
                    guard let value else { return false }
                    return Self.equals(value, base + Int(test.value), Int(test.valueLength))
                }
            case .className:
                return Self.withValue(Self.className.utf8Start, 5, element) { value in
                    guard let value else { return false }
                    return SelectorMatcher.containsToken(value, UnsafeBufferPointer(start: base + Int(test.value), count: Int(test.valueLength)))
                }
            case .attribute:
                return Self.withValue(base + Int(test.name), Int(test.nameLength), element) { value in
                    guard let value else { return false }
                    guard test.op != Test.exists else { return true }
                    let want = UnsafeBufferPointer(start: base + Int(test.value), count: Int(test.valueLength))
                    return SelectorMatcher.compare(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self),
                                                   Test.operators[Int(test.op)], want, caseInsensitive: test.caseInsensitive)
                }
            case .nth:
                let position = SelectorMatcher.siblingPosition(element, fromEnd: test.fromEnd, ofType: test.ofType)
                if test.a == 0 { return position == test.b }
                let diff = position - test.b
                return diff % test.a == 0 && diff / test.a >= 0
            case .only:
                return SelectorMatcher.siblingPosition(element, fromEnd: false, ofType: test.ofType) == 1
                    && SelectorMatcher.siblingPosition(element, fromEnd: true, ofType: test.ofType) == 1
            case .empty:
                return SelectorMatcher.matches(.empty, element)
            case .root:
                return SelectorMatcher.matches(.root, element)
            case .not:
                var k = Int(test.first)
                let end = k + Int(test.count)
                while k < end {
                    if matches(compound: Int(lists[k]), element) { return false }
                    k += 1
                }
                return true
            }
        }

        /// A merged scan (`init(anyOf:)`): whether any test passes on `element`.
        func matchesAnyAttribute(_ element: xmlNodePtr) -> Bool {
            let base = bytes.baseAddress!
            var seen: UInt64 = 0   // the names whose first attribute was read
            var attr = element.pointee.properties
            while let a = attr {
                if let attrName = a.pointee.name {
                    var g = 0
                    while g < groupCount {
                        let group = groups[g]
                        if Self.equals(attrName, base + Int(group.name), Int(group.nameLength)) {
                            if seen & (1 << UInt64(g)) == 0 {
                                seen |= 1 << UInt64(g)
                                if anyTest(of: group, on: a, of: element) { return true }
                            }
                            break
                        }
                        g += 1
                    }
                }
                attr = a.pointee.next
            }
            return false
        }

        /// Whether any of `group`'s tests passes on the value of `attribute`, read as `withValue`
        /// reads it (in place when it is one text node).
        @inline(__always)
        func anyTest(of group: NameGroup, on attribute: xmlAttrPtr, of element: xmlNodePtr) -> Bool {
            if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
               let content = child.pointee.content {
                return anyTest(of: group, value: UnsafePointer(content))
            }
            if attribute.pointee.children == nil { return anyTest(of: group, value: Self.emptyValue.utf8Start) }
            guard let value = xmlGetProp(element, attribute.pointee.name) else { return false }
            defer { kabar_xml_free(value) }
            return anyTest(of: group, value: UnsafePointer(value))
        }

        func anyTest(of group: NameGroup, value: UnsafePointer<UInt8>) -> Bool {
            let have = UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self)))
            let base = bytes.baseAddress!
            var k = Int(group.firstTest)
            let end = k + Int(group.testCount)
            while k < end {
                let test = tests[k]
                if test.op == Test.exists { return true }
                let want = UnsafeBufferPointer(start: base + Int(test.value), count: Int(test.valueLength))
                if SelectorMatcher.compare(have, Test.operators[Int(test.op)], want, caseInsensitive: test.caseInsensitive) { return true }
                k += 1
            }
            return false
        }

        private static let idName: StaticString = "id"
        private static let className: StaticString = "class"

        /// Whether the C string `s` is exactly `count` bytes equal to `bytes` (which hold no
        /// NUL, so a shorter `s` differs at its terminator before anything past it is read).
        @inline(__always)
        static func equals(_ s: UnsafePointer<UInt8>, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            var k = 0
            while k < count {
                if s[k] != bytes[k] { return false }
                k += 1
            }
            return s[count] == 0
        }

        /// Calls `body` with the value of the element's first attribute named `name` (`count`
        /// bytes, NUL-terminated), nil when absent: as `SelectorMatcher.withAttribute`, in
        /// place when the value is one text node (as the HTML parser makes them).
        @inline(__always)
        static func withValue(_ name: UnsafePointer<UInt8>, _ count: Int, _ element: xmlNodePtr,
                              _ body: (UnsafePointer<UInt8>?) -> Bool) -> Bool {
            var attr = element.pointee.properties
            while let a = attr {
                if let attrName = a.pointee.name, equals(attrName, name, count) {
                    if let child = a.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
                       let content = child.pointee.content {
                        return body(UnsafePointer(content))
                    }
                    if a.pointee.children == nil { return body(emptyValue.utf8Start) }
                    guard let value = xmlGetProp(element, attrName) else { return body(nil) }
                    defer { kabar_xml_free(value) }
                    return body(UnsafePointer(value))
                }
                attr = a.pointee.next
            }
            return body(nil)
        }

        private static let emptyValue: StaticString = ""
    }
}
