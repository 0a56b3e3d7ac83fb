import Foundation
import KabarCore
@testable import KabarPostgres
import PostgresNIO
import XCTest

/// An exact copy of a revised record's latest text is an exact duplicate of that record (migration
/// 18), as in the embedded store, also when the latest text's band 0 value is its first revision's
/// (whose band 0 row keeps the first revision's SimHash).
extension SharedFrontierTests {
    /// Constructed records stored through `kabar_store_many` as one group (`records` as (id,
    /// content hash, SimHash), distance 3: four bands); the outcomes as `outcome original distance`.
    private func storeGroup(_ db: Database, run: Int64, _ records: [(Int64, Int64, UInt64)]) async throws -> [String] {
        let layout = SimHashBandLayout(distance: 3)
        func array(_ values: [String], _ type: String) -> String { "ARRAY[\(values.joined(separator: ","))]::\(type)[]" }
        let ids = records.map { String($0.0) }
        let texts = records.map { "'{\"id\":\"\($0.0)\",\"revision\":1,\"text\":\"t\"}'" }
        let rows = try await db.query(PostgresQuery(unsafeSQL: """
            SELECT o_outcome, coalesce(o_original, 0), o_distance FROM kabar_store_many(
              \(array(ids, "bigint")), \(array(records.map { String($0.1) }, "bigint")),
              \(array(records.map { String(Int64(bitPattern: $0.2)) }, "bigint")),
              \(array(records.flatMap { layout.values($0.2).map { String(Int($0)) } }, "int")), \(layout.values(0).count),
              \(array(records.map { _ in "true" }, "boolean")), 3, \(array(records.map { _ in "'s'" }, "text")),
              \(array(records.map { _ in "'2026-12-07'" }, "text")), \(array(records.map { "'https://s.example/\($0.0)'" }, "text")),
              \(array(texts, "text")), \(array(records.map { _ in "'w.warc.gz'" }, "text")), \(array(records.map { _ in "0" }, "bigint")),
              'w', \(run), \(array(records.map { _ in "NULL" }, "text")), \(array(records.map { _ in "NULL" }, "text")),
              \(array(records.map { _ in "200" }, "int")), \(array(records.map { _ in "NULL" }, "text")),
              \(array(records.map { _ in "NULL" }, "text")), NULL::bigint, NULL::bigint[])
            """))
        return try rows.map { row in
            let (outcome, original, d) = try row.decode((String, Int64, Int32).self)
            return "\(outcome) \(original) \(d)"
        }
    }

    func testACopyOfARevisedRecordsLatestTextIsAnExactDuplicate() async throws {
        let s: UInt64 = 0x0123_4567_89AB_CDEF
        let s1 = s ^ (1 << 20)  // the revision's SimHash: one band differs, band 0 the same
        let (v, v1) = (SimHashBandLayout(distance: 3).values(s), SimHashBandLayout(distance: 3).values(s1))
        XCTAssertEqual(v[0], v1[0], "the revision keeps its first revision's band 0 value")
        XCTAssertNotEqual(v, v1)

        let db = try await Database(url: DatabaseURL(try await database()), connections: 1)
        defer { db.close() }
        try await Migrator.migrate(db)
        let runs = try await db.query("INSERT INTO kabar_runs(command, worker) VALUES ('test', 'w') RETURNING id")
        let run = try XCTUnwrap(runs.first).decode(Int64.self)
        var out: [String] = []
        out += try await storeGroup(db, run: run, [(1, 100, s)])        // A written
        out += try await storeGroup(db, run: run, [(1, 101, s1)])       // A revised (the record-by-record path)
        out += try await storeGroup(db, run: run, [(2, 101, s1)])       // A's latest text, another URL (set-wise)
        out += try await storeGroup(db, run: run, [(3, 100, s)])        // A's first text: not its latest content
        out += try await storeGroup(db, run: run, [(4, 101, s1), (5, 101, s1)])  // two copies in one group: record by record
        XCTAssertEqual(out, ["written 0 0", "written 0 0", "exact 1 0", "near 1 0", "exact 1 0", "exact 1 0"])

        var kinds: [String] = []
        for row in try await db.query("SELECT id, kind, coalesce(duplicate_of, 0) FROM kabar_records ORDER BY id") {
            let (id, kind, original) = try row.decode((Int64, Int16, Int64).self)
            kinds.append("\(id) \(kind) \(original)")
        }
        XCTAssertEqual(kinds, ["1 0 0", "2 1 1", "3 2 1", "4 1 1", "5 1 1"])
        let runRows = try await db.query("SELECT exact_duplicates, near_duplicates FROM kabar_runs WHERE id = \(run)")
        let counts = try XCTUnwrap(runRows.first).decode((Int32, Int32).self)
        XCTAssertEqual("\(counts.0) \(counts.1)", "3 1")
    }
}
