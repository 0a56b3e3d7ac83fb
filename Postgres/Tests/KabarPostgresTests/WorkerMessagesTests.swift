import Foundation
import KabarCore
import KabarPlugins
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// What kabar-postgres tells its user: every bad schedule file, the summary's status and exit
/// status of a run whose pages were only skipped, and who takes what a pass left in the shared
/// queue. (An extension: the tests share the class's PostgreSQL server.)
extension SharedFrontierTests {
    /// kabar-postgres run in `folder`, to the end: exit status, standard output and error.
    func kabarPostgres(_ arguments: [String], in folder: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let out = folder.appendingPathComponent("stdout.txt"), err = folder.appendingPathComponent("stderr.txt")
        for file in [out, err] { FileManager.default.createFile(atPath: file.path, contents: nil) }
        let p = Process()
        p.executableURL = tool
        p.arguments = arguments
        p.currentDirectoryURL = folder
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        try await runBlocking { p.waitUntilExit() }
        return (p.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    /// `kabar-postgres worker DIR` reports every bad schedule file (file, line, key), as
    /// `kabar schedule` does, then exits 2 before connecting; it stopped at the first.
    func testEveryBadScheduleFileIsReported() async throws {
        let folder = try Executables.temporaryFolder("pg-bad-schedules")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedules = folder.appendingPathComponent("schedules")
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        let good = "name: good\nextractor: generic\nsources:\n  - feed: https://example.com/rss\nevery: 1h\n"
        try good.write(to: schedules.appendingPathComponent("a-good.yaml"), atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: "name: good", with: "name: b").replacingOccurrences(of: "every: 1h", with: "every: 10 minutes")
            .write(to: schedules.appendingPathComponent("b-bad.yaml"), atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: "name: good", with: "name: c").replacingOccurrences(of: "extractor: generic", with: "extractr: generic")
            .write(to: schedules.appendingPathComponent("c-bad.yaml"), atomically: true, encoding: .utf8)
        // No server at this address: the schedules are read before any connection.
        let r = try await kabarPostgres(["worker", "--store", "postgres://kabar@127.0.0.1:1/kabar", "schedules"], in: folder)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("schedules/b-bad.yaml:5: every: expected a duration"), r.stderr)
        XCTAssertTrue(r.stderr.contains("schedules/c-bad.yaml:2: extractr: unknown key; did you mean extractor?"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2 problems in 2 files; nothing was run"), r.stderr)
        XCTAssertFalse(r.stderr.contains("cannot connect"), r.stderr)
        // `schedule` takes files as `kabar schedule` does, and its --json (`kabar schedule
        // --store postgres://... --json a.yaml b.yaml` is handed over as it is): it took one
        // folder, and refused the second file and --json.
        let files = try await kabarPostgres(["schedule", "--store", "postgres://kabar@127.0.0.1:1/kabar", "--json",
                                             "schedules/b-bad.yaml", "schedules/c-bad.yaml"], in: folder)
        XCTAssertEqual(files.status, 2, files.stderr)
        XCTAssertTrue(files.stderr.contains("schedules/b-bad.yaml:5: every: ") && files.stderr.contains("schedules/c-bad.yaml:2: extractr: "), files.stderr)
    }

    /// A skip is not a failure of the run, on PostgreSQL as in the embedded store: a run
    /// whose only page is a PDF says ok and exits 0 (it said FAILED, exit 1); one whose only
    /// page answers 500 says FAILED, exits 1 and prints kabar run's hint.
    func testARunOfSkippedPagesIsOk() async throws {
        let folder = try Executables.temporaryFolder("pg-one-page")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (article, status, word) in [(OnePageSite.Article.pdf, Int32(0), "ok"), (.status(500), 1, "FAILED")] {
            let url = try await database()
            let site = try OnePageSite(article)
            defer { site.stop() }
            try site.scheduleYAML().write(to: folder.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
            let r = try await kabarPostgres(["run", "--store", url, "--quiet", "one.yaml"], in: folder)
            XCTAssertEqual(r.status, status, "\(article): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stdout.hasPrefix("one-page: \(word);"), "\(article): \(r.stdout)")
            // A failed run's hint, as kabar run's (it printed none): the first problem, even
            // with --quiet, and the stats command of this database, its password left out.
            if status == 1 {
                XCTAssertTrue(r.stderr.contains("hint: not one page arrived (the first: ") && r.stderr.contains("HTTP 500"), r.stderr)
                XCTAssertTrue(r.stderr.contains("`kabar stats --store postgres://"), r.stderr)
            } else {
                XCTAssertFalse(r.stderr.contains("hint:"), r.stderr)
            }
        }
    }

    /// The summary says what a pass left in the shared queue and who takes it: the entries
    /// other workers hold leases on, and the free ones the next worker of the schedule leases
    /// (it said "queued for the next run", as for one machine's store).
    func testWhatIsLeftInTheSharedQueueIsNamed() async throws {
        let url = try await database()
        let site = try WorkerTestSite(articles: 40)
        let scratch = try Executables.temporaryFolder("pg-left")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var schedule = try makeSchedule(site, folder: scratch)
        let a = try await worker(url, "a", scratch)
        let b = try await worker(url, "b", scratch)
        // Discovery only: everything is free in the queue.
        schedule.limits.maxPages = 0
        let discovered = try await a.pass(schedule).0
        XCTAssertEqual(discovered.counters.left, 40, discovered.summary)
        XCTAssertTrue(discovered.summary.contains("left 40 (in the shared queue, for whichever worker of this schedule leases them next: "
                                                  + "a running kabar-postgres worker, or the schedule's next run)"), discovered.summary)
        // Worker b holds some leases (as many as the host's politeness horizon gives); a
        // fetches 5 and leaves the rest.
        let leased = try await b.folder.next(schedule: schedule.name, limit: 15).count
        XCTAssertGreaterThan(leased, 0)
        schedule.limits.maxPages = 5
        let result = try await a.pass(schedule, discover: false).0
        let free = result.counters.left - leased
        XCTAssertEqual(result.counters.left + result.counters.fetched, 40, result.summary)
        XCTAssertTrue(result.summary.contains("left \(result.counters.left) (in the shared queue: \(leased) leased by other workers now, who fetch them; "
                                              + "\(free) for whichever worker of this schedule leases them next"), result.summary)
        XCTAssertEqual(Worker.leftFate(leasedByOthers: 1, free: 0), "in the shared queue, leased by other workers now, who fetch it")
        await a.folder.close()
        await b.folder.close()
    }
}
