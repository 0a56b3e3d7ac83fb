import Foundation
import KabarCore
import KabarPlugins
@testable import KabarRun
import KabarStore
import KabarTesting
import Testing

/// A page that answers 503 at every run is tried by `Frontier.maxAttempts` runs, each saying
/// which try it was, then given up on like a permanent error: not queued again as new by the
/// next run's discovery (it was: its tries started over, and the log's "left" went 1, 1, 0, 1...),
/// until `retry_skipped_after` has passed.
@Suite(.serialized)
struct GivenUpRetryTests {
    @Test func aPageGivenUpOnIsNotRediscoveredAsNew() async throws {
        // A feed listing one page that always answers 503.
        let site = try OnePageSite(.status(503))
        defer { site.server.stop() }
        let data = try Executables.temporaryFolder("kabar-given-up")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(site.scheduleYAML(name: "givenup"), file: "givenup.yaml")
        let requests = { site.server.count(OnePageSite.articlePath) }

        for run in 1...Frontier.maxAttempts {
            let r = try await EndToEndTests.run(schedule, data: data)
            #expect(requests() == run, "\(r.summary)")
            let failure = try #require(r.failures.first, "\(r.summary)")
            #expect(failure.reason.contains("HTTP 503") && failure.reason.contains("(try \(run) of \(Frontier.maxAttempts), one a run)"), "\(failure.line)")
            if run < Frontier.maxAttempts {
                #expect(failure.outcome == .retry && r.counters.left == 1 && r.counters.skippedFailures == 0, "\(r.summary)")
            } else {
                #expect(failure.outcome == .skipped && r.counters.left == 0 && r.counters.skippedFailures == 1, "\(r.summary)")
                #expect(r.summary.contains("failed 1 (1 skipped, tried again after 1w or with refresh: true)"), "\(r.summary)")
            }
        }
        // Given up on: the next runs neither fetch it nor queue it again.
        for _ in 0..<2 {
            let r = try await EndToEndTests.run(schedule, data: data)
            #expect(requests() == Frontier.maxAttempts, "fetched again: \(r.summary)")
            #expect(r.counters.discovered == 0 && r.counters.left == 0 && r.counters.failed == 0, "\(r.summary)")
        }
    }
}
