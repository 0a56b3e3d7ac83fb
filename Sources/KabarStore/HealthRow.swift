import Foundation
import KabarCore

/// One extractor's health in one run as the index keeps it (`extractor_health`): the counts a
/// run's health report is made of, so that later runs compare with a recent level and
/// `kabar stats` shows a trend per extractor and day.
public struct HealthRow: Sendable, Equatable {
    public var run: Int64 = 0
    public var schedule: String
    public var extractor: String
    /// The run's UTC day, `yyyy-MM-dd`.
    public var day: String
    public var pages: Int
    /// Pages with each field present.
    public var present: [HealthField: Int]
    public var medianWords: Int?
    public var lowWords: Int?
    public var fallbacks: Int
    /// Pages given a second opinion, and their mean coverage.
    public var samples: Int
    public var coverage: Double?

    public init(schedule: String, extractor: String, day: String, pages: Int, present: [HealthField: Int],
                medianWords: Int?, lowWords: Int?, fallbacks: Int, samples: Int, coverage: Double?) {
        self.schedule = schedule; self.extractor = extractor; self.day = day; self.pages = pages
        self.present = present; self.medianWords = medianWords; self.lowWords = lowWords
        self.fallbacks = fallbacks; self.samples = samples; self.coverage = coverage
    }
}

/// One extractor's health over one day (`kabar stats`): the day's runs added up.
public struct HealthDay: Sendable, Equatable {
    public var extractor: String
    public var day: String
    public var runs: Int
    public var pages: Int
    public var present: [HealthField: Int]
    /// The mean of the runs' median body words.
    public var medianWords: Int?
    public var fallbacks: Int
    public var samples: Int
    public var coverage: Double?

    public init(extractor: String, day: String, runs: Int, pages: Int, present: [HealthField: Int],
                medianWords: Int?, fallbacks: Int, samples: Int, coverage: Double?) {
        self.extractor = extractor; self.day = day; self.runs = runs; self.pages = pages; self.present = present
        self.medianWords = medianWords; self.fallbacks = fallbacks; self.samples = samples; self.coverage = coverage
    }

    public func share(_ field: HealthField) -> Double? { pages > 0 ? Double(present[field, default: 0]) / Double(pages) : nil }
}
