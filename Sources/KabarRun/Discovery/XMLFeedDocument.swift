import CLibXML2
import KabarFetch
import Foundation

/// A feed or sitemap parsed with libxml2 as XML, safely: no network (`XML_PARSE_NONET`), no
/// external DTD, no entity substitution (`XML_PARSE_NOENT` off) and libxml2's default size
/// limits (`XML_PARSE_HUGE` off). Text is read from text and CDATA nodes only, never through
/// entity references, so a "billion laughs" document cannot expand in memory. RECOVER keeps
/// what can be read of a slightly broken feed. Feeds and sitemaps are read entry by entry
/// (`XMLFeedStream`); a whole tree is parsed only for a small document that the streaming reader
/// cannot finish (`readEntries`). A DOCTYPE is removed before parsing
/// (`withoutDoctype`), so entity declarations never reach libxml2 at all.
final class XMLFeedDocument {
    private let doc: xmlDocPtr
    let root: xmlNodePtr

    enum Failure: Error, CustomStringConvertible {
        case notXML
        var description: String { "not well-formed XML (or empty)" }
    }

    /// The bytes without a `<!DOCTYPE ...>` declaration (and its internal subset) before the
    /// root element. Feeds and sitemaps have no use for a DTD; without one, entity references
    /// (`&lol9;`) are undefined names libxml2 skips, instead of entities it would have to
    /// check, so a billion-laughs document is read like any other and its links kept.
    static func withoutDoctype(_ data: Data) -> Data {
        let head = data.prefix(64 * 1024)
        guard let start = head.range(of: Data("<!DOCTYPE".utf8)) ?? head.range(of: Data("<!doctype".utf8)) else { return data }
        // Only a DOCTYPE before the root element counts.
        let before = head[head.startIndex..<start.lowerBound]
        if before.contains(where: { $0 == UInt8(ascii: "<") }),
           let lastOpen = before.lastIndex(of: UInt8(ascii: "<")), before[before.index(after: lastOpen)...].first != UInt8(ascii: "?"),
           before[before.index(after: lastOpen)...].first != UInt8(ascii: "!") { return data }
        var i = start.upperBound
        var quote: UInt8? = nil
        var inSubset = false
        while i < data.endIndex {
            let b = data[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: "[") {
                inSubset = true
            } else if b == UInt8(ascii: "]") {
                inSubset = false
            } else if b == UInt8(ascii: ">"), !inSubset {
                var out = Data(data[data.startIndex..<start.lowerBound])
                out.append(data[data.index(after: i)...])
                return out
            }
            i = data.index(after: i)
        }
        return data
    }

    init(data original: Data, url: URL?) throws {
        let data = Self.withoutDoctype(original)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed: xmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0, buffer.count <= Int(Int32.max) else { return nil }
            return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), url?.absoluteString, nil, options)
        }
        guard let parsed, let root = xmlDocGetRootElement(parsed) else {
            if let parsed { xmlFreeDoc(parsed) }
            throw Failure.notXML
        }
        doc = parsed
        self.root = root
    }

    deinit { xmlFreeDoc(doc) }

    /// The element's local name (no prefix).
    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The element's namespace URI, if any.
    static func namespace(_ node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// Child elements, in order.
    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(c) }
            child = c.pointee.next
        }
        return out
    }

    /// The first child element with this local name.
    static func child(_ node: xmlNodePtr, _ name: String) -> xmlNodePtr? {
        children(node).first { Self.name($0) == name }
    }

    /// The text of the element: its text and CDATA descendants, trimmed; entity references skipped.
    static func text(_ node: xmlNodePtr) -> String {
        var bytes: [UInt8] = []
        func walk(_ n: xmlNodePtr) {
            var child = n.pointee.children
            while let c = child {
                switch c.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = c.pointee.content {
                        var p = content
                        while p.pointee != 0 { bytes.append(p.pointee); p += 1 }
                    }
                case XML_ELEMENT_NODE:
                    walk(c)
                default:
                    break
                }
                child = c.pointee.next
            }
        }
        walk(node)
        return WhitespaceTrim.trimmed(utf8: bytes)
    }

    /// An attribute's value.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { kabar_xml_free(value) }
        return String(cString: value)
    }
}
