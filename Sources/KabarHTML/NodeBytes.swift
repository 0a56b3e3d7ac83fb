import CLibXML2

/// Byte-level reads of a node for code that visits every element of a page once (the generic
/// extractor's page index): the element's identity and name without making a `String`, and its
/// attributes in one pass over libxml2's list instead of one `xmlGetProp` (a search, a copy and a
/// `String`) per attribute asked for.
extension HTMLNode {
    /// The node's address: equal for the same node, different for any other, while the document
    /// lives (a key for tables built during one walk).
    public var address: UInt { UInt(bitPattern: ptr) }

    /// The address of the element's name as libxml2 holds it. A parsed document keeps one copy
    /// of each name, so this is a cheap key for facts about a tag during one walk (the same
    /// address always holds the same name; two addresses may hold the same name).
    public var nameAddress: UInt { UInt(bitPattern: ptr.pointee.name) }

    /// Calls `body` with each attribute's name and value as UTF-8 bytes, in source order, until
    /// it returns false. The value is what `node[name]` gives (an attribute with no value gives
    /// empty bytes). The buffers are valid only during the call.
    public func forEachAttribute(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Bool) {
        guard isElement else { return }
        var attr = ptr.pointee.properties
        while let a = attr {
            attr = a.pointee.next
            guard a.pointee.type == XML_ATTRIBUTE_NODE, let name = a.pointee.name else { continue }
            let nameBytes = UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name)))
            let more: Bool
            if let child = a.pointee.children, child.pointee.next == nil,
               child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE {
                // The usual case, read in place (as xmlGetProp copies it).
                // No content at all: xmlGetProp gives nil, so the attribute is not there.
                guard let content = child.pointee.content else { continue }
                more = body(nameBytes, UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
            } else if let children = a.pointee.children, let joined = xmlNodeListGetString(a.pointee.doc, children, 1) {
                // Entity references or several text nodes: libxml2 joins them, as xmlGetProp does.
                defer { kabar_xml_free(joined) }
                more = body(nameBytes, UnsafeBufferPointer(start: joined, count: Int(xmlStrlen(joined))))
            } else {
                more = body(nameBytes, UnsafeBufferPointer(start: nil, count: 0))
            }
            if !more { return }
        }
    }
}
