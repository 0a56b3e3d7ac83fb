import Foundation
import KabarCore

/// Where a run keeps its frontier and its records: the embedded `DataFolder` (SQLite frontier
/// plus `FileStore`), or a shared database that several workers use at once (the PostgreSQL
/// store of the nested `Postgres/` package). `RunLoop` and `Discovery` see only this: three
/// roles, a `FrontierStore`, a `RunRecordSink` and a `RunLedger`, over one actor.
///
/// The contract beyond the types: a frontier entry leaves the queue only once the record it
/// produced is durable (`store` then a commit, or one transaction), so a run killed at any
/// point loses no discovered URL and stores nothing twice.
public protocol RunStorage: FrontierStore, RunRecordSink, RunLedger {
    /// The folder this process writes its WARC files under (`<folder>/warc`).
    nonisolated var url: URL { get }
}

/// The frontier: what is queued, leased, seen and completed, in the vocabulary of
/// FrontierVocabulary.swift (`FrontierEntry`, `FrontierSeen`, `FrontierCompletion`,
/// `FrontierValidators`).
public protocol FrontierStore: Actor {
    /// False: `next` hands out the run's whole share at once (the embedded frontier). True:
    /// `next` leases a batch that other workers cannot take until it is completed or its lease
    /// expires, and `RunLoop` asks again as the batch drains.
    nonisolated var leasesInBatches: Bool { get }
    /// Whether the store holds the record id, and what the frontier saw of it.
    func known(id: String) async throws -> (stored: Bool, seen: FrontierSeen?)
    /// `known(id:)` of many ids at once (discovery's links), keyed by id. Default: one
    /// `known(id:)` after another.
    func known(ids: [String]) async throws -> [String: (stored: Bool, seen: FrontierSeen?)]
    func enqueue(_ entries: [FrontierEntry], schedule: String) async throws
    /// Queued entries to fetch now, hosts in turn, newest first (up to `limit`).
    func next(schedule: String, limit: Int) async throws -> [FrontierEntry]
    /// Entries still queued for the schedule.
    func queued(schedule: String) async throws -> Int
    func validators(url: String) async throws -> FrontierValidators?
    func saveValidators(_ validators: [String: FrontierValidators]) async throws
    /// Records an entry's fate that needs no record (304, gone, failed, dropped).
    func complete(_ completion: FrontierCompletion, schedule: String) async throws
    /// Keeps why a URL failed (the per-URL record of failures a run reports).
    func recordFailure(_ failure: PageFailure, schedule: String) async throws
}

/// Where a run's records go, deduplicated, each taking its frontier entry off the queue once
/// it is durable.
public protocol RunRecordSink: Actor {
    /// True: `store` gains from being called again before earlier calls returned (the
    /// PostgreSQL store sends the stores waiting as one group, one round trip and one
    /// transaction), so `RunLoop` hands each extracted page to a store task of its own, as the
    /// pages arrive, and fetches the next pages while the group commits (`RunLoop.storesWaiting`).
    /// False (the default, the embedded store): the run loop stores one page at a time.
    nonisolated var groupsStores: Bool { get }
    /// Stores a record; `completion` takes its entry off the queue once the record is durable.
    func store(_ article: Article, completion: FrontierCompletion, schedule: String) async throws -> StoreOutcome
    /// Makes everything stored and completed so far durable.
    func flush() async throws
}

/// The record of runs: each run's start and end, and each schedule's last start.
public protocol RunLedger: Actor {
    func startRun(command: String) async throws
    func finishRun(failed: Int) async throws
    /// Ends the run with the status its summary gives (`ok`, `stopped`, `failed`), so that
    /// `kabar stats` says what `kabar run` said. Default: `finishRun(failed:)`.
    func finishRun(failed: Int, status: String) async throws
    func lastStart(schedule: String) async throws -> Date?
    /// Of the current run's revisions, those with the same text (other fields changed), as the
    /// ledger records them; nil where it does not (the PostgreSQL worker counts its passes).
    func runRevisedFields() async -> Int?
    func recordStart(schedule: String, at date: Date) async throws
    func recordEnd(schedule: String, status: String) async throws
}

extension FrontierStore {
    public func known(ids: [String]) async throws -> [String: (stored: Bool, seen: FrontierSeen?)] {
        var out: [String: (stored: Bool, seen: FrontierSeen?)] = [:]
        for id in ids { out[id] = try await known(id: id) }
        return out
    }
}

extension RunRecordSink {
    public nonisolated var groupsStores: Bool { false }
}

extension RunLedger {
    public func finishRun(failed: Int, status: String) async throws { try await finishRun(failed: failed) }
    public func runRevisedFields() async -> Int? { nil }
}

extension DataFolder: RunStorage {
    public nonisolated var leasesInBatches: Bool { false }
}
