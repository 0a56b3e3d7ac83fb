import Foundation
import KabarCore
import KabarPlugins
@testable import KabarPostgres
import KabarRun
import KabarTesting
import Synchronization
import XCTest

/// The database restarting under running workers (`pg_ctl stop -m fast`, then `-m immediate`,
/// each followed by a start): the workers wait, reconnect with backoff and resume.
extension SharedFrontierTests {
    /// Two workers over a slow generated site, on a server of its own (commits written before
    /// they are acknowledged, as a real server's, so a killed server keeps them). The server
    /// is restarted fast once and immediately once mid-run (the server's start time changes
    /// each time, with articles still to store). Both runs end without a failure, every article
    /// is stored and counted once, the queue is empty, and the workers said nothing but that the
    /// database went away and came back (a statement in flight at the restart waits and is sent
    /// again; one asked for while the server is down waits in the pool for a new connection,
    /// which says nothing). Before the fix in `Database.query(_:on:)` the worker holding the
    /// schedule's lock never returned: its unlock went to the connection the restart closed.
    func testDatabaseRestartsMidRunWorkersWaitAndResume() async throws {
        guard LocalPostgres.binaries() != nil else {
            throw XCTSkip("PostgreSQL binaries not found (apt-get install -y postgresql); the PostgreSQL tests are skipped")
        }
        let server = try await runBlocking { try LocalPostgres(port: Loopback.freePort(), durableCommits: true) }
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("restarts") }
        let site = try WorkerTestSite(articles: 100, pageDelay: 0.25)
        let scratch = try Executables.temporaryFolder("pg-restart")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let said = Mutex<[String]>([])
        func open(_ name: String) async throws -> Worker {
            let folder = try await PostgresFolder.open(url, worker: name, archiveFolder: scratch.appendingPathComponent(name),
                                                       log: { line in said.withLock { $0.append("\(name): \(line)") } })
            var w = Worker(folder: folder, registry: BuiltinExtractors.registry, stop: StopSignal()) { s in
                RunProgress(name: s.name, mode: .silent, logger: .init(label: "test"))
            }
            w.leaseBatch = 8
            return w
        }
        let a = try await open("a"), b = try await open("b"), watcher = try await open("watcher")
        func stored() async throws -> Int { try await watcher.folder.stats().records }
        func serverStarted() async throws -> String {
            try await watcher.folder.database.query("SELECT pg_postmaster_start_time()::text").first?.decode(String.self) ?? ""
        }
        var starts = [try await serverStarted()], storedAtRestart: [Int] = []
        let results = try await withThrowingTaskGroup(of: RunResult.self) { group in
            group.addTask { try await a.pass(schedule).0 }
            var polls = 0
            while try await watcher.folder.queued(schedule: schedule.name) == 0, polls < 400 {
                polls += 1
                try await Task.sleep(nanoseconds: 25_000_000)
            }
            group.addTask { try await b.pass(schedule).0 }
            for mode in ["fast", "immediate"] {
                let before = try await stored()
                while try await stored() < before + 15 { try await Task.sleep(nanoseconds: 25_000_000) }
                storedAtRestart.append(try await stored())
                try await runBlocking { try server.restart(mode: mode, downSeconds: 1) }
                starts.append(try await serverStarted())
            }
            var out: [RunResult] = []
            for try await r in group { out.append(r) }
            return out
        }
        for r in results {
            XCTAssertEqual(r.counters.failed, 0, r.summary)
            XCTAssertEqual(r.problems, [], r.summary)
        }
        let stats = try await watcher.folder.stats()
        XCTAssertEqual(stats.records, 100, "every article stored")
        XCTAssertEqual(stats.exactDuplicates + stats.nearDuplicates, 0)
        let written = try await watcher.folder.writtenByRuns(), seen = try await watcher.folder.seenByRuns()
        XCTAssertEqual([written, seen], [100, 100], "each article written and counted once over both runs")
        let queued = try await watcher.folder.queued(schedule: schedule.name)
        XCTAssertEqual(queued, 0)
        let byWorker = try await watcher.folder.recordsByWorker()
        XCTAssertEqual(byWorker.values.reduce(0, +), 100, "\(byWorker)")
        XCTAssertEqual(Set(starts).count, 3, "the server restarted twice: \(starts)")
        XCTAssertTrue(storedAtRestart.allSatisfy { $0 < 100 }, "both restarts mid-run: \(storedAtRestart) stored then")
        let lines = said.withLock { $0 }
        for w in ["a", "b", "watcher"] {
            let went = lines.filter { $0.hasPrefix("\(w): ") && $0.contains("unavailable") }.count
            let back = lines.filter { $0.hasPrefix("\(w): ") && $0.contains("answers again") }.count
            XCTAssertEqual(went, back, "\(w) said the database came back each time it went away: \(lines)")
        }
        XCTAssertTrue(lines.allSatisfy { $0.contains("unavailable") || $0.contains("answers again") }, "nothing else said: \(lines)")
        for w in [a, b, watcher] { await w.folder.close() }
    }
}
