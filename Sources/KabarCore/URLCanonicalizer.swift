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
