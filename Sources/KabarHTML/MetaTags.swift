import Foundation

/// The page's `<meta>` tags by `name`, `property`, `http-equiv` and `itemprop` (keys
/// lower-cased), in source order; a key may repeat (`article:tag`).
public struct MetaTags {
    public private(set) var entries: [(key: String, value: String)] = []

    init(document: HTMLDocument) {
        for node in document.select("meta") {
            // Attributes read in place: only the ones present become Strings.
            guard let content = SelectorMatcher.withAttribute("content", node.ptr, { $0.map { String(cString: $0) } }) else { continue }
            for attr in Self.keyAttributes {
                let key = attr.withUnsafeBufferPointer { name in
                    SelectorMatcher.withAttribute(name.baseAddress!, node.ptr) { $0.map(Self.key) }
                }
                if let key, !key.isEmpty { entries.append((key, content)) }
            }
        }
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
