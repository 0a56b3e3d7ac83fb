import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// A stored record's fetch metadata lives in its `kabar_records` row, `kabar_seen` only for
/// fetches that wrote no record row (schema migration 12); the lease and `known` read the newer.
extension SharedFrontierTests {
    /// 8 constructed articles leased and stored together (one set-wise group), each completing
    /// its entry with status 200 and an ETag of its own (a Last-Modified for every other one):
    /// no `kabar_seen` row is written, each record's row holds its status, ETag and
    /// Last-Modified, and the lease of the same URLs again hands them back for a conditional
    /// GET. A later 304 of one of them (a completion: no record row written) is kept in
    /// `kabar_seen` and is what `known` then gives for that URL; the others keep their record's.
    /// Before migration 12 the group wrote 8 `kabar_seen` rows and the records' rows had none.
    func testAStoredRecordsFetchMetadataIsInItsRow() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-fetched")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.hostDelay = 0
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        let db = folder.database
        func link(_ i: Int) -> String { "https://f.example/berita/\(i)" }
        func id(_ i: Int) -> String { Hash64.hex(Hash64.of(link(i))) }
        func article(_ i: Int) -> Article {
            let t = (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ")
            return Article(id: id(i), url: link(i), canonicalURL: link(i), site: "f", extractor: "test/1", text: t,
                           contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(SimHash.of(t)))
        }
        func lastModified(_ i: Int) -> String? { i % 2 == 0 ? "Sun, 06 Dec 2026 0\(i):00:00 GMT" : nil }
        let entries = (0..<8).map { FrontierEntry(url: link($0), id: id($0), host: "f.example", priority: Int64(8 - $0), modified: nil) }
        try await folder.startRun(command: "test")
        try await folder.enqueue(entries, schedule: "s")
        let leased = try await folder.next(schedule: "s", limit: 8)
        XCTAssertEqual(leased.count, 8)
        let outcomes = try await withThrowingTaskGroup(of: StoreOutcome.self) { group in
            for e in leased {
                let i = try XCTUnwrap(entries.firstIndex { $0.url == e.url })
                group.addTask {
                    try await folder.store(article(i), completion: .done(e, status: 200, etag: "e\(i)", lastModified: lastModified(i)),
                                           schedule: "s")
                }
            }
            var out: [StoreOutcome] = []
            for try await o in group { out.append(o) }
            return out
        }
        XCTAssertEqual(outcomes, Array(repeating: .written(revision: 1), count: 8))
        let seen = try await db.query("SELECT count(*)::bigint FROM kabar_seen")
        XCTAssertEqual(try XCTUnwrap(seen.first).decode(Int64.self), 0, "kabar_seen rows written for stored records")
        let rows = try await db.query("SELECT url, status, etag, last_modified, fetched_at IS NOT NULL FROM kabar_records ORDER BY url")
        var kept: [String: (Int32?, String?, String?, Bool)] = [:]
        for row in rows {
            let (u, status, etag, lm, fetched) = try row.decode((String, Int32?, String?, String?, Bool).self)
            kept[u] = (status, etag, lm, fetched)
        }
        XCTAssertEqual(kept.count, 8)
        for i in 0..<8 {
            let k = try XCTUnwrap(kept[link(i)])
            XCTAssertEqual(k.0, 200); XCTAssertEqual(k.1, "e\(i)"); XCTAssertEqual(k.2, lastModified(i)); XCTAssertTrue(k.3)
        }

        // Queued again (a refresh): the lease hands back each record's validators.
        try await folder.enqueue(entries, schedule: "s")
        let again = try await folder.next(schedule: "s", limit: 8)
        XCTAssertEqual(again.count, 8)
        for i in 0..<8 {
            let known = try await folder.known(id: id(i))
            XCTAssertTrue(known.stored)
            XCTAssertEqual(known.seen?.status, 200); XCTAssertEqual(known.seen?.etag, "e\(i)")
            XCTAssertEqual(known.seen?.lastModified, lastModified(i))
        }
        // Entry 0 not modified: kept in kabar_seen, and the URL's metadata from now on.
        let first = try XCTUnwrap(again.first { $0.url == link(0) })
        try await folder.complete(.done(first, status: 304, etag: "n0", lastModified: nil), schedule: "s")
        let seenAfter = try await db.query("SELECT count(*)::bigint FROM kabar_seen")
        XCTAssertEqual(try XCTUnwrap(seenAfter.first).decode(Int64.self), 1)
        let zero = try await folder.known(id: id(0))
        XCTAssertTrue(zero.stored)
        XCTAssertEqual(zero.seen?.status, 304); XCTAssertEqual(zero.seen?.etag, "n0"); XCTAssertNil(zero.seen?.lastModified)
        let one = try await folder.known(id: id(1))
        XCTAssertEqual(one.seen?.status, 200); XCTAssertEqual(one.seen?.etag, "e1")
        try await folder.finishRun(failed: 0)
        await folder.close()
    }

    /// A database of schema version 11 with two records and three `kabar_seen` rows (two of
    /// them the records', one a URL fetched and not stored), migrated: the records' rows hold
    /// their fetch metadata, `kabar_seen` keeps only the URL without a record, and the lease
    /// and `known` give the same metadata as before.
    func testMigration12MovesStoredRecordsFetchMetadataIntoTheirRows() async throws {
        let url = try await database()
        let db = try await Database(url: DatabaseURL(url), connections: 1)
        defer { db.close() }
        try await Migrator.migrate(db, upTo: 11)
        try await db.query("""
            INSERT INTO kabar_records(id, kind, revision, content_hash, simhash, site, day, url)
            VALUES (1, 0, 1, 11, 12, 'm', '2026-12-06', 'https://m.example/1'), (2, 1, 0, 21, 22, 'm', '2026-12-06', 'https://m.example/2')
            """)
        try await db.query("""
            INSERT INTO kabar_seen(id, url, fetched_at, status, etag, last_modified)
            VALUES (1, 'https://m.example/1', 1000, 200, 'a', 'Sat, 05 Dec 2026 10:00:00 GMT'),
                   (2, 'https://m.example/2', 1001, 203, NULL, NULL),
                   (3, 'https://m.example/3', 1002, 304, 'c', NULL)
            """)
        try await Migrator.migrate(db)
        let version = try await db.query("SELECT value FROM kabar_meta WHERE key = 'schema_version'")
        XCTAssertEqual(try XCTUnwrap(version.first).decode(String.self), String(Schema.migrations.count))
        let records = try await db.query("SELECT id, fetched_at, status, etag, last_modified FROM kabar_records ORDER BY id")
        let moved = try records.map { try $0.decode((Int64, Int64?, Int32?, String?, String?).self) }
        XCTAssertEqual(moved.count, 2)
        XCTAssertEqual(moved[0].1, 1000); XCTAssertEqual(moved[0].2, 200); XCTAssertEqual(moved[0].3, "a")
        XCTAssertEqual(moved[0].4, "Sat, 05 Dec 2026 10:00:00 GMT")
        XCTAssertEqual(moved[1].1, 1001); XCTAssertEqual(moved[1].2, 203); XCTAssertNil(moved[1].3); XCTAssertNil(moved[1].4)
        let left = try await db.query("SELECT id FROM kabar_seen ORDER BY id")
        XCTAssertEqual(try left.map { try $0.decode(Int64.self) }, [3])

        let scratch = try Executables.temporaryFolder("pg-moved")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.hostDelay = 0
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        let entries = [1, 2, 3].map { i in
            FrontierEntry(url: "https://m.example/\(i)", id: PostgresFolder.hex(Int64(i)), host: "m.example", priority: Int64(10 - i), modified: nil)
        }
        try await folder.enqueue(entries, schedule: "s")
        let leased = try await folder.next(schedule: "s", limit: 3)
        XCTAssertEqual(leased.count, 3)
        var got: [Int64: (Bool, Int64?, String?)] = [:]
        for i in [1, 2, 3] as [Int64] {
            let known = try await folder.known(id: PostgresFolder.hex(i))
            got[i] = (known.stored, known.seen?.fetchedAt, known.seen?.etag)
        }
        XCTAssertEqual(got[1]?.0, true); XCTAssertEqual(got[1]?.1, 1000); XCTAssertEqual(got[1]?.2, "a")
        XCTAssertEqual(got[2]?.0, true); XCTAssertEqual(got[2]?.1, 1001); XCTAssertNil(got[2]?.2)
        XCTAssertEqual(got[3]?.0, false); XCTAssertEqual(got[3]?.1, 1002); XCTAssertEqual(got[3]?.2, "c")
        await folder.close()
    }
}
