import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// What PostgreSQL does per stored record (docs/POSTGRES.md, "bench store"): stores resumed
/// together go as one group; a leased queue row stays on its page (a HOT update, schema
/// migration 11); a group of new records is inserted without conflict checks (migration 11).
extension SharedFrontierTests {
    /// `bench store`'s own run (8 tasks, each storing its next record as soon as its store
    /// returns, 256 generated records on an empty database): the callers a group's reply resumes
    /// join the next group, so a call carries at least 6 records on average (8 when every group
    /// is whole). Before, the first caller back went alone and the other seven waited for it:
    /// groups of 1 and 7 in turn, 4.0 records per call.
    func testStoresResumedTogetherGoAsOneGroup() async throws {
        _ = try await database()
        let server = try XCTUnwrap(Self.server)
        let bench = StoreBench(server: server, sizes: [0], measure: 256, concurrency: 8, statements: false)
        var rounds: [StoreBench.Round] = []
        try await bench.run { rounds.append($0) }
        let round = try XCTUnwrap(rounds.first)
        XCTAssertTrue(round.storedOnce, "every record stored once, the queue emptied")
        XCTAssertEqual(round.stored, 256)
        let perCall = Double(round.stored) / Double(max(1, round.storeCalls))
        XCTAssertGreaterThanOrEqual(perCall, 6, "records per store call (\(round.storeCalls) calls for \(round.stored) records)")
    }

    /// 300 constructed queue entries, all leased in batches of 32 as a worker leases them: every
    /// row is still on the page it was inserted on (the lease's update of `lease_until`,
    /// `leased_by` and `lease_token` was HOT: no new entries in the queue's two indexes). With
    /// the table's full pages (fillfactor 100, before migration 11) the leased rows moved.
    func testLeasedQueueRowsStayOnTheirPages() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-hot")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.hostDelay = 0
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        let db = folder.database
        func link(_ i: Int) -> String { "https://hot.example/berita/2026/12/06/artikel-\(i)" }
        try await folder.enqueue((0..<300).map { i in
            FrontierEntry(url: link(i), id: Hash64.hex(Hash64.of(link(i))), host: "hot.example", priority: Int64(300 - i), modified: nil)
        }, schedule: "s")
        func pages() async throws -> [String: String] {
            let rows = try await db.query("SELECT url, split_part(trim(ctid::text, '()'), ',', 1) FROM kabar_queue")
            var out: [String: String] = [:]
            for row in rows {
                let (u, page) = try row.decode((String, String).self)
                out[u] = page
            }
            return out
        }
        let before = try await pages()
        XCTAssertEqual(before.count, 300)
        var leased = 0
        while true {
            let batch = try await folder.next(schedule: "s", limit: 32)
            if batch.isEmpty { break }
            leased += batch.count
        }
        XCTAssertEqual(leased, 300)
        let after = try await pages()
        let moved = before.filter { after[$0.key] != $0.value }.count
        XCTAssertEqual(moved, 0, "leased rows moved to another page (\(moved) of 300): the lease's update was not HOT")
        let fillfactor = try await db.query("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'kabar_queue'")
        XCTAssertEqual(try fillfactor.first?.decode(String?.self), "fillfactor=40")
        await folder.close()
    }

    /// A group of 8 constructed new records, then a group holding an exact copy, a near copy and
    /// the exact copy's URL again with new text (a duplicate until now: updated, written), stored
    /// set-wise: the outcomes and rows are right, and the WAL between the two ends holds no
    /// speculative-insertion confirmation (`HEAP_CONFIRM`, pg_walinspect): the records and band
    /// rows were inserted plainly. With version 10's `ON CONFLICT` inserts the first group wrote
    /// 40 (a record and four band rows each).
    func testAGroupInsertsItsNewRecordsWithoutConflictChecks() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-plain")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let db = folder.database
        do {
            try await db.query("CREATE EXTENSION pg_walinspect")
        } catch {
            throw XCTSkip("pg_walinspect is not available (\(error)); skipped")
        }
        func link(_ i: Int) -> String { "https://p.example/berita/\(i)" }
        func text(_ i: Int) -> String { (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ") }
        func article(_ i: Int, text t: String, simhash: UInt64? = nil) -> Article {
            Article(id: Hash64.hex(Hash64.of(link(i))), url: link(i), canonicalURL: link(i), site: "p", extractor: "test/1", text: t,
                    contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(simhash ?? SimHash.of(t)))
        }
        func confirmations(_ body: () async throws -> Void) async throws -> Int64 {
            let lsn = try await db.query("SELECT pg_current_wal_insert_lsn()::text")
            let start = try XCTUnwrap(lsn.first).decode(String.self)
            try await body()
            try await db.query("CHECKPOINT")
            let rows = try await db.query("""
                SELECT count(*)::bigint FROM pg_get_wal_records_info(\(start)::pg_lsn, pg_current_wal_flush_lsn())
                WHERE resource_manager = 'Heap' AND record_type = 'HEAP_CONFIRM'
                """)
            return try XCTUnwrap(rows.first).decode(Int64.self)
        }
        try await folder.startRun(command: "test")
        let eight = (0..<8).map { article($0, text: text($0)) }
        let first = try await confirmations {
            let outcomes = try await folder.store(eight)
            XCTAssertEqual(outcomes, Array(repeating: .written(revision: 1), count: 8))
        }
        XCTAssertEqual(first, 0, "speculative insertions for a group of 8 new records")

        // 8: an exact copy of 0; 9: a near copy of 1 (its SimHash 2 bits off); then 8 again with a
        // text of its own (a duplicate until now: written) next to a new record.
        let s1 = PostgresFolder.key(eight[1].simhash) ?? 0
        let copies = [article(8, text: text(0)), article(9, text: text(1) + " lagi", simhash: UInt64(bitPattern: s1) ^ 0b101)]
        let second = try await confirmations {
            let outcomes = try await folder.store(copies)
            XCTAssertEqual(outcomes, [.duplicate(of: eight[0].id, kind: .exact, distance: 0),
                                      .duplicate(of: eight[1].id, kind: .near, distance: 2)])
            let again = try await folder.store([article(8, text: text(18)), article(10, text: text(10))])
            XCTAssertEqual(again, [.written(revision: 1), .written(revision: 1)])
        }
        XCTAssertEqual(second, 0)
        let rows = try await db.query("""
            SELECT kind, revision, duplicate_of, record IS NOT NULL, url FROM kabar_records WHERE id = \(PostgresFolder.key(Hash64.hex(Hash64.of(link(8)))) ?? 0)
            """)
        let (kind, revision, original, hasLine, storedURL) = try XCTUnwrap(rows.first).decode((Int16, Int32, Int64?, Bool, String).self)
        XCTAssertEqual(kind, 0); XCTAssertEqual(revision, 1); XCTAssertNil(original); XCTAssertTrue(hasLine); XCTAssertEqual(storedURL, link(8))
        let counts = try await db.query("SELECT count(*)::bigint, (SELECT count(*)::bigint FROM kabar_bands) FROM kabar_records")
        let (records, bands) = try XCTUnwrap(counts.first).decode((Int64, Int64).self)
        XCTAssertEqual(records, 11)
        XCTAssertEqual(bands, 40, "four band rows for each of the 10 records written")
        await folder.close()
    }
}
