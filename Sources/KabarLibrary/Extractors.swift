import Foundation
internal import KabarCore
internal import KabarPlugins

/// The extractors Kabar uses: the built-in site plugins (Tempo, SINDOnews), the declarative
/// ones of a plugins folder (`<folder>/<id>.yaml`, docs/ADDING-A-SITE.md), the embedder's
/// `SiteExtractor`s, and the generic extractor for every other site. A page goes to the
/// extractor claiming its host (the most specific claim), else the one claiming the host of its
/// canonical link, else the generic one.
public struct Extractors: Sendable {
    var catalog: PluginCatalog
    var custom: [SiteExtractorAdapter] = []

    /// The built-in extractors, plus the declarative ones of `pluginsFolder` (nil: none). A
    /// broken declarative file throws, naming every problem as `file:line: key: reason`.
    public init(pluginsFolder: URL? = nil) throws {
        catalog = try PluginCatalog.load(folder: pluginsFolder)
    }

    /// Every extractor's id (the generic one, `generic`, last).
    public var ids: [String] { registry.ids }

    /// Adds a Swift extractor. Throws when its id or one of its hosts is taken already (an id
    /// or a host belongs to one extractor).
    public mutating func register(_ extractor: some SiteExtractor) throws {
        let id = extractor.id.lowercased()
        guard !id.isEmpty, id == extractor.id else {
            throw Problem(description: "extractor id \"\(extractor.id)\": use a non-empty lower-case id")
        }
        if ids.contains(id) { throw Problem(description: "extractor id \"\(id)\" is taken already (ids: \(ids.joined(separator: ", ")))") }
        for host in extractor.hosts {
            if let owner = registry.extractors.first(where: { $0.hosts.contains(host.lowercased()) }) {
                throw Problem(description: "extractor \"\(id)\": host \(host) is claimed by \(owner.id) already; a host belongs to one extractor")
            }
        }
        custom.append(SiteExtractorAdapter(site: extractor))
    }

    var registry: ExtractorRegistry {
        let base = catalog.registry
        return ExtractorRegistry(base.extractors + custom.map { $0 as any Extractor }, fallback: base.fallback)
    }

    /// The record of one article page: its HTML bytes and the URL it was fetched from (the
    /// charset read from the page, else detected). `site` picks the extractor by id instead of
    /// by host. One page only: a multi-page article's later pages are not fetched here (a
    /// `Crawler` run fetches and merges them). Throws when the page cannot be parsed or read.
    public func extract(html: Data, url: URL, site: String? = nil) throws -> Record {
        Record(try ArticleAssembler(registry: registry).extract(data: html, url: url, site: site))
    }

    /// A problem with an extractor being registered.
    public struct Problem: Error, CustomStringConvertible {
        /// What is wrong, naming the extractor.
        public let description: String
    }
}
