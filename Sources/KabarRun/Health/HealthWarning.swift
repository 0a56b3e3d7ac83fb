import Foundation
import KabarCore

/// A health rule that failed: which extractor, which measure, the level it fell from (or the
/// floor it fell below), where it is now, and pages that show it.
public struct HealthWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable {
        /// Well below the extractor's recent level.
        case drop
        /// Below the floor the extractor declares (`expect:`, `Extractor.expectations`).
        case floor
        /// The plugin's body keeps much less text than the generic extractor's.
        case secondOpinion = "second_opinion"
        /// The plugin handed most of the run's pages to the generic extractor.
        case fallback
    }

    public let extractor: String
    /// A health field (`published`, `lead_image`), or `body_words`, `fallback`, `second_opinion`.
    public let measure: String
    public let rule: Rule
    /// The recent level, or the floor.
    public let before: Double
    public let now: Double
    public let examples: [String]
    /// Whether the values are shares (shown as percentages) or counts (body words).
    public let isShare: Bool
    /// For fallbacks: the plugin's own errors on those pages (distinct, up to three), so the
    /// warning says what broke, not only that something did.
    public let reasons: [String]

    public init(extractor: String, measure: String, rule: Rule, before: Double, now: Double, examples: [String], isShare: Bool = true,
                reasons: [String] = []) {
        self.extractor = extractor; self.measure = measure; self.rule = rule
        self.before = before; self.now = now; self.examples = examples; self.isShare = isShare; self.reasons = reasons
    }

    func show(_ v: Double) -> String { isShare ? "\(Int((v * 100).rounded()))%" : "\(Int(v.rounded()))" }

    public var description: String {
        let what: String
        switch rule {
        case .drop: what = "\(measure) went from \(show(before)) (recent level) to \(show(now))"
        case .floor: what = "\(measure) \(show(now)), below its declared floor \(show(before))"
        case .secondOpinion: what = "the body keeps \(show(now)) of the generic extractor's text (flagged below \(show(before)))"
        case .fallback: what = "\(show(now)) of the pages read by the generic extractor instead: the plugin could not read them (flagged above \(show(before)))"
        }
        let why = reasons.isEmpty ? "" : "; its error: " + reasons.joined(separator: "; ")
        return "health: \(extractor): \(what)\(why)" + (examples.isEmpty ? "" : ", e.g. " + examples.joined(separator: " "))
    }

    var json: String {
        "{\"extractor\":\(JSONWriter.quoted(extractor)),\"measure\":\(JSONWriter.quoted(measure)),\"rule\":\"\(rule.rawValue)\","
            + "\"before\":\(HealthJSON.number(before)),\"now\":\(HealthJSON.number(now)),"
            + "\"examples\":[\(examples.map(JSONWriter.quoted).joined(separator: ","))],"
            + (reasons.isEmpty ? "" : "\"reasons\":[\(reasons.map(JSONWriter.quoted).joined(separator: ","))],")
            + "\"message\":\(JSONWriter.quoted(description))}"
    }
}
