import Foundation
import KabarRun

/// Feed input: the bytes as a feed and as a sitemap (gzip is detected by the sitemap parser),
/// as discovery reads them.
enum FeedFuzzTarget {
    static let base = URL(string: "https://news.example.com/feeds/index.xml")!

    static func run(_ data: Data) {
        _ = try? FeedParser.parse(data, url: base)
        _ = try? SitemapParser.parse(data, url: base)
    }
}
