import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// A group of records that cannot change each other's decision is decided and written with one
/// statement per step for the whole group (schema migration 10), not about eight per record;
/// the content hash takes no advisory lock of its own; the JSON lines are compressed with lz4.
extension SharedFrontierTests {
    /// Eight constructed articles stored as one group on a server counting the statements run
    /// inside functions (pg_stat_statements, track=all): all written; then six of them again
    /// (unchanged), an exact copy of the first under a new URL and a long article (written),
    /// each call running at most 4 statements inside `kabar_store_many`: the locks, the
    /// decision with the independence check (migration 17; a statement of its own before, 5),
    /// the queue rows, and the writes with the result as one statement (migration 13; 11 with
    /// one statement per write, migration 10 to 12). Migration 9's record-by-record loop ran 42
    /// and 22 (five per new record, two per unchanged one).
    func testAnIndependentGroupIsStoredWithAFewStatements() async throws {
        let server = try await statementCountingServer()
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("group") }
        let scratch = try Executables.temporaryFolder("pg-group")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let db = folder.database
        try await db.query("CREATE EXTENSION pg_stat_statements")
        func link(_ i: Int) -> String { "https://s.example/berita/\(i)" }
        func text(_ i: Int, words: Int = 40) -> String { (0..<words).map { "kata\(i)x\($0)" }.joined(separator: " ") }
        func article(_ i: Int, text t: String) -> Article {
            Article(id: Hash64.hex(Hash64.of(link(i))), url: link(i), canonicalURL: link(i), site: "s", extractor: "test/1", text: t,
                    contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(SimHash.of(t)))
        }
        func statementsInside() async throws -> Int64 {
            let rows = try await db.query("""
                SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
                WHERE query NOT LIKE '%kabar_store_many(%' AND query NOT LIKE '%pg_stat_statements%'
                """)
            return try XCTUnwrap(rows.first).decode(Int64.self)
        }
        try await folder.startRun(command: "test")
        let eight = (0..<8).map { article($0, text: text($0)) }

        try await db.query("SELECT pg_stat_statements_reset()")
        let written = try await folder.store(eight)
        XCTAssertEqual(written, Array(repeating: .written(revision: 1), count: 8))
        let first = try await statementsInside()
        XCTAssertLessThanOrEqual(first, 4, "statements inside kabar_store_many for a group of 8 new records (ran \(first))")

        // Six of them again (unchanged), an exact copy of article 0 under a new URL, a long
        // article. (A copy of a record of the same group goes through the record-by-record loop.)
        let long = article(9, text: text(9, words: 600))
        try await db.query("SELECT pg_stat_statements_reset()")
        let outcomes = try await folder.store(Array(eight[2...]) + [article(8, text: text(0)), long])
        XCTAssertEqual(outcomes, Array(repeating: .unchanged, count: 6)
                       + [.duplicate(of: eight[0].id, kind: .exact, distance: 0), .written(revision: 1)])
        let second = try await statementsInside()
        XCTAssertLessThanOrEqual(second, 4, "statements inside kabar_store_many for a group of 8 (ran \(second))")

        // The run's counts, and each record once.
        let current = await folder.currentRun
        let run = try XCTUnwrap(current)
        let runRows = try await db.query("""
            SELECT seen, written, unchanged, exact_duplicates, near_duplicates FROM kabar_runs WHERE id = \(run)
            """)
        let counts = try XCTUnwrap(runRows.first).decode((Int32, Int32, Int32, Int32, Int32).self)
        XCTAssertEqual(counts.0, 16); XCTAssertEqual(counts.1, 9); XCTAssertEqual(counts.2, 6); XCTAssertEqual(counts.3, 1)
        XCTAssertEqual(counts.4, 0)
        let kindRows = try await db.query("""
            SELECT count(*) FILTER (WHERE kind = 0)::bigint, count(*) FILTER (WHERE kind = 1)::bigint, count(*)::bigint FROM kabar_records
            """)
        let kinds = try XCTUnwrap(kindRows.first).decode((Int64, Int64, Int64).self)
        XCTAssertEqual(kinds.0, 9); XCTAssertEqual(kinds.1, 1); XCTAssertEqual(kinds.2, 10)

        // The long line (over PostgreSQL's 2 kB TOAST threshold) is compressed with lz4 where
        // the server has it (pglz before migration 10).
        let lz4Rows = try await db.query("""
            SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))
            """)
        let lz4 = try XCTUnwrap(lz4Rows.first).decode(Bool.self)
        if lz4 {
            let methodRows = try await db.query("""
                SELECT pg_column_compression(record) FROM kabar_records WHERE id = \(PostgresFolder.key(long.id) ?? 0)
                """)
            let method = try XCTUnwrap(methodRows.first).decode(String?.self)
            XCTAssertEqual(method, "lz4")
        }
        await folder.close()
    }

    /// Eight constructed articles leased and stored as set-wise groups with their completions,
    /// on a server counting the statements run inside functions (pg_stat_statements,
    /// track=all): all written, and no statement inside `kabar_store_many` wrote `kabar_seen` or
    /// updated `kabar_records` (migration 14: those writes, empty for new records, run only when
    /// a group has a record found unchanged or stored before as a duplicate; with version 13 they
    /// were parts of every group's write statement, run at every call). Two of them fetched
    /// again and stored unchanged: their fetch metadata goes to `kabar_seen` (the statement
    /// runs then, once per group).
    func testAGroupOfNewRecordsRunsNoWriteItLeavesEmpty() async throws {
        let server = try await statementCountingServer()
        defer { server.stop() }
        let url = try await runBlocking { try server.createDatabase("guarded") }
        let scratch = try Executables.temporaryFolder("pg-guarded")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.hostDelay = 0
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        let db = folder.database
        try await db.query("CREATE EXTENSION pg_stat_statements")
        func link(_ i: Int) -> String { "https://g.example/berita/\(i)" }
        func id(_ i: Int) -> String { Hash64.hex(Hash64.of(link(i))) }
        func article(_ i: Int) -> Article {
            let t = (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ")
            return Article(id: id(i), url: link(i), canonicalURL: link(i), site: "g", extractor: "test/1", text: t,
                           contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(SimHash.of(t)))
        }
        func storeLeased(_ indexes: [Int], etag: String) async throws -> [StoreOutcome] {
            let entries = indexes.map { FrontierEntry(url: link($0), id: id($0), host: "g.example", priority: Int64(100 - $0), modified: nil) }
            try await folder.enqueue(entries, schedule: "s")
            let leased = try await folder.next(schedule: "s", limit: entries.count)
            XCTAssertEqual(leased.count, entries.count)
            return try await withThrowingTaskGroup(of: StoreOutcome.self) { group in
                for e in leased {
                    let i = try XCTUnwrap(indexes.first { link($0) == e.url })
                    group.addTask {
                        try await folder.store(article(i), completion: .done(e, status: 200, etag: etag, lastModified: nil), schedule: "s")
                    }
                }
                var out: [StoreOutcome] = []
                for try await o in group { out.append(o) }
                return out
            }
        }
        func callsInside(_ pattern: String) async throws -> Int64 {
            let rows = try await db.query("""
                SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
                WHERE query LIKE \(pattern) AND query NOT LIKE '%kabar_store_many(%' AND query NOT LIKE '%pg_stat_statements%'
                """)
            return try XCTUnwrap(rows.first).decode(Int64.self)
        }
        try await folder.startRun(command: "test")
        try await db.query("SELECT pg_stat_statements_reset()")
        let written = try await storeLeased(Array(0..<8), etag: "first")
        XCTAssertEqual(written, Array(repeating: .written(revision: 1), count: 8))
        let seenWrites = try await callsInside("%INSERT INTO kabar_seen%")
        let recordUpdates = try await callsInside("%UPDATE kabar_records%")
        XCTAssertEqual(seenWrites, 0, "statements writing kabar_seen run for a group of new records")
        XCTAssertEqual(recordUpdates, 0, "statements updating kabar_records run for a group of new records")

        let again = try await storeLeased([2, 5], etag: "again")
        XCTAssertEqual(again, [.unchanged, .unchanged])
        let seen = try await db.query("SELECT url, etag FROM kabar_seen ORDER BY url")
        let kept = try seen.map { try $0.decode((String, String?).self) }
        XCTAssertEqual(kept.map(\.0), [link(2), link(5)])
        XCTAssertEqual(kept.map(\.1), ["again", "again"])
        let seenWritesAfter = try await callsInside("%INSERT INTO kabar_seen%")
        XCTAssertGreaterThanOrEqual(seenWritesAfter, 1)
        await folder.close()
    }

    /// One record stored (`kabar_store`, the group of one) inside a transaction left open: the
    /// advisory locks it holds are its id's and its four SimHash bands' (five); migration 9
    /// also locked its content hash (six), which the band locks already cover.
    func testAStoreLocksItsIdAndBandsNotItsContentHash() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-locks")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let text = (0..<40).map { "kata\($0)" }.joined(separator: " ")
        let link = "https://s.example/berita/locks"
        let article = Article(id: Hash64.hex(Hash64.of(link)), url: link, canonicalURL: link, site: "s", extractor: "test/1", text: text,
                              contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
        let request = await folder.request(article, schedule: nil, queueURL: nil, status: nil, etag: nil, lastModified: nil)
        XCTAssertEqual(request.bands.count, 4)
        let db = folder.database
        let locks = try await db.withConnection { connection in
            _ = try await db.query("BEGIN", on: connection)
            let stored = try await db.query("""
                SELECT o_outcome FROM kabar_store(\(request.id), \(request.content), \(request.simhash), \(request.bands)::int[], true, 3::int,
                    \(request.site), \(request.day), \(request.url), \(request.line), NULL::text, NULL::bigint, 'w', NULL::bigint,
                    NULL::text, NULL::text, NULL::int, NULL::text, NULL::text)
                """, on: connection)
            XCTAssertEqual(try stored.first?.decode(String.self), "written")
            let rows = try await db.query("""
                SELECT count(*)::bigint FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                """, on: connection)
            _ = try await db.query("ROLLBACK", on: connection)
            return try XCTUnwrap(rows.first).decode(Int64.self)
        }
        XCTAssertEqual(locks, 5, "the id's lock and one per band")
        await folder.close()
    }
}
