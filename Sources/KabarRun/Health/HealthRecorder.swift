import Foundation
import KabarCore

/// Tallies the health of one run as its articles are extracted, from the run's concurrent
/// fetch tasks: each record counted under its extractor, and on the first `secondOpinion`
/// pages of each site plugin the generic extractor run on the same parsed page beside it.
public final class HealthRecorder: @unchecked Sendable {
    /// Pages per site plugin and run that get a second opinion (0: none).
    public let secondOpinion: Int
    /// The generic extractor (the registry's fallback); nil: no second opinion.
    let generic: (any Extractor)?
    private let lock = NSLock()
    private var tallies: [String: ExtractorHealth] = [:]
    private var sampled: [String: Int] = [:]
    private var floors: [String: FieldExpectations] = [:]

    public init(secondOpinion: Int, generic: (any Extractor)?) {
        self.secondOpinion = max(0, secondOpinion)
        self.generic = generic
    }

    /// Counts `article`, which `extractor` read from `page` (its first page): the second
    /// opinion runs when the extractor is a site plugin and its sample is not full.
    public func observe(_ article: Article, page: Page, extractor: any Extractor) {
        let takeSample: Bool = lock.withLock {
            floors[extractor.id] = extractor.expectations
            guard let generic, extractor.id != generic.id, sampled[extractor.id, default: 0] < secondOpinion else { return false }
            sampled[extractor.id, default: 0] += 1
            return true
        }
        // Outside the lock: the generic extractor reads the page while other tasks count.
        let coverage = takeSample ? generic.flatMap { SecondOpinion.coverage(of: article, page: page, generic: $0) } : nil
        lock.withLock {
            tallies[extractor.id, default: ExtractorHealth(extractor: extractor.id)].add(article)
            if let coverage { tallies[extractor.id]!.addCoverage(coverage, url: article.url) }
        }
    }

    /// The tallies so far, by extractor id.
    public var health: [ExtractorHealth] { lock.withLock { tallies.values.sorted { $0.extractor < $1.extractor } } }

    /// The floors the extractors seen declare.
    public var expectations: [String: FieldExpectations] { lock.withLock { floors } }
}
