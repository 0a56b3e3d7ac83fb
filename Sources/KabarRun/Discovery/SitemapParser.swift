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
        // libxml2 decompresses gzip only when it opens a file itself; sitemaps arrive in memory.
        let bytes = GzipCodec.isGzip(data) ? try GzipCodec.inflate(data, limit: maxBytes) : data
        let xml = try XMLFeedDocument(data: bytes, url: url)
        switch XMLFeedDocument.name(xml.root) {
        case "urlset":
            var links: [DiscoveredLink] = []
            for entry in XMLFeedDocument.children(xml.root) where XMLFeedDocument.name(entry) == "url" {
                guard let locNode = XMLFeedDocument.child(entry, "loc"),
                      let loc = FeedParser.resolve(XMLFeedDocument.text(locNode), base: url) else { continue }
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
            }
            return .urls(links)
        case "sitemapindex":
            var maps: [DiscoveredLink] = []
            for entry in XMLFeedDocument.children(xml.root) where XMLFeedDocument.name(entry) == "sitemap" {
                guard let locNode = XMLFeedDocument.child(entry, "loc"),
                      let loc = FeedParser.resolve(XMLFeedDocument.text(locNode), base: url) else { continue }
                var link = DiscoveredLink(url: loc)
                if let lastmod = XMLFeedDocument.child(entry, "lastmod") { link.modified = FeedParser.date(XMLFeedDocument.text(lastmod)) }
                maps.append(link)
            }
            return .sitemaps(maps)
        default:
            throw Failure.notASitemap(XMLFeedDocument.name(xml.root))
        }
    }
}
