import Foundation
import KabarCore
@testable import KabarPostgres
import KabarTesting
import XCTest

/// The dedup probes read the candidates' SimHashes from the band index (schema migration 15; since
/// migration 18 the indexes of `kabar_simhashes`' band columns), not from the rows: an index-only
/// scan, no heap visit per candidate.
extension SharedFrontierTests {
    /// Twenty constructed articles stored, `kabar_simhashes` filled with 8 192 constructed rows and
    /// vacuumed (as autovacuum keeps it),
    /// then exact copies of ten of them under new URLs and ten new articles: the copies are
    /// found as exact duplicates of the right records, the new ones written, and the probes read
    /// the band indexes (`idx_tup_read` grows) without fetching a single row from the heap
    /// (`idx_tup_fetch` of `kabar_simhashes`' indexes does not move). Before migration 15 the
    /// exact probe fetched each candidate's band row for its SimHash: ten heap fetches at least.
    func testTheDedupProbesReadTheBandIndexOnly() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-band-index")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        var db = folder.database
        func link(_ i: Int) -> String { "https://band.example/berita/\(i)" }
        func text(_ i: Int) -> String { (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ") }
        func article(_ i: Int, text t: String) -> Article {
            Article(id: Hash64.hex(Hash64.of(link(i))), url: link(i), canonicalURL: link(i), site: "b", extractor: "test/1", text: t,
                    contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(SimHash.of(t)))
        }
        try await folder.startRun(command: "test")
        let originals = (0..<20).map { article($0, text: text($0)) }
        let written = try await folder.store(originals)
        XCTAssertEqual(written, Array(repeating: .written(revision: 1), count: 20))
        // Constructed SimHash rows of no record (SimHash 0: about 32 bits from any article's), so
        // that the table spans pages and its statistics make the probes index scans, as in a
        // database in service; then vacuumed and analysed (as autovacuum would), and the store's
        // statements planned afresh on new connections.
        try await db.query("""
            INSERT INTO kabar_simhashes(id, simhash, b0, b1, b2, b3) SELECT -(v + 1), 0, v, v, v, v
            FROM generate_series(0, 65535, 8) v
            """)
        // The commits flushed first (the test server commits asynchronously): VACUUM marks a
        // page all-visible only once its rows' commits are known to be durable.
        try await db.query("CHECKPOINT")
        try await db.query("VACUUM ANALYZE kabar_simhashes")
        await folder.close()
        let again = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        try await again.startRun(command: "test")
        db = again.database

        func counters() async throws -> (read: Int64, fetched: Int64) {
            let rows = try await db.query("""
                SELECT coalesce(sum(idx_tup_read), 0)::bigint, coalesce(sum(idx_tup_fetch), 0)::bigint FROM pg_stat_user_indexes
                WHERE relname = 'kabar_simhashes'
                """)
            return try XCTUnwrap(rows.first).decode((Int64, Int64).self)
        }
        // Backends report their statistics at most once a second, when idle: waited for.
        func settled(after previous: (read: Int64, fetched: Int64)?) async throws -> (read: Int64, fetched: Int64) {
            var now = try await counters()
            for _ in 0..<60 where previous.map({ now.read <= $0.read }) ?? false {
                try await Task.sleep(nanoseconds: 250_000_000)
                now = try await counters()
            }
            try await Task.sleep(nanoseconds: 1_500_000_000)
            return try await counters()
        }
        let before = try await settled(after: nil)
        let copies = (20..<30).map { article($0, text: text($0 - 20)) }
        let fresh = (30..<40).map { article($0, text: text($0)) }
        let outcomes = try await again.store(copies + fresh)
        XCTAssertEqual(outcomes, originals[0..<10].map { .duplicate(of: $0.id, kind: .exact, distance: 0) }
                       + Array(repeating: .written(revision: 1), count: 10))
        let after = try await settled(after: before)
        XCTAssertGreaterThan(after.read, before.read, "the probes read the band indexes")
        XCTAssertEqual(after.fetched - before.fetched, 0,
                       "SimHash rows fetched from the heap by the probes (an index-only scan fetches none of a vacuumed table)")
        let index = try await db.query("""
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = 'kabar_simhashes'::regclass
            ORDER BY pg_get_indexdef(i.indexrelid)
            """)
        var definitions: [String] = []
        for row in index { definitions.append(try row.decode(String.self)) }
        XCTAssertEqual(definitions, (0..<4).map {
            "CREATE INDEX kabar_simhashes_b\($0) ON public.kabar_simhashes USING btree (b\($0), id) INCLUDE (simhash) WHERE (b\($0) IS NOT NULL)"
        })
        await again.close()
    }
}
