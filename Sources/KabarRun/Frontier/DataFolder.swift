import Foundation
import KabarCore
import KabarStore

/// An open data folder: the record store (`FileStore`, which holds the folder's lock) and the
/// frontier next to it, behind one actor so that every write is serialised. Open one per
/// folder per process and share it (a second `FileStore` on the same folder fails).
public actor DataFolder {
    public nonisolated let url: URL
    let store: FileStore
    private let frontier: Frontier
    /// Whether the frontier database was missing or empty and was started afresh (see `Frontier.recreated`).
    public nonisolated let frontierRecreated: Bool
    /// Completions waiting for the store's next commit, by schedule.
    private var pending: [String: [Frontier.Completion]] = [:]
    /// Completions whose records were handed to the store's committer at the last due flush
    /// (`FileStore.handOver`): taken off the queue at the next one, when those records are
    /// committed, or at `flush`.
    private var handedOver: [String: [Frontier.Completion]] = [:]
    private var lastFlush = Date()
    /// `known` calls so far: of one id, of many (and the ids they asked for).
    public private(set) var singleLookups = 0
    public private(set) var batchLookups = 0
    public private(set) var idsLookedUp = 0

    public init(url: URL, options: FileStore.Options = FileStore.Options()) throws {
        self.url = url
        let store = try FileStore(at: url, options: options)
        self.store = store
        do {
            let frontier = try Frontier(folder: url)
            self.frontier = frontier
            frontierRecreated = try frontier.recreated && store.hasRecords()
        } catch {
            try? store.close()
            throw error
        }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    // MARK: Runs

    public func startRun(command: String) throws { try store.startRun(command: command) }

    public func runRevisedFields() -> Int? { store.runCounts.revisedFields }

    public func finishRun(failed: Int) throws {
        try flush()
        try store.finishRun(failed: failed)
    }

    public func finishRun(failed: Int, status: String) throws {
        try flush()
        try store.finishRun(failed: failed, status: status)
    }

    /// Flushes, then closes the store (its clean mark, filters and checkpoint) while the
    /// frontier's WAL is checkpointed on another thread: the two databases' fsyncs overlap
    /// instead of the frontier's waiting for the index's when its connection is closed after.
    public func close() throws {
        try flush()
        nonisolated(unsafe) let frontierDB = frontier.db
        let checkpointed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? frontierDB.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            checkpointed.signal()
        }
        defer { checkpointed.wait() }
        try store.close()
    }

    // MARK: What is known

    /// Whether the store holds the record id, and what the frontier saw of it.
    public func known(id: String) throws -> (stored: Bool, seen: Frontier.Seen?) {
        singleLookups += 1
        return (try store.contains(id: id), try frontier.seen(id: id))
    }

    /// `known(id:)` of many ids at once, each database read in one read transaction.
    public func known(ids: [String]) throws -> [String: (stored: Bool, seen: Frontier.Seen?)] {
        batchLookups += 1
        idsLookedUp += ids.count
        let stored = try store.contained(ids: ids)
        let seen = try frontier.seen(ids: ids)
        var out: [String: (stored: Bool, seen: Frontier.Seen?)] = [:]
        for id in ids { out[id] = (stored.contains(id), seen[id]) }
        return out
    }

    public func enqueue(_ entries: [Frontier.Entry], schedule: String) throws {
        try frontier.enqueue(entries, schedule: schedule, now: Self.now())
    }

    public func next(schedule: String, limit: Int) throws -> [Frontier.Entry] { try frontier.next(schedule: schedule, limit: limit) }

    public func queued(schedule: String) throws -> Int { try frontier.count(schedule: schedule) }

    public func validators(url: String) throws -> Frontier.Validators? { try frontier.validators(url: url) }

    public func saveValidators(_ validators: [String: Frontier.Validators]) throws {
        let now = Self.now()
        try frontier.db.transaction {
            for (url, v) in validators { try frontier.saveValidators(url: url, v, now: now) }
        }
    }

    // MARK: Storing

    /// Stores a record; the entry leaves the queue at the next flush, after the store's commit.
    public func store(_ article: Article, completion: Frontier.Completion, schedule: String) throws -> StoreOutcome {
        let outcome = try store.store(article)
        pending[schedule, default: []].append(completion)
        try flushIfDue()
        return outcome
    }

    /// Records an entry's fate that needs no record (304, gone, failed, dropped).
    public func complete(_ completion: Frontier.Completion, schedule: String) throws {
        pending[schedule, default: []].append(completion)
        try flushIfDue()
    }

    /// Every second or 500 completions: the store's open batch is handed to its committer, and
    /// the completions of the batch handed over the time before, committed by now, are taken
    /// off the queue. The store's lines are fsynced and its index committed on the store's
    /// own threads meanwhile: the caller, a thread that extracts pages, no longer waits for
    /// them (it did, in every due flush, for the fsyncs of a commit). A completion still
    /// leaves the queue only after its record is committed, as with `flush`.
    private func flushIfDue() throws {
        let count = pending.values.reduce(0) { $0 + $1.count }
        guard count >= 500 || Date().timeIntervalSince(lastFlush) >= 1 else { return }
        try store.handOver()
        try completeAll(handedOver)
        handedOver = pending
        pending.removeAll()
        lastFlush = Date()
    }

    private func completeAll(_ completions: [String: [Frontier.Completion]]) throws {
        let now = Self.now()
        for (schedule, list) in completions where !list.isEmpty {
            try frontier.complete(list, schedule: schedule, now: now)
        }
    }

    /// Commits the store, then takes the completed entries off the queue.
    public func recordFailure(_ failure: PageFailure, schedule: String) throws {
        try frontier.recordFailure(failure, schedule: schedule, now: Self.now())
    }

    /// The per-URL record of failures of a schedule (the last failure of each URL not fetched
    /// since), most recent first, with how many times each failed.
    public func failures(schedule: String) throws -> [(PageFailure, Int)] { try frontier.failures(schedule: schedule) }

    public func flush() throws {
        try store.commit()
        try completeAll(handedOver)
        handedOver.removeAll()
        try completeAll(pending)
        pending.removeAll()
        lastFlush = Date()
    }

    // MARK: Schedule state

    public func lastStart(schedule: String) throws -> Date? {
        try frontier.lastStart(schedule: schedule).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    public func recordStart(schedule: String, at date: Date) throws {
        try frontier.recordStart(schedule: schedule, at: Int64(date.timeIntervalSince1970))
    }

    public func recordEnd(schedule: String, status: String) throws {
        try frontier.recordEnd(schedule: schedule, at: Self.now(), status: status)
    }

    public func stats() throws -> StoreStats { try store.stats(runs: 10) }

    // MARK: Images (see `ImageDownloader`)

    public func image(url: String) throws -> ImageRow? { try store.image(url: url) }

    public func recordImage(_ row: ImageRow) throws { try store.recordImage(row) }
}

extension DataFolder: ImageIndex {}

extension DataFolder {
    /// Records that a schedule last started at `date` (what `kabar schedule` reads to find
    /// missed runs); for tests and for importing state.
    public func markStarted(schedule: String, at date: Date) throws {
        try recordStart(schedule: schedule, at: date)
        try recordEnd(schedule: schedule, status: "ok")
    }
}
