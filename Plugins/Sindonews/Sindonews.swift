import Foundation
import KabarCore
import KabarHTML

/// SINDOnews (sindonews.com): identity, URL rules, multi-page handling and the choice of
/// design variant. The variants themselves are `SindonewsS1` (c. 2013–2019, old CMS) and
/// `SindonewsS2` (c. 2020–now, "pena" CMS with `detail-*` classes); what they share is in
/// `SindonewsPage`.
public struct Sindonews: Extractor {
    public let id = "sindonews"
    public let version = 2
    public let hosts = ["sindonews.com"]
    /// Page scripts say how many pages an article has and which one this is (`total_page`,
    /// `current_page`): only the scripts naming them are read (`SindonewsPage.scriptNumber`).
    public let scriptText = ScriptText.containing(SindonewsPage.scriptWords)
    /// Health floors: every page of a known design has a headline, a body and a date.
    public var expectations: FieldExpectations { FieldExpectations([.headline: 0.99, .body: 0.99, .published: 0.95]) }

    public init() {}

    /// The news channels whose `<kanal>.sindonews.com/read/...` pages are articles. Other
    /// subdomains are other products (hi-lite., scope., media.), assets (e., pict., am.,
    /// asset.) or listings (index., www.).
    static let kanals: Set<String> = [
        "nasional", "metro", "daerah", "ekbis", "international", "sports", "kalam", "edukasi",
        "lifestyle", "otomotif", "tekno", "autotekno", "sains",
    ]

    // MARK: URLs

    /// `https://<kanal>.sindonews.com/read/<id>/<subId>/<slug>-<unixTimestamp>[/<page>]`.
    public func isArticle(_ url: URL) -> Bool { ArticleAddress(url) != nil }

    /// Page suffixes (`/<n>`) and `showpage=` fold to the page-1 URL; article URLs get https.
    public func canonicalize(_ url: URL) -> URL {
        guard let address = ArticleAddress(url) else { return url }
        if address.isPlainPageOne(url) { return url }
        let kept = (URLComponents(url: url, resolvingAgainstBaseURL: true)?.queryItems ?? [])
            .filter { $0.name.lowercased() != "showpage" }
        return address.url(query: kept)
    }

    /// The `?showpage=all` form of the article's page-1 URL: the whole article in one page.
    public func wholeArticleURL(for url: URL) -> URL? {
        ArticleAddress(url)?.url(query: [URLQueryItem(name: "showpage", value: "all")])
    }

    /// The next page of a multi-page article: from the pager (`.paging-artikel`), else from
    /// the page's `total_page` script variable; nil on the last page and on a whole-article
    /// (`showpage=`) page.
    public func nextPageURL(_ page: Page) -> URL? {
        guard let address = ArticleAddress(page.url) else { return nil }
        let query = URLComponents(url: page.url, resolvingAgainstBaseURL: true)?.queryItems ?? []
        if query.contains(where: { $0.name.lowercased() == "showpage" }) { return nil }
        let current = address.page ?? 1
        let wanted = String(current + 1)
        let document = page.document
        for link in document.select(".paging-artikel a[data-ci-pagination-page]")
        where link["data-ci-pagination-page"]?.trimmed == wanted {
            if let url = document.absoluteURL(link["href"]), let next = ArticleAddress(url), next.id == address.id {
                return url
            }
        }
        for link in document.select(".paging-artikel a[rel~=next]") {
            if let url = document.absoluteURL(link["href"]), let next = ArticleAddress(url), next.id == address.id,
               let n = next.page, n > current {
                return url
            }
        }
        if let total = SindonewsPage.totalPages(in: document), total > current {
            return address.url(query: []).appendingPathComponent(wanted)
        }
        return nil
    }

    /// A later page's own address: its URL when that has a `/<n>` suffix above 1; for a copy
    /// read under page 1's address (a saved page, whose canonical link names page 1), the
    /// pager's active entry, else the page's `current_page` script variable.
    public func continuationURL(of page: Page) -> URL? {
        guard let address = ArticleAddress(page.url) else { return nil }
        let query = URLComponents(url: page.url, resolvingAgainstBaseURL: true)?.queryItems ?? []
        if query.contains(where: { $0.name.lowercased() == "showpage" }) { return nil }
        if let n = address.page { return n > 1 ? page.url : nil }
        let document = page.document
        for link in document.select(".paging-artikel li.active a[data-ci-pagination-page]") {
            guard let url = document.absoluteURL(link["href"]), let active = ArticleAddress(url), active.id == address.id else { continue }
            return (active.page ?? 1) > 1 ? url : nil
        }
        if let current = SindonewsPage.scriptNumber("current_page", in: document), current > 1 {
            return address.url(query: []).appendingPathComponent(String(current))
        }
        return nil
    }

    // MARK: Listings

    /// Article links of the 2024 home page, the index page (2020– and 2018–19), else every
    /// article link on the page.
    static let listingSelector = [
        // 2024 home page: the channel boxes, the headline grid, "Terpopuler", "Pilihan".
        ".desc-kanal.news-title a", ".desc-kanal a", ".warp-list-terpopuler a", ".show-pilihan a",
        // www.sindonews.com/indeks (2020–) and index.sindonews.com (2018–19).
        ".list-article .title-article.news-title a", ".indeks-news .indeks-title a",
    ].joined(separator: ", ")

    public func listingLinks(_ page: Page) -> [URL] {
        let chosen = articleLinks(in: page, selector: Self.listingSelector)
        return chosen.isEmpty ? articleLinks(in: page) : chosen
    }

    // MARK: Extraction

    /// The designs, in the order they are tried: S2's `detail-*` markup, else S1's `.article` /
    /// `#content`.
    static var variants: [any DesignVariant.Type] { [SindonewsS2.self, SindonewsS1.self] }

    public func extract(_ page: Page) throws -> Extraction {
        try DesignVariants.extract(page, with: Self.variants, otherwise:
            "not a SINDOnews article page: neither the 2020– design (h1.detail-title, #detail-desc) nor the 2013–19 design (.article h1, #content) is on it")
    }
}

/// The parts of a SINDOnews article URL.
struct ArticleAddress: Equatable {
    var host: String
    var id: String
    var subID: String
    /// The last path part of page 1: the slug ending in `-<unixTimestamp>`.
    var slug: String
    /// The Unix time (seconds) the slug ends with: the publication time.
    var timestamp: Int
    /// The page number from a `/<n>` suffix, nil for the bare page-1 URL.
    var page: Int?

    init?(_ url: URL) {
        guard let (host, path) = Self.plainHostAndPath(url) ?? Self.referenceHostAndPath(url) else { return nil }
        self.init(host: host, path: path)
    }

    /// The address read through Foundation's `host` and `path` alone: the reference the
    /// tests hold `init` to.
    init?(reference url: URL) {
        guard let (host, path) = Self.referenceHostAndPath(url) else { return nil }
        self.init(host: host, path: path)
    }

    private init?(host: String, path: String) {
        guard host.hasSuffix(".sindonews.com") else { return nil }
        let kanal = host.dropLast(".sindonews.com".count)
        guard Sindonews.kanals.contains(String(kanal)) else { return nil }
        let parts = Self.pathParts(path)
        guard parts.count == 4 || parts.count == 5, parts[0] == "read",
              Self.isDigits(parts[1]), Self.isDigits(parts[2]) else { return nil }
        let slug = parts[3]
        guard let dash = slug.lastIndex(of: "-"), dash > slug.startIndex else { return nil }
        let stamp = slug[slug.index(after: dash)...]
        guard stamp.count == 10, Self.isDigits(stamp), let seconds = Int(stamp) else { return nil }
        var page: Int?
        if parts.count == 5 {
            guard Self.isDigits(parts[4]), parts[4].count <= 4, let n = Int(parts[4]), n >= 1 else { return nil }
            page = n
        }
        self.host = host
        self.id = String(parts[1])
        self.subID = String(parts[2])
        self.slug = String(slug)
        self.timestamp = seconds
        self.page = page
    }

    /// The lower-cased host and the path of an http or https URL, as `url.host` and `url.path`
    /// give them (`referenceHostAndPath`); nil for another scheme or no host.
    static func referenceHostAndPath(_ url: URL) -> (host: String, path: String)? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased() else { return nil }
        return (host, url.path)
    }

    /// `referenceHostAndPath` read off the URL's own string for the addresses pages and
    /// crawls give (every record asks two or three times, and each of Foundation's `host`
    /// and `path` parses the URL again): an absolute `http://` or `https://` URL in ASCII with
    /// a host of letters, digits, dots and hyphens and nothing to decode (no `%`) or set
    /// apart (no user, port or `;`). The path is what lies between the host and a `?` or `#`
    /// (`url.path` drops a trailing slash, which `pathParts` drops too). Nil for any other
    /// URL, which goes Foundation's way.
    static func plainHostAndPath(_ url: URL) -> (host: String, path: String)? {
        guard url.baseURL == nil else { return nil }
        var string = url.absoluteString
        return string.withUTF8 { b -> (host: String, path: String)? in
            let n = b.count
            // "http://" or "https://", any case.
            guard n > 8, b[0] | 0x20 == 0x68, b[1] | 0x20 == 0x74, b[2] | 0x20 == 0x74, b[3] | 0x20 == 0x70 else { return nil }
            var i = 4
            if b[i] | 0x20 == 0x73 { i += 1 }
            guard b[i] == 0x3A, b[i + 1] == 0x2F, b[i + 2] == 0x2F else { return nil }
            i += 3
            let hostStart = i
            while i < n {
                let c = b[i]
                let lower = c | 0x20
                if (lower >= 0x61 && lower <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D { i += 1; continue }
                guard c == 0x2F || c == 0x3F || c == 0x23 else { return nil }  // "/", "?", "#" end the host
                break
            }
            guard i > hostStart else { return nil }
            let hostEnd = i
            var pathEnd = i
            while pathEnd < n, b[pathEnd] != 0x3F, b[pathEnd] != 0x23 {
                let c = b[pathEnd]
                guard c > 0x20, c < 0x7F, c != 0x25, c != 0x40, c != 0x3B, c != 0x5C, c != 0x5B, c != 0x5D else { return nil }
                pathEnd += 1
            }
            var k = pathEnd
            while k < n {
                guard b[k] > 0x20, b[k] < 0x7F else { return nil }
                k += 1
            }
            let host = String(unsafeUninitializedCapacity: hostEnd - hostStart) { out in
                for j in hostStart..<hostEnd {
                    let c = b[j]
                    out[j - hostStart] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                }
                return hostEnd - hostStart
            }
            return (host, String(decoding: UnsafeBufferPointer(rebasing: b[hostEnd..<pathEnd]), as: UTF8.self))
        }
    }

    /// Whether `url` is this address's https page-1 URL as `url(query: [])` builds it: plain
    /// (`URLCanonicalizer.isCanonical`: no query, fragment or `%`-escape, a lower-case host)
    /// and spelled exactly `https://<host>/read/<id>/<subID>/<slug>`. Such a URL is its own
    /// canonical form, without two `URLComponents` round trips per record.
    func isPlainPageOne(_ url: URL) -> Bool {
        guard page == nil, URLCanonicalizer.isCanonical(url) else { return false }
        return url.absoluteString == "https://\(host)/read/\(id)/\(subID)/\(slug)"
    }

    /// The https page-1 URL with `query` (nil query when empty).
    func url(query: [URLQueryItem]) -> URL {
        var c = URLComponents()
        c.scheme = "https"
        c.host = host
        c.path = "/read/\(id)/\(subID)/\(slug)"
        c.queryItems = query.isEmpty ? nil : query
        return c.url ?? URL(string: "https://\(host)/")!
    }

    /// The path's non-empty parts between slashes. An ASCII path (each Character one byte, but
    /// CR LF, which holds no slash) is split on its bytes; any other by Characters, as before.
    static func pathParts(_ path: String) -> [Substring] {
        var path = path
        let ascii = path.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        guard ascii else { return path.split(separator: "/", omittingEmptySubsequences: true) }
        return path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }

    private static func isDigits(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
