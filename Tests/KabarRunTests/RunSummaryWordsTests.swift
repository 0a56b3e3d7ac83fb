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
        #expect(result.summary.contains(", failed 3 (1 skipped, tried again after 1w or with refresh: true), disallowed 0, already stored 2, left 0; "),
                "\(result.summary)")
        result.counters.skippedFailures = 0
        #expect(result.summary.contains(", failed 3, disallowed 0, already stored 2, left 0; "), "\(result.summary)")
        // What is left stays queued, and the summary says the next run takes it up.
        result.counters.left = 3
        #expect(result.summary.contains(", left 3 (queued for the next run); "), "\(result.summary)")
        // The JSON keeps its keys.
        #expect(result.json.contains(#""failed_skipped":0"#) && result.json.contains(#""skipped":2"#), "\(result.json)")
    }
}
