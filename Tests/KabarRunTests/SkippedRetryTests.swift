import Foundation
import KabarCore
import KabarPlugins
@testable import KabarRun
import KabarStore
import KabarTesting
import Testing

/// A page skipped for good (here served as application/octet-stream) is fetched again once
/// the server is fixed: when a source still lists it `retry_skipped_after` after the skip, or
/// at once with `refresh: true`; before that, the run's summary says when. Before, it was never
/// fetched again unless the schedule said `refresh: true`, and nothing said so.
@Suite(.serialized)
struct SkippedRetryTests {
    static let article = LocalTestSite.articles[2].url

    /// A feed listing one Tempo article (a constructed fixture page), served as
    /// application/octet-stream until `fix()`.
    final class Site: @unchecked Sendable {
        let lock = NSLock()
        var contentType = "application/octet-stream"
        var server: LoopbackHTTPServer!

        init() throws {
            let page = try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html"))
            let published = Date().addingTimeInterval(-3600)
            server = try LoopbackHTTPServer { [unowned self] request, c in
                switch request.path {
                case "/feed.xml":
                    let f = DateFormatter()
                    f.locale = Locale(identifier: "en_US_POSIX")
                    f.timeZone = TimeZone(identifier: "UTC")
                    f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
                    let date = f.string(from: published)
                    c.respond(headers: ["Content-Type": "application/rss+xml"],
                              body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>a</title><link>\(SkippedRetryTests.article)</link><pubDate>\(date)</pubDate></item></channel></rss>")
                case LocalTestSite.path(for: SkippedRetryTests.article):
                    c.respond(headers: ["Content-Type": self.lock.withLock { self.contentType }], body: page)
                default:
                    c.respond(status: 404, body: "not found")
                }
            }
        }

        func fix() { lock.withLock { contentType = "text/html; charset=utf-8" } }
        var articleRequests: Int { server.count(LocalTestSite.path(for: SkippedRetryTests.article)) }

        func schedule(_ extra: String) throws -> Schedule {
            let base = "http://127.0.0.1:\(server.port)"
            return try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse("""
                name: skipped
                extractor: auto
                allow_local: true
                sources:
                  - feed: \(base)/feed.xml
                every: 1h
                politeness: { delay: 0s, attempts: 1, timeout: 10s }
                mirrors:
                  "https://www.tempo.co": "\(base)/www.tempo.co"
                \(extra)
                """, file: "skipped.yaml")
        }
    }

    /// `retry_skipped_after: 1s`: the skipped page is fetched again by the first run a second
    /// or more after the skip, stored, and a run after that stores nothing twice.
    @Test func aSkippedPageIsFetchedAgainAfterItsInterval() async throws {
        let site = try Site()
        defer { site.server.stop() }
        let data = try Executables.temporaryFolder("kabar-skipped-retry")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try site.schedule("retry_skipped_after: 1s\n")

        let first = try await EndToEndTests.run(schedule, data: data)
        #expect(first.counters.skippedFailures == 1 && first.failures.first?.kind == "not_html", "\(first.summary)")
        #expect(first.summary.contains("failed 1 (1 skipped, tried again after 1s or with refresh: true)"), "\(first.summary)")
        // Its only page skipped, the run is ok (it was FAILED: `kabar run` exited 1).
        #expect(!first.failedAsAWhole && first.summary.hasPrefix("skipped: ok;"), "\(first.summary)")
        site.fix()
        try await Task.sleep(for: .milliseconds(1_200))

        let second = try await EndToEndTests.run(schedule, data: data)
        #expect(site.articleRequests == 2, "fetched again: \(second.summary)")
        #expect(second.counters.stored == 1 && second.counters.failed == 0, "\(second.summary)")
        #expect(second.counters.discovered == 1, "queued again by discovery: \(second.summary)")
        #expect(try EndToEndTests.records(data).count == 1)
        // The frontier's record of failures no longer holds it.
        let folder = try DataFolder(url: data)
        #expect(try await folder.failures(schedule: "skipped").isEmpty)
        try await folder.close()

        let third = try await EndToEndTests.run(schedule, data: data)
        #expect(site.articleRequests == 2 && third.counters.stored == 0, "stored, so not fetched again: \(third.summary)")
        #expect(try EndToEndTests.records(data).count == 1)
    }

    /// The default (7d): a run right after the skip does not fetch it (the summary says when
    /// it is), and `refresh: true` fetches it at once. `retry_skipped_after: null` says "for
    /// good" and names refresh.
    @Test func aSkippedPageWaitsForItsIntervalOrRefresh() async throws {
        let site = try Site()
        defer { site.server.stop() }
        let data = try Executables.temporaryFolder("kabar-skipped-wait")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try site.schedule("")
        #expect(schedule.retrySkippedAfter == ScheduleDuration(seconds: 7 * 86400))

        let first = try await EndToEndTests.run(schedule, data: data)
        #expect(first.summary.contains("failed 1 (1 skipped, tried again after 1w or with refresh: true)"), "\(first.summary)")
        site.fix()
        let second = try await EndToEndTests.run(schedule, data: data)
        #expect(site.articleRequests == 1 && second.counters.stored == 0, "not before its interval: \(second.summary)")

        let refreshed = try await EndToEndTests.run(try site.schedule("refresh: true\n"), data: data)
        #expect(site.articleRequests == 2 && refreshed.counters.stored == 1, "\(refreshed.summary)")

        let never = try site.schedule("retry_skipped_after: null\n")
        #expect(never.retrySkippedAfter == nil)
        var result = RunResult(schedule: "s", counters: RunCounters())
        result.retrySkippedAfter = never.retrySkippedAfter
        result.counters.failed = 1
        result.counters.skippedFailures = 1
        #expect(result.summary.contains("failed 1 (1 skipped for good unless refresh: true)"), "\(result.summary)")
    }
}
