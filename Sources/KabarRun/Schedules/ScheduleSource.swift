import Foundation

/// Where discovery starts: a feed (RSS 2.0 or Atom 1.0), a sitemap (or sitemap index, plain
/// or gzip) or a listing page (links by the plugin's listing hook, or by `links:`, a CSS selector).
public struct ScheduleSource: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case feed, sitemap, listing
    }

    public var kind: Kind
    public var url: URL
    /// For a listing: the CSS selector of the article links (default: the plugin's hook).
    public var links: String?

    public init(kind: Kind, url: URL, links: String? = nil) {
        self.kind = kind
        self.url = url
        self.links = links
    }
}
