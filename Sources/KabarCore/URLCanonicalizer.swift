import Foundation

/// Canonical form of an article URL, so that one article has one identity: scheme and host
/// lower-cased, no `user:password@`, default ports dropped, no fragment, tracking parameters removed, empty path
/// as "/". A site's own variants (mobile host, AMP, print, paging) are its plugin's
/// `canonicalize(_:)` hook, applied after this.
public enum URLCanonicalizer {
    /// Query parameters that only track where a click came from.
    public static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "spm", "mkt_tok", "twclid", "ttclid", "li_fat_id",
        "s_cid", "soc_src", "soc_trk", "__twitter_impression", "rss", "from_rss",
    ]

    public static func canonicalize(_ url: URL) -> URL {
        isCanonical(url) ? url : rebuilt(url)
    }

    /// Whether `url` is already in canonical form and plain enough that `rebuilt` would give it
    /// back as it is: no base, `http(s)://`, a lower-case host of letters, digits, dots and
    /// hyphens, no credentials, port, query or fragment, and a path of unreserved characters
    /// and sub-delimiters (no `%`-escapes: `URLComponents` drops a path whose escapes are not
    /// UTF-8). Most article URLs are: they skip `URLComponents` (and ICU's IDNA on the host),
    /// twice per record.
    public static func isCanonical(_ url: URL) -> Bool {
        guard url.baseURL == nil else { return false }
        var s = url.absoluteString
        return s.withUTF8 { b in
            var i: Int
            if b.starts(with: httpsPrefix) { i = httpsPrefix.count } else if b.starts(with: httpPrefix) { i = httpPrefix.count } else { return false }
            let hostStart = i
            while i < b.count, b[i] != 0x2F {
                let c = b[i]
                guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D else { return false }
                i += 1
            }
            guard i > hostStart, i < b.count else { return false }
            while i < b.count {
                guard b[i] < 0x80, pathBytes[Int(b[i])] else { return false }
                i += 1
            }
            return true
        }
    }

    static let httpPrefix = Array("http://".utf8), httpsPrefix = Array("https://".utf8)
    /// What `isCanonical` lets through in a path: unreserved characters, the sub-delimiters but
    /// `&` and `'`, `:`, `@` and `/` (no `?`, `#`, `%`).
    static let pathBytes: [Bool] = (0..<128).map { byte in
        let c = UInt8(byte)
        return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
            || Array("-._~!$()*+,;=:@/".utf8).contains(c)
    }

    /// The canonical form through `URLComponents`.
    static func rebuilt(_ url: URL) -> URL {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url }
        c.scheme = c.scheme?.lowercased()
        c.host = c.host?.lowercased()
        // An article's identity has no credentials: `user:password@` is never stored (the
        // frontier, records, the archive); a schedule's source keeps it for fetching.
        c.user = nil
        c.password = nil
        if (c.scheme == "http" && c.port == 80) || (c.scheme == "https" && c.port == 443) { c.port = nil }
        c.fragment = nil
        if c.path.isEmpty { c.path = "/" }
        if let items = c.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            c.queryItems = kept.isEmpty ? nil : kept
        }
        return c.url ?? url
    }

    /// Generic canonicalisation, then the extractor's own hook.
    public static func canonicalize(_ url: URL, for extractor: (any Extractor)?) -> URL {
        let generic = canonicalize(url)
        guard let extractor else { return generic }
        return canonicalize(extractor.canonicalize(generic))
    }

    /// Whether `host` is `domain` or one of its subdomains (`gaya.tempo.co` for `tempo.co`).
    public static func host(_ host: String, isWithin domain: String) -> Bool {
        let h = host.lowercased()
        let d = domain.lowercased()
        return h == d || h.hasSuffix("." + d)
    }
}
