import CLibXML2
import Foundation

/// The page's `<meta>` tags by `name`, `property`, `http-equiv` and `itemprop` (keys
/// lower-cased), in source order; a key may repeat (`article:tag`).
public struct MetaTags {
    public private(set) var entries: [(key: String, value: String)] = []

    init(document: HTMLDocument) {
        for node in document.select("meta") {
            // One walk over the element's attributes finds `content` and the key attributes
            // (the first of each name, as `xmlGetProp` reads it), instead of a walk per name;
            // values are read in place, and only the ones used become Strings.
            var found: (content: xmlAttrPtr?, keys: (xmlAttrPtr?, xmlAttrPtr?, xmlAttrPtr?, xmlAttrPtr?)) = (nil, (nil, nil, nil, nil))
            var attr = node.ptr.pointee.properties
            while let a = attr {
                attr = a.pointee.next
                guard let name = a.pointee.name else { continue }
                switch Self.attributeSlot(name) {
                case 0: if found.content == nil { found.content = a }
                case 1: if found.keys.0 == nil { found.keys.0 = a }
                case 2: if found.keys.1 == nil { found.keys.1 = a }
                case 3: if found.keys.2 == nil { found.keys.2 = a }
                case 4: if found.keys.3 == nil { found.keys.3 = a }
                default: continue
                }
            }
            guard let contentAttr = found.content,
                  let content = SelectorMatcher.withValue(of: contentAttr, node.ptr, { $0.map { String(cString: $0) } }) else { continue }
            func add(_ keyAttr: xmlAttrPtr?) {
                guard let keyAttr, let key = SelectorMatcher.withValue(of: keyAttr, node.ptr, { $0.map(Self.key) }), !key.isEmpty else { return }
                entries.append((key, content))
            }
            add(found.keys.0)
            add(found.keys.1)
            add(found.keys.2)
            add(found.keys.3)
        }
    }

    /// Which attribute `name` is: 0 `content`, 1–4 the key attributes in `keyAttributes`'
    /// order, -1 any other. Compared on the bytes, names being case-sensitive here as in
    /// `xmlGetProp` (the HTML parser lower-cases them).
    @inline(__always)
    static func attributeSlot(_ name: UnsafePointer<xmlChar>) -> Int {
        let c = UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)
        switch name[0] {
        case UInt8(ascii: "c"): return strcmp(c, "content") == 0 ? 0 : -1
        case UInt8(ascii: "n"): return strcmp(c, "name") == 0 ? 1 : -1
        case UInt8(ascii: "p"): return strcmp(c, "property") == 0 ? 2 : -1
        case UInt8(ascii: "h"): return strcmp(c, "http-equiv") == 0 ? 3 : -1
        case UInt8(ascii: "i"): return strcmp(c, "itemprop") == 0 ? 4 : -1
        default: return -1
        }
    }

    /// The entries as they were built before the one walk: `content` and each key attribute
    /// looked up by name (`SelectorMatcher.withAttribute`). Kept as the reference the tests
    /// hold the walk to.
    static func referenceEntries(document: HTMLDocument) -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = []
        for node in document.select("meta") {
            guard let content = SelectorMatcher.withAttribute("content", node.ptr, { $0.map { String(cString: $0) } }) else { continue }
            for attr in Self.keyAttributes {
                let key = attr.withUnsafeBufferPointer { name in
                    SelectorMatcher.withAttribute(name.baseAddress!, node.ptr) { $0.map(Self.key) }
                }
                if let key, !key.isEmpty { entries.append((key, content)) }
            }
        }
        return entries
    }

    /// A key attribute's value trimmed and lower-cased. An ASCII value (the names, properties
    /// and http-equivs pages write) is trimmed and lower-cased on its bytes, in one copy; any
    /// other through `trimmed` and `lowercased()` (`referenceKey`).
    static func key(_ value: UnsafePointer<CChar>) -> String {
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value))
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return referenceKey(value) }
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var lo = 0, hi = bytes.count
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        return String(unsafeUninitializedCapacity: hi - lo) { out in
            for k in 0..<(hi - lo) {
                let b = bytes[lo + k]
                out[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return hi - lo
        }
    }

    /// `key` through Strings: the way for non-ASCII values, and the reference the tests hold
    /// the byte path to.
    static func referenceKey(_ value: UnsafePointer<CChar>) -> String {
        String(cString: value).trimmed.lowercased()
    }

    static let keyAttributes = ["name", "property", "http-equiv", "itemprop"].map { Array($0.utf8CString) }

    /// The first non-empty value for `key` (case-insensitive), with white space folded.
    public subscript(key: String) -> String? {
        let k = key.lowercased()
        for entry in entries where entry.key == k {
            var acc = LineAccumulator()
            acc.append(entry.value)
            let value = acc.finish().joined(separator: " ")
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// Every value for `key`, in source order.
    public func all(_ key: String) -> [String] {
        let k = key.lowercased()
        return entries.filter { $0.key == k }.map(\.value)
    }
}
