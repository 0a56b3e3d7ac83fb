import Foundation
import KabarCore
import KabarPlugins
import KabarRun
import KabarTesting
import Logging
import Testing

/// The fetch loop asks the data folder what it knows of the next entries (stored? seen?) a
/// window's worth at a time, with one `known(ids:)` call, instead of one `known(id:)` call per
/// page: one hop to the folder's actor and one read of each database for up to
/// `2 x concurrency` pages, where the loop that keeps the fetches going used to wait for a hop
/// per page. What is decided per entry (fetched, or dropped as stored) is as before.
@Suite(.serialized)
struct KnownLookaheadTests {
    /// The data folder with a count of the `known` calls made to it.
    actor CountingFolder: RunStorage {
        let folder: DataFolder
        private(set) var singleLookups = 0
        private(set) var batchLookups: [Int] = []

        init(_ folder: DataFolder) { self.folder = folder }

        nonisolated var url: URL { folder.url }
        nonisolated var leasesInBatches: Bool { false }
        func known(id: String) async throws -> (stored: Bool, seen: FrontierSeen?) {
            singleLookups += 1
            return try await folder.known(id: id)
        }
        func known(ids: [String]) async throws -> [String: (stored: Bool, seen: FrontierSeen?)] {
            batchLookups.append(ids.count)
            return try await folder.known(ids: ids)
        }
        func store(_ article: Article, completion: FrontierCompletion, schedule: String) async throws -> StoreOutcome {
            try await folder.store(article, completion: completion, schedule: schedule)
        }
        func flush() async throws { try await folder.flush() }
        func enqueue(_ entries: [FrontierEntry], schedule: String) async throws { try await folder.enqueue(entries, schedule: schedule) }
        func next(schedule: String, limit: Int) async throws -> [FrontierEntry] { try await folder.next(schedule: schedule, limit: limit) }
        func queued(schedule: String) async throws -> Int { try await folder.queued(schedule: schedule) }
        func validators(url: String) async throws -> FrontierValidators? { try await folder.validators(url: url) }
        func saveValidators(_ validators: [String: FrontierValidators]) async throws { try await folder.saveValidators(validators) }
        func complete(_ completion: FrontierCompletion, schedule: String) async throws { try await folder.complete(completion, schedule: schedule) }
        func recordFailure(_ failure: PageFailure, schedule: String) async throws { try await folder.recordFailure(failure, schedule: schedule) }
        func startRun(command: String) async throws { try await folder.startRun(command: command) }
        func finishRun(failed: Int) async throws { try await folder.finishRun(failed: failed) }
        func lastStart(schedule: String) async throws -> Date? { try await folder.lastStart(schedule: schedule) }
        func recordStart(schedule: String, at date: Date) async throws { try await folder.recordStart(schedule: schedule, at: date) }
        func recordEnd(schedule: String, status: String) async throws { try await folder.recordEnd(schedule: schedule, status: status) }
    }

    func run(_ schedule: Schedule, _ storage: CountingFolder) async throws -> RunResult {
        var loop = RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: storage,
                           progress: RunProgress(name: schedule.name, mode: .silent, logger: Logger(label: "test")))
        loop.discover = false
        return try await loop.run()
    }

    @Test func theQueuedPagesAreLookedUpAWindowAtATimeAndStoredOnce() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-known-lookahead")
        defer { try? FileManager.default.removeItem(at: data) }
        var schedule = try EndToEndTests.schedule(site)
        schedule.limits.maxPages = 1
        let first = try await EndToEndTests.run(schedule, data: data)   // discovery queues the articles, one is fetched
        let queued = first.counters.left
        #expect(queued >= 3, "\(first.summary)")

        // A window of 4 (concurrency 2): the queued entries in chunks of at most 4, one call each.
        schedule.limits.maxPages = 100
        schedule.politeness.concurrency = 2
        let folder = try DataFolder(url: data)
        let storage = CountingFolder(folder)
        let result = try await run(schedule, storage)
        try await folder.close()
        let singles = await storage.singleLookups
        let batches = await storage.batchLookups
        #expect(singles == 0, "\(singles) lookups of one id")
        #expect(batches.reduce(0, +) == queued && batches.allSatisfy { $0 <= 4 } && batches.count == (queued + 3) / 4, "\(batches)")
        #expect(result.counters.left == 0 && result.counters.failed == 0, "\(result.summary)")
        #expect(try EndToEndTests.records(data).count == LocalTestSite.articleCount, "\(result.summary)")
    }

    /// An entry whose record the store holds already (a run killed after its store committed)
    /// is still dropped unfetched when it was looked up with the rest of its chunk.
    @Test func anEntryStoredSinceItWasQueuedIsDroppedUnfetched() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-known-stored")
        defer { try? FileManager.default.removeItem(at: data) }
        var schedule = try EndToEndTests.schedule(site)
        let first = try await EndToEndTests.run(schedule, data: data)   // every article stored
        #expect(first.counters.stored == LocalTestSite.articleCount, "\(first.summary)")

        // The same entries queued again, as a run killed before its completions were recorded leaves them.
        let folder = try DataFolder(url: data)
        let records = try EndToEndTests.records(data)
        try await folder.enqueue(records.map { FrontierEntry(url: $0.url, id: Hash64.hex(Hash64.of($0.url)), host: URL(string: $0.url)?.host ?? "",
                                                             priority: 1, modified: nil) }, schedule: schedule.name)
        let requestsBefore = site.server.requests.count
        schedule.limits.maxPages = 100
        let storage = CountingFolder(folder)
        let result = try await run(schedule, storage)
        try await folder.close()
        #expect(result.counters.skipped == records.count && result.counters.fetched == 0, "\(result.summary)")
        #expect(site.server.requests.count == requestsBefore)
        #expect(try EndToEndTests.records(data).count == LocalTestSite.articleCount)
    }
}
