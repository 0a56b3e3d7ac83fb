import Foundation
import KabarHTML

/// Extraction from bytes to record, shared by live runs and offline re-extraction: parse
/// once, choose the extractor, extract, normalise.
public struct ExtractionPipeline: Sendable {
    public let registry: ExtractorRegistry

    public init(registry: ExtractorRegistry) { self.registry = registry }

    public enum Failure: Error, CustomStringConvertible {
        case noExtractor(String)
        case unknownSite(String, known: [String])
        case parse(String)
        case extraction(String)

        public var description: String {
            switch self {
            case .noExtractor(let what): return "no extractor claims \(what) (pass --site, or --url with the page's address)"
            case .unknownSite(let id, let known): return "unknown site '\(id)' (known: \(known.joined(separator: ", ")))"
            case .parse(let why): return "could not parse: \(why)"
            case .extraction(let why): return why
            }
        }
    }

    /// Extracts one page. The extractor is `site`'s if given, else the plugin claiming
    /// `url`'s host, else the plugin claiming the host of the page's canonical link or
    /// `og:url` (a saved or mirrored copy), else the registry's fallback.
    /// `url` may be nil for a saved file whose address is only in the page.
    public func extract(data: Data, url: URL?, charset: String? = nil, fetchedAt: Date? = nil,
                        source: SourceRef? = nil, site: String? = nil) throws -> Article {
        let document: HTMLDocument
        do {
            document = try HTMLDocument(data: data, url: url, charset: charset)
        } catch {
            throw Failure.parse(String(describing: error))
        }
        let pageURL = url ?? Self.declaredURL(of: document)
        if url == nil, let pageURL { document.url = pageURL }
        let extractor: any Extractor
        if let site {
            guard let e = registry.extractor(id: site) else { throw Failure.unknownSite(site, known: registry.ids) }
            extractor = e
        } else if let e = pageURL?.host.flatMap(registry.plugin(forHost:))
                    ?? Self.declaredURL(of: document)?.host.flatMap(registry.plugin(forHost:))
                    ?? registry.fallback {
            extractor = e
        } else {
            throw Failure.noExtractor(pageURL?.host ?? "a page with no URL")
        }
        guard let finalURL = pageURL ?? source.map({ URL(fileURLWithPath: $0.file) }) else {
            throw Failure.noExtractor("a page with no URL")
        }
        let page = Page(document: document, url: finalURL, fetchedAt: fetchedAt, source: source)
        let extraction: Extraction
        do {
            extraction = try extractor.extract(page)
        } catch {
            throw Failure.extraction(String(describing: error))
        }
        return RecordBuilder.build(extraction, page: page, extractor: extractor)
    }

    /// The page's own address: `<link rel=canonical>`, else `og:url`.
    public static func declaredURL(of document: HTMLDocument) -> URL? {
        for link in document.select("link[rel]") where link["rel"]?.lowercased().split(separator: " ").contains("canonical") == true {
            if let url = document.absoluteURL(link["href"]) { return url }
        }
        return document.absoluteURL(document.metaTags["og:url"])
    }
}
