import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarStore
import KabarTesting
import XCTest

/// A worker's run keeps its health per extractor in the database (schema migration 9), so the
/// next run, whichever worker makes it, is judged against the extractor's recent level.
extension SharedFrontierTests {
    func testAWorkersRunKeepsItsHealthForTheNextRun() async throws {
        let url = try await database()
        let site = try WorkerTestSite(articles: 12)
        let scratch = try Executables.temporaryFolder("pg-health")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let w = try await worker(url, "w0", scratch)
        let result = try await w.pass(schedule).0
        let tally = try XCTUnwrap(result.health?.extractors.first, "the run tallied its extractor's health")
        XCTAssertEqual(tally.pages, 12)

        // Another worker reads what the first one's run saved.
        let other = try await worker(url, "w1", scratch)
        let saved = try await other.folder.recentHealth(extractor: tally.extractor, runs: 5)
        XCTAssertEqual(saved.count, 1, "\(saved)")
        let row = try XCTUnwrap(saved.first)
        XCTAssertEqual(row.schedule, schedule.name)
        XCTAssertEqual(row.pages, tally.pages)
        for field in HealthField.allCases { XCTAssertEqual(row.present[field, default: 0], tally.present[field, default: 0], "\(field)") }
        XCTAssertEqual(row.medianWords, tally.medianWords)
        XCTAssertEqual(row.lowWords, tally.lowWords)
        XCTAssertEqual(row.fallbacks, tally.fallbacks)
        XCTAssertEqual(row.samples, tally.coverages.count)

        // Newest first, at most `runs`.
        var later = row
        later.day = "2099-01-01"
        later.pages = 3
        later.coverage = 0.5
        try await other.folder.saveHealth([later])
        let recent = try await other.folder.recentHealth(extractor: tally.extractor, runs: 1)
        XCTAssertEqual(recent.map(\.day), ["2099-01-01"])
        XCTAssertEqual(recent.first?.pages, 3)
        XCTAssertEqual(recent.first?.coverage, 0.5)
        await w.folder.close()
        await other.folder.close()
    }
}
