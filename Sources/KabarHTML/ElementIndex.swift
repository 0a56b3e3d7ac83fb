import CLibXML2

/// The page's elements in document order, built once per document on its first selection,
/// with lookups by tag, class and id made when first needed. Selection then tests only the
/// candidates of a selector's rightmost compound instead of walking the tree each time.
/// An element's position is kept in libxml2's `_private` field (position + 1); removing a
/// node clears it for the whole subtree, so removed nodes are never found again.
final class ElementIndex {
    private(set) var elements: [xmlNodePtr] = []
    /// For each element, the position of its last descendant.
    private(set) var subtreeEnd: [Int32] = []
    private var byTagStorage: [String: [Int32]]?
    private var byClassStorage: [String: [Int32]]?
    private var byIdStorage: [String: [Int32]]?

    init(document root: xmlNodePtr) {
        elements.reserveCapacity(2048)
        var stack: [Int32] = []
        var node = root.pointee.children
        var depthNodes: [xmlNodePtr] = []
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE {
                let position = Int32(elements.count)
                elements.append(n)
                subtreeEnd.append(position)
                n.pointee._private = UnsafeMutableRawPointer(bitPattern: Int(position) + 1)
                if let child = n.pointee.children {
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
    }

    /// The position of an indexed element still in the tree.
    @inline(__always)
    static func position(of node: xmlNodePtr) -> Int? {
        guard let p = node.pointee._private else { return nil }
        return Int(bitPattern: p) - 1
    }

    var byTag: [String: [Int32]] {
        if let byTagStorage { return byTagStorage }
        var map: [String: [Int32]] = [:]
        for (i, e) in elements.enumerated() {
            if let name = e.pointee.name { map[String(cString: name), default: []].append(Int32(i)) }
        }
        byTagStorage = map
        return map
    }

    var byClass: [String: [Int32]] {
        if let byClassStorage { return byClassStorage }
        var map: [String: [Int32]] = [:]
        for (i, e) in elements.enumerated() {
            SelectorMatcher.withAttribute("class", e) { value in
                guard let value else { return }
                for token in String(cString: value).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) {
                    map[String(token), default: []].append(Int32(i))
                }
            }
        }
        byClassStorage = map.mapValues { Array(Set($0)).sorted() }
        return byClassStorage!
    }

    var byId: [String: [Int32]] {
        if let byIdStorage { return byIdStorage }
        var map: [String: [Int32]] = [:]
        for (i, e) in elements.enumerated() {
            SelectorMatcher.withAttribute("id", e) { value in
                if let value { map[String(cString: value), default: []].append(Int32(i)) }
            }
        }
        byIdStorage = map
        return map
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
            let subject = alternative.compounds[0]
            if let candidates = candidates(for: subject, in: index) {
                // Candidates are sorted: start at the first inside the range.
                var lo = 0, hi = candidates.count
                while lo < hi { let mid = (lo + hi) / 2; if Int(candidates[mid]) < lower { lo = mid + 1 } else { hi = mid } }
                var k = lo
                while k < candidates.count, Int(candidates[k]) <= upper {
                    let element = index.elements[Int(candidates[k])]
                    if element.pointee._private != nil, matches(alternative, 0, element, scope: scope) { found.append(candidates[k]) }
                    k += 1
                }
            } else {
                for i in lower...upper {
                    let element = index.elements[i]
                    if element.pointee._private != nil, matches(alternative, 0, element, scope: scope) { found.append(Int32(i)) }
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

    /// The sorted positions that can match `compound`, or nil for "every element".
    func candidates(for compound: Compiled, in index: ElementIndex) -> [Int32]? {
        if let id = compound.idName { return index.byId[id] ?? [] }
        if let tag = compound.tagName { return index.byTag[tag] ?? [] }
        if let name = compound.className { return index.byClass[name] ?? [] }
        return nil
    }
}
