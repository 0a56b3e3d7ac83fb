import Foundation
import KabarCore
import KabarRun
import KabarStore
import PostgresNIO

/// What PostgreSQL spends per stored record as the database grows (`kabar-postgres bench
/// store`): a database filled with generated articles (`SyntheticNews`: exact and near
/// duplicates planted) up to each size, then a measured run that stores the next `measure`
/// records as a worker does (leased in batches, the next batch as the last drains, stored from
/// concurrent tasks so that group commit forms its groups, each store completing its queue
/// entry under its lease token),
/// with the CPU time of every PostgreSQL process (/proc) and the round trips over that run.
/// No HTTP and no extraction: the records are made before the clock starts.
public struct StoreBench: Sendable {
    public let server: LocalPostgres
    public let sizes: [Int]
    public let measure: Int
    public let concurrency: Int
    public let leaseBatch: Int
    /// `pg_stat_statements` is loaded (`shared_preload_libraries`): its times are reported.
    public let statements: Bool
    /// The store planned at every call, as before migration 7 (for a before/after comparison).
    public let customPlans: Bool
    /// Stores as before migration 11 (for a before/after comparison): `kabar_store_many` version
    /// 10, the queue's pages filled (no fillfactor), a group sent as soon as the last returned.
    public let beforeMigration11: Bool
    /// Stores as before migration 12 (for a before/after comparison): `kabar_store_many` version
    /// 11 and migration 8's lease, each stored record's fetch metadata a `kabar_seen` row.
    public let beforeMigration12: Bool
    /// Stores as before migration 13: `kabar_store_many` version 12 (the set-wise path's writes
    /// as seven statements).
    public let beforeMigration13: Bool
    /// Stores as before migration 14: `kabar_store_many` version 13 (every write part of one
    /// statement).
    public let beforeMigration14: Bool
    /// Stores as before migration 15 (set by every earlier `beforeMigration` too): the band
    /// rows' primary key index without their SimHash (the dedup probes visit the heap rows).
    public let beforeMigration15: Bool
    /// Stores as before migration 16: `kabar_store_many` version 14's body (no fields digest
    /// compared or kept), with version 16's parameters (set by every earlier `beforeMigration`
    /// too: their versions take the digest's parameter and ignore it).
    public let beforeMigration16: Bool
    /// `kabar_store_many` called as statement text, parsed, analysed and planned at every call,
    /// as before `StoreManyStatement` (for a before/after comparison).
    public let unpreparedStore: Bool
    /// Every entry of a run leased before any is stored, as the bench did before it leased as a
    /// worker does (each lease then walks the queue's order past every row already leased).
    public let leaseAllFirst: Bool
    /// The store's coalescing window (`PostgresFolder.Options.coalesceRecords`, `coalesceSeconds`).
    public var coalesceRecords = 0
    public var coalesceSeconds = 0.0
    /// The database made on `server` for the bench.
    public let database: String

    public init(server: LocalPostgres, sizes: [Int], measure: Int, concurrency: Int = 8, leaseBatch: Int = 32, statements: Bool,
                customPlans: Bool = false, beforeMigration11: Bool = false, beforeMigration12: Bool = false, beforeMigration13: Bool = false,
                beforeMigration14: Bool = false, beforeMigration15: Bool = false, beforeMigration16: Bool = false, unpreparedStore: Bool = false, leaseAllFirst: Bool = false,
                database: String = "benchstore") {
        self.server = server; self.database = database; self.sizes = sizes.sorted(); self.measure = measure; self.customPlans = customPlans
        self.beforeMigration11 = beforeMigration11; self.beforeMigration12 = beforeMigration12; self.beforeMigration13 = beforeMigration13
        self.unpreparedStore = unpreparedStore; self.beforeMigration14 = beforeMigration14
        self.beforeMigration15 = beforeMigration15 || beforeMigration14 || beforeMigration13 || beforeMigration12 || beforeMigration11
        self.beforeMigration16 = beforeMigration16
        self.leaseAllFirst = leaseAllFirst
        self.concurrency = max(1, concurrency); self.leaseBatch = max(1, leaseBatch); self.statements = statements
    }

    /// One measured run.
    public struct Round: Sendable {
        /// Records in the database when the run started.
        public let before: Int
        public let stored: Int
        public let seconds: Double
        /// CPU seconds of every PostgreSQL process over the run.
        public let serverCPU: Double
        public let trips: Int
        public let storeCalls: Int
        public let outcomes: [String: Int]
        /// `pg_stat_statements`' execution time of the store calls and the lease calls (ms), when loaded.
        public let storeExecMs: Double?
        public let leaseExecMs: Double?
        /// The database then holds every record once and the run's queue is empty.
        public let storedOnce: Bool
        /// WAL written over the run (bytes, every process of the server).
        public let walBytes: Double
        /// The most entries leased and not yet stored at once (all of them with `leaseAllFirst`).
        public let mostLeased: Int
        /// Autovacuum and autoanalyze passes over the run (their CPU is in `serverCPU`).
        public let autovacuums: Int
        /// Table and index blocks the run read from outside PostgreSQL's shared buffers (the
        /// kernel's cache or the disk; `pg_statio_user_tables`): what a `shared_buffers` smaller
        /// than the tables costs.
        public let blocksRead: Int
        public var blocksReadPerRecord: Double { stored > 0 ? Double(blocksRead) / Double(stored) : 0 }
        public var msPerRecord: Double { stored > 0 ? serverCPU / Double(stored) * 1000 : 0 }
        public var tripsPerRecord: Double { stored > 0 ? Double(trips) / Double(stored) : 0 }
        public var walBytesPerRecord: Double { stored > 0 ? walBytes / Double(stored) : 0 }
    }

    /// The statements a run's PostgreSQL time went to (`pg_stat_statements.track=all`, the
    /// statements inside the functions too), most first.
    public struct Statement: Sendable {
        public let query: String, calls: Int, totalMs: Double
    }

    /// Fills one database to each size in turn and measures a run at each; `report` gets each
    /// round as it ends (the fill between rounds is not measured).
    /// `floor`: also the floor's steps at each size, before the run (`StoreFloor`).
    public func run(report: (Round) -> Void, top: (([Statement]) -> Void)? = nil,
                    floor: (([StoreFloor.Round]) -> Void)? = nil) async throws {
        let url = try server.createDatabase(database)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-bench-store-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.hostDelay = 0
        options.gathersStores = !beforeMigration11
        options.coalesceRecords = coalesceRecords
        options.coalesceSeconds = coalesceSeconds
        options.preparesStore = !(beforeMigration11 || beforeMigration12 || beforeMigration13 || beforeMigration14 || unpreparedStore)
        let folder = try await PostgresFolder.open(url, worker: "bench", archiveFolder: scratch, options: options, connections: 2)
        defer { Task { await folder.close() } }
        let db = folder.database
        if statements { try await db.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements") }
        if beforeMigration15 {
            for sql in Schema.bandIndexBefore15 { try await db.query(PostgresQuery(unsafeSQL: sql)) }
        }
        // An older version's body under version 16's signature (the call passes the digests).
        func storeMany(_ version: Int) -> PostgresQuery { PostgresQuery(unsafeSQL: Schema.withFieldsParameter(Schema.storeManyFunction(version: version))) }
        if beforeMigration16 { try await db.query(storeMany(14)) }
        if beforeMigration14 { try await db.query(storeMany(13)) }
        if beforeMigration13 { try await db.query(storeMany(12)) }
        if beforeMigration11 || beforeMigration12 {
            try await db.query(PostgresQuery(unsafeSQL: Schema.batchLeaseFunction))
            try await db.query(storeMany(11))
        }
        if beforeMigration11 {
            try await db.query(storeMany(10))
            try await db.query("ALTER TABLE kabar_queue RESET (fillfactor)")
        }
        if customPlans { try await db.query(PostgresQuery(unsafeSQL: "ALTER FUNCTION kabar_store_many RESET plan_cache_mode")) }
        let total = (sizes.last ?? 0) + measure * sizes.count
        let generator = SyntheticNews(count: total, words: 200)
        var next = 0
        for size in sizes {
            // Fill (not measured): records next..<size in groups of 64, then vacuumed and
            // checkpointed as a database in service would be.
            while next < size {
                let end = min(size, next + 4096)
                _ = try await folder.store(generator.records(next..<end).map(\.article))
                next = end
            }
            try await db.query("VACUUM ANALYZE")
            try await db.query("CHECKPOINT")
            if let floor {
                let articles = generator.records(next..<(next + measure)).map(\.article)
                floor(try await StoreFloor(server: server, db: db).run(await StoreFloor.requests(folder, articles)))
                try await db.query("CHECKPOINT")
            }
            let round = try await measured(folder, generator, next..<(next + measure), top: top)
            next += measure
            report(round)
        }
    }

    /// Stores `range`'s records as a worker does; the CPU, round trips and outcomes of that run.
    func measured(_ folder: PostgresFolder, _ generator: SyntheticNews, _ range: Range<Int>,
                  top: (([Statement]) -> Void)?) async throws -> Round {
        let db = folder.database
        let schedule = "bench-store"
        let articles = generator.records(range).map(\.article)
        var byURL: [String: Article] = [:]
        for a in articles { byURL[a.canonicalURL] = a }
        try await folder.startRun(command: "bench store")
        try await folder.enqueue(articles.enumerated().map { i, a in
            FrontierEntry(url: a.canonicalURL, id: a.id, host: "bench.invalid", priority: Int64(articles.count - i), modified: nil)
        }, schedule: schedule)
        // As autovacuum would soon after such an insert: without statistics the lease planned
        // a sort of the whole queue at every call (0.85 ms per record in a first run).
        try await db.query("ANALYZE kabar_queue")
        let before = try await Self.count(db, "SELECT count(*) FROM kabar_records")
        let callsBefore = await folder.storeGroups.calls
        if statements { try await db.query("SELECT pg_stat_statements_reset()") }
        let walBefore = try await db.query("SELECT pg_current_wal_insert_lsn()::text").first?.decode(String.self) ?? "0/0"
        let vacuumsBefore = try await Self.count(db, Self.autovacuumCount)
        let readsBefore = try await Self.count(db, Self.blocksReadCount)
        let tripsBefore = db.roundTrips
        let cpuBefore = server.cpuSeconds()
        let start = Date()
        // Leased in batches as a worker leases (`RunLoop`: the next batch once the last is
        // handed out, the heartbeat keeping the leases), then stored by `concurrency` tasks each
        // taking the next entry when its store returns, as a worker's fetch tasks do, so that
        // group commit forms groups of up to `concurrency` records.
        let work: WorkList
        if leaseAllFirst {
            var leased: [FrontierEntry] = []
            while true {
                let batch = try await folder.next(schedule: schedule, limit: leaseBatch)
                if batch.isEmpty { break }
                leased += batch
            }
            work = WorkList(leased)
        } else {
            let limit = leaseBatch
            work = WorkList(leasing: { try await folder.next(schedule: schedule, limit: limit) })
        }
        let byURLCopy = byURL
        let got = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var out: [String] = []
                    while let entry = try await work.next() {
                        guard let article = byURLCopy[entry.url] else { continue }
                        let outcome = try await folder.store(article, completion: .done(entry, status: 200, etag: nil, lastModified: nil),
                                                             schedule: schedule)
                        await work.finished()
                        switch outcome {
                        case .written: out.append("written")
                        case .unchanged: out.append("unchanged")
                        case .duplicate(_, let kind, _): out.append(kind == .exact ? "exact" : "near")
                        }
                    }
                    return out
                }
            }
            var all: [String] = []
            for try await o in group { all += o }
            return all
        }
        var outcomes: [String: Int] = [:]
        for o in got { outcomes[o, default: 0] += 1 }
        let seconds = Date().timeIntervalSince(start)
        let serverCPU = server.cpuSeconds() - cpuBefore
        let trips = db.roundTrips - tripsBefore
        let walRows = try await db.query("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), \(walBefore)::pg_lsn)::float8")
        let walBytes = try walRows.first?.decode(Double.self) ?? 0
        // Backends report their table statistics at most once a second: waited for (after the
        // CPU was read) so that the run's last second is counted.
        try await Task.sleep(nanoseconds: 1_100_000_000)
        let autovacuums = try await Self.count(db, Self.autovacuumCount) - vacuumsBefore
        let blocksRead = try await Self.count(db, Self.blocksReadCount) - readsBefore
        let storeCalls = await folder.storeGroups.calls - callsBefore
        var storeMs: Double?, leaseMs: Double?
        if statements {
            storeMs = try await Self.execMs(db, like: "%kabar_store_many(%")
            leaseMs = try await Self.execMs(db, like: "%kabar_lease(%")
            if let top {
                let rows = try await db.query("""
                    SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160), calls, total_exec_time FROM pg_stat_statements
                    ORDER BY total_exec_time DESC LIMIT 25
                    """)
                top(try rows.map { row in
                    let (q, c, t) = try row.decode((String, Int64, Double).self)
                    return Statement(query: q, calls: Int(c), totalMs: t)
                })
            }
        }
        try await folder.finishRun(failed: 0)
        let after = try await Self.count(db, "SELECT count(*) FROM kabar_records")
        let queued = try await folder.queued(schedule: schedule)
        let stored = outcomes.values.reduce(0, +)
        return Round(before: before, stored: stored, seconds: seconds, serverCPU: serverCPU, trips: trips, storeCalls: storeCalls,
                     outcomes: outcomes, storeExecMs: storeMs, leaseExecMs: leaseMs,
                     storedOnce: stored == range.count && after == before + range.count && queued == 0, walBytes: walBytes,
                     mostLeased: await work.mostHeld, autovacuums: autovacuums, blocksRead: blocksRead)
    }

    static let blocksReadCount = """
        SELECT coalesce(sum(coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0) + coalesce(tidx_blks_read, 0)), 0)::bigint
        FROM pg_statio_user_tables
        """

    static let autovacuumCount = "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::bigint FROM pg_stat_user_tables"

    static func count(_ db: Database, _ sql: String) async throws -> Int {
        let rows = try await db.query(PostgresQuery(unsafeSQL: sql))
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    static func execMs(_ db: Database, like pattern: String) async throws -> Double {
        let rows = try await db.query("SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements WHERE query LIKE \(pattern)")
        return try rows.first?.decode(Double.self) ?? 0
    }
}

/// The entries of a run, taken one at a time by concurrent store tasks: all given at once, or
/// leased a batch at a time (`lease`) when the last batch is handed out, one lease at a time
/// (the tasks that find the list empty meanwhile wait for that lease), until a lease is empty.
actor WorkList {
    private var entries: ArraySlice<FrontierEntry>
    private let lease: (@Sendable () async throws -> [FrontierEntry])?
    private var leasing: Task<Void, Error>?
    private var drained = false
    /// Entries leased and not yet finished (`finished`): now, and the most at once.
    private var held = 0
    private(set) var mostHeld = 0
    init(_ entries: [FrontierEntry]) { self.entries = entries[...]; lease = nil; held = entries.count; mostHeld = held }
    init(leasing lease: @escaping @Sendable () async throws -> [FrontierEntry]) { entries = []; self.lease = lease }

    /// An entry's store returned.
    func finished() { held -= 1 }

    func next() async throws -> FrontierEntry? {
        while true {
            if let entry = entries.popFirst() { return entry }
            guard let lease, !drained else { return nil }
            if let leasing {
                try await leasing.value
                continue
            }
            let task = Task { try await self.fill(lease()) }
            leasing = task
            do { try await task.value } catch { leasing = nil; throw error }
        }
    }

    private func fill(_ batch: [FrontierEntry]) {
        leasing = nil
        held += batch.count
        mostHeld = max(mostHeld, held)
        entries = batch[...]
        if batch.isEmpty { drained = true }
    }
}
