import CLibXML2
import Foundation

/// The page's elements in document order, built once per document right after the parse (the
/// same walk over the tree finds what `HTML5Fixups` must fix), with lookups by tag, class and id. Selection then tests only the
/// candidates of a selector's rightmost compound instead of walking the tree each time.
/// An element's position is kept in libxml2's `_private` field (position + 1); removing a
/// node clears it for the whole subtree, so removed nodes are never found again.
final class ElementIndex {
    private(set) var elements: [xmlNodePtr] = []
    /// For each element, the position of its last descendant.
    private(set) var subtreeEnd: [Int32] = []
    /// Positions by tag name, class name and id, keyed by a hash of the name's bytes (`key`):
    /// no String is made per element or class. A hash shared by two names only adds
    /// candidates; `SelectorMatcher.matches` decides every one of them.
    private(set) var byTag = PositionLists()
    private(set) var byClass = PositionLists()
    private(set) var byId = PositionLists()
    /// What `HTML5Fixups` must fix in the tree as it was indexed, in document order (its
    /// `candidates(below:)`, found without a walk of their own).
    private(set) var swallowing: [xmlNodePtr] = []
    private(set) var paragraphs: [xmlNodePtr] = []

    init(document root: xmlNodePtr) {
        // Built in locals and stored at the end: the class's own properties would pay an
        // exclusivity check on every append.
        var elements: [xmlNodePtr] = []
        var subtreeEnd: [Int32] = []
        var keys = KeyBuilder()
        elements.reserveCapacity(2048)
        subtreeEnd.reserveCapacity(2048)
        var stack: [Int32] = []
        var node = root.pointee.children
        var depthNodes: [xmlNodePtr] = []
        var swallowing: [xmlNodePtr] = []
        var paragraphs: [Int32] = []
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE {
                let position = Int32(elements.count)
                elements.append(n)
                subtreeEnd.append(position)
                n.pointee._private = UnsafeMutableRawPointer(bitPattern: Int(position) + 1)
                let role = keys.add(n, at: position)
                // A block directly in a paragraph: the paragraph (the top of the stack) is split.
                if role == .closer, let parent = depthNodes.last, parent == n.pointee.parent, let name = parent.pointee.name,
                   name[0] == 0x70 /* p */, name[1] == 0, paragraphs.last != stack.last! {
                    paragraphs.append(stack.last!)
                }
                if let child = n.pointee.children {
                    if role == .void { swallowing.append(n) }
                    stack.append(position)
                    depthNodes.append(n)
                    node = child
                    continue
                }
            }
            // Next in document order; closing the subtrees we leave.
            var current: xmlNodePtr? = n
            node = nil
            while let c = current {
                if let next = c.pointee.next { node = next; break }
                guard let parent = c.pointee.parent, parent != root, let top = depthNodes.last, top == parent else { break }
                depthNodes.removeLast()
                let open = stack.removeLast()
                subtreeEnd[Int(open)] = Int32(elements.count - 1)
                current = parent
            }
        }
        while let open = stack.popLast() { subtreeEnd[Int(open)] = Int32(elements.count - 1) }
        self.elements = elements
        self.subtreeEnd = subtreeEnd
        self.swallowing = swallowing
        // A paragraph's blocks can come between a nested paragraph's: in document order, once each.
        if !paragraphs.isEmpty { self.paragraphs = Set(paragraphs).sorted().map { elements[Int($0)] } }
        byTag = keys.byTag.finish()
        byClass = keys.byClass.finish()
        byId = keys.byId.finish()
    }

    /// Lists each element under its tag, its classes and its id (attribute values read in
    /// place, both attributes found in one pass over the element's attributes). Names are hashed
    /// as they are read, to their NUL: no `strlen` first.
    struct KeyBuilder {
        var byTag = PositionLists.Builder()
        var byClass = PositionLists.Builder()
        var byId = PositionLists.Builder()
        /// Lists the element; returns its role to the HTML5 fix-ups (read from the same bytes as
        /// its tag key). Each element has its own copy of its name (libxml2's HTML parser does not
        /// share them), so there is nothing to cache by the name's address.
        @discardableResult
        mutating func add(_ element: xmlNodePtr, at position: Int32) -> HTML5Fixups.Role {
            var role = HTML5Fixups.Role.other
            if let raw = element.pointee.name {
                let (key, length) = ElementIndex.keyAndLength(raw)
                byTag.append(position, to: key)
                role = HTML5Fixups.role(named: UnsafeBufferPointer(start: raw, count: length))
            }
            var attr = element.pointee.properties
            var sawClass = false, sawId = false
            while let a = attr, !(sawClass && sawId) {
                attr = a.pointee.next
                guard let raw = a.pointee.name else { continue }
                let name = UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self)
                // The first attribute of each name counts, as `SelectorMatcher.withAttribute` reads it.
                // The first byte before `strcmp`: most attributes are neither (href, src, data-*...).
                if !sawClass, raw[0] == 0x63 /* c */, strcmp(name, "class") == 0 {
                    sawClass = true
                    SelectorMatcher.withAttribute(name, element) { value in
                        guard let value else { return }
                        // Each white-space separated name, hashed as it is read, to the value's NUL.
                        var p = UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)
                        while true {
                            while p.pointee != 0, SelectorMatcher.isSpace(p.pointee) { p += 1 }
                            guard p.pointee != 0 else { break }
                            var h = ElementIndex.keySeed
                            repeat {
                                h = ElementIndex.keyStep(h, p.pointee)
                                p += 1
                            } while p.pointee != 0 && !SelectorMatcher.isSpace(p.pointee)
                            // Positions arrive in order; a class repeated on one element is listed once.
                            byClass.append(position, to: ElementIndex.keyFinish(h), unlessLast: true)
                        }
                    }
                } else if !sawId, raw[0] == 0x69 /* i */, strcmp(name, "id") == 0 {
                    sawId = true
                    SelectorMatcher.withAttribute(name, element) { value in
                        if let value { byId.append(position, to: ElementIndex.keyAndLength(UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)).key) }
                    }
                }
            }
            return role
        }
    }

    /// Takes in `HTML5Fixups.fix` having moved the children of `swallowing` out to follow them:
    /// the elements' order is the same, only the hoisted elements' subtrees end at themselves.
    func childrenHoisted(from swallowing: [xmlNodePtr]) {
        for element in swallowing {
            if let position = Self.position(of: element) { subtreeEnd[position] = Int32(position) }
        }
    }

    /// The position of an indexed element still in the tree.
    @inline(__always)
    static func position(of node: xmlNodePtr) -> Int? {
        guard let p = node.pointee._private else { return nil }
        return Int(bitPattern: p) - 1
    }

    /// The lookup key of a name: FNV-1a over its UTF-8 bytes, mixed.
    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = keySeed
        for b in bytes { h = keyStep(h, b) }
        return keyFinish(h)
    }

    static let keySeed: UInt64 = 0xcbf29ce484222325
    @inline(__always) static func keyStep(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100000001b3 }
    @inline(__always) static func keyFinish(_ h: UInt64) -> UInt64 { h ^ (h >> 29) }

    /// `key` of a NUL-terminated name and its length, in one pass over its bytes.
    @inline(__always)
    static func keyAndLength(_ cString: UnsafePointer<UInt8>) -> (key: UInt64, length: Int) {
        var h = keySeed
        var i = 0
        while true {
            let b = cString[i]
            if b == 0 { break }
            h = keyStep(h, b)
            i += 1
        }
        return (keyFinish(h), i)
    }

    static func key(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { key($0) }
    }

    /// Clears the positions of a subtree being taken out of the tree.
    static func forget(_ node: xmlNodePtr) {
        node.pointee._private = nil
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { forget(c) }
            child = c.pointee.next
        }
    }
}

extension SelectorMatcher {
    /// Elements below `scope` matching the selector, in document order, using the index.
    /// nil when `scope` is not indexed (the caller walks instead).
    ///
    /// Candidates are the positions listed under the subject's rarest key (id, tag or class);
    /// when a compound to its left must be an ancestor (only child and descendant combinators
    /// in between), only candidates inside the subtrees of the elements listed under that
    /// compound's rarest key are tested: `.breadcrumbs li a` tests the links in the
    /// breadcrumbs, not every link of the page. Both only narrow what `matches` then decides.
    func select(below scope: xmlNodePtr, index: ElementIndex, isDocument: Bool) -> [xmlNodePtr]? {
        var lower = 0
        var upper = index.elements.count - 1
        if !isDocument {
            guard let position = ElementIndex.position(of: scope) else { return nil }
            lower = position + 1
            upper = Int(index.subtreeEnd[position])
        }
        guard lower <= upper else { return [] }
        var found: [Int32] = []
        for alternative in alternatives {
            let ranges = ancestorRanges(of: alternative, in: index, lower: lower, upper: upper) ?? [lower...upper]
            if let candidates = candidates(for: alternative.compounds[0], in: index) {
                for range in ranges {
                    // Candidates are sorted: start at the first inside the range.
                    var lo = 0, hi = candidates.count
                    while lo < hi { let mid = (lo + hi) / 2; if Int(candidates[mid]) < range.lowerBound { lo = mid + 1 } else { hi = mid } }
                    var k = lo
                    while k < candidates.count, Int(candidates[k]) <= range.upperBound {
                        let element = index.elements[Int(candidates[k])]
                        if element.pointee._private != nil, matches(alternative, 0, element, scope: scope) { found.append(candidates[k]) }
                        k += 1
                    }
                }
            } else {
                for range in ranges {
                    for i in range {
                        let element = index.elements[i]
                        if element.pointee._private != nil, matches(alternative, 0, element, scope: scope) { found.append(Int32(i)) }
                    }
                }
            }
        }
        if alternatives.count > 1 {
            found.sort()
            var unique: [Int32] = []
            unique.reserveCapacity(found.count)
            for f in found where unique.last != f { unique.append(f) }
            found = unique
        }
        return found.map { index.elements[Int($0)] }
    }

    /// The sorted positions that can match `compound`: the shortest of its id's, tag's and first
    /// class's lists, or nil for "every element".
    func candidates(for compound: Compiled, in index: ElementIndex) -> PositionLists.List? {
        var best: PositionLists.List?
        if let id = compound.idKey { best = index.byId[id] ?? .empty }
        if best?.isEmpty != true, let tag = compound.tagKey {
            let list = index.byTag[tag] ?? .empty
            if best == nil || list.count < best!.count { best = list }
        }
        if best?.isEmpty != true, let name = compound.classKey {
            let list = index.byClass[name] ?? .empty
            if best == nil || list.count < best!.count { best = list }
        }
        return best
    }

    /// The position ranges (merged, sorted, within `lower...upper`) the subject of `alternative`
    /// must lie in: the subtrees of the candidates of the compound to its left, reached through
    /// child and descendant combinators only, with the fewest candidates. nil when there is none.
    func ancestorRanges(of alternative: Alternative, in index: ElementIndex, lower: Int, upper: Int) -> [ClosedRange<Int>]? {
        var best: PositionLists.List?
        for (k, combinator) in alternative.combinators.enumerated() {
            guard combinator == .child || combinator == .descendant else { break }
            if let list = candidates(for: alternative.compounds[k + 1], in: index), best == nil || list.count < best!.count {
                best = list
            }
        }
        guard let best else { return nil }
        var ranges: [ClosedRange<Int>] = []
        for p in best {
            // Positions are sorted and subtrees nested or disjoint: a start inside the last
            // range is a subtree inside it.
            let lo = max(Int(p) + 1, lower), hi = min(Int(index.subtreeEnd[Int(p)]), upper)
            guard lo <= hi else { continue }
            if let last = ranges.last, lo <= last.upperBound {
                if hi > last.upperBound { ranges[ranges.count - 1] = last.lowerBound...hi }
            } else {
                ranges.append(lo...hi)
            }
        }
        return ranges
    }
}

/// Sorted position lists by a 64-bit name key, all in one array: an open-addressing table (the
/// key's bits are already mixed) from a key to its run of `positions`. Built by `Builder`, which
/// counts each key's positions during the walk and lays them out once at the end, instead of one
/// growing array per tag, class and id (a page has a few hundred keys: as many allocations, and a
/// uniqueness check on every append).
struct PositionLists {
    private var slots: [Int32] = []          // index into `keys`/`starts`, -1 when empty
    private var keys: [UInt64] = []
    /// Entry e's positions are `positions[starts[e]..<starts[e + 1]]`.
    private var starts: [Int32] = []
    private var positions: [Int32] = []
    private var shift: UInt64 = 64

    /// One key's positions, in order (a view of the shared array).
    struct List: RandomAccessCollection {
        let base: [Int32]
        let startIndex = 0
        let endIndex: Int
        private let offset: Int
        init(_ base: [Int32], _ range: Range<Int>) {
            self.base = base
            offset = range.lowerBound
            endIndex = range.count
        }
        static let empty = List([], 0..<0)
        subscript(i: Int) -> Int32 { base[offset + i] }
    }

    /// How many keys have positions (tests).
    var keyCount: Int { keys.count }

    /// The positions listed under `key`, nil when none.
    subscript(key: UInt64) -> List? {
        guard !slots.isEmpty else { return nil }
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if keys[entry] == key { return List(positions, Int(starts[entry])..<Int(starts[entry + 1])) }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// Collects (key, position) pairs in order; `finish` lays each key's positions out together.
    struct Builder {
        private var slots: [Int32] = []
        private var keys: [UInt64] = []
        private var counts: [Int32] = []
        /// Each key's last position (for `unlessLast`).
        private var last: [Int32] = []
        /// Entry in the high half, position in the low half, in the order appended.
        private var pairs: [UInt64] = []
        private var shift: UInt64 = 64

        /// Adds `position` to `key`'s list (not when it is already the list's last, with `unlessLast`).
        mutating func append(_ position: Int32, to key: UInt64, unlessLast: Bool = false) {
            if keys.count * 2 >= slots.count { grow() }
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            var entry: Int
            while true {
                entry = Int(slots[slot])
                if entry < 0 {
                    entry = keys.count
                    slots[slot] = Int32(entry)
                    keys.append(key)
                    counts.append(0)
                    last.append(-1)
                    break
                }
                if keys[entry] == key { break }
                slot = (slot + 1) & (slots.count - 1)
            }
            if unlessLast, last[entry] == position { return }
            last[entry] = position
            counts[entry] += 1
            pairs.append(UInt64(entry) << 32 | UInt64(UInt32(bitPattern: position)))
        }

        private mutating func grow() {
            let capacity = max(64, slots.count * 2)
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            slots = [Int32](repeating: -1, count: capacity)
            for (entry, key) in keys.enumerated() {
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = Int32(entry)
            }
        }

        /// The lists: each key's positions in the order they were appended.
        func finish() -> PositionLists {
            var lists = PositionLists()
            lists.slots = slots
            lists.keys = keys
            lists.shift = shift
            var starts = [Int32](repeating: 0, count: counts.count + 1)
            for e in counts.indices { starts[e + 1] = starts[e] + counts[e] }
            var next = starts
            let total = pairs.count
            lists.positions = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
                for pair in pairs {
                    let e = Int(pair >> 32)
                    buffer[Int(next[e])] = Int32(bitPattern: UInt32(truncatingIfNeeded: pair))
                    next[e] += 1
                }
                initialized = total
            }
            lists.starts = starts
            return lists
        }
    }
}
