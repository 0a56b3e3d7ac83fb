import CLibXML2
import Foundation

/// An element (or text node) of an `HTMLDocument`.
public struct HTMLNode {
    let ptr: xmlNodePtr
    public let document: HTMLDocument

    init(_ ptr: xmlNodePtr, in document: HTMLDocument) {
        self.ptr = ptr
        self.document = document
    }

    /// Lower-case tag name; "#text" for text nodes.
    public var tag: String {
        switch ptr.pointee.type {
        case XML_ELEMENT_NODE: return ptr.pointee.name.map { String(cString: $0) } ?? ""
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: return "#text"
        case XML_COMMENT_NODE: return "#comment"
        default: return "#other"
        }
    }

    public var isElement: Bool { ptr.pointee.type == XML_ELEMENT_NODE }
    public var isText: Bool { ptr.pointee.type == XML_TEXT_NODE || ptr.pointee.type == XML_CDATA_SECTION_NODE }

    /// An attribute's value, or nil.
    public subscript(attribute: String) -> String? {
        guard isElement, let value = xmlGetProp(ptr, attribute) else { return nil }
        defer { kabar_xml_free(value) }
        return String(cString: value)
    }

    /// All attributes, in source order.
    public var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attr = ptr.pointee.properties
        while let a = attr {
            let name = String(cString: a.pointee.name)
            result.append((name, self[name] ?? ""))
            attr = a.pointee.next
        }
        return result
    }

    /// The class names.
    public var classes: [Substring] {
        (self["class"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    }

    /// Whether `name` is one of the class names (the attribute read in place, no Strings made).
    public func hasClass(_ name: String) -> Bool {
        guard isElement, hasAttributes else { return false }
        var name = name
        return name.withUTF8 { wanted in
            SelectorMatcher.withAttribute("class", ptr) { value in
                value.map { Self.classList($0, contains: wanted) } ?? false
            }
        }
    }

    /// Whether a class attribute lists `wanted`, split as `classes` splits it: at spaces, tabs
    /// and line feeds (a CR LF pair is one character there, and no separator).
    static func classList(_ list: UnsafePointer<CChar>, contains wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let bytes = UnsafeRawPointer(list).assumingMemoryBound(to: UInt8.self)
        let n = strlen(list)
        func separates(_ i: Int) -> Bool {
            let c = bytes[i]
            return c == 0x20 || c == 0x09 || (c == 0x0A && (i == 0 || bytes[i - 1] != 0x0D))
        }
        var i = 0
        while i < n {
            while i < n, separates(i) { i += 1 }
            let start = i
            while i < n, !separates(i) { i += 1 }
            if i > start, i - start == wanted.count, memcmp(bytes + start, wanted.baseAddress!, wanted.count) == 0 { return true }
        }
        return false
    }

    public var parent: HTMLNode? {
        guard let p = ptr.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLNode(p, in: document)
    }

    /// Child nodes, text included.
    public var childNodes: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = ptr.pointee.children
        while let c = child {
            result.append(HTMLNode(c, in: document))
            child = c.pointee.next
        }
        return result
    }

    /// Child elements only.
    public var children: [HTMLNode] { childNodes.filter(\.isElement) }

    public var nextSibling: HTMLNode? { ptr.pointee.next.map { HTMLNode($0, in: document) } }
    public var previousSibling: HTMLNode? { ptr.pointee.prev.map { HTMLNode($0, in: document) } }

    public var nextElementSibling: HTMLNode? {
        var n = ptr.pointee.next
        while let c = n {
            if c.pointee.type == XML_ELEMENT_NODE { return HTMLNode(c, in: document) }
            n = c.pointee.next
        }
        return nil
    }

    /// Block-aware text: block elements and `<br>` break lines, white space folds, no
    /// scripts or styles. Lines are joined with "\n".
    public var text: String { NodeText.text(of: self) }

    /// The start of `text`: all of it (`isWhole`), or a prefix of at least `bytes` UTF-8 bytes,
    /// without building the rest (a paragraph told apart by its first words).
    public func textStart(bytes: Int) -> (text: String, isWhole: Bool) { NodeText.start(of: self, bytes: bytes) }

    /// The raw concatenated text content (libxml2's), unfolded.
    public var rawText: String {
        guard let content = xmlNodeGetContent(ptr) else { return "" }
        defer { kabar_xml_free(content) }
        return String(cString: content)
    }

    /// The node serialised back to HTML.
    public var outerHTML: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        htmlNodeDump(buffer, document.doc, ptr)
        return String(cString: xmlBufferContent(buffer))
    }

    /// Descendants matching a CSS selector.
    public func select(_ css: String) -> [HTMLNode] {
        (try? selectOrThrow(css)) ?? []
    }

    public func selectOrThrow(_ css: String) throws -> [HTMLNode] {
        try document.select(SelectorMatcher.forSelector(css), below: ptr).map { HTMLNode($0, in: document) }
    }

    public func first(_ css: String) -> HTMLNode? { select(css).first }

    /// Nodes matching an XPath expression evaluated with this node as the context.
    public func xpath(_ expression: String) throws -> [HTMLNode] {
        try document.evaluate(expression, context: ptr)
    }

    /// Takes the node out of the tree (it is freed with its document).
    public func remove() { document.retire(ptr) }

    /// Whether this node, or an element it is inside, is one of `nodes` (ancestors walked
    /// once: no comparison with every node of the set).
    public func isWithin(_ nodes: Set<HTMLNode>) -> Bool {
        var n: HTMLNode? = self
        while let c = n {
            if nodes.contains(c) { return true }
            n = c.parent
        }
        return false
    }

    /// The nodes not inside another of them, once each, in their order: linear in the nodes
    /// and their depth (comparing every node with every other was quadratic in the matches).
    public static func outermost(_ nodes: [HTMLNode]) -> [HTMLNode] {
        let all = Set(nodes)
        var seen = Set<HTMLNode>()
        return nodes.filter { node in seen.insert(node).inserted && !(node.parent?.isWithin(all) ?? false) }
    }

    /// Whether `other` is this node or inside it.
    public func contains(_ other: HTMLNode) -> Bool {
        var n: xmlNodePtr? = other.ptr
        while let c = n {
            if c == ptr { return true }
            n = c.pointee.parent
        }
        return false
    }
}

extension HTMLNode: Equatable {
    public static func == (a: HTMLNode, b: HTMLNode) -> Bool { a.ptr == b.ptr }
}

extension HTMLNode: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(ptr) }
}
