import Foundation
import KabarCore
@testable import KabarPostgres
import KabarTesting
import XCTest

/// The dedup probes read the band rows' SimHashes from their index (schema migration 15), not
/// from the rows: an index-only scan, no heap visit per candidate.
extension SharedFrontierTests {
    /// Twenty constructed articles stored, the band table filled with 32 768 constructed rows and
    /// vacuumed (as autovacuum keeps it),
    /// then exact copies of ten of them under new URLs and ten new articles: the copies are
    /// found as exact duplicates of the right records, the new ones written, and the probes read
    /// the band index (`idx_tup_read` grows) without fetching a single band row from the heap
    /// (`idx_tup_fetch` of `kabar_bands`' index does not move). Before migration 15 the exact probe
    /// fetched each candidate's row for its SimHash: ten heap fetches at least.
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
        // Constructed band rows of no record (SimHash 0: about 32 bits from any article's), so
        // that the table spans pages and its statistics make the probes index scans, as in a
        // database in service; then vacuumed and analysed (as autovacuum would), and the store's
        // statements planned afresh on new connections.
        try await db.query("""
            INSERT INTO kabar_bands(band, value, id, simhash) SELECT b, v, -(b * 65536 + v + 1), 0
            FROM generate_series(0, 3) b, generate_series(0, 65535, 8) v
            """)
        // The commits flushed first (the test server commits asynchronously): VACUUM marks a
        // page all-visible only once its rows' commits are known to be durable.
        try await db.query("CHECKPOINT")
        try await db.query("VACUUM ANALYZE kabar_bands")
        await folder.close()
        let again = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        try await again.startRun(command: "test")
        db = again.database

        func counters() async throws -> (read: Int64, fetched: Int64) {
            let rows = try await db.query("""
                SELECT coalesce(sum(idx_tup_read), 0)::bigint, coalesce(sum(idx_tup_fetch), 0)::bigint FROM pg_stat_user_indexes
                WHERE relname = 'kabar_bands'
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
        XCTAssertGreaterThan(after.read, before.read, "the probes read the band index")
        XCTAssertEqual(after.fetched - before.fetched, 0,
                       "band rows fetched from the heap by the probes (an index-only scan fetches none of a vacuumed table)")
        let index = try await db.query("""
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = 'kabar_bands'::regclass AND i.indisprimary
            """)
        XCTAssertEqual(try XCTUnwrap(index.first).decode(String.self),
                       "CREATE UNIQUE INDEX kabar_bands_pkey ON public.kabar_bands USING btree (band, value, id) INCLUDE (simhash)")
        await again.close()
    }
}
