import Foundation

/// The extractors a run knows, found by id or by host. A plugin claiming `tempo.co` also
/// gets `gaya.tempo.co` and `en.tempo.co`; the most specific claim wins.
public struct ExtractorRegistry: Sendable {
    public let extractors: [any Extractor]
    /// Used for hosts no plugin claims (the generic extractor, once there is one).
    public let fallback: (any Extractor)?

    public init(_ extractors: [any Extractor], fallback: (any Extractor)? = nil) {
        self.extractors = extractors
        self.fallback = fallback
    }

    public var ids: [String] { extractors.map(\.id) + (fallback.map { [$0.id] } ?? []) }

    public func extractor(id: String) -> (any Extractor)? {
        let wanted = id.lowercased()
        if let found = extractors.first(where: { $0.id == wanted }) { return found }
        if let fallback, fallback.id == wanted { return fallback }
        return nil
    }

    /// The plugin claiming `host` (longest matching domain), else nil.
    public func plugin(forHost host: String) -> (any Extractor)? {
        var best: (extractor: any Extractor, length: Int)?
        for extractor in extractors {
            for domain in extractor.hosts where URLCanonicalizer.host(host, isWithin: domain) {
                if domain.count > (best?.length ?? -1) { best = (extractor, domain.count) }
            }
        }
        return best?.extractor
    }

    /// The plugin for `url`'s host, else the fallback.
    public func extractor(for url: URL) -> (any Extractor)? {
        url.host.flatMap(plugin(forHost:)) ?? fallback
    }
}
