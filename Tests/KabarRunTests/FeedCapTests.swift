import Foundation
import KabarTesting
import Testing
@testable import KabarRun

/// Feeds and sitemaps are read entry by entry and at most `FeedParser.maxItems` entries of one
/// source are read (constructed documents).
@Suite struct FeedCapTests {
    let base = URL(string: "https://example.com/feed")!

    static func rss(items: Int) -> Data {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://example.com/</link>"
        s.reserveCapacity(items * 90)
        for i in 0..<items { s += "<item><title>Item \(i)</title><link>https://example.com/a/\(i)</link></item>" }
        return Data((s + "</channel></rss>").utf8)
    }

    @Test func aFeedOfManyItemsIsReadUpToTheCap() throws {
        let links = try FeedParser.parse(Self.rss(items: FeedParser.maxItems + 10_000), url: base)
        #expect(links.count == FeedParser.maxItems)
        #expect(links.first?.url.absoluteString == "https://example.com/a/0")
        #expect(links.last?.url.absoluteString == "https://example.com/a/\(FeedParser.maxItems - 1)")
        #expect(links.last?.title == "Item \(FeedParser.maxItems - 1)")
    }

    @Test func atomRdfAndSitemapsAreCappedToo() throws {
        var atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        for i in 0..<(FeedParser.maxItems + 5) { atom += "<entry><link href=\"https://example.com/e/\(i)\"/></entry>" }
        #expect(try FeedParser.parse(Data((atom + "</feed>").utf8), url: base).count == FeedParser.maxItems)
        var rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>x</title></channel>"
        for i in 0..<3 { rdf += "<item><link>https://example.com/r/\(i)</link></item>" }
        #expect(try FeedParser.parse(Data((rdf + "</rdf:RDF>").utf8), url: base).map(\.url.lastPathComponent) == ["0", "1", "2"])
        var map = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        for i in 0..<(FeedParser.maxItems + 5) { map += "<url><loc>https://example.com/s/\(i)</loc></url>" }
        guard case .urls(let urls) = try SitemapParser.parse(Data((map + "</urlset>").utf8), url: base) else { Issue.record("not a urlset"); return }
        #expect(urls.count == FeedParser.maxItems)
    }

    /// An item the streaming reader stops at (an undefined entity, a stray tag) in a small
    /// feed: the feed is read again whole, each item once.
    @Test func aBrokenSmallFeedIsReadWholeWithoutRepeats() throws {
        let doc = "<rss version=\"2.0\"><channel><item><link>https://example.com/1</link></item>"
            + "<item><title>&undefined; <b>bold</i></title><link>https://example.com/2</link></item>"
            + "<item><link>https://example.com/3</link></item></channel></rss>"
        let links = try FeedParser.parse(Data(doc.utf8), url: base)
        #expect(links.map(\.url.absoluteString) == ["https://example.com/1", "https://example.com/2", "https://example.com/3"])
    }
}
