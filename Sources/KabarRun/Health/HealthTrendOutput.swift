import Foundation
import KabarCore
import KabarStore

/// `kabar stats`' health trend: per extractor and day, the share of pages with each field,
/// body words, fallbacks and the second opinion (from `extractor_health`, or
/// `kabar_extractor_health` for `kabar-postgres stats`).
public enum HealthTrendOutput {
    public static func lines(_ days: [HealthDay]) -> [String] {
        guard !days.isEmpty else { return [] }
        let header = ["extractor", "day", "runs", "pages"] + HealthField.allCases.map(\.rawValue) + ["words", "fallback", "second opinion"]
        return ["", "extractor health (share of pages with each field; words: median body words)"]
            + TextTable.lines(header, days.map { d in
                [d.extractor, d.day, String(d.runs), String(d.pages)] + HealthField.allCases.map { percent(d.share($0)) }
                    + [d.medianWords.map(String.init) ?? "-", percent(d.pages > 0 ? Double(d.fallbacks) / Double(d.pages) : nil),
                       d.coverage.map { "\(percent($0)) of \(d.samples)" } ?? "-"]
            }, left: [0, 1])
    }

    static func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }

    public static func json(_ days: [HealthDay]) -> String {
        "[" + days.map { d in
            let fields = HealthField.allCases.map { "\"\($0.rawValue)\":\(number(d.share($0) ?? 0))" }.joined(separator: ",")
            return "{\"extractor\":\(JSONWriter.quoted(d.extractor)),\"day\":\(JSONWriter.quoted(d.day)),\"runs\":\(d.runs),\"pages\":\(d.pages),"
                + "\"fields\":{\(fields)},\"body_words_median\":\(d.medianWords.map(String.init) ?? "null"),\"fallbacks\":\(d.fallbacks),"
                + "\"second_opinion\":{\"pages\":\(d.samples),\"coverage\":\(d.coverage.map(number) ?? "null")}}"
        }.joined(separator: ",") + "]"
    }

    static func number(_ v: Double) -> String { String(format: "%.4g", v) }
}
