import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// The lease is decided per chunk of rows (schema migration 8): a few statements per lease call,
/// not six for every row it leases, with the same rows, politeness slots and token as before.
extension SharedFrontierTests {
    /// 30 constructed queue entries over three hosts (newest first: entry i on host i % 3), a
    /// 2 s host delay and the default 5 s horizon, leased with a limit of 20 on a server counting
    /// the statements run inside functions (pg_stat_statements, track=all): entries 0 to 8 are
    /// leased (each host's slots now, +2 s, +4 s; +6 s is beyond the horizon), in priority order,
    /// all under one token; each host's next allowed time is its last slot + 2 s; and the call ran
    /// at most 8 statements inside the function (three for each chunk of rows: entries 0-19, then
    /// 20-29, all beyond the horizon; then one finding nothing more). Migration 6's row-by-row
    /// lease ran 97 (six for each leased row, two for each of the 21 rows beyond the horizon, and
    /// the loop's query).
    func testLeaseRunsAFewStatementsPerBatchWithTheSameSlots() async throws {
        let server = try await statementCountingServer()
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("lease") }
        let scratch = try Executables.temporaryFolder("pg-lease")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.hostDelay = 2
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        let db = folder.database
        try await db.query("CREATE EXTENSION pg_stat_statements")
        func link(_ i: Int) -> String { "https://h\(i % 3).example/berita/\(i)" }
        try await folder.enqueue((0..<30).map { i in
            FrontierEntry(url: link(i), id: Hash64.hex(Hash64.of(link(i))), host: "h\(i % 3).example", priority: Int64(30 - i), modified: nil)
        }, schedule: "s")
        try await db.query("SELECT pg_stat_statements_reset()")
        let leased = try await folder.next(schedule: "s", limit: 20)
        let inside = try await db.query("""
            SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
            WHERE query NOT LIKE '%kabar_lease(%' AND query NOT LIKE '%pg_stat_statements%'
            """)
        let statements = try XCTUnwrap(inside.first).decode(Int64.self)

        XCTAssertEqual(leased.map(\.url), (0..<9).map(link), "each host's first three entries, newest first")
        for host in 0..<3 {
            let slots = leased.filter { $0.host == "h\(host).example" }.compactMap { $0.notBefore?.timeIntervalSince1970 }
            XCTAssertEqual(slots.count, 3)
            for (a, b) in zip(slots, slots.dropFirst()) { XCTAssertEqual(b - a, 2, accuracy: 0.001, "host h\(host): slots 2 s apart") }
            let next = try await db.query("SELECT extract(epoch FROM next_allowed)::float8 FROM kabar_hosts WHERE host = \("h\(host).example")")
            XCTAssertEqual(try XCTUnwrap(next.first).decode(Double.self), try XCTUnwrap(slots.last) + 2, accuracy: 0.001,
                           "host h\(host): next allowed after its last slot")
        }
        let tokens = try await db.query("SELECT count(*)::bigint, count(DISTINCT lease_token)::bigint FROM kabar_queue WHERE lease_token IS NOT NULL")
        let (rows, distinct) = try XCTUnwrap(tokens.first).decode((Int64, Int64).self)
        XCTAssertEqual(rows, 9); XCTAssertEqual(distinct, 1, "one token for the call")
        XCTAssertLessThanOrEqual(statements, 8, "statements inside kabar_lease for one call of 9 leased rows (ran \(statements))")
        await folder.close()
    }
}
