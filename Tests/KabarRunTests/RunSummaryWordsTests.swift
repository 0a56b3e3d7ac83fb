import Foundation
@testable import KabarRun
import Testing

/// The run's summary line uses the log's words: a page logged as "skipped: ..." is counted
/// among the failed ones as skipped for good, and the queued URLs the store already had are
/// "already stored". Before, a run whose one page was logged "skipped: not an HTML page"
/// ended "failed 1, disallowed 0, skipped 0". The skipped pages' line says when they are
/// fetched again, and what is left says it stays queued for the next run.
struct RunSummaryWordsTests {
    @Test func summaryNamesSkippedPagesAsTheLogDoes() {
        var result = RunResult(schedule: "s", counters: RunCounters())
        result.counters.failed = 3
        result.counters.skippedFailures = 1
        result.counters.skipped = 2
        result.counters.skippedStored = 2
        #expect(result.summary.contains(", failed 3 (1 skipped, tried again after 1w or with refresh: true), disallowed 0, already stored 2, left 0; "),
                "\(result.summary)")
        result.counters.skippedFailures = 0
        #expect(result.summary.contains(", failed 3, disallowed 0, already stored 2, left 0; "), "\(result.summary)")
        // What is left stays queued, and the summary says the next run takes it up.
        result.counters.left = 3
        #expect(result.summary.contains(", left 3 (queued for the next run); "), "\(result.summary)")
        // Queued entries dropped because an earlier run skipped them (not stored) are not
        // "already stored": they are said apart; discovery's stored links count.
        result.counters.skipped = 3
        result.counters.knownAtDiscovery = 4
        #expect(result.summary.contains(", already stored 6, skipped earlier 1, left 3 "), "\(result.summary)")
        #expect(result.json.contains(#""skipped":3,"already_stored":6,"#), "\(result.json)")
        result.counters.skipped = 2
        result.counters.knownAtDiscovery = 0
        // The JSON keeps its keys.
        #expect(result.json.contains(#""failed_skipped":0"#) && result.json.contains(#""skipped":2"#), "\(result.json)")
    }

    /// A skip is not a failure of the run: pages tried and none arrived fail the run only when
    /// one failed to fetch (to retry) or no extractor could read it. A run whose only page was
    /// skipped (not HTML, gone) or disallowed is ok, status 0; it was FAILED, exit 1.
    @Test func aRunOfSkippedPagesOnlyIsOk() {
        func result(_ failures: [PageFailure]) -> RunResult {
            var r = RunResult(schedule: "s", counters: RunCounters())
            r.sourcesOK = 1
            r.counters.planned = failures.count
            r.counters.failed = failures.filter { $0.outcome != .disallowed }.count
            r.counters.skippedFailures = failures.filter { $0.outcome == .skipped }.count
            r.counters.disallowed = failures.filter { $0.outcome == .disallowed }.count
            r.failures = failures
            return r
        }
        let notHTML = PageFailure(url: "http://a.example/1", outcome: .skipped, kind: "not_html", reason: "a PDF document, not an HTML page")
        let gone = PageFailure(url: "http://a.example/2", outcome: .skipped, kind: "http_status", reason: "HTTP 404")
        let disallowed = PageFailure(url: "http://a.example/3", outcome: .disallowed, kind: "robots_disallowed", reason: "robots.txt disallows it")
        let timeout = PageFailure(url: "http://a.example/4", outcome: .retry, kind: "timeout", reason: "timed out")
        let unreadable = PageFailure(url: "http://a.example/5", outcome: .skipped, kind: "extraction", reason: "no headline")
        for skips in [[notHTML], [gone], [disallowed], [notHTML, gone, disallowed]] {
            let r = result(skips)
            #expect(!r.failedAsAWhole && r.summary.hasPrefix("s: ok;") && r.json.contains(#""status":"ok""#), "\(r.summary)")
        }
        for failing in [[timeout], [unreadable], [notHTML, timeout], [gone, unreadable]] {
            let r = result(failing)
            #expect(r.failedAsAWhole && r.summary.hasPrefix("s: FAILED;") && r.json.contains(#""status":"failed""#), "\(r.summary)")
        }
    }
}
