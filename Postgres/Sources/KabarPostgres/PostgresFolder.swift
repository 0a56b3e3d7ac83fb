import Foundation
import KabarCore
import KabarRun
import PostgresNIO

/// The PostgreSQL store and shared frontier for one worker: records, the dedup index, fetch
/// metadata, runs and the frontier in tables many workers share (see docs/POSTGRES.md), while
/// this worker's WARC files stay in its own folder (`url`). One actor per worker process.
///
/// - `next` leases entries (`kabar_lease`: `FOR UPDATE SKIP LOCKED`, a lease timeout, each
///   host's next-allowed time kept in `kabar_hosts`); a heartbeat task extends this worker's
///   leases while it runs, so only a dead worker's leases expire.
/// - `store` joins the group of stores waiting to be sent; each group is one call of
///   `kabar_store_many` (one round trip, one transaction): dedup (the embedded store's rules,
///   decided one record at a time under transaction advisory locks), the records, their fetch
///   metadata and their queue entries' completion. A caller gets its outcome once the group
///   committed. `groupsStores` tells `RunLoop` to store from its fetch tasks, so that stores
///   arrive together.
public actor PostgresFolder: RunStorage {
    public nonisolated let url: URL
    public nonisolated var leasesInBatches: Bool { true }
    public nonisolated var groupsStores: Bool { true }
    public nonisolated let database: Database
    /// This worker's name: kept with each lease, run and record.
    public nonisolated let worker: String
    public private(set) var options: Options
    private var run: Int64?
    /// What the lease said of each leased entry (whether stored, its fetch metadata), read by `known`.
    private var leased: [String: (stored: Bool, seen: FrontierSeen?)] = [:]
    private var heartbeat: Task<Void, Never>?
    /// A stopped worker does not wait for other workers' leases (`next`).
    private var stop: StopSignal?
    private let bands: SimHashBandLayout
    /// Stores waiting for the next group (`storeWaiting`), and whether a group is in flight.
    private var waiting: [(request: StoreRequest, continuation: CheckedContinuation<StoreOutcome, Error>)] = []
    private var storing = false
    /// The group waiting in its coalescing window (`coalesce`): resumed when enough stores came
    /// or its time is up (the generation tells a late timer from the current window's).
    private var filling: CheckedContinuation<Void, Never>?
    private var fillingGeneration = 0
    private var storeCalls = 0, storedInGroups = 0
    /// The most records one store call carried.
    private(set) var largestStoreGroup = 0
    /// The lease token of each entry this worker leased (by schedule and URL), presented with
    /// its store or completion: refused as stale once another worker leased the entry again.
    private var tokens: [String: Int64] = [:]
    /// The entries leased since the run started and not stored or completed since (by schedule
    /// and URL; a store or completion that failed keeps its entry here): what `finishRun`
    /// releases if still leased, found by key rather than by a scan of the whole queue.
    private var leasedInRun: Set<String> = []
    private var staleCount = 0
    private var fieldRevisionCount = 0

    public struct Options: Sendable {
        /// Seconds a lease lasts without a heartbeat: a killed worker's entries return to the queue after it.
        public var leaseSeconds: Double = 30
        /// Minimum seconds between two requests to one host, over all workers.
        public var hostDelay: Double = 1
        /// How far ahead a lease may book a host's politeness slot.
        public var horizon: Double = 5
        public var dedup = DedupOptions()
        /// `kabar_store_many` called as a prepared statement (`StoreManyStatement`), planned once
        /// per connection; false: sent as statement text, parsed and planned at every call, as
        /// before (`bench store --unprepared-store`).
        public var preparesStore = true
        /// Stores on their way join the next group before it goes (`gather`); false: a group goes
        /// as soon as the one in flight returned, as before migration 11 (`bench store --before-11`).
        public var gathersStores = true
        /// A coalescing window in front of the store call: a group that holds fewer than
        /// `coalesceRecords` records waits for more stores until it does or `coalesceSeconds`
        /// passed since it began to wait, whichever comes first (0 records or 0 seconds: off, a
        /// group goes once the stores on their way joined it). Durability is unchanged: each
        /// caller still gets its outcome only after its group committed.
        public var coalesceRecords = 0
        public var coalesceSeconds = 0.0
        public init() {}
    }

    public init(database: Database, worker: String, archiveFolder: URL, options: Options = Options()) async throws {
        self.database = database
        self.worker = worker
        self.url = archiveFolder
        self.options = options
        self.bands = SimHashBandLayout(distance: options.dedup.nearDistance)
        try await Migrator.migrate(database)
        try await Self.checkBands(database, bands: bands.count)
    }

    /// Opens the database named by a `postgres://` URL, migrated. `log`: where the database's
    /// comings and goings are said (standard error when nil).
    public static func open(_ text: String, worker: String, archiveFolder: URL, options: Options = Options(),
                            connections: Int = 4, connectTimeout: Double = 10, reconnectSeconds: Double = 120,
                            log: (@Sendable (String) -> Void)? = nil) async throws -> PostgresFolder {
        let url = try DatabaseURL(text)
        let db = if let log {
            try await Database(url: url, connections: connections, timeout: connectTimeout, reconnectSeconds: reconnectSeconds, log: log)
        } else {
            try await Database(url: url, connections: connections, timeout: connectTimeout, reconnectSeconds: reconnectSeconds)
        }
        return try await PostgresFolder(database: db, worker: worker, archiveFolder: archiveFolder, options: options)
    }

    /// The band layout is fixed when the database is made (like the embedded index).
    static func checkBands(_ db: Database, bands: Int) async throws {
        let rows = try await db.query("""
            INSERT INTO kabar_meta(key, value) VALUES ('simhash_bands', \(String(bands)))
            ON CONFLICT (key) DO UPDATE SET value = kabar_meta.value RETURNING value
            """)
        let built = Int(try rows.first?.decode(String.self) ?? "") ?? bands
        guard built >= bands else {
            throw DatabaseURL.Failure(description: "\(db.url.redacted): the dedup index was built for near-duplicate distance up to \(built - 1); distance \(bands - 1) needs a new database")
        }
    }

    /// The minimum time between two requests to one host over all workers (a schedule's `delay`).
    public func setHostDelay(_ seconds: Double) { options.hostDelay = max(0, seconds) }

    /// The worker's stop signal: once stopped, `next` no longer waits for other workers' leases.
    public func setStop(_ signal: StopSignal) { stop = signal }

    public func close() {
        heartbeat?.cancel()
        database.close()
    }

    // MARK: Runs

    /// The open run's id in `kabar_runs`.
    var currentRun: Int64? { run }

    public func startRun(command: String) async throws {
        let rows = try await database.query("INSERT INTO kabar_runs(command, worker) VALUES (\(command), \(worker)) RETURNING id")
        run = try rows.first?.decode(Int64.self)
        leasedInRun = []
        startHeartbeat()
    }

    public func finishRun(failed: Int) async throws { try await finishRun(failed: failed, status: failed > 0 ? "failed" : "ok") }

    /// Ends the run with the status its summary gives (`ok` with some pages failed, `stopped`,
    /// `failed`), so that `stats` says what the pass said, as the embedded store's runs do.
    public func finishRun(failed: Int, status: String) async throws {
        guard let run else { return }
        try await database.query("""
            UPDATE kabar_runs SET ended_at = now(), failed = \(failed), status = \(status) WHERE id = \(run)
            """)
        self.run = nil
        // Entries leased and not finished (a stop) go back to the queue now, not at lease expiry.
        let (schedules, urls) = Self.split(leasedInRun)
        leasedInRun = []
        if !urls.isEmpty {
            try await database.query("""
                UPDATE kabar_queue k SET lease_until = NULL, leased_by = NULL FROM unnest(\(schedules)::text[], \(urls)::text[]) AS t(s, u)
                WHERE k.schedule = t.s AND k.url = t.u AND k.leased_by = \(worker)
                """)
        }
        heartbeat?.cancel()
        heartbeat = nil
    }

    /// The schedules and URLs of lease keys (`leaseKey`).
    static func split(_ keys: some Collection<String>) -> (schedules: [String], urls: [String]) {
        var schedules: [String] = [], urls: [String] = []
        for key in keys {
            let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            schedules.append(String(parts[0])); urls.append(String(parts[1]))
        }
        return (schedules, urls)
    }

    /// The entries this worker holds leases on and has not stored or completed yet.
    func heldLeases() -> (schedules: [String], urls: [String]) { Self.split(tokens.keys) }

    private func startHeartbeat() {
        guard heartbeat == nil else { return }
        let db = database, worker = worker, lease = options.leaseSeconds
        heartbeat = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(lease / 3 * 1e9))
                if Task.isCancelled { break }
                // Only the entries this worker holds and has not settled, found by their keys
                // (not a scan of the whole queue for `leased_by`, which has no index: an index
                // on it would make every lease's update of a row non-HOT). Rows locked right now
                // are being stored (deleted by a store group, which may hold several): skipped,
                // not waited for, so the heartbeat and a group never wait for each other's row
                // locks in opposite orders.
                guard let held = await self?.heldLeases() else { break }
                if held.urls.isEmpty { continue }
                _ = try? await db.query("""
                    UPDATE kabar_queue SET lease_until = greatest(lease_until, now() + make_interval(secs => \(lease)))
                    WHERE (schedule, url) IN (SELECT k.schedule, k.url FROM kabar_queue k
                                                JOIN unnest(\(held.schedules)::text[], \(held.urls)::text[]) AS t(s, u) ON k.schedule = t.s AND k.url = t.u
                                              WHERE k.leased_by = \(worker) AND k.lease_until IS NOT NULL FOR UPDATE OF k SKIP LOCKED)
                    """)
            }
        }
    }

    // MARK: Frontier

    public func known(id: String) async throws -> (stored: Bool, seen: FrontierSeen?) {
        if let k = leased.removeValue(forKey: id) { return k }
        guard let key = Self.key(id) else { return (false, nil) }
        // The record's row and the fetches that wrote none (`kabar_seen`): the newer's metadata.
        let rows = try await database.query("""
            SELECT r.id IS NOT NULL, \(unescaped: Schema.fetchMetadata("fetched_at")), \(unescaped: Schema.fetchMetadata("status")),
                   \(unescaped: Schema.fetchMetadata("etag")), \(unescaped: Schema.fetchMetadata("last_modified"))
            FROM (SELECT \(key)::bigint AS id) one LEFT JOIN kabar_records r ON r.id = one.id LEFT JOIN kabar_seen e ON e.id = one.id
            """)
        guard let row = rows.first else { return (false, nil) }
        let (stored, fetchedAt, status, etag, lastModified) = try row.decode((Bool, Int64?, Int32?, String?, String?).self)
        let seen = fetchedAt.map { FrontierSeen(fetchedAt: $0, status: Int(status ?? 0), etag: etag, lastModified: lastModified) }
        return (stored, seen)
    }

    public func enqueue(_ entries: [FrontierEntry], schedule: String) async throws {
        guard !entries.isEmpty else { return }
        let now = Int64(Date().timeIntervalSince1970)
        for chunk in stride(from: 0, to: entries.count, by: 1000).map({ Array(entries[$0..<min($0 + 1000, entries.count)]) }) {
            let urls = chunk.map(\.url), ids = chunk.map { Self.key($0.id) ?? 0 }, hosts = chunk.map(\.host)
            let priorities = chunk.map(\.priority), modified = chunk.map { $0.modified ?? -1 }
            try await database.query("""
                INSERT INTO kabar_queue(schedule, url, id, host, priority, modified, added)
                SELECT \(schedule), u, i, h, p, nullif(m, -1), \(now)
                FROM unnest(\(urls)::text[], \(ids)::bigint[], \(hosts)::text[], \(priorities)::bigint[], \(modified)::bigint[]) AS t(u, i, h, p, m)
                ON CONFLICT (schedule, url) DO UPDATE SET priority = greatest(kabar_queue.priority, excluded.priority),
                    modified = coalesce(excluded.modified, kabar_queue.modified)
                """)
        }
    }

    /// Leases up to `limit` entries. When none is free but other workers hold leases on the
    /// schedule's entries (a worker that may have died), waits for them to finish or expire, so
    /// that a run ends only when its schedule's queue is empty.
    public func next(schedule: String, limit: Int) async throws -> [FrontierEntry] {
        guard limit > 0 else { return [] }
        while true {
            let token = Int64.random(in: .min ... .max)
            let rows: [PostgresRow]
            do {
                rows = try await database.queryOnce("""
                    SELECT * FROM kabar_lease(\(schedule), \(Int32(limit)), \(options.leaseSeconds), \(worker), \(options.hostDelay),
                        \(options.horizon), \(token))
                    """)
            } catch is Database.Unavailable {
                // The lease may have committed with its reply lost: undone by its token (once
                // the database answers again), then leased anew.
                try await database.query("UPDATE kabar_queue SET lease_until = NULL, leased_by = NULL, lease_token = NULL WHERE lease_token = \(token)")
                continue
            }
            var out: [FrontierEntry] = []
            for row in rows {
                let (url, id, host, priority, modified, attempts, notBefore, stored, fetchedAt, status, etag, lastModified) =
                    try row.decode((String, Int64, String, Int64, Int64?, Int32, Double, Bool, Int64?, Int32?, String?, String?).self)
                let hex = Self.hex(id)
                out.append(FrontierEntry(url: url, id: hex, host: host, priority: priority, modified: modified, attempts: Int(attempts),
                                          notBefore: Date(timeIntervalSince1970: notBefore)))
                tokens[Self.leaseKey(schedule, url)] = token
                if run != nil { leasedInRun.insert(Self.leaseKey(schedule, url)) }
                leased[hex] = (stored, fetchedAt.map { FrontierSeen(fetchedAt: $0, status: Int(status ?? 0), etag: etag, lastModified: lastModified) })
            }
            if !out.isEmpty { return out }
            // Nothing free: entries leased elsewhere, or booked beyond the politeness horizon?
            let waiting = try await database.query("""
                SELECT count(*) FILTER (WHERE leased_by IS DISTINCT FROM \(worker) OR lease_until IS NULL) FROM kabar_queue WHERE schedule = \(schedule)
                """)
            let others = try waiting.first?.decode(Int64.self) ?? 0
            let mine = try await database.query("SELECT count(*) FROM kabar_queue WHERE schedule = \(schedule) AND leased_by = \(worker) AND lease_until > now()")
            let held = try mine.first?.decode(Int64.self) ?? 0
            if others == 0 || held > 0 || stop?.isStopped == true { return [] }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
    }

    /// What a pass left in `schedule`'s shared queue (after `finishRun` gave back its own
    /// unfinished leases): entries other workers hold a live lease on, and entries free for the
    /// next lease.
    public func leftInQueue(schedule: String) async throws -> (leasedByOthers: Int, free: Int) {
        let rows = try await database.query("""
            SELECT count(*) FILTER (WHERE lease_until > now() AND leased_by IS DISTINCT FROM \(worker)),
                   count(*) FILTER (WHERE lease_until IS NULL OR lease_until <= now() OR leased_by = \(worker))
            FROM kabar_queue WHERE schedule = \(schedule)
            """)
        guard let row = rows.first else { return (0, 0) }
        let (others, free) = try row.decode((Int64, Int64).self)
        return (Int(others), Int(free))
    }

    public func queued(schedule: String) async throws -> Int {
        let rows = try await database.query("SELECT count(*) FROM kabar_queue WHERE schedule = \(schedule)")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    public func validators(url: String) async throws -> FrontierValidators? {
        let rows = try await database.query("SELECT etag, last_modified, children FROM kabar_validators WHERE url = \(url)")
        guard let row = rows.first else { return nil }
        let (etag, lastModified, children) = try row.decode((String?, String?, String?).self)
        return FrontierValidators(etag: etag, lastModified: lastModified,
                                   children: (children ?? "").split(separator: "\n").map(String.init))
    }

    public func saveValidators(_ validators: [String: FrontierValidators]) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        for (url, v) in validators {
            let children: String? = v.children.isEmpty ? nil : v.children.joined(separator: "\n")
            try await database.query("""
                INSERT INTO kabar_validators(url, etag, last_modified, checked_at, children) VALUES (\(url), \(v.etag), \(v.lastModified), \(now), \(children))
                ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    checked_at = excluded.checked_at, children = excluded.children
                """)
        }
    }

    // MARK: Storing

    public func store(_ article: Article, completion: FrontierCompletion, schedule: String) async throws -> StoreOutcome {
        var queueURL: String?, status: Int32?, etag: String?, lastModified: String?
        if case .done(let e, let s, let t, let m) = completion {
            queueURL = e.url; status = Int32(s); etag = t; lastModified = m
        }
        return try await store(article, schedule: queueURL == nil ? nil : schedule, queueURL: queueURL,
                               status: status, etag: etag, lastModified: lastModified)
    }

    /// Stores one record (with no frontier entry: `extract`-style).
    public func store(_ article: Article) async throws -> StoreOutcome {
        try await store(article, schedule: nil, queueURL: nil, status: nil, etag: nil, lastModified: nil)
    }

    private func store(_ article: Article, schedule: String?, queueURL: String?, status: Int32?, etag: String?,
                       lastModified: String?) async throws -> StoreOutcome {
        var request = request(article, schedule: schedule, queueURL: queueURL, status: status, etag: etag, lastModified: lastModified)
        if let schedule, let queueURL { request.lease = tokens.removeValue(forKey: Self.leaseKey(schedule, queueURL)) }
        let outcome = try await withCheckedThrowingContinuation { continuation in
            waiting.append((request, continuation))
            if waiting.count >= coalesceTarget, let filling {
                self.filling = nil
                filling.resume()
            }
            if !storing {
                storing = true
                Task { await self.storeWaiting() }
            }
        }
        if let schedule, let queueURL { leasedInRun.remove(Self.leaseKey(schedule, queueURL)) }
        return outcome
    }

    /// A record as `kabar_store_many` takes it.
    func request(_ article: Article, schedule: String?, queueURL: String?, status: Int32?, etag: String?,
                 lastModified: String?) -> StoreRequest {
        let simhash = Self.key(article.simhash) ?? 0
        return StoreRequest(
            id: Self.key(article.id) ?? Int64(bitPattern: Hash64.of(article.canonicalURL)), content: Self.key(article.contentHash) ?? 0,
            simhash: simhash, bands: bands.values(UInt64(bitPattern: simhash)),
            dedup: RecordLine.wordCount(article.text, atLeast: options.dedup.minWords),
            site: article.site, day: RecordLine.day(for: article), url: article.canonicalURL, line: RecordLine.json(article),
            warcFile: article.source?.file, warcOffset: article.source?.offset,
            schedule: schedule, queueURL: queueURL, status: status, etag: etag, lastModified: lastModified, lease: nil,
            fields: Int64(bitPattern: article.fieldsDigest))
    }

    /// Group commit: sends every store waiting (up to `maxGroup`) as one `kabar_store_many`
    /// call, answers each caller with its own outcome once the group's transaction committed,
    /// and repeats while stores arrived meanwhile. Before each group goes, the stores already on
    /// their way join it (`gather`). No timer: a store that finds no group in flight goes after
    /// a yield.
    private func storeWaiting() async {
        while !waiting.isEmpty {
            if options.gathersStores { await gather() }
            await coalesce()
            let group = Array(waiting.prefix(groupLimit))
            waiting.removeFirst(group.count)
            for (entry, result) in zip(group, await send(group.map(\.request))) { entry.continuation.resume(with: result) }
        }
        storing = false
    }

    /// Lets the stores on their way join the next group: yields while a yield brought more of
    /// them, up to `maxGroup`. Callers a group's reply just resumed store their next records at
    /// once (a worker's fetch tasks that were waiting for it, `bench store`'s tasks); without
    /// this the first of them went alone and the rest waited for it, so groups alternated
    /// between one record and the rest (4.0 records per call with 8 tasks, where 8 could go).
    private func gather() async {
        var count = waiting.count
        while count < groupLimit {
            await Task.yield()
            if waiting.count == count { return }
            count = waiting.count
        }
    }

    /// The records a group waits for in its coalescing window (at most `maxGroup`).
    private var coalesceTarget: Int { min(options.coalesceRecords, Self.maxGroup) }

    /// Whether the coalescing window is on (a target of 2 or more records and a time).
    private var coalesces: Bool { coalesceTarget > 1 && options.coalesceSeconds > 0 }

    /// The most records a group of concurrent stores carries: the coalescing window's size
    /// when it is on, else `maxGroup`.
    private var groupLimit: Int { coalesces ? coalesceTarget : Self.maxGroup }

    /// The coalescing window (`Options.coalesceRecords`, `coalesceSeconds`): waits until
    /// `coalesceTarget` stores wait or the window's time is up.
    private func coalesce() async {
        let seconds = options.coalesceSeconds
        guard coalesces, waiting.count < coalesceTarget else { return }
        fillingGeneration += 1
        let generation = fillingGeneration
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            filling = continuation
            Task { [weak self] in
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                await self?.windowEnded(generation)
            }
        }
    }

    private func windowEnded(_ generation: Int) {
        guard generation == fillingGeneration, let filling else { return }
        self.filling = nil
        filling.resume()
    }

    /// Stores records in the order given, in groups of up to `maxGroup` (one `kabar_store_many`
    /// call each, one after the other): each record's outcome is the one it would have had
    /// stored alone after the ones before it (`extract`, `reextract`). The first record that
    /// failed throws, after every group was sent.
    public func store(_ articles: [Article]) async throws -> [StoreOutcome] {
        let requests = articles.map { request($0, schedule: nil, queueURL: nil, status: nil, etag: nil, lastModified: nil) }
        var results: [Result<StoreOutcome, Error>] = []
        var start = 0
        while start < requests.count {
            let end = min(start + Self.maxGroup, requests.count)
            results += await send(Array(requests[start..<end]))
            start = end
        }
        return try results.map { try $0.get() }
    }

    /// One group: its outcomes, or, when the call failed, the outcomes it left in the run's
    /// row if it committed after all (the reply was lost), else each record retried alone (so
    /// that one bad record fails only itself).
    /// While the database is unavailable (a restart), the group is sent again once it answers
    /// (after the same check), up to the database's `reconnectSeconds`.
    private func send(_ group: [StoreRequest]) async -> [Result<StoreOutcome, Error>] {
        let started = Date()
        while true {
          let token = Int64.random(in: .min ... .max)
          do {
            return try await storeGroup(group, token: token).map { .success($0) }
          } catch {
            // `committedGroup` waits (with backoff) while the database is unavailable.
            if let committed = try? await committedGroup(token), committed.count == group.count {
                return committed.map { .success($0) }
            }
            if error is Database.Unavailable, Date().timeIntervalSince(started) < database.reconnectSeconds { continue }
            if group.count == 1 { return [.failure(error)] }
            var out: [Result<StoreOutcome, Error>] = []
            for request in group {
                do { out.append(.success(try await storeGroup([request], token: Int64.random(in: .min ... .max)).first!)) } catch { out.append(.failure(error)) }
            }
            return out
          }
        }
    }

    /// The outcomes of the group call with `token` if it committed: the last group of this
    /// run (a group is the run's last while its caller waits, since one group is in flight at a
    /// time); nil when it did not commit, or without a run.
    func committedGroup(_ token: Int64) async throws -> [StoreOutcome]? {
        guard let run else { return nil }
        let rows = try await database.query("""
            SELECT last_outcomes, last_revisions, last_originals, last_distances FROM kabar_runs WHERE id = \(run) AND last_group = \(token)
            """)
        guard let row = rows.first else { return nil }
        let (outcomes, revisions, originals, distances) = try row.decode(([String], [Int32], [Int64], [Int32]).self)
        guard outcomes.count == revisions.count, outcomes.count == originals.count, outcomes.count == distances.count else { return nil }
        staleCount += outcomes.filter { $0 == "stale" }.count
        fieldRevisionCount += outcomes.filter { $0 == "fields" }.count
        return outcomes.indices.map { Self.outcome(outcomes[$0], revisions[$0], originals[$0], distances[$0]) }
    }

    /// Test hook: no more heartbeats, as if this worker's process had stalled (its leases expire).
    func stopHeartbeat() { heartbeat?.cancel(); heartbeat = nil }

    /// Test hook: the next group call's reply is lost after its transaction committed.
    var loseNextReply = false
    func setLoseNextReply() { loseNextReply = true }

    static func outcome(_ outcome: String, _ revision: Int32, _ original: Int64?, _ distance: Int32) -> StoreOutcome {
        switch outcome {
        // "fields": the same text as the latest revision, other fields changed (migration 16).
        case "written", "fields": return .written(revision: Int(revision))
        // Refused: this worker's lease had been taken over (stored by the worker holding it).
        case "unchanged", "stale": return .unchanged
        case "exact": return .duplicate(of: hex(original ?? 0), kind: .exact, distance: 0)
        default: return .duplicate(of: hex(original ?? 0), kind: .near, distance: Int(distance))
        }
    }

    /// One `kabar_store_many` round trip: an outcome per request, in order.
    func storeGroup(_ group: [StoreRequest], token: Int64? = nil) async throws -> [StoreOutcome] {
        storeCalls += 1
        storedInGroups += group.count
        largestStoreGroup = max(largestStoreGroup, group.count)
        let near = Int32(options.dedup.nearDistance)
        let statement = StoreManyStatement(group, bands: Int32(bands.count), near: near, worker: worker, run: run, token: token)
        let rows: [StoreManyStatement.Row]
        if options.preparesStore {
            rows = try await database.executeOnce(statement)
        } else {
            // The same call and arguments as statement text, parsed and planned at every call.
            rows = try await database.queryOnce(PostgresQuery(unsafeSQL: StoreManyStatement.sql, binds: statement.bindings)).map(statement.decodeRow)
        }
        if loseNextReply {
            loseNextReply = false
            throw DatabaseURL.Failure(description: "the reply was lost (test)")
        }
        guard rows.count == group.count else {
            throw DatabaseURL.Failure(description: "kabar_store_many returned \(rows.count) rows for \(group.count) records")
        }
        return rows.map { row in
            let (outcome, revision, original, distance) = row
            if outcome == "stale" { staleCount += 1 }
            if outcome == "fields" { fieldRevisionCount += 1 }
            return Self.outcome(outcome, revision, original, distance)
        }
    }

    /// Stores and completions refused because this worker's lease on the entry had expired and
    /// another worker leased it again (or completed it): nothing of them was kept.
    public var staleRefused: Int { staleCount }

    /// Records this folder stored as a new revision whose text was the same as the latest
    /// revision's, other fields changed (outcome `fields`; `FileStore.fieldRevisions`): the
    /// re-extraction summary's `revised_fields`.
    public var fieldRevisions: Int { fieldRevisionCount }

    static func leaseKey(_ schedule: String, _ url: String) -> String { schedule + "\u{1F}" + url }

    /// A completion refused as stale: counted here and in the run's row.
    private func refusedAsStale() async throws {
        staleCount += 1
        if let run { try await database.query("UPDATE kabar_runs SET stale = stale + 1 WHERE id = \(run)") }
    }

    /// The most records one `kabar_store_many` call carries.
    public static let maxGroup = 64

    /// Store calls made and the records they carried (records per call: how well stores grouped).
    public var storeGroups: (calls: Int, records: Int) { (storeCalls, storedInGroups) }

    /// Completes a leased entry: its queue row deleted (or, failed, returned to the queue) and
    /// its fetch metadata kept, all in one statement and only while the row still carries this
    /// worker's lease token; else refused as stale and nothing changes (the worker that leased
    /// the entry again completes it). Entries not leased through `next` are not checked.
    public func complete(_ completion: FrontierCompletion, schedule: String) async throws {
        let entry: Frontier.Entry
        switch completion {
        case .done(let e, _, _, _), .skipped(let e, _), .failed(let e), .dropped(let e): entry = e
        }
        let lease = tokens.removeValue(forKey: Self.leaseKey(schedule, entry.url))
        let rows: [PostgresRow], retried: Bool
        switch completion {
        case .done(let e, let status, let etag, let lastModified):
            let key = Self.key(e.id) ?? 0
            // Fetched: its failure on record, if any, is cleared (as the embedded frontier does).
            let fetched = (200..<400).contains(status)
            (rows, retried) = try await database.queryRetried("""
                WITH gone AS (DELETE FROM kabar_queue WHERE schedule = \(schedule) AND url = \(e.url) AND (\(lease)::bigint IS NULL OR lease_token = \(lease)) RETURNING 1),
                     ok AS (SELECT \(lease)::bigint IS NULL OR EXISTS (SELECT 1 FROM gone) AS ok),
                     cleared AS (DELETE FROM kabar_failures WHERE \(fetched) AND schedule = \(schedule) AND url = \(e.url) AND (SELECT ok FROM ok)),
                     seen AS (INSERT INTO kabar_seen(id, url, fetched_at, status, etag, last_modified)
                              SELECT \(key), \(e.url), \(unescaped: Schema.fetchedNow), \(Int32(status)), \(etag), \(lastModified) WHERE (SELECT ok FROM ok)
                              ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
                                  etag = excluded.etag, last_modified = excluded.last_modified)
                SELECT ok FROM ok
                """)
        case .skipped(let e, let status):
            let key = Self.key(e.id) ?? 0
            (rows, retried) = try await database.queryRetried("""
                WITH gone AS (DELETE FROM kabar_queue WHERE schedule = \(schedule) AND url = \(e.url) AND (\(lease)::bigint IS NULL OR lease_token = \(lease)) RETURNING 1),
                     ok AS (SELECT \(lease)::bigint IS NULL OR EXISTS (SELECT 1 FROM gone) AS ok),
                     seen AS (INSERT INTO kabar_seen(id, url, fetched_at, status, etag, last_modified)
                              SELECT \(key), \(e.url), \(unescaped: Schema.fetchedNow), \(Int32(status)), NULL, NULL WHERE (SELECT ok FROM ok)
                              ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
                                  etag = NULL, last_modified = NULL)
                SELECT ok FROM ok
                """)
        case .failed(let e):
            if e.attempts + 1 >= Frontier.maxAttempts {
                (rows, retried) = try await database.queryRetried("""
                    WITH gone AS (DELETE FROM kabar_queue WHERE schedule = \(schedule) AND url = \(entry.url) AND (\(lease)::bigint IS NULL OR lease_token = \(lease)) RETURNING 1)
                    SELECT \(lease)::bigint IS NULL OR EXISTS (SELECT 1 FROM gone)
                    """)
            } else {
                (rows, retried) = try await database.queryRetried("""
                    WITH back AS (UPDATE kabar_queue SET attempts = attempts + 1, lease_until = NULL, leased_by = NULL, lease_token = NULL
                                  WHERE schedule = \(schedule) AND url = \(entry.url) AND (\(lease)::bigint IS NULL OR lease_token = \(lease)) RETURNING 1)
                    SELECT \(lease)::bigint IS NULL OR EXISTS (SELECT 1 FROM back)
                    """)
            }
        case .dropped:
            (rows, retried) = try await database.queryRetried("""
                WITH gone AS (DELETE FROM kabar_queue WHERE schedule = \(schedule) AND url = \(entry.url) AND (\(lease)::bigint IS NULL OR lease_token = \(lease)) RETURNING 1)
                SELECT \(lease)::bigint IS NULL OR EXISTS (SELECT 1 FROM gone)
                """)
        }
        // Refused after the statement was sent again (the database went away meanwhile): it
        // may have been this very completion that committed, so not counted as stale.
        leasedInRun.remove(Self.leaseKey(schedule, entry.url))
        if try rows.first?.decode(Bool.self) == false, !retried { try await refusedAsStale() }
    }

    /// A page's failure on record, unless this worker's lease on its entry was taken over
    /// (the worker holding it now records what it finds).
    public func recordFailure(_ failure: PageFailure, schedule: String) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let lease = tokens[Self.leaseKey(schedule, failure.url)]
        try await database.query("""
            INSERT INTO kabar_failures(schedule, url, outcome, kind, reason, failed_at)
            SELECT \(schedule), \(failure.url), \(failure.outcome.rawValue), \(failure.kind), \(failure.reason), \(now)
            WHERE \(lease)::bigint IS NULL
               OR EXISTS (SELECT 1 FROM kabar_queue WHERE schedule = \(schedule) AND url = \(failure.url) AND lease_token = \(lease))
            ON CONFLICT (schedule, url) DO UPDATE SET outcome = excluded.outcome, kind = excluded.kind, reason = excluded.reason,
                failed_at = excluded.failed_at, count = kabar_failures.count + 1
            """)
    }

    /// Every store and completion is its own transaction, durable when its call returns.
    public func flush() async throws {}

    // MARK: Schedule state

    public func lastStart(schedule: String) async throws -> Date? {
        let rows = try await database.query("SELECT started_at FROM kabar_schedule_runs WHERE schedule = \(schedule)")
        return try rows.first.map { Date(timeIntervalSince1970: TimeInterval(try $0.decode(Int64.self))) }
    }

    public func recordStart(schedule: String, at date: Date) async throws {
        try await database.query("""
            INSERT INTO kabar_schedule_runs(schedule, started_at, ended_at, status, worker) VALUES (\(schedule), \(Int64(date.timeIntervalSince1970)), NULL, 'running', \(worker))
            ON CONFLICT (schedule) DO UPDATE SET started_at = excluded.started_at, ended_at = NULL, status = 'running', worker = excluded.worker
            """)
    }

    public func recordEnd(schedule: String, status: String) async throws {
        try await database.query("""
            UPDATE kabar_schedule_runs SET ended_at = \(Int64(Date().timeIntervalSince1970)), status = \(status) WHERE schedule = \(schedule)
            """)
    }

    // MARK: Keys

    static func key(_ hex: String) -> Int64? { UInt64(hex, radix: 16).map { Int64(bitPattern: $0) } }
    static func hex(_ key: Int64) -> String {
        let s = String(UInt64(bitPattern: key), radix: 16)
        return String(repeating: "0", count: max(0, 16 - s.count)) + s
    }
}

/// One record to store, as `kabar_store_many` takes it.
struct StoreRequest: Sendable {
    let id: Int64, content: Int64, simhash: Int64
    let bands: [Int32]
    let dedup: Bool
    let site: String, day: String, url: String, line: String
    let warcFile: String?, warcOffset: Int64?
    let schedule: String?, queueURL: String?, status: Int32?, etag: String?, lastModified: String?
    /// The lease token of the queue entry this store completes (nil: not checked).
    var lease: Int64?
    /// `Article.fieldsDigest` of the record: with the same text as the URL's latest revision,
    /// another digest makes it the next revision (migration 16).
    var fields: Int64
}

/// An array parameter whose elements may be NULL (postgres-nio encodes arrays of non-optional
/// elements only): PostgreSQL's binary array format, a length of -1 for a NULL element.
struct NullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable {
    let elements: [Element?]
    init(_ elements: [Element?]) { self.elements = elements }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)                  // dimensions
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)   // has NULLs
        buffer.writeInteger(Element.psqlType.rawValue)                                 // element type
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))                                     // length
        buffer.writeInteger(1, as: Int32.self)                                         // lower bound
        for element in elements {
            guard let element else { buffer.writeInteger(-1, as: Int32.self); continue }
            let start = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start - 4), at: start)
        }
    }
}
