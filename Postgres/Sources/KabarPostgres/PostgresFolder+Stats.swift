import Foundation
import KabarCore
import KabarStore
import KabarRun
import PostgresNIO

extension PostgresFolder {
    /// What the database holds, in the embedded store's terms (`kabar stats`).
    public func stats(runs: Int = 10) async throws -> StoreStats {
        var days: [DayStats] = []
        for row in try await database.query("""
            SELECT site, day, count(*) FILTER (WHERE kind = 0), coalesce(sum(revision - 1) FILTER (WHERE kind = 0), 0),
                   count(*) FILTER (WHERE kind = 1), count(*) FILTER (WHERE kind = 2)
            FROM kabar_records GROUP BY site, day ORDER BY site, day
            """) {
            let (site, day, records, revisions, exact, near) = try row.decode((String, String, Int64, Int64, Int64, Int64).self)
            days.append(DayStats(site: site, day: day, records: Int(records), revisions: Int(revisions),
                                 exactDuplicates: Int(exact), nearDuplicates: Int(near)))
        }
        var list: [RunStats] = []
        for row in try await database.query("""
            SELECT id, command || ' [' || worker || ']', to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), status,
                   seen, written, revisions, unchanged, exact_duplicates, near_duplicates, failed, revised_fields
            FROM kabar_runs ORDER BY id DESC LIMIT \(Int64(runs))
            """) {
            let (id, command, started, ended, status, seen, written, revisions, unchanged, exact, near, failed, fields) =
                try row.decode((Int64, String, String, String?, String, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32).self)
            var c = StoreCounts()
            c.seen = Int(seen); c.written = Int(written); c.revisions = Int(revisions); c.unchanged = Int(unchanged)
            c.exactDuplicates = Int(exact); c.nearDuplicates = Int(near); c.failed = Int(failed)
            // Of the revisions, those with the same text and other fields changed (migration 16).
            c.revisedFields = Int(fields)
            list.append(RunStats(id: Int(id), command: command, startedAt: started, endedAt: ended, status: status, counts: c))
        }
        return StoreStats(records: days.reduce(0) { $0 + $1.records }, revisions: days.reduce(0) { $0 + $1.revisions },
                          exactDuplicates: days.reduce(0) { $0 + $1.exactDuplicates }, nearDuplicates: days.reduce(0) { $0 + $1.nearDuplicates },
                          days: days, runs: list)
    }

    /// The URLs that failed and were not fetched since (`kabar_failures`), as the embedded
    /// store's `FailureReport`: counts by schedule, outcome and kind, and the `recent` most
    /// recent with why (text in byte order, as SQLite sorts it).
    public func failureReport(recent limit: Int = 10) async throws -> FailureReport {
        var report = FailureReport()
        for row in try await database.query("""
            SELECT schedule, outcome, kind, count(*) FROM kabar_failures GROUP BY schedule, outcome, kind
            ORDER BY count(*) DESC, schedule COLLATE "C", outcome COLLATE "C", kind COLLATE "C"
            """) {
            let (schedule, outcome, kind, n) = try row.decode((String, String, String, Int64).self)
            report.counts.append(.init(schedule: schedule, outcome: outcome, kind: kind, urls: Int(n)))
        }
        for row in try await database.query("""
            SELECT schedule, url, outcome, kind, reason, count FROM kabar_failures
            ORDER BY failed_at DESC, schedule COLLATE "C", url COLLATE "C" LIMIT \(Int64(limit))
            """) {
            let (schedule, url, outcome, kind, reason, times) = try row.decode((String, String, String, String, String, Int32).self)
            report.recent.append(.init(schedule: schedule, url: url, outcome: outcome, kind: kind, reason: reason, times: Int(times)))
        }
        return report
    }

    /// The stored records as JSON lines (the latest revision of each URL; with
    /// `filter.allRevisions`, older revisions too, each before the newer), by site and day,
    /// filtered as `kabar export` filters a data folder (`RecordExport`: site, filing day,
    /// extractor), calling `line` for each. Read in pages of 1 000.
    public func export(_ filter: RecordExport = RecordExport(), line: (String) throws -> Void) async throws {
        try filter.validate()
        let (site, since, until) = (filter.site, filter.since, filter.until)
        var after: (String, String, Int64) = ("", "", Int64.min)
        while true {
            let rows = try await database.query("""
                SELECT site, day, id, record FROM kabar_records
                WHERE kind = 0 AND (site, day, id) > (\(after.0), \(after.1), \(after.2))
                  AND (\(site)::text IS NULL OR site = \(site)) AND (\(since)::text IS NULL OR day >= \(since))
                  AND (\(until)::text IS NULL OR day <= \(until))
                ORDER BY site, day, id LIMIT 1000
                """)
            if rows.isEmpty { break }
            for row in rows {
                let (s, d, id, record) = try row.decode((String, String, Int64, String?).self)
                after = (s, d, id)
                if filter.allRevisions {
                    for old in try await database.query("SELECT record FROM kabar_history WHERE id = \(id) ORDER BY revision") {
                        if let text = try old.decode(String?.self), filter.extractorMatches(line: text) { try line(text) }
                    }
                }
                if let record, filter.extractorMatches(line: record) { try line(record) }
            }
        }
    }

    /// Records stored per worker (for tests and the benchmark).
    public func recordsByWorker() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try await database.query("SELECT coalesce(worker, ''), count(*) FROM kabar_records WHERE kind = 0 GROUP BY 1") {
            let (w, n) = try row.decode((String, Int64).self)
            out[w] = Int(n)
        }
        return out
    }

    /// Queue entries a worker holds leases on now.
    public func leases(by worker: String) async throws -> Int {
        let rows = try await database.query("SELECT count(*) FROM kabar_queue WHERE leased_by = \(worker) AND lease_until > now()")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// Records written (first revisions) over every run of every worker: equal to the records
    /// held when nothing was ever stored twice.
    public func writtenByRuns() async throws -> Int {
        let rows = try await database.query("SELECT coalesce(sum(written), 0)::bigint FROM kabar_runs")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// Stores and completions refused as stale over every run (`kabar_runs.stale`): a worker
    /// that stalled past its lease and woke after another worker had taken the entries over.
    public func staleByRuns() async throws -> Int {
        let rows = try await database.query("SELECT coalesce(sum(stale), 0)::bigint FROM kabar_runs")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// Records handed to the store over every run (`kabar_runs.seen`): each stored page once
    /// when no worker stored a page another had taken over.
    public func seenByRuns() async throws -> Int {
        let rows = try await database.query("SELECT coalesce(sum(seen), 0)::bigint FROM kabar_runs")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// The current run's counts so far (zero when no run is open).
    public func runCounts() async throws -> StoreCounts {
        var c = StoreCounts()
        guard let run = currentRun else { return c }
        let rows = try await database.query("""
            SELECT seen, written, revisions, unchanged, exact_duplicates, near_duplicates, failed FROM kabar_runs WHERE id = \(run)
            """)
        if let row = rows.first {
            let (seen, written, revisions, unchanged, exact, near, failed) = try row.decode((Int32, Int32, Int32, Int32, Int32, Int32, Int32).self)
            c.seen = Int(seen); c.written = Int(written); c.revisions = Int(revisions); c.unchanged = Int(unchanged)
            c.exactDuplicates = Int(exact); c.nearDuplicates = Int(near); c.failed = Int(failed)
        }
        return c
    }
}
