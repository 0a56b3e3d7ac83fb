import Foundation

/// A link discovery found: where, and what the source said about it.
public struct DiscoveredLink: Sendable, Equatable {
    public var url: URL
    /// When the article was published (feed item date, news sitemap publication date).
    public var published: Date?
    /// When the source says it last changed (Atom `updated`, sitemap `lastmod`).
    public var modified: Date?
    public var title: String?

    public init(url: URL, published: Date? = nil, modified: Date? = nil, title: String? = nil) {
        self.url = url
        self.published = published
        self.modified = modified
        self.title = title
    }

    /// The date that orders the frontier: publication, else last change.
    public var date: Date? { published ?? modified }
}
