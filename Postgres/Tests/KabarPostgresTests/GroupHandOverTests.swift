import Foundation
import KabarCore
import KabarPlugins
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// A worker's fetch tasks hand their extracted pages over to the store and fetch the next while
/// the group commits (`RunLoop.storesWaiting`): groups grow beyond the fetch window, the pages
/// held stay bounded, and a record still counts as stored only once its call committed.
extension SharedFrontierTests {
    /// A worker with `storesWaiting` pages allowed to wait for their store, a coalescing window
    /// of 12 records (or 1 s) and a fetch window of 4 (concurrency 2).
    func handOverWorker(_ url: String, _ name: String, _ scratch: URL, storesWaiting: Int) async throws -> Worker {
        var options = PostgresFolder.Options()
        options.coalesceRecords = 12
        options.coalesceSeconds = 1
        let folder = try await PostgresFolder.open(url, worker: name, archiveFolder: scratch.appendingPathComponent(name), options: options)
        var w = Worker(folder: folder, registry: BuiltinExtractors.registry, stop: StopSignal()) { s in
            RunProgress(name: s.name, mode: .silent, logger: .init(label: "test"))
        }
        w.leaseBatch = 8
        w.storesWaiting = storesWaiting
        return w
    }

    /// 24 articles, a fetch window of 4 pages (concurrency 2), a coalescing window of 12
    /// records: handed over, the pages wait for their group while the next are fetched, so a
    /// call carries 12 records. With 6 pages allowed to wait, no call carries more than the 10
    /// pages held at once (window 4 + 6). Before the hand-over (each fetch task held its slot
    /// until its store returned, as `storesWaiting` 0 does) no call could carry more than 4.
    /// Every run stores every article once.
    func testHandedOverPagesFormGroupsBeyondTheFetchWindowAndStayBounded() async throws {
        let site = try WorkerTestSite(articles: 24)
        let scratch = try Executables.temporaryFolder("pg-hand-over")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("generated.yaml")
        try site.scheduleYAML(concurrency: 2).write(to: file, atomically: true, encoding: .utf8)
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).load(file: file)
        var largest: [Int: Int] = [:]
        for waiting in [64, 6, 0] {
            let url = try await database()
            let worker = try await handOverWorker(url, "w\(waiting)", scratch, storesWaiting: waiting)
            let result = try await worker.pass(schedule).0
            XCTAssertEqual(result.counters.stored, 24, "storesWaiting \(waiting)")
            let stats = try await worker.folder.stats()
            XCTAssertEqual(stats.records, 24, "storesWaiting \(waiting)")
            let written = try await worker.folder.writtenByRuns()
            XCTAssertEqual(written, 24, "storesWaiting \(waiting): each record written once")
            let queued = try await worker.folder.queued(schedule: schedule.name)
            XCTAssertEqual(queued, 0, "storesWaiting \(waiting)")
            largest[waiting] = await worker.folder.largestStoreGroup
            await worker.folder.close()
        }
        XCTAssertEqual(largest[64], 12, "handed over, a group filled the coalescing window: \(largest)")
        XCTAssertLessThanOrEqual(largest[6] ?? 99, 10, "at most window 4 + 6 pages held: \(largest)")
        XCTAssertGreaterThan(largest[6] ?? 0, 4, "beyond the fetch window: \(largest)")
        XCTAssertLessThanOrEqual(largest[0] ?? 99, 4, "no page waits outside the fetch window: \(largest)")
    }

    /// A `kabar-postgres run` worker PROCESS that hands its pages over (a coalescing window of 16
    /// records or 3 s, a fetch window of 8) killed with SIGKILL while pages it fetched wait for
    /// their group's commit: those pages were never stored and their entries stay queued under
    /// its leases; after the leases expire another worker stores them, and every article is
    /// stored once, written once over both runs, and the queue is empty.
    func testAWorkerKilledWithPagesHandedOverLosesNothingAndStoresNothingTwice() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let site = try WorkerTestSite(articles: 80, pageDelay: 0.05)
        let scratch = try Executables.temporaryFolder("pg-hand-over-kill")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let victim = try startRunProcess(tool, schedule, store: url, name: "victim", scratch: scratch,
                                         extra: ["--coalesce-records", "16", "--coalesce-ms", "3000"])
        let watcher = try await worker(url, "watcher", scratch, lease: 2)
        // Kill it once a group committed and more pages were fetched than stored and than its
        // fetch window holds: pages handed over, waiting for the next group.
        var stored = 0, fetched = 0
        for _ in 0..<1000 {
            stored = try await watcher.folder.recordsByWorker()["victim"] ?? 0
            fetched = site.server.requests.filter { $0.path.hasPrefix("/news/") }.count
            if stored >= 16 && fetched - stored >= 10 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        kill(victim.processIdentifier, SIGKILL)
        try await runBlocking { victim.waitUntilExit() }
        let storedAtKill = try await watcher.folder.recordsByWorker()["victim"] ?? 0
        XCTAssertEqual(victim.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(storedAtKill, 16, "a group had committed")
        XCTAssertGreaterThanOrEqual(fetched - storedAtKill, 10, "pages were fetched and not stored when it was killed (fetched \(fetched), stored \(storedAtKill))")
        XCTAssertLessThan(storedAtKill, 80, "the victim had not finished")

        let result = try await watcher.pass(schedule).0
        let stats = try await watcher.folder.stats()
        XCTAssertEqual(stats.records, 80, "every article stored")
        XCTAssertEqual(stats.exactDuplicates + stats.nearDuplicates, 0)
        XCTAssertEqual(result.counters.stored + storedAtKill, 80, "the watcher stored exactly what the victim had not")
        let written = try await watcher.folder.writtenByRuns()
        XCTAssertEqual(written, 80, "no record written twice over both runs")
        let queued = try await watcher.folder.queued(schedule: schedule.name)
        XCTAssertEqual(queued, 0)
        await watcher.folder.close()
    }
}
