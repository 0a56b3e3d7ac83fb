import CLibXML2
import Foundation

/// libxml2's HTML parser follows HTML 4. Two HTML5 rules it misses would put captions and
/// media into paragraphs, so they are applied to the tree after parsing:
/// - void elements it does not know (`source`, `track`, `wbr`) swallow what follows them;
///   their children are moved out to follow them;
/// - a `<figure>` (and other HTML5 blocks) inside a `<p>` closes the paragraph in HTML5;
///   the paragraph is split so that the block and what follows it leave the `<p>`.
enum HTML5Fixups {
    static let voidElements: Set<String> = ["source", "track", "wbr"]
    static let paragraphClosers: Set<String> = ["figure", "figcaption", "section", "article", "aside", "header", "footer",
                                   "nav", "main", "hgroup", "details", "dialog", "menu"]

    /// The names as C strings, compared with `strcmp` in place (no String per element).
    static let voidNames = voidElements.map { Array($0.utf8CString) }
    static let closerNames = paragraphClosers.map { Array($0.utf8CString) }

    /// The first bytes of the names above: an element whose name starts otherwise (most of
    /// them: div, a, span, li...) is no candidate, without a `strcmp` per name.
    static let voidInitials = initials(voidElements)
    static let closerInitials = initials(paragraphClosers)

    static func initials(_ names: Set<String>) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for name in names { table[Int(name.utf8.first!)] = true }
        return table
    }

    /// Whether the element's name is one of `names` (whose first bytes are `initials`).
    @inline(__always)
    static func isNamed(_ element: xmlNodePtr, _ names: [[CChar]], initials: [Bool]) -> Bool {
        guard let raw = element.pointee.name, initials[Int(raw[0])] else { return false }
        let name = UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self)
        return names.contains { $0.withUnsafeBufferPointer { strcmp(name, $0.baseAddress!) == 0 } }
    }

    /// What an element's name makes it to the fix-ups (`role(of:)`).
    enum Role: UInt8 { case other, void, closer, paragraph }

    /// The names with a role, by their length in bytes.
    static let rolesByLength: [[(name: [UInt8], role: Role)]] = {
        var table = [[(name: [UInt8], role: Role)]](repeating: [], count: 16)
        table[1] = [(Array("p".utf8), .paragraph)]
        for name in voidElements { table[name.utf8.count].append((Array(name.utf8), .void)) }
        for name in paragraphClosers { table[name.utf8.count].append((Array(name.utf8), .closer)) }
        return table
    }()

    /// The role of an element named `name` (its bytes): one of `voidElements`, one of
    /// `paragraphClosers`, `p`, or other. By length and first byte, then the whole name: a
    /// `div` or an `a` is told apart without a string comparison.
    static func role(named name: UnsafeBufferPointer<UInt8>) -> Role {
        guard name.count < rolesByLength.count, let first = name.first else { return .other }
        for candidate in rolesByLength[name.count] where candidate.name[0] == first {
            if candidate.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) { return candidate.role }
        }
        return .other
    }

    /// The elements to fix, in document order: void elements that swallowed what follows them
    /// and paragraphs holding a block. `ElementIndex` finds the same during its walk over the
    /// tree (what a parse uses); this walk of its own is the reference it is tested against.
    static func candidates(below root: xmlNodePtr) -> (swallowing: [xmlNodePtr], paragraphs: [xmlNodePtr]) {
        var swallowing: [xmlNodePtr] = []
        var paragraphs: [xmlNodePtr] = []
        var node = root.pointee.children
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE, let name = n.pointee.name, n.pointee.children != nil {
                // Only elements with children can need fixing: a void element that swallowed
                // what follows it, a paragraph holding a block.
                if isNamed(n, voidNames, initials: voidInitials) { swallowing.append(n) }
                if name[0] == 0x70 /* p */, name[1] == 0, hasChild(n, in: closerNames, initials: closerInitials) { paragraphs.append(n) }
                node = n.pointee.children
                continue
            }
            var up: xmlNodePtr? = n
            node = nil
            while let u = up {
                if let next = u.pointee.next { node = next; break }
                up = u.pointee.parent
                if up == root { break }
            }
        }
        return (swallowing, paragraphs)
    }

    /// Finds what needs fixing below `root` (`candidates`) and fixes it.
    static func apply(below root: xmlNodePtr, in doc: xmlDocPtr) {
        let found = candidates(below: root)
        fix(swallowing: found.swallowing, paragraphs: found.paragraphs, in: doc)
    }

    /// Hoists the children of each of `swallowing`, then splits each of `paragraphs` (both as
    /// found on the parsed tree, before any fix, in document order).
    static func fix(swallowing: [xmlNodePtr], paragraphs: [xmlNodePtr], in doc: xmlDocPtr) {
        for element in swallowing { hoistChildren(of: element) }
        for p in paragraphs { splitParagraph(p, at: closerNames, in: doc) }
    }

    static func hasChild(_ element: xmlNodePtr, in names: [[CChar]], initials: [Bool]) -> Bool {
        var child = element.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE, isNamed(c, names, initials: initials) { return true }
            child = c.pointee.next
        }
        return false
    }

    /// Content after `</body>` or `</html>`: libxml2 keeps it outside the body (elements
    /// after `<body>` in the root, a second `<html>` for a page that prints more after its
    /// closing tag or two documents glued together), where a reader of the body never looks,
    /// while a browser (HTML5's "after body" modes) shows it in the body. So every element after
    /// the root's first `<body>`, and every later root element, is moved to the end of that
    /// body; an `html`, `head` or `body` among them gives its content, not itself. Whether the
    /// tree changed (not on a page whose body holds all its elements).
    static func moveContentAfterBody(in doc: xmlDocPtr) -> Bool {
        guard let root = xmlDocGetRootElement(doc) else { return false }
        var body: xmlNodePtr?
        var child = root.pointee.children
        while let c = child, body == nil {
            if c.pointee.type == XML_ELEMENT_NODE, named(c, "body") { body = c }
            child = c.pointee.next
        }
        guard let body else { return false }
        var after: [xmlNodePtr] = []
        for start in [body.pointee.next, root.pointee.next] {
            var node = start
            while let n = node {
                if n.pointee.type == XML_ELEMENT_NODE { after.append(n) }
                node = n.pointee.next
            }
        }
        guard !after.isEmpty else { return false }
        for element in after { move(element, into: body) }
        return true
    }

    /// Moves `node` to the end of `body`, or its children in turn when it is an `html`, `head`
    /// or `body` (whose shell is freed).
    private static func move(_ node: xmlNodePtr, into body: xmlNodePtr) {
        xmlUnlinkNode(node)
        guard node.pointee.type == XML_ELEMENT_NODE, named(node, "html") || named(node, "head") || named(node, "body") else {
            xmlAddChild(body, node)
            return
        }
        while let c = node.pointee.children { move(c, into: body) }
        xmlFreeNode(node)
    }

    private static func named(_ element: xmlNodePtr, _ name: StaticString) -> Bool {
        guard let own = element.pointee.name else { return false }
        return strcmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// Moves every child of `element` to follow it, in order.
    static func hoistChildren(of element: xmlNodePtr) {
        var anchor = element
        while let child = element.pointee.children {
            xmlUnlinkNode(child)
            xmlAddNextSibling(anchor, child)
            anchor = child
        }
    }

    /// `<p>a<figure/>b</p>` becomes `<p>a</p><figure/><p>b</p>`.
    static func splitParagraph(_ p: xmlNodePtr, at closers: [[CChar]], in doc: xmlDocPtr) {
        var child = p.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE, isNamed(c, closers, initials: closerInitials) { break }
            child = c.pointee.next
        }
        guard let block = child else { return }
        // Everything from `block` on moves after the paragraph; what follows the block goes
        // into a new <p> so that it stays a paragraph.
        let rest = block.pointee.next
        xmlUnlinkNode(block)
        xmlAddNextSibling(p, block)
        guard rest != nil else { return }
        guard let newP = xmlNewDocNode(doc, nil, "p", nil) else { return }
        xmlAddNextSibling(block, newP)
        var move = rest
        while let m = move {
            move = m.pointee.next
            xmlUnlinkNode(m)
            xmlAddChild(newP, m)
        }
        // The new paragraph may hold further blocks.
        splitParagraph(newP, at: closers, in: doc)
    }
}
