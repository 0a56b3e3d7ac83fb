import Foundation
import KabarCore

/// One extractor's health in one run (or one `kabar check --live`): the pages it read, how
/// many had each field, body words (median and 10th percentile), how many needed a fallback
/// (`metadata.fallback`), and the second opinion: how much of the generic extractor's body
/// text the plugin's body kept, on the sampled pages.
public struct ExtractorHealth: Sendable, Equatable {
    public let extractor: String
    public private(set) var pages = 0
    /// Pages with each field present (fields no page had are left out).
    public var present: [HealthField: Int] {
        var out: [HealthField: Int] = [:]
        for (i, field) in Reading.fields.enumerated() where presentCounts[i] > 0 { out[field] = presentCounts[i] }
        return out
    }
    /// `present`'s counts in `Reading.fields` order: a page is counted without hashing the
    /// fields' names (a dictionary keyed by a `String` enum hashes the string on every access).
    private var presentCounts = [Int](repeating: 0, count: Reading.fields.count)
    /// Body words of each page.
    public private(set) var bodyWords: [Int] = []
    public private(set) var fallbacks = 0
    /// The second opinion's coverage (0...1) on each sampled page.
    public private(set) var coverages: [Double] = []
    /// Up to `exampleCount` URLs of pages without each field.
    public private(set) var missing: [HealthField: [String]] = [:]
    /// Up to `exampleCount` URLs of pages that needed a fallback.
    public private(set) var fallbackExamples: [String] = []
    /// Up to `exampleCount` distinct reasons the plugin gave for them (`metadata.fallback_reason`:
    /// its own error, e.g. `site: no headline (css: h1.title (Plugins/site.yaml:11) matched nothing)`).
    public private(set) var fallbackReasons: [String] = []
    /// The sampled pages with the lowest coverage, lowest first (up to `exampleCount`).
    public private(set) var lowCoverage: [(url: String, coverage: Double)] = []

    public static let exampleCount = 3

    public init(extractor: String) { self.extractor = extractor }

    /// What health counts of one record, read from it once: which fields it has, its body's
    /// words, whether it needed a fallback. Made outside any lock (`HealthRecorder.observe`:
    /// the word count walks the whole body), then counted by `add(_:)`.
    public struct Reading: Sendable {
        /// `HealthField.allCases`, made once (the synthesized `allCases` builds an array per call).
        static let fields = HealthField.allCases
        /// Bit i: the record has `fields[i]`.
        let present: UInt32
        let words: Int
        let fallback: Bool
        let fallbackReason: String?
        let url: String

        public init(_ article: Article) {
            var bits: UInt32 = 0
            for (i, field) in Self.fields.enumerated() where field.isPresent(in: article) { bits |= 1 << UInt32(i) }
            present = bits
            words = SecondOpinion.wordCount(article.text)
            fallback = article.metadata["fallback"] != nil
            fallbackReason = fallback ? article.metadata["fallback_reason"] : nil
            url = article.url
        }
    }

    /// Counts one record.
    public mutating func add(_ article: Article) { add(Reading(article)) }

    /// Counts one record read before (`Reading`).
    public mutating func add(_ reading: Reading) {
        pages += 1
        for (i, field) in Reading.fields.enumerated() {
            if reading.present & (1 << UInt32(i)) != 0 {
                presentCounts[i] += 1
            } else if missing[field, default: []].count < Self.exampleCount {
                missing[field, default: []].append(reading.url)
            }
        }
        bodyWords.append(reading.words)
        if reading.fallback {
            fallbacks += 1
            if fallbackExamples.count < Self.exampleCount { fallbackExamples.append(reading.url) }
            if let reason = reading.fallbackReason, fallbackReasons.count < Self.exampleCount, !fallbackReasons.contains(reason) {
                fallbackReasons.append(reason)
            }
        }
    }

    /// Counts one second opinion: the share of the generic body's words the plugin's body has.
    public mutating func addCoverage(_ coverage: Double, url: String) {
        coverages.append(coverage)
        lowCoverage.append((url, coverage))
        lowCoverage.sort { $0.coverage < $1.coverage }
        if lowCoverage.count > Self.exampleCount { lowCoverage.removeLast() }
    }

    /// The share of pages with `field` (nil with no pages).
    public func share(_ field: HealthField) -> Double? {
        pages > 0 ? Double(present[field, default: 0]) / Double(pages) : nil
    }

    public var fallbackShare: Double? { pages > 0 ? Double(fallbacks) / Double(pages) : nil }

    public var medianWords: Int? { Self.percentile(bodyWords, 0.5) }
    /// The 10th percentile of body words: the short end of the run's bodies.
    public var lowWords: Int? { Self.percentile(bodyWords, 0.1) }

    /// The mean second-opinion coverage (nil: no page sampled).
    public var coverage: Double? { coverages.isEmpty ? nil : coverages.reduce(0, +) / Double(coverages.count) }

    /// The nearest-rank percentile of `values`.
    static func percentile(_ values: [Int], _ p: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.extractor == b.extractor && a.pages == b.pages && a.presentCounts == b.presentCounts && a.bodyWords == b.bodyWords
            && a.fallbacks == b.fallbacks && a.coverages == b.coverages
    }
}
