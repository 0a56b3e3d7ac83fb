import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// What the lease costs per stored record (docs/POSTGRES.md, "bench store"): the bench leases as
/// a worker does.
extension SharedFrontierTests {
    /// `bench store`'s run leases its next batch only when the last is handed out, as `RunLoop`
    /// does, so no more than a batch and the stores in flight are leased at once; with
    /// `leaseAllFirst` (the bench before) all 300 entries were leased before the first store.
    func testBenchStoreLeasesAsAWorkerDoes() async throws {
        _ = try await database()
        let server = try XCTUnwrap(Self.server)
        var rounds: [String: StoreBench.Round] = [:]
        for allFirst in [false, true] {
            let bench = StoreBench(server: server, sizes: [0], measure: 300, concurrency: 8, leaseBatch: 32, statements: false,
                                   leaseAllFirst: allFirst, database: "benchlease\(allFirst ? "all" : "worker")")
            try await bench.run { rounds[allFirst ? "all" : "worker"] = $0 }
        }
        let worker = try XCTUnwrap(rounds["worker"]), all = try XCTUnwrap(rounds["all"])
        XCTAssertTrue(worker.storedOnce, "every record stored once, the queue emptied")
        XCTAssertTrue(all.storedOnce)
        XCTAssertLessThanOrEqual(worker.mostLeased, 32 + 8, "a batch and the stores in flight leased at once")
        XCTAssertGreaterThan(worker.mostLeased, 0)
        XCTAssertEqual(all.mostLeased, 300, "--lease-all-first leases every entry before storing")
    }
}

extension SharedFrontierTests {
    /// A worker holding 4 leases among 10 000 queued entries of another schedule (a backlog): its
    /// heartbeat extends the 4 (they outlive their 0.9 s lease) and `finishRun` releases them,
    /// each statement finding the rows by their keys: a few dozen buffer reads per call
    /// (pg_stat_statements), where a scan of the whole queue for `leased_by` (before) read every
    /// page of it (about 500) every `lease / 3` seconds and at every run's end.
    func testHeartbeatAndFinishRunFindTheirRowsByKey() async throws {
        let server = try await statementCountingServer()
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("heartbeat") }
        let scratch = try Executables.temporaryFolder("pg-heartbeat")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.leaseSeconds = 0.9
        options.hostDelay = 0
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        let db = folder.database
        try await db.query("CREATE EXTENSION pg_stat_statements")
        func entry(_ i: Int, _ s: String) -> FrontierEntry {
            let link = "https://\(s).example/berita/2026/12/06/\(i)/judul-artikel-yang-cukup-panjang"
            return FrontierEntry(url: link, id: Hash64.hex(Hash64.of(link)), host: "\(s).example", priority: Int64(i), modified: nil)
        }
        try await folder.enqueue((0..<10_000).map { entry($0, "backlog") }, schedule: "backlog")
        try await folder.enqueue((0..<6).map { entry($0, "s") }, schedule: "s")
        try await db.query("VACUUM ANALYZE kabar_queue")
        try await folder.startRun(command: "test")
        let leased = try await folder.next(schedule: "s", limit: 4)
        XCTAssertEqual(leased.count, 4)
        try await db.query("SELECT pg_stat_statements_reset()")
        try await Task.sleep(nanoseconds: 1_500_000_000)   // heartbeats every 0.3 s; the leases would have expired without
        let held = try await folder.leases(by: "w")
        XCTAssertEqual(held, 4, "the heartbeat kept the 4 leases")
        try await folder.finishRun(failed: 0)
        let left = try await db.query("SELECT count(*)::bigint FROM kabar_queue WHERE leased_by = 'w'")
        XCTAssertEqual(try XCTUnwrap(left.first).decode(Int64.self), 0, "finishRun released the leases")
        func reads(_ pattern: String) async throws -> (calls: Int64, blocks: Int64) {
            let rows = try await db.query("""
                SELECT coalesce(sum(calls), 0)::bigint, coalesce(sum(shared_blks_hit + shared_blks_read), 0)::bigint
                FROM pg_stat_statements WHERE query LIKE \(pattern)
                """)
            return try XCTUnwrap(rows.first).decode((Int64, Int64).self)
        }
        let beat = try await reads("%greatest(lease_until%")
        XCTAssertGreaterThanOrEqual(beat.calls, 2)
        XCTAssertLessThanOrEqual(beat.blocks / max(beat.calls, 1), 80, "buffers read per heartbeat (\(beat.blocks) in \(beat.calls) calls)")
        let release = try await reads("%SET lease_until = $%, leased_by = $%")   // constants normalised
        XCTAssertEqual(release.calls, 1)
        XCTAssertLessThanOrEqual(release.blocks, 80, "buffers read by finishRun's release")
        await folder.close()
    }
}
