import CSQLite
import Foundation
import KabarCore

/// Per-run, per-extractor health (`extractor_health`, created with the schema): written at the
/// end of each run, read back as the recent level the next run compares with and as
/// `kabar stats`' trend. Not rebuilt by `kabar rebuild-index` (the records do not hold it).
extension FileStore {
    static let healthColumns = HealthField.allCases.map(\.rawValue)

    static let healthTableSQL = """
        CREATE TABLE IF NOT EXISTS extractor_health(
            run INTEGER NOT NULL, schedule TEXT NOT NULL, extractor TEXT NOT NULL, day TEXT NOT NULL,
            pages INTEGER NOT NULL, \(healthColumns.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
            fallbacks INTEGER NOT NULL DEFAULT 0, words_median INTEGER, words_low INTEGER,
            samples INTEGER NOT NULL DEFAULT 0, coverage REAL,
            PRIMARY KEY(run, extractor)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS extractor_health_by_extractor ON extractor_health(extractor, run);
        """

    /// Saves the current run's health, one row per extractor (with no run open, under run 0).
    public func saveHealth(_ rows: [HealthRow]) throws {
        guard !isClosed else { throw Failure.closed }
        guard !rows.isEmpty else { return }
        try commit()   // no batch in flight: the index connection is this thread's
        let names = ["run", "schedule", "extractor", "day", "pages"] + Self.healthColumns
            + ["fallbacks", "words_median", "words_low", "samples", "coverage"]
        let sql = "INSERT OR REPLACE INTO extractor_health(\(names.joined(separator: ", "))) VALUES (\(names.indices.map { "?\($0 + 1)" }.joined(separator: ", ")))"
        try db.transaction {
            for row in rows {
                let values: [Any?] = [runID ?? 0, row.schedule, row.extractor, row.day, row.pages]
                    + HealthField.allCases.map { row.present[$0, default: 0] }
                    + [row.fallbacks, row.medianWords, row.lowWords, row.samples, row.coverage]
                try db.query(sql, values)
            }
        }
    }

    /// The health of `extractor` in its last `runs` runs, newest first.
    public func recentHealth(extractor: String, runs: Int = 5) throws -> [HealthRow] {
        guard !isClosed else { throw Failure.closed }
        try commit()
        return try Self.recentHealth(db, extractor: extractor, runs: runs)
    }

    /// `recentHealth` of the store in `root`, read without the writer's lock (`kabar check
    /// --live --data`); empty for a store without health yet.
    public static func recentHealth(at root: URL, extractor: String, runs: Int = 5) throws -> [HealthRow] {
        guard let db = try openForHealth(root) else { return [] }
        return try recentHealth(db, extractor: extractor, runs: runs)
    }

    static func recentHealth(_ db: SQLiteDatabase, extractor: String, runs: Int) throws -> [HealthRow] {
        var rows: [HealthRow] = []
        try db.query("SELECT \(rowColumns) FROM extractor_health WHERE extractor = ?1 ORDER BY run DESC LIMIT ?2", [extractor, runs]) {
            rows.append(healthRow($0))
        }
        return rows
    }

    /// The index of the store in `root` when it has a health table.
    static func openForHealth(_ root: URL) throws -> SQLiteDatabase? {
        let path = root.appendingPathComponent("index.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let db = try SQLiteDatabase(path: path)
        var exists = false
        try db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'extractor_health'") { _ in exists = true }
        return exists ? db : nil
    }

    /// Every extractor's health by UTC day, the last `days` days (by extractor, then day),
    /// read without the writer's lock; empty for a store that has none yet.
    public static func healthTrend(at root: URL, days: Int = 14) throws -> [HealthDay] {
        guard let db = try openForHealth(root) else { return [] }
        let sums = healthColumns.map { "sum(\($0))" }.joined(separator: ", ")
        var out: [HealthDay] = []
        try db.query("""
            SELECT extractor, day, count(*), sum(pages), \(sums), avg(words_median), sum(fallbacks), sum(samples),
                   sum(coverage * samples) / nullif(sum(CASE WHEN coverage IS NULL THEN 0 ELSE samples END), 0)
            FROM extractor_health WHERE day >= (SELECT coalesce(min(day), '') FROM (SELECT DISTINCT day FROM extractor_health ORDER BY day DESC LIMIT ?1))
            GROUP BY extractor, day ORDER BY extractor, day
            """, [max(1, days)]) { r in
            var present: [HealthField: Int] = [:]
            for (i, field) in HealthField.allCases.enumerated() { present[field] = Int(r.int64(Int32(4 + i))) }
            let n = Int32(4 + HealthField.allCases.count)
            out.append(HealthDay(extractor: r.text(0) ?? "", day: r.text(1) ?? "", runs: Int(r.int64(2)), pages: Int(r.int64(3)),
                                 present: present, medianWords: r.isNull(n) ? nil : Int(r.double(n).rounded()),
                                 fallbacks: Int(r.int64(n + 1)), samples: Int(r.int64(n + 2)), coverage: r.isNull(n + 3) ? nil : r.double(n + 3)))
        }
        return out
    }

    static var rowColumns: String {
        (["run", "schedule", "extractor", "day", "pages"] + healthColumns + ["fallbacks", "words_median", "words_low", "samples", "coverage"])
            .joined(separator: ", ")
    }

    static func healthRow(_ r: SQLiteDatabase.Row) -> HealthRow {
        var present: [HealthField: Int] = [:]
        for (i, field) in HealthField.allCases.enumerated() { present[field] = Int(r.int64(Int32(5 + i))) }
        let n = Int32(5 + HealthField.allCases.count)
        var row = HealthRow(schedule: r.text(1) ?? "", extractor: r.text(2) ?? "", day: r.text(3) ?? "", pages: Int(r.int64(4)),
                            present: present, medianWords: r.optionalInt64(n + 1).map(Int.init), lowWords: r.optionalInt64(n + 2).map(Int.init),
                            fallbacks: Int(r.int64(n)), samples: Int(r.int64(n + 3)), coverage: r.isNull(n + 4) ? nil : r.double(n + 4))
        row.run = r.int64(0)
        return row
    }
}

extension SQLiteDatabase.Row {
    func double(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }
}
