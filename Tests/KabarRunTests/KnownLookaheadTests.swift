import Foundation
import KabarCore
import KabarPlugins
@testable import KabarRun
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

    /// A site of two articles on 127.0.0.1, the first naming the second as its canonical URL.
    final class CanonicalSite: @unchecked Sendable {
        final class Port: @unchecked Sendable { var value: UInt16 = 0 }
        let server: TestHTTPServer
        static let first = "/a/first-page-of-a-story-20240101", second = "/a/second-address-of-a-story-20240101"

        init() throws {
            let port = Port()
            let text = (1...8).map { "<p>Paragraph \($0) of the constructed story tells the whole tale of the river town and its market, "
                + "where the boats come in at dawn and the traders count what the night has brought them.</p>" }.joined()
            server = try TestHTTPServer { request, c in
                switch request.path {
                case Self.first, Self.second:
                    let canonical = "http://127.0.0.1:\(port.value)\(Self.second)"
                    c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: """
                        <html><head><title>A constructed story</title><link rel="canonical" href="\(canonical)"></head>
                        <body><article><h1>A constructed story</h1>\(text)</article></body></html>
                        """)
                default: c.respond(status: 404, body: "not found")
                }
            }
            port.value = server.port
        }

        var base: String { "http://127.0.0.1:\(server.port)" }

        func schedule() throws -> Schedule { try CanonicalSite.schedule(name: "canonical", base: base) }

        /// A schedule of the generic extractor for a site on 127.0.0.1 (its pages queued by the
        /// test, its feed never read), one attempt a page.
        static func schedule(name: String, base: String) throws -> Schedule {
            try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(OnePageSite.scheduleYAML(name: name, base: base, timeout: "10s"), file: "\(name).yaml")
        }

        /// Both pages queued (the first to be fetched first), run with `fetchWindow` and `lookahead`.
        func run(lookahead: Int, data: URL) async throws -> (RunResult, lookups: Int, records: [EndToEndTests.Record]) {
            let schedule = try schedule()
            let folder = try DataFolder(url: data)
            let generic = BuiltinExtractors.registry.fallback
            let entries = [(Self.first, 2), (Self.second, 1)].map { path, priority in
                let url = URLCanonicalizer.canonicalize(URL(string: base + path)!, for: generic).absoluteString
                return FrontierEntry(url: url, id: Hash64.hex(Hash64.of(url)), host: "127.0.0.1", priority: Int64(priority), modified: nil)
            }
            try await folder.enqueue(entries, schedule: schedule.name)
            var loop = RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder,
                               progress: RunProgress(name: schedule.name, mode: .silent, logger: Logger(label: "test")))
            loop.discover = false
            loop.fetchWindow = 1
            loop.lookahead = lookahead
            let result = try await loop.run()
            try await folder.close()
            return (result, await folder.batchLookups, try EndToEndTests.records(data))
        }
    }

    /// The path the run loop's memory of this run's records is for: a queued page whose id
    /// another page's canonical URL took after its chunk was looked up. One page in flight and
    /// a lookahead of 2 order it: both entries looked up at once (neither stored), the first
    /// fetched and stored under the second's URL (its canonical link), then the second judged
    /// on a lookup that said "not stored": dropped unfetched all the same. Without the memory
    /// (`storedIDs`) the second page is fetched and its record found unchanged.
    @Test func anEntryWhoseIDAnotherPageTookAfterItsLookupIsDroppedUnfetched() async throws {
        let site = try CanonicalSite()
        defer { site.server.stop() }
        let data = try Executables.temporaryFolder("kabar-known-taken")
        defer { try? FileManager.default.removeItem(at: data) }
        let (result, lookups, records) = try await site.run(lookahead: 2, data: data)
        #expect(lookups == 1, "both entries looked up before the first was stored")
        #expect(records.count == 1 && records.first?.url.hasSuffix(CanonicalSite.second) == true, "\(records.map(\.url))")
        #expect(site.server.count(CanonicalSite.first) == 1 && site.server.count(CanonicalSite.second) == 0, "\(site.server.requests.map(\.path))")
        #expect(result.counters.fetched == 1 && result.counters.stored == 1 && result.counters.unchanged == 0, "\(result.summary)")
        #expect(result.counters.skipped == 1 && result.counters.skippedStored == 1 && result.counters.left == 0, "\(result.summary)")
    }

    /// A page stored under its canonical URL is stored, not skipped: queued again, it is dropped
    /// as "already stored" (its own id is not in the store, but its last fetch stored it), and
    /// not counted "skipped earlier" (which also made it a skipped page to fetch again after
    /// retry_skipped_after).
    @Test func aPageStoredUnderItsCanonicalURLIsAlreadyStoredNotSkippedEarlier() async throws {
        let site = try CanonicalSite()
        defer { site.server.stop() }
        let data = try Executables.temporaryFolder("kabar-known-canonical-again")
        defer { try? FileManager.default.removeItem(at: data) }
        _ = try await site.run(lookahead: 2, data: data)
        let (again, _, records) = try await site.run(lookahead: 2, data: data)
        #expect(records.count == 1 && site.server.count(CanonicalSite.first) == 1, "\(site.server.requests.map(\.path))")
        #expect(again.counters.skipped == 2 && again.counters.skippedStored == 2, "\(again.summary)")
        #expect(again.summary.contains("already stored 2") && !again.summary.contains("skipped earlier"), "\(again.summary)")
        let folder = try DataFolder(url: data)
        let first = URLCanonicalizer.canonicalize(URL(string: site.base + CanonicalSite.first)!, for: BuiltinExtractors.registry.fallback).absoluteString
        let known = try await folder.known(id: Hash64.hex(Hash64.of(first)))
        try await folder.close()
        #expect(!known.stored && known.seen?.storedElsewhere == true)
        let schedule = try site.schedule()
        #expect(!schedule.isSkippedRetry(known: known, now: Int64(Date().timeIntervalSince1970) + 30 * 86400), "not fetched again as a skipped page")
    }

    /// Why the memory can be emptied at each lookup: a record stored before the lookup is in
    /// its answer though not yet committed (the store's open or committing batch). A lookahead
    /// of 1 looks the second entry up after the first page was stored, the memory emptied: the
    /// lookup alone drops it.
    @Test func aRecordStoredBeforeTheLookupIsInItsAnswer() async throws {
        let site = try CanonicalSite()
        defer { site.server.stop() }
        let data = try Executables.temporaryFolder("kabar-known-batch")
        defer { try? FileManager.default.removeItem(at: data) }
        let (result, lookups, records) = try await site.run(lookahead: 1, data: data)
        #expect(lookups == 2, "one entry a lookup")
        #expect(records.count == 1 && site.server.count(CanonicalSite.second) == 0, "\(site.server.requests.map(\.path))")
        #expect(result.counters.skipped == 1 && result.counters.skippedStored == 1 && result.counters.unchanged == 0, "\(result.summary)")
    }
}
