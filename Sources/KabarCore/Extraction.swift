import Foundation

/// What an extractor reads from one page: only what the page says. `RecordBuilder` turns it
/// into an `Article` (normalised text, absolute URLs, ids and hashes), so that no plugin has
/// to remember those rules.
public struct Extraction: Sendable, Equatable {
    public var headline: String?
    public var lead: String?
    public var body: [Block] = []
    public var images: [ImageRef] = []
    public var authors: [String] = []
    public var published: NewsDate?
    public var modified: NewsDate?
    public var section: String?
    public var tags: [String] = []
    public var language: String?
    public var canonicalURL: URL?
    /// True when the page is a paywall teaser (the body is not the whole article).
    public var paywalled: Bool?
    /// Site-specific facts worth keeping that have no field of their own: the design
    /// variant that read the page, editor initials, the page count of a multi-page article.
    public var metadata: [String: String] = [:]

    public init() {}
}
