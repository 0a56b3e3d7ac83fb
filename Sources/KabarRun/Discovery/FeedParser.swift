import Foundation
import CLibXML2
import KabarCore
import KabarFetch

/// Article links of an RSS 2.0 or Atom 1.0 feed (RSS 1.0/RDF items are read too), with their
/// dates and titles. Relative links are resolved against the feed's URL (or `xml:base`-less
/// Atom's `link rel=self`... not needed in practice: against the feed URL).
public enum FeedParser {
    public enum Failure: Error, CustomStringConvertible {
        case notAFeed(String)
        public var description: String {
            switch self { case .notAFeed(let root): return "not an RSS or Atom feed (root element <\(root)>)" }
        }
    }

    /// The most entries read from one feed or sitemap (the sitemap protocol's limit); the rest
    /// are not read, so a source's memory and the links it queues stay bounded.
    public static let maxItems = 50_000

    /// The feed's links, read entry by entry (`XMLFeedStream`), at most `maxItems`.
    public static func parse(_ data: Data, url: URL, maxItems: Int = maxItems) throws -> [DiscoveredLink] {
        var links: [DiscoveredLink] = []
        var entries = 0
        let root = try XMLFeedStream.read(data, url: url, entries: ["item", "entry"]) { root, node in
            let name = XMLFeedDocument.name(node)
            let link: DiscoveredLink?
            switch (root, name) {
            case ("rss", "item"), ("RDF", "item"): link = rssItem(node, base: url)
            case ("feed", "entry"): link = atomEntry(node, base: url)
            default: return root == "rss" || root == "RDF" || root == "feed"
            }
            if let link { links.append(link) }
            entries += 1
            return entries < maxItems
        }
        guard root == "rss" || root == "RDF" || root == "feed" else { throw Failure.notAFeed(root) }
        return links
    }

    static func rssItem(_ item: xmlNodePtr, base: URL) -> DiscoveredLink? {
        var link: URL?
        var published: Date?
        var title: String?
        for child in XMLFeedDocument.children(item) {
            let name = XMLFeedDocument.name(child)
            switch name {
            case "link" where link == nil:
                link = resolve(XMLFeedDocument.text(child), base: base)
            case "guid" where link == nil:
                // A permalink guid stands in for a missing link.
                if XMLFeedDocument.attribute(child, "isPermaLink") != "false" { link = resolve(XMLFeedDocument.text(child), base: base) }
            case "pubDate", "date", "published":
                if published == nil { published = date(XMLFeedDocument.text(child)) }
            case "title":
                title = XMLFeedDocument.text(child)
            default:
                break
            }
        }
        guard let link else { return nil }
        return DiscoveredLink(url: link, published: published, title: title?.isEmpty == false ? title : nil)
    }

    static func atomEntry(_ entry: xmlNodePtr, base: URL) -> DiscoveredLink? {
        var link: URL?
        var published: Date?
        var updated: Date?
        var title: String?
        for child in XMLFeedDocument.children(entry) {
            switch XMLFeedDocument.name(child) {
            case "link":
                let rel = XMLFeedDocument.attribute(child, "rel") ?? "alternate"
                if rel == "alternate", link == nil, let href = XMLFeedDocument.attribute(child, "href") { link = resolve(href, base: base) }
            case "published": published = date(XMLFeedDocument.text(child))
            case "updated": updated = date(XMLFeedDocument.text(child))
            case "title": title = XMLFeedDocument.text(child)
            default: break
            }
        }
        guard let link else { return nil }
        return DiscoveredLink(url: link, published: published ?? updated, modified: updated, title: title?.isEmpty == false ? title : nil)
    }

    static func resolve(_ text: String, base: URL) -> URL? {
        let t = WhitespaceTrim.trimmed(text)
        guard !t.isEmpty, let url = URL(string: t, relativeTo: base)?.absoluteURL,
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        return url
    }

    /// RFC 822 (RSS), ISO 8601 / W3C datetime (Atom, sitemaps, dc:date).
    static func date(_ text: String) -> Date? {
        let t = WhitespaceTrim.trimmed(text)
        guard !t.isEmpty else { return nil }
        return NewsDateParser.parse(t, defaultOffset: 0)?.date
    }
}
