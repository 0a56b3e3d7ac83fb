import Foundation
import KabarCore
import KabarStore

/// An extractor's recent level: its last runs' health added up (shares over all their pages),
/// what a run's health is compared with.
public struct HealthLevel: Sendable, Equatable {
    public var runs = 0
    public var pages = 0
    public var present: [HealthField: Int] = [:]
    public var fallbacks = 0
    /// The median of the runs' median body words.
    public var medianWords: Int?
    public var samples = 0
    public var coverage: Double?

    public init(_ rows: [HealthRow]) {
        runs = rows.count
        var coverageSum = 0.0, covered = 0
        for row in rows {
            pages += row.pages
            fallbacks += row.fallbacks
            for (field, n) in row.present { present[field, default: 0] += n }
            if let c = row.coverage { coverageSum += c * Double(row.samples); covered += row.samples }
            samples += row.samples
        }
        medianWords = ExtractorHealth.percentile(rows.compactMap(\.medianWords), 0.5)
        coverage = covered > 0 ? coverageSum / Double(covered) : nil
    }

    public func share(_ field: HealthField) -> Double? { pages > 0 ? Double(present[field, default: 0]) / Double(pages) : nil }
    public var fallbackShare: Double? { pages > 0 ? Double(fallbacks) / Double(pages) : nil }
}
