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
                    SelectorMatcher.withAttribute(name.baseAddress!, node.ptr) { $0.map { String(cString: $0).trimmed.lowercased() } }
                }
                if let key, !key.isEmpty { entries.append((key, content)) }
            }
        }
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
