import Foundation
import KabarCore
@testable import KabarPostgres
import KabarTesting
import XCTest

/// The store's statements are planned once per connection (schema migration 7), not at every
/// group call: planning them again each time was a quarter of PostgreSQL's CPU per stored record.
extension SharedFrontierTests {
    /// Twelve store calls of three records each on a server counting the plans of the
    /// statements inside functions (pg_stat_statements, track=all, track_planning): the
    /// statement inserting the SimHash bands (since migration 13 the group's writes as one) runs 12 times (once per group since migration 10; 36, once
    /// per record, before) and is planned at most once per pooled connection. Without migration
    /// 7 it was planned 9 times (custom plans); without the setting in migration 10's function,
    /// at every call.
    func testStoreStatementsArePlannedOncePerConnection() async throws {
        let server = try await statementCountingServer(["pg_stat_statements.track_planning=on"])
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("plans") }
        let scratch = try Executables.temporaryFolder("pg-plans")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        try await folder.database.query("CREATE EXTENSION pg_stat_statements")
        func link(_ i: Int) -> String { "https://s.example/berita/\(i)" }
        func text(_ i: Int) -> String { (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ") }
        func article(_ i: Int) -> Article {
            Article(id: Hash64.hex(Hash64.of(link(i))), url: link(i), canonicalURL: link(i), site: "s", extractor: "test/1", text: text(i),
                    contentHash: Hash64.hex(Hash64.of(text(i))), simhash: Hash64.hex(SimHash.of(text(i))))
        }
        try await folder.startRun(command: "test")
        for call in 0..<12 {
            let outcomes = try await folder.store((0..<3).map { article(call * 3 + $0) })
            XCTAssertEqual(outcomes, Array(repeating: .written(revision: 1), count: 3))
        }
        let rows = try await folder.database.query("""
            SELECT sum(calls)::bigint, sum(plans)::bigint FROM pg_stat_statements 
            WHERE query LIKE '%INSERT INTO kabar_bands%' AND query NOT LIKE 'CREATE %' AND query NOT LIKE '%kabar_store_many(%'
            """)
        let (calls, plans) = try XCTUnwrap(rows.first).decode((Int64, Int64).self)
        XCTAssertEqual(calls, 12, "one band insert per group (migration 10)")
        XCTAssertLessThanOrEqual(plans, 4, "planned once per pooled connection, not at each of the 12 calls (planned \(plans) times)")
        await folder.close()
    }
}

extension SharedFrontierTests {
    /// Sixty store calls of two records each on a server counting plans (pg_stat_statements,
    /// track_planning): the `kabar_store_many` call itself is a prepared statement
    /// (`StoreManyStatement`), planned at most six times per pooled
    /// connection (five custom plans, then the generic one) instead of at each of the 60 calls;
    /// sent as statement text, as before, it was planned 60 times (and parsed and analysed as
    /// often).
    func testTheStoreCallIsPreparedNotPlannedAtEveryCall() async throws {
        let server = try await statementCountingServer(["pg_stat_statements.track_planning=on"])
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("prepared") }
        let scratch = try Executables.temporaryFolder("pg-prepared")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        try await folder.database.query("CREATE EXTENSION pg_stat_statements")
        func link(_ i: Int) -> String { "https://p.example/berita/\(i)" }
        func text(_ i: Int) -> String { (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ") }
        func article(_ i: Int) -> Article {
            Article(id: Hash64.hex(Hash64.of(link(i))), url: link(i), canonicalURL: link(i), site: "p", extractor: "test/1", text: text(i),
                    contentHash: Hash64.hex(Hash64.of(text(i))), simhash: Hash64.hex(SimHash.of(text(i))))
        }
        try await folder.startRun(command: "test")
        try await folder.database.query("SELECT pg_stat_statements_reset()")
        for call in 0..<60 {
            let outcomes = try await folder.store([article(call * 2), article(call * 2 + 1)])
            XCTAssertEqual(outcomes, [.written(revision: 1), .written(revision: 1)])
        }
        // The same records again: unchanged.
        let again = try await folder.store([article(0), article(1)])
        XCTAssertEqual(again, [.unchanged, .unchanged])
        let rows = try await folder.database.query("""
            SELECT coalesce(sum(calls), 0)::bigint, coalesce(sum(plans), 0)::bigint FROM pg_stat_statements
            WHERE query LIKE 'SELECT * FROM kabar_store_many(%'
            """)
        let (calls, plans) = try XCTUnwrap(rows.first).decode((Int64, Int64).self)
        XCTAssertEqual(calls, 61)
        XCTAssertLessThanOrEqual(plans, 24, "the store call planned \(plans) times in 61 calls: not prepared once per connection")
        await folder.close()
    }
}

extension SharedFrontierTests {
    /// A PostgreSQL server of its own counting the statements run inside functions
    /// (pg_stat_statements, track=all, and `settings`), for the tests that count a function's
    /// statements or plans; the test is skipped when PostgreSQL or the extension is missing.
    func statementCountingServer(_ settings: [String] = []) async throws -> LocalPostgres {
        guard LocalPostgres.binaries() != nil else {
            throw XCTSkip("PostgreSQL binaries not found (apt-get install -y postgresql); the PostgreSQL tests are skipped")
        }
        do {
            return try await runBlocking {
                try LocalPostgres(port: Loopback.freePort(), settings: [
                    "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all",
                ] + settings)
            }
        } catch {
            throw XCTSkip("PostgreSQL with pg_stat_statements did not start (\(error)); skipped")
        }
    }
}
