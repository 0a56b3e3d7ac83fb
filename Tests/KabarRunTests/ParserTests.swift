import Foundation
import KabarArchive
import KabarFetch
@testable import KabarRun
import KabarTesting
import Testing

struct FeedAndSitemapTests {
    let base = URL(string: "https://example.com/feed")!

    @Test func rss() throws {
        let links = try FeedParser.parse(Data("""
            <?xml version="1.0"?><rss version="2.0"><channel>
            <item><title>A</title><link>https://example.com/a</link><pubDate>Tue, 04 Mar 2025 10:00:00 +0700</pubDate></item>
            <item><title><![CDATA[B & co]]></title><guid>https://example.com/b</guid></item>
            <item><title>rel</title><link>/c</link></item>
            </channel></rss>
            """.utf8), url: base)
        #expect(links.map(\.url.absoluteString) == ["https://example.com/a", "https://example.com/b", "https://example.com/c"])
        #expect(links[0].published == ISO8601DateFormatter().date(from: "2025-03-04T03:00:00Z"))
        #expect(links[1].title == "B & co")
    }

    @Test func atom() throws {
        let links = try FeedParser.parse(Data("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
            <link rel="self" href="https://example.com/self"/><link href="https://example.com/a"/>
            <updated>2025-03-04T10:00:00Z</updated></entry></feed>
            """.utf8), url: base)
        #expect(links.count == 1 && links[0].url.absoluteString == "https://example.com/a")
        #expect(links[0].modified == ISO8601DateFormatter().date(from: "2025-03-04T10:00:00Z"))
    }

    @Test func sitemapIndexAndGzipNewsSitemap() throws {
        let index = try SitemapParser.parse(Data("""
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://example.com/s1.xml.gz</loc><lastmod>2025-03-01</lastmod></sitemap></sitemapindex>
            """.utf8), url: base)
        guard case .sitemaps(let maps) = index else { Issue.record("not an index"); return }
        #expect(maps.first?.url.absoluteString == "https://example.com/s1.xml.gz")
        let news = """
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>https://example.com/a</loc><news:news><news:publication_date>2025-03-04T10:00:00+07:00</news:publication_date><news:title>Judul</news:title></news:news></url>
            </urlset>
            """
        guard case .urls(let urls) = try SitemapParser.parse(TestGzip.compress(Data(news.utf8)), url: base) else { Issue.record("not a urlset"); return }
        #expect(urls.first?.title == "Judul")
        #expect(urls.first?.published == ISO8601DateFormatter().date(from: "2025-03-04T03:00:00Z"))
    }

    @Test func gzipBombIsRefused() {
        #expect(throws: GzipCodec.TooLarge.self) { try GzipCodec.inflate(TestGzip.zeros(count: 4 << 20), limit: 1 << 20) }
    }

    @Test func entitiesAreNotExpanded() throws {
        // A "billion laughs" feed: the entities are neither substituted nor read through.
        var doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
        var previous = "a"
        for i in 1...9 {
            let name = "e\(i)"
            doc += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = name
        }
        doc += "]><rss version=\"2.0\"><channel><item><title>&\(previous);</title><link>https://example.com/x</link></item></channel></rss>"
        let links = try FeedParser.parse(Data(doc.utf8), url: base)
        #expect(links.count <= 1)
        #expect((links.first?.title?.count ?? 0) < 1000)
    }

    @Test func notAFeed() {
        #expect(throws: (any Error).self) { try FeedParser.parse(Data("<html><body>hi</body></html>".utf8), url: base) }
        #expect(throws: (any Error).self) { try FeedParser.parse(Data("".utf8), url: base) }
    }

    @Test func mirrorsMapBothWays() {
        var m = SiteMirrors()
        let added = m.add(origin: "https://www.tempo.co", base: "http://127.0.0.1:8089/www.tempo.co/")
        #expect(added)
        let real = URL(string: "https://www.tempo.co/a/b?c=1")!
        let fetched = m.fetchURL(for: real)
        #expect(fetched.absoluteString == "http://127.0.0.1:8089/www.tempo.co/a/b?c=1")
        #expect(m.realURL(for: fetched) == real)
        #expect(m.fetchURL(for: URL(string: "https://other.example/x")!).absoluteString == "https://other.example/x")
        // The mapping reads the URL's bytes: each part after the authority, and the edges.
        let cases = [("https://www.tempo.co", "http://127.0.0.1:8089/www.tempo.co/"),
                     ("https://www.tempo.co?q=1", "http://127.0.0.1:8089/www.tempo.co/?q=1"),
                     ("https://WWW.Tempo.co/x/y", "http://127.0.0.1:8089/www.tempo.co/x/y"),
                     ("https://www.tempo.co/%C3%A9t%C3%A9?a=b#f", "http://127.0.0.1:8089/www.tempo.co/%C3%A9t%C3%A9?a=b#f"),
                     ("https://www.tempo.co:8443/x", "https://www.tempo.co:8443/x"),
                     ("http://www.tempo.co/x", "http://www.tempo.co/x")]
        for (real, fetched) in cases { #expect(m.fetchURL(for: URL(string: real)!).absoluteString == fetched, "\(real)") }
        #expect(m.realURL(for: URL(string: "http://127.0.0.1:8089/www.tempo.co")!).absoluteString == "https://www.tempo.co/")
        #expect(m.realURL(for: URL(string: "http://127.0.0.1:8089/www.tempo.co?q=1")!).absoluteString == "https://www.tempo.co?q=1")
        #expect(m.realURL(for: URL(string: "http://127.0.0.1:8089/www.tempo.com/x")!).absoluteString == "http://127.0.0.1:8089/www.tempo.com/x",
                "a base's prefix is no mirror")
        #expect(SiteMirrors.firstIndex(of: "://", in: "a:/b://c".utf8).map { "a:/b://c".utf8.distance(from: "a:/b://c".utf8.startIndex, to: $0) } == 4)
        #expect(SiteMirrors.firstIndex(of: "://", in: "a:/b:/c".utf8) == nil)
        #expect(LocalAddress.isLocal(URL(string: "http://127.0.0.1:1/")!) && LocalAddress.isLocal(URL(string: "http://localhost/")!))
        #expect(LocalAddress.isLocal(URL(string: "http://192.168.1.2/")!) && !LocalAddress.isLocal(URL(string: "https://www.tempo.co/")!))
    }
}
