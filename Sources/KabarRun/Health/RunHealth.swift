import Foundation
import KabarCore
import KabarStore

/// The health report of a run (or of `kabar check --live`): each extractor's tally and the
/// warnings the rules found. Shown in the run summary and `kabar run --json` (`health`).
public struct RunHealth: Sendable {
    public var extractors: [ExtractorHealth]
    public var warnings: [HealthWarning]

    public init(extractors: [ExtractorHealth], warnings: [HealthWarning]) {
        self.extractors = extractors
        self.warnings = warnings
    }

    /// Judges what `recorder` tallied: against each extractor's recent level in `ledger` (its
    /// last `HealthRules` runs; nil: floors and the second opinion only), then saves this run's
    /// health in `ledger` under `schedule`.
    public static func judge(_ recorder: HealthRecorder, rules: HealthRules = HealthRules(), ledger: (any HealthLedger)?,
                             schedule: String, recentRuns: Int = 5) async throws -> RunHealth {
        let report = try await judge(recorder, rules: rules) { extractor in
            try await ledger?.recentHealth(extractor: extractor, runs: recentRuns) ?? []
        }
        try await ledger?.saveHealth(report.extractors.map { $0.row(schedule: schedule) })
        return report
    }

    /// Judges what `recorder` tallied against each extractor's recent level as `recent` gives
    /// it (its last runs' rows, newest first; none: floors and the second opinion only),
    /// saving nothing (`kabar reextract`: an offline pass is not part of the live runs' trend).
    public static func judge(_ recorder: HealthRecorder, rules: HealthRules = HealthRules(),
                             recent: (String) async throws -> [HealthRow]) async rethrows -> RunHealth {
        let tallies = recorder.health
        let floors = recorder.expectations
        var warnings: [HealthWarning] = []
        for tally in tallies {
            let rows = try await recent(tally.extractor)
            warnings += rules.judge(tally, recent: rows.isEmpty ? nil : HealthLevel(rows), floors: floors[tally.extractor] ?? FieldExpectations())
        }
        return RunHealth(extractors: tallies, warnings: warnings)
    }

    /// A line per extractor, then the warnings.
    public var lines: [String] {
        extractors.map { h in
            var parts = [counted(h.pages, "page")]
            parts += HealthField.allCases.map { "\($0.rawValue) \(Self.percent(h.share($0)))" }
            parts.append("words median \(h.medianWords.map(String.init) ?? "-"), p10 \(h.lowWords.map(String.init) ?? "-")")
            parts.append("fallback \(h.fallbacks)")
            if let c = h.coverage { parts.append("second opinion \(Self.percent(c)) on \(h.coverages.count)") }
            return "health: \(h.extractor): " + parts.joined(separator: ", ")
        } + warnings.map(\.description)
    }

    static func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }

    /// `{"extractors":{"tempo":{...}},"warnings":[...]}`.
    public var json: String {
        let each = extractors.map { h -> String in
            let fields = HealthField.allCases.map { "\"\($0.rawValue)\":\(HealthJSON.number(h.share($0) ?? 0))" }.joined(separator: ",")
            return "\(JSONWriter.quoted(h.extractor)):{\"pages\":\(h.pages),\"fields\":{\(fields)},"
                + "\"body_words_median\":\(HealthJSON.optional(h.medianWords)),\"body_words_p10\":\(HealthJSON.optional(h.lowWords)),"
                + "\"fallbacks\":\(h.fallbacks),\"second_opinion\":{\"pages\":\(h.coverages.count),\"coverage\":\(h.coverage.map(HealthJSON.number) ?? "null")}}"
        }
        return "{\"extractors\":{\(each.joined(separator: ","))},\"warnings\":[\(warnings.map(\.json).joined(separator: ","))]}"
    }
}

extension ExtractorHealth {
    /// The row the store keeps for this tally.
    func row(schedule: String) -> HealthRow {
        HealthRow(schedule: schedule, extractor: extractor, day: String(ISO8601DateFormatter().string(from: Date()).prefix(10)), pages: pages,
                  present: present, medianWords: medianWords, lowWords: lowWords, fallbacks: fallbacks,
                  samples: coverages.count, coverage: coverage)
    }
}

/// Numbers in the health JSON.
enum HealthJSON {
    static func number(_ v: Double) -> String { v.isFinite ? String(format: "%.4g", v) : "null" }
    static func optional(_ v: Int?) -> String { v.map(String.init) ?? "null" }
}
