import Foundation

/// Origins fetched from somewhere else: `https://www.tempo.co` → `http://127.0.0.1:8080/tempo`
/// fetches `https://www.tempo.co/a/b?c` as `http://127.0.0.1:8080/tempo/a/b?c`. Everything
/// else keeps the real address: plugins choose pages by host and decide what is an article by
/// the real URL, and records carry it, so a local copy of a site is crawled exactly as the
/// site would be. Links on mirrored pages that point into a mirror are mapped back.
public struct SiteMirrors: Sendable, Equatable {
    public struct Mirror: Sendable, Equatable {
        /// `scheme://host[:port]`, lower-cased, no trailing slash.
        public let origin: String
        /// The base it is fetched from, no trailing slash.
        public let base: String
    }

    public private(set) var mirrors: [Mirror] = []

    public init() {}

    public var isEmpty: Bool { mirrors.isEmpty }

    /// Adds a mirror; nil when `origin` is not `scheme://host[:port]` or `base` not an http(s) URL.
    @discardableResult
    public mutating func add(origin: String, base: String) -> Bool {
        guard let o = URL(string: origin), let scheme = o.scheme?.lowercased(), let host = o.host?.lowercased(),
              o.path.isEmpty || o.path == "/", o.query == nil,
              let b = URL(string: base), let bs = b.scheme?.lowercased(), bs == "http" || bs == "https", b.host != nil
        else { return false }
        let port = o.port.map { ":\($0)" } ?? ""
        var baseText = base
        while baseText.hasSuffix("/") { baseText.removeLast() }
        mirrors.append(Mirror(origin: "\(scheme)://\(host)\(port)", base: baseText))
        return true
    }

    /// The address to fetch `url` from.
    public func fetchURL(for url: URL) -> URL {
        guard !mirrors.isEmpty, let origin = Self.origin(of: url),
              let mirror = mirrors.first(where: { $0.origin == origin }) else { return url }
        let text = url.absoluteString
        // On the UTF-8 bytes (Foundation's `range(of:)` and character walks cost more than the
        // URL's parse; discovery asks this of every link, the run of every page).
        let bytes = text.utf8
        guard let separator = Self.firstIndex(of: "://", in: bytes) else { return url }
        // Everything after the authority: path, query.
        let afterScheme = bytes[bytes.index(separator, offsetBy: 3)...]
        let rest = afterScheme.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }).map { String(text[$0...]) } ?? "/"
        return URL(string: mirror.base + (rest.utf8.first == UInt8(ascii: "/") ? rest : "/" + rest)) ?? url
    }

    /// The real address of a URL fetched from (or linked into) a mirror; others unchanged.
    public func realURL(for url: URL) -> URL {
        guard !mirrors.isEmpty else { return url }
        let text = url.absoluteString
        for mirror in mirrors where text.utf8.starts(with: mirror.base.utf8) {
            let rest = text.utf8.dropFirst(mirror.base.utf8.count)
            guard rest.isEmpty || rest.first == UInt8(ascii: "/") || rest.first == UInt8(ascii: "?") else { continue }
            return URL(string: mirror.origin + (rest.isEmpty ? "/" : String(Substring(rest)))) ?? url
        }
        return url
    }

    /// Where `needle` (ASCII) first begins in `bytes`.
    static func firstIndex(of needle: StaticString, in bytes: String.UTF8View) -> String.Index? {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = n.first else { return bytes.startIndex }
        var i = bytes.startIndex
        while let at = bytes[i...].firstIndex(of: first) {
            if bytes[at...].starts(with: n) { return at }
            i = bytes.index(after: at)
        }
        return nil
    }

    static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }
}
