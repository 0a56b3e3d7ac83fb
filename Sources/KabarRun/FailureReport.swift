import Foundation

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
    }

    public struct Recent: Sendable, Encodable, Equatable {
        public let schedule: String
        public let url: String
        public let outcome: String
        public let kind: String
        public let reason: String
        /// Times the URL failed.
        public let times: Int
    }

    public var counts: [Count] = []
    public var recent: [Recent] = []

    public var urls: Int { counts.reduce(0) { $0 + $1.urls } }

    /// The report of the data folder at `folder`; empty when it has no frontier yet (or one
    /// written before failures were kept).
    public static func read(folder: URL, recent limit: Int = 10) throws -> FailureReport {
        let path = folder.appendingPathComponent("frontier.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return FailureReport() }
        let db = try FrontierDatabase(path: path, readOnly: true)
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
