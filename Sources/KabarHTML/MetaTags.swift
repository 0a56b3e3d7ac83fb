/// The page's `<meta>` tags by `name`, `property`, `http-equiv` and `itemprop` (keys
/// lower-cased), in source order; a key may repeat (`article:tag`).
public struct MetaTags {
    public private(set) var entries: [(key: String, value: String)] = []

    init(document: HTMLDocument) {
        for node in document.select("meta") {
            guard let content = node["content"] else { continue }
            for attr in ["name", "property", "http-equiv", "itemprop"] {
                if let key = node[attr]?.trimmed.lowercased(), !key.isEmpty {
                    entries.append((key, content))
                }
            }
        }
    }

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
