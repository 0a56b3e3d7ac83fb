import Foundation
import KabarArchive
import KabarFixtures

/// A small news site on 127.0.0.1 made of the constructed fixture pages of both plugins, for
/// end-to-end runs: Tempo- and SINDOnews-design articles (a multi-page SINDOnews article with
/// its `?showpage=all` page), an RSS feed, a sitemap index (a plain sitemap and a gzip news
/// sitemap), a listing page and a robots.txt that disallows one article. Each real origin is
/// served under `/<host>` (`https://www.tempo.co/x` at `http://127.0.0.1:PORT/www.tempo.co/x`),
/// which a schedule maps with `mirrors:`. Every request is counted by path.
public final class LocalTestSite: @unchecked Sendable {
    public let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var pages: [String: Data] = [:]
    private var lastmods: [String: String] = [:]
    private var wholeArticlePages = true

    /// The article pages: real URL → fixture file (under the package's Plugins folder).
    public static let articles: [(url: String, file: String)] = [
        ("https://dunia.tempo.co/read/1199180/putin-sebut-pertemuan-dengan-kim-jong-un-bermanfaat", "Tempo/Fixtures/constructed-2017-putin-kim.html"),
        ("https://metro.tempo.co/read/1438120/hujan-deras-sejumlah-ruas-jalan-di-jakarta-tergenang", "Tempo/Fixtures/constructed-2021-hujan-jakarta.html"),
        ("https://www.tempo.co/lingkungan/mangrove-di-pesisir-demak-mulai-pulih-2291547", "Tempo/Fixtures/constructed-2024-mangrove-demak.html"),
        ("https://www.tempo.co/investigasi/jejak-tambang-pasir-ilegal-di-pesisir-utara-2291602", "Tempo/Fixtures/constructed-2024-paywall-tambang-pasir.html"),
        ("https://international.sindonews.com/read/1399476/40/soal-denuklirisasi-putin-sebut-korut-butuh-jaminan-keamanan-1556181420", "Sindonews/Fixtures/constructed-s1-2019-denuklirisasi.html"),
        (festival, "Sindonews/Fixtures/constructed-s2-festival-page1.html"),
        (festival + "/2", "Sindonews/Fixtures/constructed-s2-festival-page2.html"),
        (festival + "/3", "Sindonews/Fixtures/constructed-s2-festival-page3.html"),
        (festival + "?showpage=all", "Sindonews/Fixtures/constructed-s2-festival-showpage-all.html"),
    ]

    public static let festival = "https://daerah.sindonews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420"
    /// An article robots.txt disallows (listed in the sitemap, never to be fetched).
    public static let disallowed = "https://www.tempo.co/private/dokumen-rahasia-negara-2291999"
    /// The distinct articles a complete run stores.
    public static let articleCount = 6
    /// The origins served, each under `/<host>`.
    public static let origins = ["https://dunia.tempo.co", "https://metro.tempo.co", "https://www.tempo.co",
                                 "https://international.sindonews.com", "https://daerah.sindonews.com"]

    /// Serves the fixture pages of `pluginsFolder` (default: `Plugins` of the working
    /// directory); a page missing there is a `MissingPage` naming the file looked for.
    public init(port: UInt16 = 0, pluginsFolder: URL = Corpus.workingFolder.appendingPathComponent("Plugins")) throws {
        var pages: [String: Data] = [:]
        for (url, file) in Self.articles {
            let path = pluginsFolder.appendingPathComponent(file)
            do { pages[url] = try Data(contentsOf: path) } catch { throw MissingPage(file: path.path) }
        }
        pages[Self.disallowed] = pages[Self.articles[2].url]
        self.pages = pages
        let box = Box()
        server = try LoopbackHTTPServer(port: port) { request, connection in box.site?.respond(request, connection) }
        box.site = self
    }

    /// A page of the sample site that is not in the plugins folder given.
    public struct MissingPage: Error, CustomStringConvertible {
        public let file: String
        public var description: String {
            "the sample site's pages are the plugins' fixture pages, and \(file) is not there; run kabar in the repository's folder, or give --plugins REPOSITORY/Plugins"
        }
    }

    private final class Box: @unchecked Sendable { weak var site: LocalTestSite? }

    deinit { server.stop() }

    public func stop() { server.stop() }

    public var base: String { "http://127.0.0.1:\(server.port)" }

    /// The path an article's real URL is served at.
    public static func path(for url: String) -> String {
        guard let r = url.range(of: "://") else { return url }
        return "/" + url[r.upperBound...]
    }

    /// The `mirrors:` block of a schedule for this site.
    public var mirrorsYAML: String {
        "mirrors:\n" + Self.origins.map { "  \"\($0)\": \"\(base)/\($0.replacingOccurrences(of: "https://", with: ""))\"" }.joined(separator: "\n") + "\n"
    }

    /// A schedule for this site (feed, sitemap index and listing), `extractor: auto`.
    public func scheduleYAML(name: String = "local-test", extra: String = "") -> String {
        """
        name: \(name)
        extractor: auto
        allow_local: true
        sources:
          - feed: \(base)/feed.xml
          - sitemap: \(base)/sitemap.xml
          - listing: \(base)/www.tempo.co/indeks
        every: 1h
        limits: { max_pages: 100, max_age: 30d }
        politeness: { concurrency: 4, per_host: 2, delay: 0s, robots: obey, timeout: 10s, attempts: 2 }
        \(mirrorsYAML)\(extra)
        """
    }

    /// Serves `html` for an article from now on, and dates it as changed in the sitemap.
    public func change(_ url: String, html: Data) {
        lock.withLock {
            pages[url] = html
            lastmods[url] = Self.iso(Date().addingTimeInterval(60))
        }
    }

    /// Whether `?showpage=all` pages exist (off: SINDOnews articles must be read page by page).
    public func setWholeArticlePages(_ on: Bool) { lock.withLock { wholeArticlePages = on } }

    public func requests(for url: String) -> Int { server.count(Self.path(for: url)) }

    // MARK: Serving

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// A date as RSS writes it (`Tue, 05 Mar 2024 10:00:00 +0000`).
    public static func rfc822(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    private func respond(_ request: LoopbackHTTPServer.Request, _ c: LoopbackHTTPConnection) {
        // Dates count back from the start of the UTC day, so the feed and sitemaps are the same
        // bytes all day, as a real site's are until it publishes (a run that finds nothing new
        // archives nothing new).
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86400).rounded(.down) * 86400)
        let hour = 3600.0
        let xml = ["Content-Type": "application/xml; charset=utf-8"]
        switch request.path {
        case "/robots.txt":
            c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nDisallow: /www.tempo.co/private/\n")
        case "/feed.xml":
            let items = Self.articles.prefix(2).enumerated().map { i, a in
                "<item><title>Item \(i)</title><link>\(a.url)</link><pubDate>\(Self.rfc822(now.addingTimeInterval(-Double(i + 1) * hour)))</pubDate></item>"
            }.joined()
            c.respond(headers: xml, body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>\(items)</channel></rss>")
        case "/sitemap.xml":
            c.respond(headers: xml, body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>\(base)/sitemaps/tempo.xml</loc></sitemap>
                <sitemap><loc>\(base)/sitemaps/news.xml.gz</loc><lastmod>\(Self.iso(now))</lastmod></sitemap>
                </sitemapindex>
                """)
        case "/sitemaps/tempo.xml":
            let urls = [Self.articles[2].url, Self.articles[3].url, Self.disallowed, Self.articles[1].url]
            let body = lock.withLock {
                urls.map { "<url><loc>\($0)</loc><lastmod>\(lastmods[$0] ?? Self.iso(now.addingTimeInterval(-5 * hour)))</lastmod></url>" }.joined()
            }
            c.respond(headers: xml, body: "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(body)</urlset>")
        case "/sitemaps/news.xml.gz":
            let entries = [(Self.articles[4].url, "Soal Denuklirisasi"), (Self.festival, "Festival Perahu Bambu")].enumerated().map { i, e in
                "<url><loc>\(e.0)</loc><news:news><news:publication><news:name>SINDOnews</news:name><news:language>id</news:language></news:publication>"
                    + "<news:publication_date>\(Self.iso(now.addingTimeInterval(-Double(i + 2) * hour)))</news:publication_date><news:title>\(e.1)</news:title></news:news></url>"
            }.joined()
            let text = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\(entries)</urlset>"
            do {
                c.respond(headers: ["Content-Type": "application/x-gzip"], body: try GzipCodec.member(Data(text.utf8)))
            } catch {
                c.respond(status: 500, body: "gzip: \(error)")
            }
        case "/www.tempo.co/indeks":
            let links = Self.articles.prefix(4).map { "<div class=\"title\"><a href=\"\($0.url)\">x</a></div>" }.joined()
            c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: "<html><body>\(links)<a href=\"/tentang\">Tentang</a></body></html>")
        default:
            // An article: /<host><path>[?query] → https://<host><path>[?query].
            let real = "https:/" + request.target
            let (page, whole) = lock.withLock { (pages[real], wholeArticlePages) }
            if let page, whole || !real.contains("showpage=") {
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: page)
            } else {
                c.respond(status: 404, body: "not found")
            }
        }
    }
}
