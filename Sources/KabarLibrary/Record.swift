import Foundation
internal import KabarCore

/// One article record, as Kabar stores and exports it (one JSON line; the fields are described
/// in docs/ARCHITECTURE.md, "The record").
public struct Record: Sendable, Equatable, CustomStringConvertible {
    let article: Article

    init(_ article: Article) { self.article = article }

    /// The record id: 16 hex digits of the canonical URL's hash.
    public var id: String { article.id }
    /// The URL the page was fetched from (or given for saved bytes).
    public var url: String { article.url }
    /// The article's one address (the site's URL variants folded into one).
    public var canonicalURL: String { article.canonicalURL }
    /// The site, e.g. `tempo`; the generic extractor's records name the page's host.
    public var site: String { article.site }
    /// The extractor and its version, e.g. `tempo/1`.
    public var extractor: String { article.extractor }
    /// When the page was fetched (ISO 8601), nil for bytes handed to `Extractors.extract`.
    public var fetchedAt: String? { article.fetchedAt }
    /// When the article was published, ISO 8601 with the site's offset.
    public var publishedAt: String? { article.publishedAt }
    /// When the article was last modified, ISO 8601.
    public var modifiedAt: String? { article.modifiedAt }
    /// The language of the article (e.g. `id`, `en`).
    public var language: String? { article.language }
    /// The headline.
    public var headline: String? { article.headline }
    /// The standfirst or summary.
    public var lead: String? { article.lead }
    /// The authors, in the page's order.
    public var authors: [String] { article.authors }
    /// The section of the site the article is filed in.
    public var section: String? { article.section }
    /// The article's tags.
    public var tags: [String] { article.tags }
    /// The body, block by block, in reading order.
    public var body: [BodyBlock] { article.body.map { BodyBlock(kind: $0.type.rawValue, text: $0.text) } }
    /// The body's text: the blocks joined by blank lines.
    public var text: String { article.text }
    /// The article's images (lead and inline).
    public var images: [Image] { article.images.map { Image(url: $0.url, caption: $0.caption, credit: $0.credit, role: $0.role.rawValue) } }
    /// A hash of the normalised text (16 hex digits): equal texts, equal hashes.
    public var contentHash: String { article.contentHash }
    /// The record's revision: 1 for a new URL, higher for changed content of a stored URL.
    public var revision: Int { article.revision }
    /// True when the page is a paywall teaser; nil when the extractor cannot tell.
    public var paywalled: Bool? { article.paywalled }
    /// Site-specific facts with no field of their own (design variant, page count...).
    public var metadata: [String: String] { article.metadata }
    /// The record as one JSON line (no newline), exactly as `kabar` writes it.
    public var jsonLine: String { article.jsonLine }
    /// The JSON line.
    public var description: String { jsonLine }

    /// One block of the body.
    public struct BodyBlock: Sendable, Equatable {
        /// `paragraph`, `heading`, `quote` or `list` (a list's items joined by newlines).
        public let kind: String
        /// The block's text.
        public let text: String
    }

    /// One image of the article.
    public struct Image: Sendable, Equatable {
        /// The image's absolute URL.
        public let url: String
        /// Its caption, when the page gives one.
        public let caption: String?
        /// Its credit (photographer, agency), when the page gives one.
        public let credit: String?
        /// `lead` or `inline`.
        public let role: String
    }
}
