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
    func run(_ schedule: Schedule, _ storage: DataFolder) async throws -> RunResult {
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
        let result = try await run(schedule, folder)
        try await folder.close()
        let (singles, batches, ids) = (await folder.singleLookups, await folder.batchLookups, await folder.idsLookedUp)
        #expect(singles == 0, "\(singles) lookups of one id")
        #expect(ids == queued && batches == (queued + 3) / 4, "\(batches) lookups of \(ids) ids")
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
        let result = try await run(schedule, folder)
        try await folder.close()
        #expect(result.counters.skipped == records.count && result.counters.fetched == 0, "\(result.summary)")
        #expect(site.server.requests.count == requestsBefore)
        #expect(try EndToEndTests.records(data).count == LocalTestSite.articleCount)
    }
}
