import Foundation
internal import KabarCore
internal import KabarHTML

/// A site extractor written in Swift by the embedder: which URLs of its site are articles, and
/// what one article page says. It never fetches or stores; Kabar normalises what it returns
/// (text, absolute URLs, ids, hashes) into a `Record`. Register it with
/// `Extractors.register(_:)`.
public protocol SiteExtractor: Sendable {
    /// A stable id, lower case (e.g. `example`): records name it in `site` and `extractor`.
    var id: String { get }
    /// Bumped whenever its output changes; records carry `id/version`.
    var version: Int { get }
    /// The domains it claims (subdomains included), e.g. `["news.example"]`.
    var hosts: [String] { get }
    /// Whether a URL of its site is an article (discovery queues only those).
    func isArticle(_ url: URL) -> Bool
    /// Reads one article page.
    func extract(_ page: ArticlePage) throws -> ExtractedArticle
    /// Whether it reads the text of the page's scripts or styles (`select("script")`): the
    /// pages of an extractor that does not are parsed without that text (JSON scripts' kept),
    /// their elements empty. Default false.
    var readsScripts: Bool { get }
    /// Words the scripts it reads hold (`["total_pages"]` for `var total_pages = 3;`): without
    /// `readsScripts`, a page's scripts holding one of them (byte for byte) keep their text,
    /// the others are left out. Default none.
    var scriptWords: Set<String> { get }
}

extension SiteExtractor {
    public var readsScripts: Bool { false }
    public var scriptWords: Set<String> { [] }
}

/// A parsed page handed to a `SiteExtractor`: its URL, and its elements found by CSS selector.
public struct ArticlePage {
    let page: Page

    /// The page's address (where it was fetched from, or the URL given with its bytes).
    public var url: URL { page.url }
    /// The `<title>` text.
    public var title: String? { page.document.title }
    /// The `<html lang>` attribute.
    public var language: String? { page.document.language }

    /// The elements matching a CSS selector, in document order.
    public func select(_ css: String) -> [PageElement] { page.document.select(css).map(PageElement.init) }
    /// The first element matching a CSS selector.
    public func first(_ css: String) -> PageElement? { page.document.first(css).map(PageElement.init) }
    /// The content of `<meta name=...>` or `<meta property=...>` (e.g. `og:title`, `description`).
    public func meta(_ name: String) -> String? { page.document.metaTags[name] }
    /// An attribute's value as an absolute URL, resolved against the page (`href`, `src`).
    public func absoluteURL(_ value: String?) -> URL? { page.document.absoluteURL(value) }
}

/// One element of an `ArticlePage`.
public struct PageElement {
    let node: HTMLNode

    /// The element's tag name, lower case.
    public var tag: String { node.tag }
    /// Its text, whitespace collapsed.
    public var text: String { node.text }
    /// An attribute's value.
    public func attribute(_ name: String) -> String? { node[name] }
    /// The elements inside it matching a CSS selector.
    public func select(_ css: String) -> [PageElement] { node.select(css).map(PageElement.init) }
}

/// What a `SiteExtractor` read from a page: only what the page says. Kabar builds the record
/// from it (normalised text, absolute URLs, dates with their offsets, ids and hashes).
public struct ExtractedArticle: Sendable, Equatable {
    /// The headline.
    public var headline: String?
    /// The standfirst or summary.
    public var lead: String?
    /// The body's paragraphs, in reading order.
    public var paragraphs: [String] = []
    /// The authors.
    public var authors: [String] = []
    /// The publication time as the page writes it: ISO 8601 (`2024-05-01T10:00:00+07:00`) or
    /// the forms news sites print (`Rabu, 1 Mei 2024 10:00 WIB`, `May 1, 2024`); text Kabar
    /// cannot read as a date leaves the record's `publishedAt` null.
    public var published: String?
    /// The section of the site.
    public var section: String?
    /// The tags.
    public var tags: [String] = []
    /// The language (e.g. `en`); nil: the page's `<html lang>`.
    public var language: String?
    /// Image URLs (absolute or relative to the page); the first is the lead image.
    public var imageURLs: [String] = []
    /// Facts with no field of their own, kept in the record's `metadata`.
    public var metadata: [String: String] = [:]

    /// An empty article, to fill in.
    public init() {}
}

/// A `SiteExtractor` as one of Kabar's extractors.
struct SiteExtractorAdapter: Extractor {
    let site: any SiteExtractor

    var id: String { site.id }
    var version: Int { site.version }
    var hosts: [String] { site.hosts }
    func isArticle(_ url: URL) -> Bool { site.isArticle(url) }
    var scriptText: ScriptText { site.readsScripts ? .kept : .containing(site.scriptWords) }

    func extract(_ page: Page) throws -> Extraction {
        let read = try site.extract(ArticlePage(page: page))
        var e = Extraction()
        e.headline = read.headline
        e.lead = read.lead
        e.body = read.paragraphs.map(Block.paragraph)
        e.authors = read.authors
        e.published = read.published.flatMap { NewsDateParser.parse($0) }
        e.section = read.section
        e.tags = read.tags
        e.language = read.language ?? page.document.language
        e.images = read.imageURLs.enumerated().compactMap { i, value in
            page.document.absoluteURL(value).map { ImageRef(url: $0.absoluteString, role: i == 0 ? .lead : .inline) }
        }
        e.metadata = read.metadata
        return e
    }
}
