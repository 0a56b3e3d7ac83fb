import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// A written record's SimHash bands as one GIN-indexed array in its `kabar_records` row (schema
/// migration 14), `kabar_bands` rows only for what one row cannot hold (a revised record's
/// bands); the near-duplicate decisions as before (docs/POSTGRES.md, "Migration 14").
extension SharedFrontierTests {
    func bandArticle(_ i: Int, text t: String, simhash: UInt64? = nil) -> Article {
        let link = "https://bands.example/berita/\(i)"
        return Article(id: Hash64.hex(Hash64.of(link)), url: link, canonicalURL: link, site: "bands", extractor: "test/1", text: t,
                       contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(simhash ?? SimHash.of(t)))
    }

    func bandText(_ i: Int) -> String { (0..<40).map { "kata\(i)y\($0)" }.joined(separator: " ") }

    /// A group of 8 constructed new records stored set-wise: no `kabar_bands` row, each record's
    /// four bands in its row's `bands` (the values `SimHashBandLayout` cuts from its SimHash,
    /// tagged with their band), one index (GIN) on them. Before migration 14: 32 band rows.
    func testAWrittenRecordKeepsItsBandsInItsOwnRow() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-bandcols")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let db = folder.database
        try await folder.startRun(command: "test")
        let eight = (0..<8).map { bandArticle($0, text: bandText($0)) }
        let outcomes = try await folder.store(eight)
        XCTAssertEqual(outcomes, Array(repeating: .written(revision: 1), count: 8))
        let bandRows = try await db.query("SELECT count(*)::bigint FROM kabar_bands")
        XCTAssertEqual(try XCTUnwrap(bandRows.first).decode(Int64.self), 0, "band rows for records written set-wise")
        let layout = SimHashBandLayout(distance: 3)
        for a in eight {
            let id = try XCTUnwrap(PostgresFolder.key(a.id))
            let rows = try await db.query("SELECT bands FROM kabar_records WHERE id = \(id)")
            let tags = try XCTUnwrap(rows.first).decode([Int64]?.self)
            XCTAssertEqual(tags, layout.values(UInt64(a.simhash, radix: 16)!).enumerated().map { Schema.bandTag(band: $0.offset, value: $0.element) })
        }
        let indexes = try await db.query("""
            SELECT count(*)::bigint FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'kabar_records'::regclass AND c.relname LIKE 'kabar_records_band%'
            """)
        XCTAssertEqual(try XCTUnwrap(indexes.first).decode(Int64.self), 1, "one index over the bands")
        try await folder.finishRun(failed: 0)
        await folder.close()
    }

    /// A record written set-wise (bands in its row), then revised with a text far from the first
    /// (the record-by-record path): its column bands move to `kabar_bands` with the first
    /// revision's SimHash and the new revision's bands are added there, first row of a (band,
    /// value) kept, as before migration 14. A near copy of the first revision is then a near
    /// duplicate at its distance from the first revision's SimHash, a near copy of the second one
    /// at its distance from the second's, and an exact copy of the second an exact duplicate.
    func testARevisedRecordsBandsMoveToBandRowsAndBothRevisionsFindTheirCopies() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-bandrev")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let db = folder.database
        try await folder.startRun(command: "test")
        let first = bandArticle(0, text: bandText(0), simhash: 0x0123_4567_89AB_CDEF)
        let again = try await folder.store([first])
        XCTAssertEqual(again, [.written(revision: 1)])
        let second = bandArticle(0, text: bandText(1), simhash: 0xFEDC_BA98_7654_3210)
        let revised = try await folder.store([second])
        XCTAssertEqual(revised, [.written(revision: 2)])
        let id = try XCTUnwrap(PostgresFolder.key(first.id))
        let columns = try await db.query("SELECT bands IS NULL FROM kabar_records WHERE id = \(id)")
        XCTAssertEqual(try XCTUnwrap(columns.first).decode(Bool.self), true, "a revised record's bands are rows")
        let rows = try await db.query("SELECT band::int, value, simhash FROM kabar_bands WHERE id = \(id) ORDER BY simhash, band")
        let got = try rows.map { try $0.decode((Int, Int32, Int64).self) }
        let layout = SimHashBandLayout(distance: 3)
        let expected = [(UInt64(0x0123_4567_89AB_CDEF)), UInt64(0xFEDC_BA98_7654_3210)].flatMap { s in
            layout.values(s).enumerated().map { ($0.offset, $0.element, Int64(bitPattern: s)) }
        }.sorted { ($0.2, $0.0) < ($1.2, $1.0) }
        XCTAssertEqual(got.map(\.0), expected.map(\.0)); XCTAssertEqual(got.map(\.1), expected.map(\.1)); XCTAssertEqual(got.map(\.2), expected.map(\.2))

        let nearFirst = bandArticle(1, text: bandText(2), simhash: 0x0123_4567_89AB_CDEF ^ 0b1001)
        let nearSecond = bandArticle(2, text: bandText(3), simhash: 0xFEDC_BA98_7654_3210 ^ 0b0111 << 20)
        let exactSecond = bandArticle(3, text: bandText(1), simhash: 0xFEDC_BA98_7654_3210)
        // The first two in one group (no band value shared: decided set-wise), the third alone.
        let copies = try await folder.store([nearFirst, nearSecond])
        XCTAssertEqual(copies, [.duplicate(of: first.id, kind: .near, distance: 2), .duplicate(of: first.id, kind: .near, distance: 3)])
        let exact = try await folder.store([exactSecond])
        XCTAssertEqual(exact, [.duplicate(of: first.id, kind: .exact, distance: 0)])
        try await folder.finishRun(failed: 0)
        await folder.close()
    }

    /// A database of schema version 13 with a record never revised (its four band rows), a
    /// revised one (eight band rows of two SimHashes) and a duplicate, migrated: the first
    /// record's bands are in its row and its band rows gone, the revised record's rows stay, and
    /// a near copy of each is found as before.
    func testMigration14MovesTheBandsOfRecordsNeverRevisedIntoTheirRows() async throws {
        let url = try await database()
        let db = try await Database(url: DatabaseURL(url), connections: 1)
        defer { db.close() }
        try await Migrator.migrate(db, upTo: 13)
        let layout = SimHashBandLayout(distance: 3)
        let s1: UInt64 = 0x1111_2222_3333_4444, s2old: UInt64 = 0x5555_6666_7777_8888, s2: UInt64 = 0x9999_AAAA_BBBB_CCCC
        try await db.query("""
            INSERT INTO kabar_records(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance)
            VALUES (1, 0, 1, 11, \(Int64(bitPattern: s1)), 'm', '2026-12-06', 'https://m.example/1', NULL, NULL),
                   (2, 0, 2, 21, \(Int64(bitPattern: s2)), 'm', '2026-12-06', 'https://m.example/2', NULL, NULL),
                   (3, 2, 0, 31, \(Int64(bitPattern: s1 ^ 1)), 'm', '2026-12-06', 'https://m.example/3', 1, 1)
            """)
        let bandRows = [(Int64(1), s1), (2, s2old), (2, s2)].flatMap { id, s in
            layout.values(s).enumerated().map { "(\($0.offset), \($0.element), \(id), \(Int64(bitPattern: s)))" }
        }
        try await db.query(PostgresQuery(unsafeSQL: "INSERT INTO kabar_bands(band, value, id, simhash) VALUES " + bandRows.joined(separator: ", ")
                                         + " ON CONFLICT DO NOTHING"))
        try await Migrator.migrate(db)
        let one = try await db.query("SELECT bands FROM kabar_records WHERE id = 1")
        XCTAssertEqual(try XCTUnwrap(one.first).decode([Int64]?.self),
                       layout.values(s1).enumerated().map { Schema.bandTag(band: $0.offset, value: $0.element) })
        let left = try await db.query("SELECT id, count(*)::bigint FROM kabar_bands GROUP BY id ORDER BY id")
        let counts = try left.map { try $0.decode((Int64, Int64).self) }
        XCTAssertEqual(counts.map(\.0), [2], "only the revised record keeps band rows")
        let others = try await db.query("SELECT bands IS NULL FROM kabar_records WHERE id IN (2, 3)")
        XCTAssertEqual(try others.map { try $0.decode(Bool.self) }, [true, true])

        let scratch = try Executables.temporaryFolder("pg-band14")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        try await folder.startRun(command: "test")
        let outcomes = try await folder.store([bandArticle(10, text: bandText(10), simhash: s1 ^ 0b11),
                                               bandArticle(11, text: bandText(11), simhash: s2old ^ 0b111 << 40)])
        XCTAssertEqual(outcomes, [.duplicate(of: PostgresFolder.hex(1), kind: .near, distance: 2),
                                  .duplicate(of: PostgresFolder.hex(2), kind: .near, distance: 3)])
        try await folder.finishRun(failed: 0)
        await folder.close()
    }
}
