import Foundation
import KabarArchive

/// A sitemap (`urlset`) or a sitemap index (`sitemapindex`), plain or gzip. News sitemaps'
/// `news:publication_date` and `news:title` are read; `lastmod` is kept as the last change.
public enum SitemapParser {
    public enum Content: Sendable, Equatable {
        /// Pages of a `urlset`.
        case urls([DiscoveredLink])
        /// Sitemaps of a `sitemapindex`, with their `lastmod`.
        case sitemaps([DiscoveredLink])
    }

    public enum Failure: Error, CustomStringConvertible {
        case notASitemap(String)
        public var description: String {
            switch self { case .notASitemap(let root): return "not a sitemap or sitemap index (root element <\(root)>)" }
        }
    }

    /// The largest sitemap read after decompression (the protocol's limit is 50 MB).
    public static let maxBytes = 64 << 20

    public static func parse(_ data: Data, url: URL) throws -> Content {
        let bytes = GzipCodec.isGzip(data) ? try GzipCodec.inflate(data, limit: maxBytes) : data
        // Entry by entry (`XMLFeedStream`), at most `FeedParser.maxItems` (the protocol's limit).
        var links: [DiscoveredLink] = []
        var maps: [DiscoveredLink] = []
        var entries = 0
        let root = try XMLFeedStream.read(bytes, url: url, entries: ["url", "sitemap"]) { root, entry in
            switch (root, XMLFeedDocument.name(entry)) {
            case ("urlset", "url"):
                guard let locNode = XMLFeedDocument.child(entry, "loc"),
                      let loc = FeedParser.resolve(XMLFeedDocument.text(locNode), base: url) else { break }
                var link = DiscoveredLink(url: loc)
                if let lastmod = XMLFeedDocument.child(entry, "lastmod") { link.modified = FeedParser.date(XMLFeedDocument.text(lastmod)) }
                if let news = XMLFeedDocument.child(entry, "news") {
                    if let date = XMLFeedDocument.child(news, "publication_date") { link.published = FeedParser.date(XMLFeedDocument.text(date)) }
                    if let title = XMLFeedDocument.child(news, "title") {
                        let t = XMLFeedDocument.text(title)
                        link.title = t.isEmpty ? nil : t
                    }
                }
                links.append(link)
            case ("sitemapindex", "sitemap"):
                guard let locNode = XMLFeedDocument.child(entry, "loc"),
                      let loc = FeedParser.resolve(XMLFeedDocument.text(locNode), base: url) else { break }
                var link = DiscoveredLink(url: loc)
                if let lastmod = XMLFeedDocument.child(entry, "lastmod") { link.modified = FeedParser.date(XMLFeedDocument.text(lastmod)) }
                maps.append(link)
            default:
                return root == "urlset" || root == "sitemapindex"
            }
            entries += 1
            return entries < FeedParser.maxItems
        }
        switch root {
        case "urlset": return .urls(links)
        case "sitemapindex": return .sitemaps(maps)
        default: throw Failure.notASitemap(root)
        }
    }
}
