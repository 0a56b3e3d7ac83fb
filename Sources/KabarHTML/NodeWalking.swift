import CLibXML2

/// Cheap steps for code that walks a whole tree once (the generic extractor's page index):
/// children one by one instead of as an array, and a text node's bytes without making a `String`.
extension HTMLNode {
    /// The first child node (text included), or nil.
    public var firstChildNode: HTMLNode? {
        ptr.pointee.children.map { HTMLNode($0, in: document) }
    }

    /// Calls `body` with a text node's UTF-8 content, without copying it (empty for other nodes).
    public func withTextBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard isText, let content = ptr.pointee.content else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }
}

extension HTMLNode {
    /// Whether the element has any attribute (most don't: skip looking them up one by one).
    public var hasAttributes: Bool { ptr.pointee.properties != nil }
}
