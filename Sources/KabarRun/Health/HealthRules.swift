import Foundation
import KabarCore

/// Judges a run's health: each extractor against its recent level (a field's share of pages
/// well below it, body words halved, fallbacks well up, the second opinion's coverage well
/// down), against the floors it declares, and its second opinion against a fixed floor.
public struct HealthRules: Sendable {
    /// A share this much below the recent level (and below 80% of it) is a drop.
    public var dropBy = 0.2
    /// Pages a run, and the recent level, need before a drop is judged (a floor and the
    /// second opinion are judged on any number, so that `kabar check --live` can fail on one page).
    public var minimumPages = 5
    /// A site plugin whose body keeps less than this share of the generic extractor's text
    /// (mean of its sampled pages) is flagged.
    public var secondOpinionFloor = 0.6
    /// A plugin that hands more than this share of a run's pages to the generic extractor (its
    /// fallback) is flagged on any run, history or not, with the plugin's own error: it no longer
    /// reads the site (a wrong selector, a new design), whatever the fields' shares say.
    public var fallbackCeiling = 0.5

    public init() {}

    public func judge(_ health: ExtractorHealth, recent: HealthLevel?, floors: FieldExpectations) -> [HealthWarning] {
        guard health.pages > 0 else { return [] }
        var warnings: [HealthWarning] = []
        let name = health.extractor
        let compare = recent.map { $0.pages >= minimumPages && health.pages >= minimumPages } ?? false
        let fallbackShare = health.fallbackShare ?? 0
        let mostlyFallback = fallbackShare > fallbackCeiling
        if mostlyFallback {
            warnings.append(HealthWarning(extractor: name, measure: "fallback", rule: .fallback, before: fallbackCeiling, now: fallbackShare,
                                          examples: health.fallbackExamples, reasons: health.fallbackReasons))
        }
        for field in HealthField.allCases {
            let now = health.share(field) ?? 0
            let examples = health.missing[field] ?? []
            if let floor = floors[field], now < floor {
                warnings.append(HealthWarning(extractor: name, measure: field.rawValue, rule: .floor, before: floor, now: now, examples: examples))
            } else if compare, let before = recent?.share(field), isDrop(from: before, to: now) {
                warnings.append(HealthWarning(extractor: name, measure: field.rawValue, rule: .drop, before: before, now: now, examples: examples))
            }
        }
        if compare, let recent {
            if let before = recent.medianWords, before >= 20, let now = health.medianWords, Double(now) < Double(before) / 2 {
                warnings.append(HealthWarning(extractor: name, measure: "body_words", rule: .drop, before: Double(before), now: Double(now),
                                              examples: [], isShare: false))
            }
            if !mostlyFallback, let before = recent.fallbackShare, let now = health.fallbackShare, isDrop(from: now, to: before) {
                warnings.append(HealthWarning(extractor: name, measure: "fallback", rule: .drop, before: before, now: now, examples: health.fallbackExamples,
                                              reasons: health.fallbackReasons))
            }
        }
        if let now = health.coverage {
            let examples = health.lowCoverage.map(\.url)
            if now < secondOpinionFloor {
                warnings.append(HealthWarning(extractor: name, measure: "second_opinion", rule: .secondOpinion, before: secondOpinionFloor, now: now, examples: examples))
            } else if let before = recent?.coverage, (recent?.samples ?? 0) >= minimumPages, health.coverages.count >= 2, isDrop(from: before, to: now) {
                warnings.append(HealthWarning(extractor: name, measure: "second_opinion", rule: .drop, before: before, now: now, examples: examples))
            }
        }
        return warnings
    }

    /// Whether `now` is well below `before`.
    func isDrop(from before: Double, to now: Double) -> Bool {
        before - now >= dropBy && now < before * 0.8
    }
}
