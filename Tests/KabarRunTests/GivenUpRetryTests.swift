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
    static let article = LocalTestSite.articles[2].url

    /// A feed listing one article whose page always answers 503.
    static func server() throws -> LoopbackHTTPServer {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let date = f.string(from: Date().addingTimeInterval(-3600))
        return try LoopbackHTTPServer { request, c in
            switch request.path {
            case "/feed.xml":
                c.respond(headers: ["Content-Type": "application/rss+xml"],
                          body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>a</title><link>\(Self.article)</link><pubDate>\(date)</pubDate></item></channel></rss>")
            case LocalTestSite.path(for: Self.article):
                c.respond(status: 503, body: "busy")
            default:
                c.respond(status: 404, body: "not found")
            }
        }
    }

    @Test func aPageGivenUpOnIsNotRediscoveredAsNew() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let data = try Executables.temporaryFolder("kabar-given-up")
        defer { try? FileManager.default.removeItem(at: data) }
        let base = "http://127.0.0.1:\(server.port)"
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse("""
            name: givenup
            extractor: auto
            allow_local: true
            sources:
              - feed: \(base)/feed.xml
            every: 1h
            politeness: { delay: 0s, attempts: 1, timeout: 5s }
            mirrors:
              "https://www.tempo.co": "\(base)/www.tempo.co"
            """, file: "givenup.yaml")
        let requests = { server.count(LocalTestSite.path(for: Self.article)) }

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
