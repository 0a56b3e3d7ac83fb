import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// A worker's pass summary says how many of its revisions had the same text and other fields
/// changed, next to its revisions, as `kabar-postgres extract` and `reextract` do.
extension SharedFrontierTests {
    /// Twelve pages stored by a first worker's pass; their rows' fields digests then changed
    /// (as after a plugin fix: the stored fields differ from what the extractor reads now, the
    /// text the same) and the schedule due again with `refresh`: a second worker's pass, as
    /// `kabar-postgres worker` logs it, says "revised 12 (12 with the same text, other fields
    /// changed)", and `--json` `revised_fields` 12 after `revised`; a third pass, nothing
    /// changed, leaves it out of the line and says 0 in the JSON.
    func testTheWorkersSummarySaysTheRevisionsWithTheSameText() async throws {
        let url = try await database()
        let site = try WorkerTestSite(articles: 12)
        let scratch = try Executables.temporaryFolder("pg-serve-fields")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var schedule = try makeSchedule(site, folder: scratch)
        func serveOnce(_ name: String, json: Bool = false) async throws -> String {
            let w = try await worker(url, name, scratch)
            let logged = LoggedLines()
            try await w.serve([schedule], json: json) { report in logged.append(report); w.stop.stop() }
            await w.folder.close()
            XCTAssertEqual(logged.all.count, 1, "\(logged.all)")
            return logged.all.first ?? ""
        }
        // Makes the schedule due again (its last start two hours back; it runs every hour).
        func due(_ db: Database) async throws {
            try await db.query("UPDATE kabar_schedule_runs SET started_at = started_at - 7200 WHERE schedule = \(schedule.name)")
        }
        let db = try await Database(url: DatabaseURL(url), connections: 1)
        defer { db.close() }

        let first = try await serveOnce("w0")
        XCTAssertTrue(first.hasPrefix("\(schedule.name): ok;") && first.contains("stored 12, revised 0, unchanged 0,"), first)

        try await db.query("UPDATE kabar_records SET fields = fields # 1 WHERE kind = 0")
        try await due(db)
        schedule.refresh = true
        let second = try await serveOnce("w1")
        XCTAssertTrue(second.contains(", revised 12 (12 with the same text, other fields changed), unchanged 0,"), second)

        try await db.query("UPDATE kabar_records SET fields = fields # 1 WHERE kind = 0 AND url LIKE '%-nomor-1%'")
        try await due(db)
        let third = try await serveOnce("w2", json: true)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(third.utf8)) as? [String: Any], third)
        XCTAssertEqual(object["revised"] as? Int, 3, third)
        XCTAssertEqual(object["revised_fields"] as? Int, 3, third)
        XCTAssertTrue(third.contains("\"revised\":3,\"revised_fields\":3,\"unchanged\":9,"), third)

        try await due(db)
        let fourth = try await serveOnce("w3")
        XCTAssertTrue(fourth.contains(", revised 0, unchanged 12,"), fourth)
    }
}
