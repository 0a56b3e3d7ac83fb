import Foundation
import KabarCore
import KabarStore

/// What the frontier keeps of the URLs that failed and were not fetched since (the per-URL
/// record of failures every run writes): how many by schedule, outcome and kind, and the most
/// recent ones with their reasons. `kabar stats` shows it. Read-only, so it can be read while a
/// run holds the data folder.
public struct FailureReport: Sendable, Encodable, Equatable {
    public struct Count: Sendable, Encodable, Equatable {
        public let schedule: String
        public let outcome: String
        public let kind: String
        public let urls: Int

        public init(schedule: String, outcome: String, kind: String, urls: Int) {
            self.schedule = schedule; self.outcome = outcome; self.kind = kind; self.urls = urls
        }
    }

    public struct Recent: Sendable, Encodable, Equatable {
        public let schedule: String
        public let url: String
        public let outcome: String
        public let kind: String
        public let reason: String
        /// Times the URL failed.
        public let times: Int

        public init(schedule: String, url: String, outcome: String, kind: String, reason: String, times: Int) {
            self.schedule = schedule; self.url = url; self.outcome = outcome; self.kind = kind; self.reason = reason; self.times = times
        }
    }

    public var counts: [Count] = []
    public var recent: [Recent] = []

    public var urls: Int { counts.reduce(0) { $0 + $1.urls } }

    public init(counts: [Count] = [], recent: [Recent] = []) {
        self.counts = counts
        self.recent = recent
    }

    /// As `kabar stats` (and `kabar-postgres stats`) print it: a blank line, the counts as a
    /// table, then the most recent with why.
    public var text: String {
        var lines = ["", "failed URLs on record (not fetched since): \(urls)"]
        lines += TextTable.lines(["schedule", "outcome", "kind", "urls"], counts.map { [$0.schedule, $0.outcome, $0.kind, String($0.urls)] },
                                 left: [0, 1, 2])
        lines.append("")
        lines.append("most recent")
        lines += recent.map { "  \($0.outcome) \($0.kind): \($0.reason) (\($0.url))" + ($0.times > 1 ? ", \($0.times) times" : "") }
        return lines.joined(separator: "\n")
    }

    /// `stats` as one JSON object with this report under "failures" (`kabar stats --json`,
    /// `kabar-postgres stats --json`).
    public func json(with stats: StoreStats) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = String(decoding: try encoder.encode(stats), as: UTF8.self)
        out.removeLast()
        return out + ",\"failures\":" + String(decoding: try encoder.encode(self), as: UTF8.self) + "}"
    }

    /// The report of the data folder at `folder`; empty when it has no frontier yet (or one
    /// written before failures were kept).
    public static func read(folder: URL, recent limit: Int = 10) throws -> FailureReport {
        let path = folder.appendingPathComponent("frontier.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return FailureReport() }
        let db = try SQLiteDatabase(path: path, readOnly: true)
        var hasTable = false
        try db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'failures'") { _ in hasTable = true }
        guard hasTable else { return FailureReport() }
        var report = FailureReport()
        try db.query("""
            SELECT schedule, outcome, kind, count(*) FROM failures GROUP BY schedule, outcome, kind
            ORDER BY count(*) DESC, schedule, outcome, kind
            """) { row in
            report.counts.append(Count(schedule: row.text(0) ?? "", outcome: row.text(1) ?? "", kind: row.text(2) ?? "", urls: Int(row.int64(3))))
        }
        try db.query("SELECT schedule, url, outcome, kind, reason, count FROM failures ORDER BY at DESC, schedule, url LIMIT ?1", [limit]) { row in
            report.recent.append(Recent(schedule: row.text(0) ?? "", url: row.text(1) ?? "", outcome: row.text(2) ?? "",
                                        kind: row.text(3) ?? "", reason: row.text(4) ?? "", times: Int(row.int64(5))))
        }
        return report
    }
}

/// Text columns for reports: padded to width, the `left` ones (text) left-aligned, the others
/// (numbers) right-aligned.
public enum TextTable {
    public static func lines(_ header: [String], _ rows: [[String]], left: Set<Int> = [0, 1]) -> [String] {
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return left.contains(c) ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }
}
