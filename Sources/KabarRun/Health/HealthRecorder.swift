import Foundation
import KabarCore

/// Tallies the health of one run as its articles are extracted, from the run's concurrent
/// fetch tasks: each record counted under its extractor, and on the first `secondOpinion`
/// pages of each site plugin the generic extractor's reading of the same parsed page (taken
/// before the plugin reads it, see `watch`) compared with the plugin's body.
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

    /// The generic extractor's body of one article's first page, when it was sampled.
    public final class Opinion: @unchecked Sendable {
        private let lock = NSLock()
        private var body: String?
        private var sampledBy: String?
        func take(_ page: Page, generic: any Extractor, for extractor: String) {
            let text = (try? generic.extract(page))?.body.map(\.text).joined(separator: "\n")
            lock.withLock { body = text; sampledBy = extractor }
        }
        var text: String? { lock.withLock { body } }
        /// The extractor whose sample this page took (nil: not sampled).
        var sampled: String? { lock.withLock { sampledBy } }
    }

    /// Sets `assembler` to hand this recorder the article's first page before its plugin reads
    /// it; the generic extractor reads it then when the plugin's sample is not full. Pass the
    /// result to `observe`.
    public func watch(_ assembler: inout ArticleAssembler) -> Opinion {
        let opinion = Opinion()
        assembler.beforeExtract = { [self] page, extractor in
            guard let generic, reserve(extractor, generic: generic) else { return }
            opinion.take(page, generic: generic, for: extractor.id)
        }
        return opinion
    }

    /// Whether `extractor` (a site plugin) gets a second opinion on its next page.
    func reserve(_ extractor: any Extractor, generic: any Extractor) -> Bool {
        lock.withLock {
            guard extractor.id != generic.id, sampled[extractor.id, default: 0] < secondOpinion else { return false }
            sampled[extractor.id, default: 0] += 1
            return true
        }
    }

    /// Gives back the sample `opinion` took when its page gives no record now (re-extraction's
    /// first page of a multi-page article, read again once its later pages are known).
    public func release(_ opinion: Opinion) {
        guard let id = opinion.sampled else { return }
        lock.withLock { sampled[id, default: 1] -= 1 }
    }

    /// Counts `article`, which `extractor` read, with its second opinion if it was sampled.
    /// The record is read (fields, words) before the lock is taken, so that the run's other
    /// extracting thread does not wait for a word count; an extractor's floors are asked once.
    /// With `until`, the article is held under that key and counted only when `settle` says
    /// its record was stored (a live run: a page extracted, then left queued because the run
    /// was stopped while its pictures waited, is not counted).
    public func observe(_ article: Article, extractor: any Extractor, opinion: Opinion? = nil, until key: String? = nil) {
        let coverage = opinion?.text.flatMap { SecondOpinion.coverage(plugin: article.text, generic: $0) }
        let known = lock.withLock { floors[extractor.id] != nil }
        let reading = Held(extractor: extractor.id, expectations: known ? nil : extractor.expectations, reading: ExtractorHealth.Reading(article),
                           coverage: coverage, url: article.url, sampled: opinion?.sampled)
        lock.withLock {
            if let key { held[key] = reading } else { count(reading) }
        }
    }

    /// The article held under `key` (`observe(until:)`) counted when `stored`, else dropped
    /// (its second opinion's sample given back).
    public func settle(_ key: String, stored: Bool) {
        lock.withLock {
            guard let reading = held.removeValue(forKey: key) else { return }
            if stored { count(reading) } else if let id = reading.sampled { sampled[id, default: 1] -= 1 }
        }
    }

    /// An article read and not yet counted.
    struct Held {
        let extractor: String
        /// The extractor's floors, when not known yet.
        let expectations: FieldExpectations?
        let reading: ExtractorHealth.Reading
        let coverage: Double?
        let url: String
        let sampled: String?
    }

    private var held: [String: Held] = [:]

    /// Counts one reading (under the lock).
    private func count(_ h: Held) {
        if floors[h.extractor] == nil, let expectations = h.expectations { floors[h.extractor] = expectations }
        tallies[h.extractor, default: ExtractorHealth(extractor: h.extractor)].add(h.reading)
        if let coverage = h.coverage { tallies[h.extractor]!.addCoverage(coverage, url: h.url) }
    }

    /// The tallies so far, by extractor id.
    public var health: [ExtractorHealth] { lock.withLock { tallies.values.sorted { $0.extractor < $1.extractor } } }

    /// The floors the extractors seen declare.
    public var expectations: [String: FieldExpectations] { lock.withLock { floors } }
}
