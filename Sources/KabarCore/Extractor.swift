import Foundation
import KabarHTML

/// One page handed to an extractor: the parsed document and where it came from.
public struct Page {
    public let document: HTMLDocument
    /// The URL the page was fetched from (or was given for a saved file).
    public let url: URL
    public let fetchedAt: Date?
    public let source: SourceRef?

    public init(document: HTMLDocument, url: URL, fetchedAt: Date? = nil, source: SourceRef? = nil) {
        self.document = document
        self.url = url
        self.fetchedAt = fetchedAt
        self.source = source
    }
}

/// A site extractor: the knowledge of one site's pages and nothing else. It never fetches,
/// writes files or knows about schedules.
public protocol Extractor: Sendable {
    /// Stable id, e.g. "tempo".
    var id: String { get }
    /// Bumped whenever its output changes; records carry "id/version".
    var version: Int { get }
    /// The domains it claims; subdomains are included.
    var hosts: [String] { get }
    /// Which URLs of its site are articles.
    func isArticle(_ url: URL) -> Bool
    /// Reads one article page.
    func extract(_ page: Page) throws -> Extraction

    // Hooks with defaults.

    /// The site's own URL variants folded into one (mobile host, AMP, print, paging).
    func canonicalize(_ url: URL) -> URL
    /// A URL that returns the whole of a multi-page article in one page (nil: fetch as is).
    func wholeArticleURL(for url: URL) -> URL?
    /// The next page of a multi-page article, when the page shows one.
    func nextPageURL(_ page: Page) -> URL?
    /// When the page is a later page (2, 3, ...) of a multi-page article, its own address
    /// (a saved copy's canonical link names page 1; its pager or URL says which page it is);
    /// nil for a first or only page. Offline runs merge such a page into its article's record.
    func continuationURL(of page: Page) -> URL?
    /// Article links on a listing page.
    func listingLinks(_ page: Page) -> [URL]
    /// Joins the pages of a multi-page article, first page first.
    func merge(_ pages: [Extraction]) -> Extraction
    /// The least share of pages each field should be found on (health floors); default none.
    var expectations: FieldExpectations { get }
    /// What its pages are parsed with of scripts' and styles' text: by default only JSON
    /// scripts' (JSON-LD); `.containing(words)` for one that reads the page scripts holding
    /// one of the words; `.kept` for one that reads any page script or style.
    var scriptText: ScriptText { get }
}

extension Extractor {
    public var versionedID: String { "\(id)/\(version)" }

    public func canonicalize(_ url: URL) -> URL { url }
    public func wholeArticleURL(for url: URL) -> URL? { nil }
    public func nextPageURL(_ page: Page) -> URL? { nil }
    public func continuationURL(of page: Page) -> URL? { nil }
    public var expectations: FieldExpectations { FieldExpectations() }
    public var scriptText: ScriptText { .jsonOnly }

    public func listingLinks(_ page: Page) -> [URL] { articleLinks(in: page) }

    /// Article links (by `isArticle`) among the elements matching `selector`, canonical and
    /// distinct, in page order. The default `listingLinks`; plugins call it with their own
    /// listing selectors and fall back to it.
    public func articleLinks(in page: Page, selector: String = "a[href]") -> [URL] {
        var seen = Set<String>()
        var links: [URL] = []
        for a in page.document.select(selector) {
            guard let url = page.document.absoluteURL(a["href"]), isArticle(url) else { continue }
            let canonical = URLCanonicalizer.canonicalize(url, for: self)
            if seen.insert(canonical.absoluteString).inserted { links.append(canonical) }
        }
        return links
    }

    public func merge(_ pages: [Extraction]) -> Extraction {
        guard var merged = pages.first else { return Extraction() }
        var imageURLs = Set(merged.images.map(\.url))
        for page in pages.dropFirst() {
            merged.body += page.body
            for image in page.images where imageURLs.insert(image.url).inserted {
                merged.images.append(ImageRef(url: image.url, caption: image.caption, credit: image.credit, role: .inline))
            }
        }
        if pages.count > 1 { merged.metadata["pages"] = String(pages.count) }
        return merged
    }

    /// Whether `url`'s host is one this extractor claims.
    public func claims(_ url: URL) -> Bool {
        guard let host = url.host else { return false }
        return hosts.contains { URLCanonicalizer.host(host, isWithin: $0) }
    }
}

/// Why a page could not be extracted.
public struct ExtractionError: Error, CustomStringConvertible, Equatable {
    public let url: String
    public let reason: String

    public init(url: URL, _ reason: String) {
        self.url = url.absoluteString
        self.reason = reason
    }

    public var description: String { "\(url): \(reason)" }
}
