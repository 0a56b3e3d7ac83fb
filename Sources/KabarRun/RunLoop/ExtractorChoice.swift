import Foundation
import KabarCore

/// Which plugin reads a URL of a schedule: the one named by `extractor:`, or with
/// `extractor: auto` the one claiming the URL's (real) host.
struct ExtractorChoice: Sendable {
    let fixed: (any Extractor)?
    let registry: ExtractorRegistry

    init?(id: String, registry: ExtractorRegistry) {
        self.registry = registry
        if id == "auto" {
            fixed = nil
        } else {
            guard let e = registry.extractor(id: id) else { return nil }
            fixed = e
        }
    }

    /// The hosts the schedule's plugin claims; with `auto`, every site plugin's.
    var claimedHosts: [String] {
        if let fixed { return fixed.hosts }
        return registry.extractors.flatMap(\.hosts)
    }

    func extractor(for url: URL) -> (any Extractor)? {
        fixed ?? registry.extractor(for: url)
    }
}
