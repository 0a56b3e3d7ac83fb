import CLibXML2
import Foundation

/// Reads the entries of a feed or sitemap one at a time with libxml2's streaming reader
/// (`xmlTextReader`), so memory follows one entry, not the document: a 41 MB feed of a million
/// items parsed whole is a tree of over a gigabyte. The options are `XMLFeedDocument`'s (no
/// network, no entity substitution, RECOVER) and the bytes go through `withoutDoctype` first.
///
/// An entry is an element child of the root (Atom `entry`, RSS 1.0 `item`, sitemap `url` and
/// `sitemap`) or of the root's `channel` (RSS 2.0 `item`); each is expanded on its own and handed
/// to `body`, valid only during the call; other subtrees are skipped unread. A document the
/// reader stops in (errors the tree parser's RECOVER reads past) is parsed whole when small.
enum XMLFeedStream {
    /// Calls `body(rootName, entry)` for each entry until it returns false; returns the root
    /// element's local name. Throws `XMLFeedDocument.Failure.notXML` when there is no root.
    static func read(_ original: Data, url: URL?, entries: Set<String>, body: (String, xmlNodePtr) throws -> Bool) throws -> String {
        let data = XMLFeedDocument.withoutDoctype(original)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue)
        return try data.withUnsafeBytes { buffer -> String in
            guard let base = buffer.baseAddress, buffer.count > 0, buffer.count <= Int(Int32.max),
                  let reader = xmlReaderForMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), url?.absoluteString, nil, options)
            else { throw XMLFeedDocument.Failure.notXML }
            defer { xmlFreeTextReader(reader) }
            var root: String?
            var delivered = 0
            var stopped = false
            var status = xmlTextReaderRead(reader)
            while status == 1 {
                guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                    status = xmlTextReaderRead(reader)
                    continue
                }
                let depth = xmlTextReaderDepth(reader)
                let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                if depth == 0 {
                    root = name
                } else if depth == 1 && root == "rss" && name == "channel" {
                    // Descend: RSS 2.0 items are the channel's children.
                } else {
                    let isEntry = entries.contains(name) && (depth == 1 || (depth == 2 && root == "rss"))
                    if isEntry, let node = xmlTextReaderExpand(reader) {
                        delivered += 1
                        if try !body(root ?? "", node) { stopped = true; break }
                    }
                    status = xmlTextReaderNext(reader)
                    continue
                }
                status = xmlTextReaderRead(reader)
            }
            if status < 0 && stopped == false && data.count <= domFallbackBytes {
                // The reader stops at errors the tree parser's RECOVER reads past (an undefined
                // entity, a stray tag): a small feed is read again whole, from the next entry on.
                return try XMLFeedDocument.readEntries(data, url: url, entries: entries, skipping: delivered, body: body)
            }
            guard let root else { throw XMLFeedDocument.Failure.notXML }
            return root
        }
    }

    /// A document the streaming reader cannot finish is parsed whole (RECOVER) up to this size.
    static let domFallbackBytes = 4 << 20
}

extension XMLFeedDocument {
    /// `XMLFeedStream.read` over a parsed tree, the first `skipping` entries left out.
    static func readEntries(_ data: Data, url: URL?, entries: Set<String>, skipping: Int, body: (String, xmlNodePtr) throws -> Bool) throws -> String {
        let xml = try XMLFeedDocument(data: data, url: url)
        let root = name(xml.root)
        let parent = root == "rss" ? child(xml.root, "channel") : xml.root
        var seen = 0
        for node in parent.map(children) ?? [] where entries.contains(name(node)) {
            seen += 1
            if seen <= skipping { continue }
            if try !body(root, node) { break }
        }
        return root
    }
}
