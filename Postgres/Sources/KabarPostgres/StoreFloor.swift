import Foundation
import KabarCore
import KabarStore
import PostgresNIO

/// The floor under `bench store` (`--floor`): what the same server spends per record to keep
/// the same rows the plainest way, with no dedup decision, no locks and no function. At each
/// size, before the measured run, the records the run is about to store go into copies of
/// `kabar_records` (its columns, indexes and compression; filled with the database's rows), of
/// `kabar_seen`, of `kabar_queue` (fillfactor 40, the run's entries queued) and of `kabar_bands`:
/// one multi-row `INSERT` per group of 8 records, each its own statement and commit, in steps:
/// the records alone; the records and their fetch metadata (`kabar_seen`'s upsert); those with
/// the group's queue rows deleted; then those with the SimHash bands as rows (as `kabar_bands`),
/// or instead as columns of the records' copy with an index each. Every record is kept as
/// written (its line), where the real store keeps a duplicate without its line or bands.
public struct StoreFloor: Sendable {
    public struct Round: Sendable {
        public let step: String
        public let stored: Int
        public let seconds: Double
        public let serverCPU: Double
        public let walBytes: Double
        public var msPerRecord: Double { stored > 0 ? serverCPU / Double(stored) * 1000 : 0 }
        public var walBytesPerRecord: Double { stored > 0 ? walBytes / Double(stored) : 0 }
    }

    enum Step: String, CaseIterable {
        case records = "records"
        case seen = "records + kabar_seen"
        case queue = "records + kabar_seen + queue delete"
        /// And each record's SimHash bands as rows of a copy of `kabar_bands`, as the store keeps them.
        case bandRows = "records + kabar_seen + queue delete + band rows"
        /// And the bands as columns of the records' copy instead, an index per band.
        case bandColumns = "records + kabar_seen + queue delete + band columns"
    }

    static let group = 8

    let server: LocalPostgres
    let db: Database

    /// The records `articles` make as the folder would send them.
    static func requests(_ folder: PostgresFolder, _ articles: [Article]) async -> [StoreRequest] {
        var out: [StoreRequest] = []
        for a in articles {
            out.append(await folder.request(a, schedule: "floor", queueURL: a.canonicalURL, status: 200, etag: nil, lastModified: nil))
        }
        return out
    }

    /// The steps over `requests` (one fresh set of copies each).
    func run(_ requests: [StoreRequest]) async throws -> [Round] {
        var out: [Round] = []
        for step in Step.allCases {
            try await prepare(requests, bands: requests.first?.bands.count ?? 0)
            out.append(try await measure(step, requests))
        }
        try await db.query("DROP TABLE floor_records, floor_seen, floor_queue, floor_bands")
        return out
    }

    /// Copies of the tables as the database holds them now (the records' copy with `bands`
    /// band columns too, each indexed, filled from `kabar_bands`); the run's entries queued.
    func prepare(_ requests: [StoreRequest], bands: Int) async throws {
        let columns = (0..<bands).map { "b\($0)" }
        var sql = [
            "DROP TABLE IF EXISTS floor_records, floor_seen, floor_queue, floor_bands",
            "CREATE TABLE floor_records (LIKE kabar_records INCLUDING ALL)",
            "INSERT INTO floor_records SELECT * FROM kabar_records",
            "CREATE TABLE floor_seen (LIKE kabar_seen INCLUDING ALL)",
            "INSERT INTO floor_seen SELECT * FROM kabar_seen",
            "CREATE TABLE floor_queue (LIKE kabar_queue INCLUDING ALL) WITH (fillfactor = 40)",
            "CREATE TABLE floor_bands (LIKE kabar_bands INCLUDING ALL)",
            "INSERT INTO floor_bands SELECT * FROM kabar_bands",
        ]
        if !columns.isEmpty {
            sql.append("ALTER TABLE floor_records " + columns.map { "ADD COLUMN \($0) int" }.joined(separator: ", "))
            sql.append("UPDATE floor_records r SET " + columns.enumerated().map { j, c in "\(c) = x.v[\(j + 1)]" }.joined(separator: ", ")
                       + " FROM (SELECT id, array_agg(value ORDER BY band) AS v FROM kabar_bands GROUP BY id) x WHERE x.id = r.id")
            sql += columns.map { "CREATE INDEX ON floor_records(\($0)) WHERE \($0) IS NOT NULL" }
        }
        for statement in sql { try await db.query(PostgresQuery(unsafeSQL: statement)) }
        try await db.query("""
            INSERT INTO floor_queue(schedule, url, id, host, priority, added)
            SELECT 'floor', u.url, u.id, 'bench.invalid', u.ord, 0 FROM unnest(\(requests.map(\.url)), \(requests.map(\.id)))
              WITH ORDINALITY AS u(url, id, ord)
            """)
        try await db.query("VACUUM ANALYZE floor_records, floor_seen, floor_queue, floor_bands")
        try await db.query("CHECKPOINT")
    }

    func measure(_ step: Step, _ requests: [StoreRequest]) async throws -> Round {
        let walBefore = try await db.query("SELECT pg_current_wal_insert_lsn()::text").first?.decode(String.self) ?? "0/0"
        let cpuBefore = server.cpuSeconds()
        let start = Date()
        var i = 0
        while i < requests.count {
            let part = requests[i..<min(i + Self.group, requests.count)]
            try await db.query(try Self.statement(step, part))
            i += Self.group
        }
        let seconds = Date().timeIntervalSince(start)
        let cpu = server.cpuSeconds() - cpuBefore
        let rows = try await db.query("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), \(walBefore)::pg_lsn)::float8")
        let wal = try rows.first?.decode(Double.self) ?? 0
        let kept = try await StoreBench.count(db, "SELECT count(*) FROM floor_records r WHERE r.run = -1")
        guard kept == requests.count else {
            throw DatabaseURL.Failure(description: "bench store --floor: \(kept) of \(requests.count) records kept (\(step.rawValue))")
        }
        return Round(step: step.rawValue, stored: requests.count, seconds: seconds, serverCPU: cpu, walBytes: wal)
    }

    /// One group's statement (one commit): a multi-row `INSERT` of its records, with the
    /// fetch-metadata upsert, the queue delete and the band rows as data-modifying `WITH` parts
    /// per step.
    static func statement(_ step: Step, _ part: ArraySlice<StoreRequest>) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: part.count * 13)
        var values: [String] = [], seen: [String] = [], urls: [String] = [], bandRows: [String] = []
        let bands = part.first?.bands.count ?? 0
        for r in part {
            let n = binds.count
            func p(_ k: Int) -> String { "$\(n + k)" }
            try binds.append(r.id); try binds.append(r.content); try binds.append(r.simhash)
            try binds.append(r.site); try binds.append(r.day); try binds.append(r.url); try binds.append(r.line)
            try binds.append(r.warcFile); try binds.append(r.warcOffset)
            for b in r.bands { try binds.append(b) }
            let bandParams = (0..<bands).map { p(10 + $0) }
            values.append("(\(p(1)), 0, 1, \(p(2)), \(p(3)), \(p(4)), \(p(5)), \(p(6)), \(p(7)), \(p(8)), \(p(9)), 'bench', -1"
                          + (step == .bandColumns ? bandParams.map { ", " + $0 }.joined() : "") + ")")
            seen.append("(\(p(1)), \(p(6)), extract(epoch FROM now())::bigint, 200, NULL, NULL)")
            urls.append(p(6))
            bandRows += bandParams.enumerated().map { j, b in "(\(j), \(b), \(p(1)), \(p(3)))" }
        }
        var with: [String] = []
        if step != .records {
            with.append("""
                s AS (INSERT INTO floor_seen AS e(id, url, fetched_at, status, etag, last_modified) VALUES \(seen.joined(separator: ", "))
                  ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
                    etag = excluded.etag, last_modified = excluded.last_modified)
                """)
        }
        if step != .records && step != .seen {
            with.append("q AS (DELETE FROM floor_queue k WHERE k.schedule = 'floor' AND k.url IN (\(urls.joined(separator: ", "))))")
        }
        if step == .bandRows {
            with.append("b AS (INSERT INTO floor_bands(band, value, id, simhash) VALUES \(bandRows.joined(separator: ", ")))")
        }
        let bandColumns = step == .bandColumns ? (0..<bands).map { ", b\($0)" }.joined() : ""
        let sql = (with.isEmpty ? "" : "WITH " + with.joined(separator: ", ") + " ") + """
            INSERT INTO floor_records(id, kind, revision, content_hash, simhash, site, day, url, record, warc_file, warc_offset, worker,
                                      run\(bandColumns))
            VALUES \(values.joined(separator: ", "))
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
