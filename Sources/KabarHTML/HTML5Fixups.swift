import CLibXML2

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

    /// One walk over the tree finds what needs fixing (cheaper than an XPath union scan).
    static func apply(to document: HTMLDocument) {
        let voids = voidElements
        let closers = paragraphClosers
        var swallowing: [xmlNodePtr] = []
        var paragraphs: [xmlNodePtr] = []
        var node = document.documentNode.pointee.children
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE, let rawName = n.pointee.name {
                let name = String(cString: rawName)
                if voids.contains(name), n.pointee.children != nil { swallowing.append(n) }
                if name == "p", hasChild(n, in: closers) { paragraphs.append(n) }
                if let child = n.pointee.children { node = child; continue }
            }
            var up: xmlNodePtr? = n
            node = nil
            while let u = up {
                if let next = u.pointee.next { node = next; break }
                up = u.pointee.parent
                if up == document.documentNode { break }
            }
        }
        for element in swallowing { hoistChildren(of: element) }
        for p in paragraphs { splitParagraph(p, at: closers, document: document) }
    }

    static func hasChild(_ element: xmlNodePtr, in names: Set<String>) -> Bool {
        var child = element.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE, let name = c.pointee.name, names.contains(String(cString: name)) { return true }
            child = c.pointee.next
        }
        return false
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
    static func splitParagraph(_ p: xmlNodePtr, at closers: Set<String>, document: HTMLDocument) {
        var child = p.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE, let name = c.pointee.name, closers.contains(String(cString: name)) { break }
            child = c.pointee.next
        }
        guard let block = child else { return }
        // Everything from `block` on moves after the paragraph; what follows the block goes
        // into a new <p> so that it stays a paragraph.
        let rest = block.pointee.next
        xmlUnlinkNode(block)
        xmlAddNextSibling(p, block)
        guard rest != nil else { return }
        guard let newP = xmlNewDocNode(document.doc, nil, "p", nil) else { return }
        xmlAddNextSibling(block, newP)
        var move = rest
        while let m = move {
            move = m.pointee.next
            xmlUnlinkNode(m)
            xmlAddChild(newP, m)
        }
        // The new paragraph may hold further blocks.
        splitParagraph(newP, at: closers, document: document)
    }
}
