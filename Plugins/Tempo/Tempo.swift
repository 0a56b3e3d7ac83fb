import Foundation
import KabarCore
import KabarHTML

/// Tempo (tempo.co and its kanal subdomains, the English edition en.tempo.co included).
///
/// This type holds the site's identity, its URL rules and the choice of design variant; each
/// design's reading lives in its own file (`TempoT1` … `TempoT4`). The variant is chosen by
/// what the page contains, never by its date.
public struct Tempo: Extractor {
    public init() {}
    public let id = "tempo"
    public let version = 2
    public let hosts = ["tempo.co"]
    /// Health floors: every page of a known design has a headline, a body and a date.
    public var expectations: FieldExpectations { FieldExpectations([.headline: 0.99, .body: 0.99, .published: 0.95]) }

    /// The designs, in the order they are tried. T3 comes before T2 because a T3 page also has
    /// a `div#isi`; T4 last because it is recognised by JSON-LD that older pages may also carry.
    static var variants: [any DesignVariant.Type] { [TempoT1.self, TempoT3.self, TempoT2.self, TempoT4.self] }

    public func extract(_ page: Page) throws -> Extraction {
        try DesignVariants.extract(page, with: Self.variants, otherwise:
            "not a Tempo article page of any known design (T1–T4): no article container found")
    }

    // MARK: - URL rules

    /// Hosts that serve only files (images, scripts, feeds), never articles.
    static let assetHosts: Set<String> = ["cdn.tmpo.co", "statik.tempo.co", "images.tempo.co", "images-tm.tempo.co", "rss.tempo.co", "static.tempo.co"]

    /// First path segments of www.tempo.co that are not rubrics (2024+ design).
    static let nonRubrics: Set<String> = [
        "penulis", "tag", "tags", "topik", "indeks", "index", "search", "cari", "api", "img", "images",
        "_nuxt", "static", "assets", "data", "rss", "read", "abc", "amp", "login", "register", "berlangganan",
    ]

    static let fileExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "css", "js", "json", "xml", "pdf", "mp4", "mp3"]

    public func isArticle(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), claims(url), !Self.assetHosts.contains(host) else { return false }
        let segments = url.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let last = segments.last else { return false }
        if let dot = last.lastIndex(of: "."), Self.fileExtensions.contains(last[last.index(after: dot)...].lowercased()) { return false }
        return Self.form(of: segments, host: host) != nil
    }

    /// The URL forms of SITES.md section 5.
    enum URLForm: Equatable {
        /// `<kanal>.tempo.co/read/news/YYYY/MM/DD/<id>/<slug>` and the English `<id>,uk.html/<Slug>` (2013–16).
        case news2015
        /// `foto.tempo.co/read/beritafoto/<id>/<slug>` (2013–16 photo stories).
        case photo2015
        /// `<kanal>.tempo.co/read/<id>/<slug>` (2017–24), `www.tempo.co/abc/<id>/<slug>`.
        case read
        /// `majalah.tempo.co/read/<rubrik>/<id>/<slug>`, `koran.tempo.co/read/<rubrik>/<id>/<slug>`.
        case magazine
        /// `www.tempo.co/<rubrik>/<slug>-<7-digit id>` (2024+).
        case rubric2024
    }

    /// The full-page view's extra last segment (`/full&view=ok`).
    static let fullViewSegments: Set<String> = ["full&view=ok", "full", "full%26view=ok"]

    static func isDigits(_ s: String, count: ClosedRange<Int>? = nil) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } && (count.map { $0.contains(s.count) } ?? true)
    }

    static func form(of segments: [String], host: String) -> URLForm? {
        let s = segments
        // 2013–16: /read/news/YYYY/MM/DD/<id>[,uk.html]/<slug>
        if s.count >= 7, s[0] == "read", s[1] == "news", isDigits(s[2], count: 4...4), isDigits(s[3], count: 1...2),
           isDigits(s[4], count: 1...2) {
            let idPart = s[5].hasSuffix(",uk.html") ? String(s[5].dropLast(",uk.html".count)) : s[5]
            if isDigits(idPart) { return .news2015 }
        }
        if s.count >= 4, s[0] == "read", s[1] == "beritafoto", isDigits(s[2]) { return .photo2015 }
        if host.hasPrefix("majalah.") || host.hasPrefix("koran.") {
            if s.count >= 4, s[0] == "read", isDigits(s[2]) { return .magazine }
            return nil
        }
        // 2017–24: /read/<id>/<slug>[/full&view=ok]; ABC syndication /abc/<id>/<slug>
        if s.first == "read" || s.first == "abc", s.count == 3 || (s.count == 4 && fullViewSegments.contains(s[3].lowercased())),
           isDigits(s[1], count: 5...9) { return .read }
        // 2024+: www.tempo.co/<rubrik>/<slug>-<7-digit id>
        if s.count == 2, host == "www.tempo.co" || host == "tempo.co", !nonRubrics.contains(s[0].lowercased()),
           let dash = s[1].lastIndex(of: "-") {
            let slug = s[1][..<dash]
            let id = String(s[1][s[1].index(after: dash)...])
            if isDigits(id, count: 7...7), slug.contains(where: \.isLetter) { return .rubric2024 }
        }
        return nil
    }

    /// Folds Tempo's variants of one article URL: `?page=` dropped, the full-page view
    /// (`/full&view=ok`, `?view=ok`) folded, and `http` upgraded to `https` for the 2017+ forms
    /// (the 2013–16 forms are kept as given: they were served over http).
    public func canonicalize(_ url: URL) -> URL {
        Self.plainCanonical(url) ?? Self.canonicalizedByComponents(url)
    }

    /// `canonicalize` without `URLComponents` for a plain URL (`URLCanonicalizer.isCanonical`:
    /// no query, fragment, `%` or `&`) whose path has no `/full` view and no trailing slash:
    /// the same URL, or with `https` for the 2017+ forms. nil for any other URL. Every record
    /// canonicalises its URL, and two `URLComponents` round trips cost more than the rest of
    /// a small page's record.
    static func plainCanonical(_ url: URL) -> URL? {
        guard URLCanonicalizer.isCanonical(url) else { return nil }
        // ASCII only (`isCanonical`): found on the UTF-8 bytes, without Foundation's search.
        let s = url.absoluteString
        let https = s.utf8.starts(with: "https://".utf8)
        let hostStart = s.utf8.index(s.startIndex, offsetBy: https ? 8 : 7)
        guard let pathStart = s.utf8[hostStart...].firstIndex(of: 0x2F) else { return nil }
        let path = s[pathStart...]
        if path.utf8.count > 1, path.utf8.last == 0x2F { return nil }
        if path.utf8.count >= 5, path.utf8.suffix(5).map({ $0 | 0x20 }).elementsEqual("/full".utf8.map { $0 | 0x20 }) { return nil }
        if https { return url }
        let segments = path.split(separator: "/").map(String.init)
        guard !segments.isEmpty else { return nil }
        if let form = form(of: segments, host: String(s[hostStart..<pathStart])), form != .news2015, form != .photo2015 {
            return URL(string: "https://" + s.dropFirst("http://".count))
        }
        return url
    }

    /// `canonicalize` through `URLComponents`, for any URL.
    static func canonicalizedByComponents(_ url: URL) -> URL {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url }
        if let items = c.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return name != "page" && !(name == "view" && item.value?.lowercased() == "ok")
            }
            c.queryItems = kept.isEmpty ? nil : kept
        }
        var path = c.percentEncodedPath
        for suffix in ["/full&view=ok", "/full%26view=ok", "&view=ok", "/full"] where path.lowercased().hasSuffix(suffix) {
            let candidate = String(path.dropLast(suffix.count))
            // `/full` only as the segment after a /read/<id>/<slug> path.
            if suffix == "/full", candidate.split(separator: "/").count < 3 { continue }
            path = candidate
            break
        }
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
        c.percentEncodedPath = path
        if c.scheme?.lowercased() == "http", let host = c.host?.lowercased() {
            let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            if let form = Self.form(of: segments, host: host), form != .news2015, form != .photo2015 {
                c.scheme = "https"
            }
        }
        return c.url ?? url
    }

    /// Listing selectors of SITES.md: the 2015 home page (`ul.list-terkini`), the 2015 English
    /// home page (`ul.indeks-list`) and `/indeks` (`div.title a`); other pages fall back to
    /// every article link (the protocol's default).
    static let listingSelectors = [
        "ul.list-terkini li div.box-text h3 a",
        "ul.indeks-list li h2 a",
        "div.title a",
    ]

    public func listingLinks(_ page: Page) -> [URL] {
        for selector in Self.listingSelectors {
            let links = articleLinks(in: page, selector: selector)
            if !links.isEmpty { return links }
        }
        return articleLinks(in: page)
    }
}
