import Foundation
internal import KabarCore
internal import KabarRun

/// Where an embedder's records go: implemented by the embedder, handed to `Crawler`. It
/// receives every record the run writes to the data folder (a new URL, or a new revision of a
/// stored one), once, after the store has accepted it, one at a time in store order.
/// Unchanged pages and duplicates are not handed over: the store keeps no record of theirs.
///
/// The sink is a tee beside the default store, not a replacement: the data folder still
/// decides what is new (its deduplication index) and keeps the frontier, so a run stopped or
/// killed resumes where it was and a page is never handed over twice as the same revision.
/// A sink that throws ends the run with its error; the record it refused is in the data
/// folder already, and `kabar export --since DAY` hands such records over again.
public protocol RecordSink: Sendable {
    /// Takes one stored record (send it on, index it, queue it...).
    func receive(_ record: Record) async throws
}

/// The data folder with a sink beside it: every call goes to the folder, and each record the
/// folder writes is then handed to the sink.
actor SinkTee: RunStorage {
    let folder: DataFolder
    let sink: any RecordSink

    init(folder: DataFolder, sink: any RecordSink) {
        self.folder = folder
        self.sink = sink
    }

    nonisolated var url: URL { folder.url }
    nonisolated var leasesInBatches: Bool { folder.leasesInBatches }

    func store(_ article: Article, completion: FrontierCompletion, schedule: String) async throws -> StoreOutcome {
        let outcome = try await folder.store(article, completion: completion, schedule: schedule)
        if case .written(let revision) = outcome {
            var stored = article
            stored.revision = revision
            try await sink.receive(Record(stored))
        }
        return outcome
    }

    func flush() async throws { try await folder.flush() }
    func known(id: String) async throws -> (stored: Bool, seen: FrontierSeen?) { try await folder.known(id: id) }
    func known(ids: [String]) async throws -> [String: (stored: Bool, seen: FrontierSeen?)] { try await folder.known(ids: ids) }
    func enqueue(_ entries: [FrontierEntry], schedule: String) async throws { try await folder.enqueue(entries, schedule: schedule) }
    func next(schedule: String, limit: Int) async throws -> [FrontierEntry] { try await folder.next(schedule: schedule, limit: limit) }
    func queued(schedule: String) async throws -> Int { try await folder.queued(schedule: schedule) }
    func validators(url: String) async throws -> FrontierValidators? { try await folder.validators(url: url) }
    func saveValidators(_ validators: [String: FrontierValidators]) async throws { try await folder.saveValidators(validators) }
    func complete(_ completion: FrontierCompletion, schedule: String) async throws { try await folder.complete(completion, schedule: schedule) }
    func recordFailure(_ failure: PageFailure, schedule: String) async throws { try await folder.recordFailure(failure, schedule: schedule) }
    func startRun(command: String) async throws { try await folder.startRun(command: command) }
    func finishRun(failed: Int) async throws { try await folder.finishRun(failed: failed) }
    func finishRun(failed: Int, status: String) async throws { try await folder.finishRun(failed: failed, status: status) }
    func lastStart(schedule: String) async throws -> Date? { try await folder.lastStart(schedule: schedule) }
    func recordStart(schedule: String, at date: Date) async throws { try await folder.recordStart(schedule: schedule, at: date) }
    func recordEnd(schedule: String, status: String) async throws { try await folder.recordEnd(schedule: schedule, status: status) }
}
