import CLibXML2

/// libxml2's HTML parser follows HTML 4. Two HTML5 rules it misses would put captions and
/// media into paragraphs, so they are applied to the tree after parsing:
/// - void elements it does not know (`source`, `track`, `wbr`) swallow what follows them;
///   their children are moved out to follow them;
/// - a `<figure>` (and other HTML5 blocks) inside a `<p>` closes the paragraph in HTML5;
///   the paragraph is split so that the block and what follows it leave the `<p>`.
enum HTML5Fixups {
    static let voidElements = ["source", "track", "wbr"]
    static let paragraphClosers = ["figure", "figcaption", "section", "article", "aside", "header", "footer",
                                   "nav", "main", "hgroup", "details", "dialog", "menu"]

    static let query: String = {
        let voids = voidElements.map { "//\($0)[node()]" }
        let closers = paragraphClosers.map { "self::\($0)" }.joined(separator: " or ")
        return (voids + ["//p[*[\(closers)]]"]).joined(separator: " | ")
    }()

    static func apply(to document: HTMLDocument) {
        guard let nodes = try? document.xpath(query), !nodes.isEmpty else { return }
        let closers = Set(paragraphClosers)
        for node in nodes {
            if voidElements.contains(node.tag) {
                hoistChildren(of: node.ptr)
            }
        }
        for node in nodes where node.tag == "p" {
            splitParagraph(node.ptr, at: closers, document: document)
        }
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
