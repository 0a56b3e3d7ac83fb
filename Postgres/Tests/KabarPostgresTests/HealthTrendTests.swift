import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarStore
import KabarTesting
import XCTest

/// `kabar-postgres stats`' extractor health trend by extractor and day, as `kabar stats` shows
/// it for a data folder.
extension SharedFrontierTests {
    /// Constructed health rows over three days, two extractors and two workers: the trend read
    /// from `kabar_extractor_health` is the one `FileStore.healthTrend` makes of the same rows
    /// (runs, pages and fields added up, the mean of the median words rounded, coverage
    /// weighted by the pages sampled, only the last `days` days).
    func testHealthTrendAddsUpRunsAsTheFileStoreDoes() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-trend")
        defer { try? FileManager.default.removeItem(at: scratch) }
        func row(_ extractor: String, _ day: String, pages: Int, words: Int?, samples: Int, coverage: Double?) -> HealthRow {
            var present: [HealthField: Int] = [:]
            for (i, field) in HealthField.allCases.enumerated() { present[field] = max(0, pages - i) }
            return HealthRow(schedule: "s", extractor: extractor, day: day, pages: pages, present: present, medianWords: words,
                             lowWords: words.map { $0 / 2 }, fallbacks: pages / 3, samples: samples, coverage: coverage)
        }
        let runs: [[HealthRow]] = [
            [row("tempo", "2026-05-01", pages: 10, words: 300, samples: 2, coverage: 0.9), row("generic", "2026-05-01", pages: 4, words: nil, samples: 0, coverage: nil)],
            [row("tempo", "2026-05-02", pages: 7, words: 101, samples: 3, coverage: 0.5)],
            [row("tempo", "2026-05-02", pages: 5, words: 102, samples: 1, coverage: 1.0), row("generic", "2026-05-02", pages: 6, words: 80, samples: 0, coverage: nil)],
            [row("tempo", "2026-05-03", pages: 3, words: 250, samples: 0, coverage: nil)],
        ]
        let file = scratch.appendingPathComponent("data")
        let store = try FileStore(at: file)
        for (i, rows) in runs.enumerated() {
            // Every worker's runs count, as every run of the data folder does.
            let pg = try await PostgresFolder.open(url, worker: "w\(i % 2)", archiveFolder: scratch)
            try await pg.saveHealth(rows)
            await pg.close()
            try store.startRun(command: "run")
            try store.saveHealth(rows)
            try store.finishRun(failed: 0)
        }
        try store.close()

        let pg = try await PostgresFolder.open(url, worker: "reader", archiveFolder: scratch)
        for days in [14, 2] {
            let trend = try await pg.healthTrend(days: days)
            XCTAssertEqual(trend, try FileStore.healthTrend(at: file, days: days), "days \(days)")
            XCTAssertEqual(trend.map { "\($0.extractor) \($0.day)" }, days == 14
                ? ["generic 2026-05-01", "generic 2026-05-02", "tempo 2026-05-01", "tempo 2026-05-02", "tempo 2026-05-03"]
                : ["generic 2026-05-02", "tempo 2026-05-02", "tempo 2026-05-03"])
        }
        let all = try await pg.healthTrend()
        let day = try XCTUnwrap(all.first { $0.extractor == "tempo" && $0.day == "2026-05-02" })
        XCTAssertEqual([day.runs, day.pages, day.present[.published], day.medianWords, day.fallbacks, day.samples], [2, 12, 8, 102, 3, 4])
        XCTAssertEqual(try XCTUnwrap(day.coverage), (0.5 * 3 + 1.0) / 4, accuracy: 1e-9)
        await pg.close()
    }

    /// `kabar-postgres stats` ends its report with the health trend, in `kabar stats`' table
    /// (text) and under "health" (`--json`), from the runs the workers made.
    func testStatsShowsTheExtractorHealthTrend() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let site = try WorkerTestSite(articles: 12)
        let scratch = try Executables.temporaryFolder("pg-stats-health")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let w = try await worker(url, "w0", scratch)
        let result = try await w.pass(schedule).0
        let tally = try XCTUnwrap(result.health?.extractors.first, "the run tallied its extractor's health")
        let trend = try await w.folder.healthTrend()
        await w.folder.close()
        XCTAssertEqual(trend.map(\.extractor), [tally.extractor])
        XCTAssertEqual(trend.first?.pages, 12)
        XCTAssertEqual(trend.first?.runs, 1)

        let text = try await Executables.launch(tool, ["stats", "--store", url])
        XCTAssertEqual(text.status, 0, text.stderr)
        let table = HealthTrendOutput.lines(trend).joined(separator: "\n")
        XCTAssertTrue(table.contains("extractor health (share of pages with each field"), table)
        XCTAssertTrue(text.stdout.contains(table), text.stdout)

        let json = try await Executables.launch(tool, ["stats", "--store", url, "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stdout)
        let health = try XCTUnwrap(object["health"] as? [[String: Any]], json.stdout)
        XCTAssertEqual(health.count, 1)
        XCTAssertEqual(health.first?["extractor"] as? String, tally.extractor)
        XCTAssertEqual(health.first?["pages"] as? Int, 12)
        XCTAssertEqual((health.first?["fields"] as? [String: Any])?["headline"] as? Double, tally.share(.headline))
        XCTAssertNotNil(object["failures"], "the failure report stays")
    }
}
