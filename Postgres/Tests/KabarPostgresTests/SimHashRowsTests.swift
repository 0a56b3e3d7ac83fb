import Foundation
import KabarCore
@testable import KabarPostgres
import PostgresNIO
import XCTest

/// Schema migration 18: a written record's SimHash is one `kabar_simhashes` row (its first four
/// band values as columns), not four `kabar_bands` rows, and the dedup probes find exactly the
/// candidates the band rows gave.
extension SharedFrontierTests {
    /// One store through `kabar_store` (the group of one) with a constructed SimHash: its outcome
    /// as `outcome original distance`.
    private func storeConstructed(_ db: Database, run: Int64, id: Int64, content: Int64, simhash: UInt64, distance: Int) async throws -> String {
        let bands = SimHashBandLayout(distance: distance).values(simhash).map { Int($0) }
        let rows = try await db.query(PostgresQuery(unsafeSQL: """
            SELECT o_outcome, coalesce(o_original, 0), o_distance FROM kabar_store(\(id), \(content), \(Int64(bitPattern: simhash)),
              ARRAY[\(bands.map(String.init).joined(separator: ","))]::int[], true, \(distance), 's', '2026-12-07', 'https://s.example/\(id)',
              '{"id":"\(id)","revision":1,"text":"t"}', 'w.warc.gz', 0, 'w', \(run), NULL, NULL, 200, NULL, NULL)
            """))
        let (outcome, original, d) = try XCTUnwrap(rows.first).decode((String, Int64, Int32).self)
        return "\(outcome) \(original) \(d)"
    }

    /// The first four band values of `h` with `distance + 1` bands, as `simhashRows` gives them.
    private func values(_ h: UInt64, _ distance: Int) -> String {
        SimHashBandLayout(distance: distance).values(h).prefix(4).map(String.init).joined(separator: " ")
    }

    /// `kabar_simhashes` as `id simhash b0 b1 b2 b3` (hexadecimal SimHash, `-` for NULL).
    private func simhashRows(_ db: Database) async throws -> [String] {
        var kept: [String] = []
        for row in try await db.query("SELECT id, simhash, b0, b1, b2, b3 FROM kabar_simhashes ORDER BY id, simhash") {
            let (id, simhash, b0, b1, b2, b3) = try row.decode((Int64, Int64, Int32?, Int32?, Int32?, Int32?).self)
            kept.append("\(id) \(String(UInt64(bitPattern: simhash), radix: 16)) " + [b0, b1, b2, b3].map { $0.map(String.init) ?? "-" }.joined(separator: " "))
        }
        return kept
    }

    /// The same stores against a database of schema 17 (band rows) and one of today's schema:
    /// revisions whose SimHash shares band values with the one before, near copies found through
    /// a revision's new value, one found only through a shared value (whose row keeps the first
    /// revision's SimHash, 4 bits away: written, as the band rows decided), exact copies, and with
    /// distance 5 (six bands) a near copy sharing only bands five and six.
    /// (A copy of a revised record's latest text is found as a near copy at distance 0, not as an
    /// exact one, when the revision's first band value is its first revision's: the band rows'
    /// behaviour, kept.) Every outcome the same
    /// in both; today's database keeps one `kabar_simhashes` row per written SimHash (a revision's
    /// holding only its new values) and only bands from the fifth on as `kabar_bands` rows (band
    /// rows of schema 17 and 18 counted: 15 band rows against 4 SimHash rows and 2 band rows).
    func testTheSimHashRowsFindTheCandidatesTheBandRowsFound() async throws {
        let s: UInt64 = 0x0123_4567_89AB_CDEF
        let s1 = s ^ (1 << 20)  // A's revision: band 3 of 4 differs (bits 31...16)
        // (id, content, SimHash, distance): A written, revised; near copies of the revision.
        let steps: [(Int64, Int64, UInt64, Int)] = [
            (1, 100, s, 3),
            (1, 101, s1, 3),  // revision 2 of A
            (2, 102, s1 ^ (1 << 40) ^ (1 << 5), 3),  // 2 bits from s1 (via its new band 3 value), 3 from s
            (3, 103, s1 ^ (1 << 40) ^ (1 << 21) ^ (1 << 3), 3),  // 3 from s1 but shares only band 1 (row of s, 4 bits): written
            (4, 101, s1, 3),  // A's latest text under another URL: its band 1 row holds s, so near at 0 (no exact probe hit)
            (5, 100, s, 3),  // A's first text: not its latest content, so near at 0 (its first SimHash), not exact
            (1, 100, s, 3),  // A's first text again: unchanged (an older revision)
            (6, 200, 0xFEDC_BA98_7654_3210, 5),  // six bands from here on
            (7, 201, 0xFEDC_BA98_7654_3210 ^ (1 << 63) ^ (1 << 52) ^ (1 << 41) ^ (1 << 30), 5),  // shares only bands 5 and 6
        ]
        func run(_ db: Database) async throws -> [String] {
            let run = try await db.query("INSERT INTO kabar_runs(command, worker) VALUES ('test', 'w') RETURNING id")
            let id = try XCTUnwrap(run.first).decode(Int64.self)
            var out: [String] = []
            for (record, content, simhash, distance) in steps {
                out.append(try await storeConstructed(db, run: id, id: record, content: content, simhash: simhash, distance: distance))
            }
            return out
        }
        let before = try await Database(url: DatabaseURL(try await database()), connections: 1)
        defer { before.close() }
        try await Migrator.migrate(before, upTo: 17)
        let now = try await Database(url: DatabaseURL(try await database()), connections: 1)
        defer { now.close() }
        try await Migrator.migrate(now)
        let expected = ["written 0 0", "written 0 0", "near 1 2", "written 0 0", "near 1 0", "near 1 0", "unchanged 0 0",
                        "written 0 0", "near 6 4"]
        let old = try await run(before)
        XCTAssertEqual(old, expected, "schema 17")
        let new = try await run(now)
        XCTAssertEqual(new, old, "the same outcomes as with band rows")

        // Written SimHashes: A's two revisions, 3 and 6 (2, 4, 5 and 7 are duplicates: no bands).
        let kept = try await simhashRows(now)
        let v1 = SimHashBandLayout(distance: 3).values(s1)
        let t6: UInt64 = 0xFEDC_BA98_7654_3210
        let s3 = s1 ^ (1 << 40) ^ (1 << 21) ^ (1 << 3)
        XCTAssertEqual(kept.sorted(), [
            "1 \(String(s, radix: 16)) \(values(s, 3))",
            "1 \(String(s1, radix: 16)) - - \(v1[2]) -",
            "3 \(String(s3, radix: 16)) \(values(s3, 3))",
            "6 \(String(t6, radix: 16)) \(values(t6, 5))",
        ].sorted())
        let bands = try await now.query("SELECT band, count(*)::bigint FROM kabar_bands GROUP BY band ORDER BY band")
        var perBand: [String] = []
        for row in bands { let (b, n) = try row.decode((Int16, Int64).self); perBand.append("\(b):\(n)") }
        XCTAssertEqual(perBand, ["4:1", "5:1"], "only the fifth and sixth bands of 6 as rows")
        let old4 = try await before.query("SELECT count(*)::bigint FROM kabar_bands")
        XCTAssertEqual(try XCTUnwrap(old4.first).decode(Int64.self), 4 + 1 + 4 + 6)
    }

    /// Migration 18 on a database of schema 17 holding band rows (two revisions of one record
    /// sharing three values, a record with six bands): each (record, SimHash) becomes one row
    /// with the values it had, bands from the fifth on stay rows, and a near copy of the first
    /// revision is then found as before the migration.
    func testMigration18MovesTheBandRowsIntoSimHashRows() async throws {
        let db = try await Database(url: DatabaseURL(try await database()), connections: 1)
        defer { db.close() }
        try await Migrator.migrate(db, upTo: 17)
        let run = try await db.query("INSERT INTO kabar_runs(command, worker) VALUES ('test', 'w') RETURNING id")
        let id = try XCTUnwrap(run.first).decode(Int64.self)
        let s: UInt64 = 0x0123_4567_89AB_CDEF, s1 = s ^ (1 << 20), t: UInt64 = 0xFEDC_BA98_7654_3210
        let stored = [try await storeConstructed(db, run: id, id: 1, content: 100, simhash: s, distance: 3),
                      try await storeConstructed(db, run: id, id: 1, content: 101, simhash: s1, distance: 3),
                      try await storeConstructed(db, run: id, id: 6, content: 200, simhash: t, distance: 5)]
        XCTAssertEqual(stored, ["written 0 0", "written 0 0", "written 0 0"])
        try await Migrator.migrate(db)
        let kept = try await simhashRows(db)
        let v1 = SimHashBandLayout(distance: 3).values(s1), w = SimHashBandLayout(distance: 5).values(t)
        XCTAssertEqual(kept.sorted(), ["1 \(String(s, radix: 16)) \(values(s, 3))", "1 \(String(s1, radix: 16)) - - \(v1[2]) -",
                                       "6 \(String(t, radix: 16)) \(values(t, 5))"].sorted())
        let left = try await db.query("SELECT band, value, id FROM kabar_bands ORDER BY band")
        var bands: [String] = []
        for row in left { let (b, value, id) = try row.decode((Int16, Int32, Int64).self); bands.append("\(b) \(value) \(id)") }
        XCTAssertEqual(bands, ["4 \(w[4]) 6", "5 \(w[5]) 6"])
        // A near copy of the first revision sharing only its first band (3 bits away).
        let near = try await storeConstructed(db, run: id, id: 2, content: 102, simhash: s ^ (1 << 40) ^ (1 << 25) ^ (1 << 5), distance: 3)
        XCTAssertEqual(near, "near 1 3")
    }
}
