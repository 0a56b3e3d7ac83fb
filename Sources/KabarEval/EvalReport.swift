import Foundation

/// Text and JSON renderings of an evaluation.
public enum EvalReport {
    /// The per-page table, worst body F1 first, then the totals.
    public static func table(_ scores: [PageScore], summary: EvalSummary, worst limit: Int? = nil) -> String {
        var out = "\(summary.label): per page, worst body F1 first\n"
        out += pad("page", 44) + pad("F1", 7) + pad("P", 7) + pad("R", 7) + pad("title", 7) + pad("authors", 9) + pad("date", 6) + pad("with", 6) + "w/o\n"
        let sorted = scores.sorted { ($0.body.f1, $0.name) < ($1.body.f1, $1.name) }
        for s in sorted.prefix(limit ?? sorted.count) {
            out += pad(s.name, 44) + pad(f(s.body.f1), 7) + pad(f(s.body.precision), 7) + pad(f(s.body.recall), 7)
            out += pad(mark(s.titleExact), 7) + pad(mark(s.authorsMatch), 9) + pad(mark(s.dateMatch), 6)
            out += pad(s.withFound.map(f2) ?? "-", 6) + (s.withoutFound.map(f2) ?? "-") + "\n"
        }
        if let limit, sorted.count > limit { out += "... \(sorted.count - limit) more\n" }
        out += "\n" + totalsHeader() + "\n" + totalsRow(summary) + "\n"
        return out
    }

    public static func totalsHeader() -> String {
        pad("extractor", 14) + pad("pages", 7) + pad("title=", 8) + pad("body P", 8) + pad("body R", 8) + pad("body F1", 9)
            + pad("authors", 9) + pad("date", 7) + pad("day", 7) + pad("empty", 6) + pad("with", 7) + pad("w/o", 7) + "pages/s"
    }

    public static func totalsRow(_ s: EvalSummary) -> String {
        pad(s.label, 14) + pad(String(s.pages), 7) + pad(pct(s.titleExact), 8) + pad(f(s.precision), 8) + pad(f(s.recall), 8)
            + pad(f(s.f1), 9) + pad(pct(s.authorAccuracy), 9) + pad(pct(s.dateAccuracy), 7) + pad(pct(s.dayAccuracy), 7)
            + pad(String(s.emptyPages), 6) + pad(s.withFound.map(pct) ?? "-", 7) + pad(s.withoutFound.map(pct) ?? "-", 7)
            + (s.pagesPerSecond.map { String(format: "%.1f", $0) } ?? "-")
    }

    /// One JSON object: the totals and every page's scores.
    public static func json(_ scores: [PageScore], summary s: EvalSummary) -> String {
        var out = "{"
        out += "\"label\":\(quote(s.label)),\"pages\":\(s.pages),\"title_exact\":\(n(s.titleExact)),"
        out += "\"precision\":\(n(s.precision)),\"recall\":\(n(s.recall)),\"f1\":\(n(s.f1)),"
        out += "\"author_accuracy\":\(n(s.authorAccuracy)),\"author_pages\":\(s.authorPages),"
        out += "\"date_accuracy\":\(n(s.dateAccuracy)),\"date_day_accuracy\":\(n(s.dayAccuracy)),\"date_pages\":\(s.datePages),"
        out += "\"empty_pages\":\(s.emptyPages),\"with_found\":\(s.withFound.map(n) ?? "null"),\"without_found\":\(s.withoutFound.map(n) ?? "null"),"
        out += "\"pages_per_s\":\(s.pagesPerSecond.map { n($0) } ?? "null"),\"per_page\":["
        out += scores.map { p in
            "{\"page\":\(quote(p.name)),\"precision\":\(n(p.body.precision)),\"recall\":\(n(p.body.recall)),\"f1\":\(n(p.body.f1)),"
                + "\"title_exact\":\(b(p.titleExact)),\"authors\":\(b(p.authorsMatch)),\"date\":\(b(p.dateMatch)),"
                + "\"with_found\":\(p.withFound.map(n) ?? "null"),\"without_found\":\(p.withoutFound.map(n) ?? "null"),"
                + "\"title\":\(p.predictedTitle.map(quote) ?? "null"),\"expected_title\":\(p.expectedTitle.map(quote) ?? "null")}"
        }.joined(separator: ",")
        out += "]}"
        return out
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static func f(_ x: Double) -> String { String(format: "%.3f", x) }
    static func f2(_ x: Double) -> String { String(format: "%.2f", x) }
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func n(_ x: Double) -> String { String(format: "%.4f", x) }
    static func mark(_ v: Bool?) -> String { v.map { $0 ? "yes" : "NO" } ?? "-" }
    static func b(_ v: Bool?) -> String { v.map { $0 ? "true" : "false" } ?? "null" }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
