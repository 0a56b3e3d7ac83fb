import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarStore
import KabarTesting
import XCTest

/// The health lines of a worker's and a run's summary on the PostgreSQL store, as `kabar run`
/// prints them under its summary line.
extension SharedFrontierTests {
    /// A worker's summary of each pass (`kabar-postgres worker`'s standard output) carries the
    /// pass's health lines under the summary line, as `kabar schedule` prints a run.
    func testTheWorkersSummaryHasTheHealthLines() async throws {
        let url = try await database()
        let site = try WorkerTestSite(articles: 12)
        let scratch = try Executables.temporaryFolder("pg-serve-health")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let w = try await worker(url, "w0", scratch)
        let logged = LoggedLines()
        // Stops after the first pass's report (the first pass is due: never run before).
        try await w.serve([schedule]) { report in logged.append(report); w.stop.stop() }
        let reports = logged.all
        XCTAssertEqual(reports.count, 1, "\(reports)")
        let lines = (reports.first ?? "").split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("\(schedule.name): ok;") == true, "\(lines)")
        let trend = try await w.folder.healthTrend()
        let extractor = try XCTUnwrap(trend.first?.extractor)
        XCTAssertTrue(lines.dropFirst().contains { $0.hasPrefix("health: \(extractor): 12 pages, headline ") }, "\(lines)")
        await w.folder.close()
    }

    /// `kabar-postgres run`'s summary: the summary line with the round trips, then the health
    /// lines (`--json` carries them under "health").
    func testRunSummaryHasTheHealthLines() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let site = try WorkerTestSite(articles: 12)
        let scratch = try Executables.temporaryFolder("pg-run-health")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let r = try await Executables.launch(tool, ["run", schedule.file, "--store", url, "--name", "w0", "--quiet",
                                                    "--warc", scratch.appendingPathComponent("w0").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.contains("database round trips") == true, r.stdout)
        XCTAssertEqual(lines.dropFirst().filter { $0.hasPrefix("health: ") && $0.contains(": 12 pages, headline ") }.count, 1, r.stdout)
    }
}

/// Lines handed over from a `@Sendable` closure.
final class LoggedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
