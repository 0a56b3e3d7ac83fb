import Foundation
import KabarStore

/// The frontier: article URLs discovered and not yet fetched, per schedule and host, newest
/// first; what was fetched (`seen`: when, its validators, the status); the validators of feeds
/// and sitemaps for conditional GET; and when each schedule last ran. It lives in
/// `frontier.sqlite` in the data folder, next to the store's `index.sqlite` (see
/// docs/ARCHITECTURE.md: why a file of its own), and is written only by the process holding
/// the data folder's lock.
///
/// Crash safety comes from ordering, not from a shared transaction: a URL leaves the queue
/// only after the store committed its record, so a killed run loses no discovered URL; and the
/// store's index stays the source of truth for "already stored", checked again before every
/// fetch, so a URL still queued after a crash whose record was committed is dropped unfetched.
public final class Frontier {
    let db: SQLiteDatabase

    public typealias Entry = FrontierEntry
    public typealias Seen = FrontierSeen
    public typealias Completion = FrontierCompletion
    public typealias Validators = FrontierValidators

    /// Whether `frontier.sqlite` was missing or empty and was started afresh. That is safe: the
    /// store's index, not the frontier, decides what is stored (every URL is checked against it
    /// before it is fetched), so nothing is stored twice; what is lost is the queue (found again
    /// by the next discovery), the validators (feeds and sitemaps fetched once without
    /// conditions), the failures and when each schedule last ran (a `kabar schedule` runs it now).
    public let recreated: Bool

    /// `frontier.sqlite` is there but is no database SQLite can use.
    public struct Unusable: Error, CustomStringConvertible {
        public let description: String
    }

    init(folder: URL) throws {
        let path = folder.appendingPathComponent("frontier.sqlite").path
        var st = stat()
        recreated = stat(path, &st) != 0 || st.st_size == 0
        if recreated {
            // What is left of a lost database (an empty file, a log that belongs to no database).
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        db = try SQLiteDatabase(path: path)
        do {
            try db.execute("PRAGMA journal_mode=WAL")
        } catch {
            throw Unusable(description: "\(path): not a usable frontier database (\((error as? SQLiteError)?.detail ?? "\(error)")); move it aside and run again: "
                + "a new frontier is started, which is safe (the store's index decides what is stored), only the queue, validators and schedule times start afresh")
        }
        try db.execute("PRAGMA synchronous=NORMAL")
        try db.execute("""
            CREATE TABLE IF NOT EXISTS queue(
                schedule TEXT NOT NULL, url TEXT NOT NULL, id TEXT NOT NULL, host TEXT NOT NULL,
                priority INTEGER NOT NULL, modified INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
                added INTEGER NOT NULL, PRIMARY KEY(schedule, url)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS queue_order ON queue(schedule, host, priority DESC);
            CREATE TABLE IF NOT EXISTS seen(
                id TEXT PRIMARY KEY, url TEXT NOT NULL, fetched_at INTEGER NOT NULL, status INTEGER NOT NULL,
                etag TEXT, last_modified TEXT) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS validators(
                url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at INTEGER NOT NULL, children TEXT, digest TEXT) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS failures(
                schedule TEXT NOT NULL, url TEXT NOT NULL, at INTEGER NOT NULL, outcome TEXT NOT NULL, kind TEXT NOT NULL,
                reason TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1, PRIMARY KEY(schedule, url)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS schedule_runs(
                schedule TEXT PRIMARY KEY, started_at INTEGER NOT NULL, ended_at INTEGER, status TEXT NOT NULL) WITHOUT ROWID;
            """)
        // A frontier written before sources' digests were kept.
        var hasDigest = false
        try db.query("SELECT 1 FROM pragma_table_info('validators') WHERE name = 'digest'") { _ in hasDigest = true }
        if !hasDigest { try db.execute("ALTER TABLE validators ADD COLUMN digest TEXT") }
        // `seen(id:)` asks whether a URL's skip is on record.
        try db.execute("CREATE INDEX IF NOT EXISTS failures_url ON failures(url)")
    }

    // MARK: Queue

    /// Adds entries (a URL already queued for the schedule keeps its place, newest date wins).
    func enqueue(_ entries: [Entry], schedule: String, now: Int64) throws {
        guard !entries.isEmpty else { return }
        try db.transaction {
            for e in entries {
                try db.query("""
                    INSERT INTO queue(schedule, url, id, host, priority, modified, added) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    ON CONFLICT(schedule, url) DO UPDATE SET priority = max(priority, excluded.priority),
                        modified = coalesce(excluded.modified, modified)
                    """, [schedule, e.url, e.id, e.host, e.priority, e.modified, now])
            }
        }
    }

    /// Up to `limit` queued entries: hosts taken in turn, each host's newest first.
    func next(schedule: String, limit: Int) throws -> [Entry] {
        var out: [Entry] = []
        try db.query("""
            SELECT url, id, host, priority, modified, attempts FROM (
                SELECT *, row_number() OVER (PARTITION BY host ORDER BY priority DESC, url) AS turn
                FROM queue WHERE schedule = ?1)
            ORDER BY turn, priority DESC, host LIMIT ?2
            """, [schedule, limit]) { row in
            out.append(Entry(url: row.text(0) ?? "", id: row.text(1) ?? "", host: row.text(2) ?? "",
                             priority: row.int64(3), modified: row.optionalInt64(4), attempts: Int(row.int64(5))))
        }
        return out
    }

    func count(schedule: String) throws -> Int {
        var n = 0
        try db.query("SELECT count(*) FROM queue WHERE schedule = ?1", [schedule]) { n = Int($0.int64(0)) }
        return n
    }

    public static let maxAttempts = 3

    func complete(_ completions: [Completion], schedule: String, now: Int64) throws {
        guard !completions.isEmpty else { return }
        try db.transaction {
            for c in completions {
                switch c {
                case .done(let e, let status, let etag, let lastModified):
                    try db.query("DELETE FROM queue WHERE schedule = ?1 AND url = ?2", [schedule, e.url])
                    if (200..<400).contains(status) { try clearFailure(url: e.url, schedule: schedule) }
                    try db.query("""
                        INSERT OR REPLACE INTO seen(id, url, fetched_at, status, etag, last_modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        """, [e.id, e.url, now, status, etag, lastModified])
                case .skipped(let e, let status):
                    try db.query("DELETE FROM queue WHERE schedule = ?1 AND url = ?2", [schedule, e.url])
                    try db.query("""
                        INSERT OR REPLACE INTO seen(id, url, fetched_at, status, etag, last_modified) VALUES (?1, ?2, ?3, ?4, NULL, NULL)
                        """, [e.id, e.url, now, status])
                case .failed(let e):
                    if e.attempts + 1 >= Self.maxAttempts {
                        try db.query("DELETE FROM queue WHERE schedule = ?1 AND url = ?2", [schedule, e.url])
                    } else {
                        try db.query("UPDATE queue SET attempts = attempts + 1 WHERE schedule = ?1 AND url = ?2", [schedule, e.url])
                    }
                case .dropped(let e):
                    try db.query("DELETE FROM queue WHERE schedule = ?1 AND url = ?2", [schedule, e.url])
                }
            }
        }
    }

    /// What was seen of each id that was seen, in one read transaction.
    func seen(ids: [String]) throws -> [String: Seen] {
        var out: [String: Seen] = [:]
        try db.reading {
            for id in ids { if let seen = try seen(id: id) { out[id] = seen } }
        }
        return out
    }

    func seen(id: String) throws -> Seen? {
        var out: Seen?
        try db.query("""
            SELECT fetched_at, status, etag, last_modified, EXISTS(SELECT 1 FROM failures f WHERE f.url = seen.url AND f.outcome = 'skipped')
            FROM seen WHERE id = ?1
            """, [id]) { row in
            out = Seen(fetchedAt: row.int64(0), status: Int(row.int64(1)), etag: row.text(2), lastModified: row.text(3), skipped: row.int64(4) != 0)
        }
        return out
    }

    // MARK: Failures

    /// The last failure of each URL that failed (`outcome` retry or skipped, `kind` as in
    /// `PageFailure`), and how many times it failed; cleared when the URL is fetched.
    func recordFailure(_ f: PageFailure, schedule: String, now: Int64) throws {
        try db.query("""
            INSERT INTO failures(schedule, url, at, outcome, kind, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(schedule, url) DO UPDATE SET at = excluded.at, outcome = excluded.outcome, kind = excluded.kind,
                reason = excluded.reason, count = count + 1
            """, [schedule, f.url, now, f.outcome.rawValue, f.kind, f.reason])
    }

    func clearFailure(url: String, schedule: String) throws {
        try db.query("DELETE FROM failures WHERE schedule = ?1 AND url = ?2", [schedule, url])
    }

    /// The failures on record for a schedule, most recent first: (failure, times failed).
    func failures(schedule: String) throws -> [(PageFailure, Int)] {
        var out: [(PageFailure, Int)] = []
        try db.query("SELECT url, outcome, kind, reason, count FROM failures WHERE schedule = ?1 ORDER BY at DESC, url", [schedule]) { row in
            let outcome = PageFailure.Outcome(rawValue: row.text(1) ?? "") ?? .retry
            out.append((PageFailure(url: row.text(0) ?? "", outcome: outcome, kind: row.text(2) ?? "", reason: row.text(3) ?? ""), Int(row.int64(4))))
        }
        return out
    }

    // MARK: Feed and sitemap validators

    func validators(url: String) throws -> Validators? {
        var out: Validators?
        try db.query("SELECT etag, last_modified, children, digest FROM validators WHERE url = ?1", [url]) { row in
            out = Validators(etag: row.text(0), lastModified: row.text(1),
                             children: (row.text(2) ?? "").split(separator: "\n").map(String.init), digest: row.text(3))
        }
        return out
    }

    func saveValidators(url: String, _ v: Validators, now: Int64) throws {
        try db.query("INSERT OR REPLACE INTO validators(url, etag, last_modified, checked_at, children, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                     [url, v.etag, v.lastModified, now, v.children.isEmpty ? nil : v.children.joined(separator: "\n"), v.digest])
    }

    // MARK: Schedule state

    func lastStart(schedule: String) throws -> Int64? {
        var out: Int64?
        try db.query("SELECT started_at FROM schedule_runs WHERE schedule = ?1", [schedule]) { out = $0.int64(0) }
        return out
    }

    func recordStart(schedule: String, at time: Int64) throws {
        try db.query("INSERT OR REPLACE INTO schedule_runs(schedule, started_at, ended_at, status) VALUES (?1, ?2, NULL, 'running')",
                     [schedule, time])
    }

    func recordEnd(schedule: String, at time: Int64, status: String) throws {
        try db.query("UPDATE schedule_runs SET ended_at = ?2, status = ?3 WHERE schedule = ?1", [schedule, time, status])
    }
}
