import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// A worker that stalled past its lease: what it stores or completes after another worker
/// leased its entries again is refused (lease tokens, checked in the store's transaction).
extension SharedFrontierTests {
    /// Two folders over one database; "a" leases five entries and stalls (no heartbeat) past
    /// its 1 s lease; "b" leases four of them again and stores two. When "a" wakes, its stores
    /// of those four and its completion of one as failed are refused: every record is stored
    /// once, by "b", each run counts each page once, and b's lease is not released by a. The
    /// fifth entry, expired but not leased again, is still a's to store.
    func testStaleLeaseStoresAndCompletionsAreRefused() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-stale")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.leaseSeconds = 1
        options.hostDelay = 0
        let a = try await PostgresFolder.open(url, worker: "a", archiveFolder: scratch.appendingPathComponent("a"), options: options)
        let b = try await PostgresFolder.open(url, worker: "b", archiveFolder: scratch.appendingPathComponent("b"), options: options)
        func link(_ i: Int) -> String { "https://s.example/berita/\(i)" }
        func text(_ i: Int) -> String { (0..<40).map { "basi\(i)x\($0)" }.joined(separator: " ") }
        func article(_ i: Int) -> Article {
            Article(id: Hash64.hex(Hash64.of(link(i))), url: link(i), canonicalURL: link(i), site: "s", extractor: "test/1", text: text(i),
                    contentHash: Hash64.hex(Hash64.of(text(i))), simhash: Hash64.hex(SimHash.of(text(i))))
        }
        // Entry 4 has the lowest priority: b's lease of four leaves it to a.
        try await a.enqueue((0..<5).map { Frontier.Entry(url: link($0), id: Hash64.hex(Hash64.of(link($0))), host: "s.example",
                                                         priority: Int64(10 - $0), modified: nil) }, schedule: "s")
        try await a.startRun(command: "test")
        await a.stopHeartbeat()
        let leasedA = try await a.next(schedule: "s", limit: 5)
        XCTAssertEqual(leasedA.count, 5)
        try await Task.sleep(nanoseconds: 1_400_000_000)   // a's leases expire
        try await b.startRun(command: "test")
        let leasedB = try await b.next(schedule: "s", limit: 4)
        XCTAssertEqual(leasedB.map(\.url), (0..<4).map(link), "b leased a's expired entries again")
        func done(_ e: Frontier.Entry) -> Frontier.Completion { .done(e, status: 200, etag: nil, lastModified: nil) }
        for e in leasedB.prefix(2) {
            let outcome = try await b.store(article(Int(e.url.split(separator: "/").last!)!), completion: done(e), schedule: "s")
            XCTAssertEqual(outcome, .written(revision: 1))
        }
        // a wakes: stores 0, 1 (stored by b) and 2 (leased by b, not stored yet), fails 3.
        for e in leasedA.prefix(3) {
            let outcome = try await a.store(article(Int(e.url.split(separator: "/").last!)!), completion: done(e), schedule: "s")
            XCTAssertEqual(outcome, .unchanged, "\(e.url): refused, nothing written")
        }
        try await a.recordFailure(PageFailure(url: leasedA[3].url, outcome: .retry, kind: "timeout", reason: "timed out"), schedule: "s")
        try await a.complete(.failed(leasedA[3]), schedule: "s")
        let bHolds = try await b.leases(by: "b")
        XCTAssertEqual(bHolds, 2, "a's late completion did not release b's leases of entries 2 and 3")
        let refused = await a.staleRefused
        XCTAssertEqual(refused, 4)
        // Entry 4's lease expired but nobody leased it again: a's store of it stands.
        let fifth = try await a.store(article(4), completion: done(leasedA[4]), schedule: "s")
        XCTAssertEqual(fifth, .written(revision: 1))
        for e in leasedB.suffix(2) {
            let outcome = try await b.store(article(Int(e.url.split(separator: "/").last!)!), completion: done(e), schedule: "s")
            XCTAssertEqual(outcome, .written(revision: 1), "\(e.url): b's lease stands")
        }
        try await a.finishRun(failed: 0)
        try await b.finishRun(failed: 0)
        let stats = try await b.stats()
        XCTAssertEqual(stats.records, 5)
        let byWorker = try await b.recordsByWorker()
        XCTAssertEqual(byWorker, ["a": 1, "b": 4])
        let written = try await b.writtenByRuns(), seen = try await b.seenByRuns(), stale = try await b.staleByRuns()
        XCTAssertEqual([written, seen, stale], [5, 5, 4], "each page counted once over both runs; a's four refusals on record")
        let failures = try await b.failureReport()
        XCTAssertTrue(failures.counts.isEmpty, "a's late failure was not recorded: \(failures.counts)")
        let queued = try await b.queued(schedule: "s")
        XCTAssertEqual(queued, 0)
        await a.close()
        await b.close()
    }

    /// A `kabar-postgres run` worker PROCESS stopped with SIGSTOP mid-run (leases held, pages in
    /// flight) for longer than its 2 s lease: another worker takes its entries over and finishes
    /// the queue; after SIGCONT, what the stalled worker stores or completes for those entries
    /// is refused as stale. Every article stored once and counted once over all runs.
    func testStalledWorkerProcessIsRefusedWhenItWakes() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let site = try WorkerTestSite(articles: 40, pageDelay: 0.3)
        let scratch = try Executables.temporaryFolder("pg-sigstop")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let out = Pipe()
        let sleeper = try startRunProcess(tool, schedule, store: url, name: "sleeper", scratch: scratch, extra: ["--json"], output: out)
        let watcher = try await worker(url, "watcher", scratch, lease: 2)
        var stored = 0, held = 0
        for _ in 0..<600 {
            stored = try await watcher.folder.recordsByWorker()["sleeper"] ?? 0
            held = try await watcher.folder.leases(by: "sleeper")
            if stored >= 3 && held > 0 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        kill(sleeper.processIdentifier, SIGSTOP)
        XCTAssertGreaterThanOrEqual(stored, 3, "the sleeper was stopped mid-run")
        XCTAssertGreaterThan(held, 0, "the sleeper held leases when it was stopped")
        // The watcher waits for the sleeper's leases to expire, takes them and empties the queue.
        let result = try await watcher.pass(schedule, discover: false).0
        XCTAssertGreaterThan(result.counters.stored, 0)
        let queued = try await watcher.folder.queued(schedule: schedule.name)
        XCTAssertEqual(queued, 0, "the watcher finished the queue while the sleeper was stopped")
        kill(sleeper.processIdentifier, SIGCONT)
        let summary = try await runBlocking { out.fileHandleForReading.readDataToEndOfFile() }
        try await runBlocking { sleeper.waitUntilExit() }
        XCTAssertEqual(sleeper.terminationStatus, 0)
        let json = try JSONSerialization.jsonObject(with: summary) as? [String: Any]
        let refused = json?["stale"] as? Int ?? 0
        XCTAssertGreaterThan(refused, 0, "the sleeper woke with pages whose leases the watcher had taken: \(String(decoding: summary, as: UTF8.self))")

        let stats = try await watcher.folder.stats()
        XCTAssertEqual(stats.records, 40, "every article stored")
        XCTAssertEqual(stats.exactDuplicates + stats.nearDuplicates, 0)
        let byWorker = try await watcher.folder.recordsByWorker()
        XCTAssertEqual(byWorker.values.reduce(0, +), 40)
        let written = try await watcher.folder.writtenByRuns(), seen = try await watcher.folder.seenByRuns()
        XCTAssertEqual(written, 40, "no record written twice")
        XCTAssertEqual(seen, 40, "no page counted by two runs: \(byWorker)")
        let stale = try await watcher.folder.staleByRuns()
        XCTAssertEqual(stale, refused, "the sleeper's run row keeps its refusals")
        await watcher.folder.close()
    }
}
