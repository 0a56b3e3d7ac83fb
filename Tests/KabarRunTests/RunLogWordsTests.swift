import Foundation
import KabarCore
import KabarFetch
import KabarPlugins
@testable import KabarRun
import KabarTesting
import Logging
import Testing

/// What a run's log and summary say, read as its user reads them: the summary's "already
/// stored" counts what discovery's line calls so, and a failed page's line names its URL once.
@Suite(.serialized)
struct RunLogWordsTests {
    typealias Lines = DiscoveryProgressTests.Lines

    static func run(_ schedule: Schedule, folder: DataFolder, discover: Bool = true) async throws -> (RunResult, [String]) {
        let lines = Lines()
        let progress = RunProgress(name: schedule.name, mode: .log(interval: 60),
                                   logger: Logger(label: "test") { _ in DiscoveryProgressTests.Keeping(lines: lines) })
        var loop = RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder, progress: progress)
        loop.discover = discover
        let result = try await loop.run()
        try await folder.close()
        return (result, lines.all)
    }

    /// A second run of the sample site: discovery says "6 already stored" and the summary said
    /// "already stored 0" (it counted only the queued entries dropped as stored). Now both say
    /// 6, and `--json`'s "already_stored"; entries dropped from the queue as stored count too.
    @Test func theSummarysAlreadyStoredIsDiscoverysAndTheQueuesDrops() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-already-stored")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try EndToEndTests.schedule(site)
        let first = try await EndToEndTests.run(schedule, data: data)
        #expect(first.counters.stored == LocalTestSite.articleCount, "\(first.summary)")

        let (second, lines) = try await Self.run(schedule, folder: try DataFolder(url: data))
        let discovery = try #require(lines.first { $0.contains("discovery: ") && $0.contains(" already stored") }, "\(lines)")
        let said = try #require(discovery.components(separatedBy: " already stored").first?.split(separator: " ").last.flatMap { Int($0) }, "\(discovery)")
        #expect(said == LocalTestSite.articleCount, "\(discovery)")
        #expect(second.summary.contains(", already stored \(said), left 0"), "\(second.summary)")
        #expect(second.json.contains("\"already_stored\":\(said),"), "\(second.json)")
        #expect(second.counters.fetched == 0, "\(second.summary)")

        // The stored articles queued again (a run killed before its completions were recorded):
        // dropped unfetched, and counted as already stored too.
        let folder = try DataFolder(url: data)
        let records = try EndToEndTests.records(data)
        try await folder.enqueue(records.map { FrontierEntry(url: $0.url, id: Hash64.hex(Hash64.of($0.url)), host: URL(string: $0.url)?.host ?? "",
                                                             priority: 1, modified: nil) }, schedule: schedule.name)
        let (queued, _) = try await Self.run(schedule, folder: folder, discover: false)
        #expect(queued.counters.skipped == records.count && queued.summary.contains(", already stored \(records.count), left 0"), "\(queued.summary)")
        #expect(queued.json.contains("\"skipped\":\(records.count),\"already_stored\":\(records.count),"), "\(queued.json)")
    }

    /// Each way a page fails names its URL once in the log line and in the problems: the line
    /// ends "(URL)", and the reason no longer names it too (an extraction error said
    /// "skipped: URL: no article text (URL)", a refused host "host not allowed: URL (...) (URL)").
    @Test func aFailedPagesLineNamesItsURLOnce() async throws {
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/a/an-empty-page-20240101":
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: "<html><head><title>x</title></head><body><div></div></body></html>")
            case "/a/a-broken-page-20240101":
                c.respond(status: 500, headers: ["Content-Type": "text/html"], body: "<html><body>down</body></html>")
            default:
                c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let schedule = try KnownLookaheadTests.CanonicalSite.schedule(name: "failing", base: base)
        let data = try Executables.temporaryFolder("kabar-failure-words")
        defer { try? FileManager.default.removeItem(at: data) }
        let folder = try DataFolder(url: data)
        let urls = [base + "/a/an-empty-page-20240101", base + "/a/a-gone-page-20240101", base + "/a/a-broken-page-20240101",
                    "https://elsewhere.example/a/an-offsite-page-20240101"]
        try await folder.enqueue(urls.map { FrontierEntry(url: $0, id: Hash64.hex(Hash64.of($0)), host: URL(string: $0)!.host!, priority: 1, modified: nil) },
                                 schedule: schedule.name)
        let (result, lines) = try await Self.run(schedule, folder: folder, discover: false)
        #expect(result.failures.count == urls.count, "\(result.failures)")
        func count(_ url: String, in text: String) -> Int { text.components(separatedBy: url).count - 1 }
        for url in urls {
            let line = try #require(lines.first { $0.contains(url) }, "\(url): \(lines)")
            #expect(count(url, in: line) == 1 && line.hasSuffix(" (\(url))"), "\(line)")
            let failure = try #require(result.failures.first { $0.url == url })
            #expect(count(url, in: failure.reason) == 0 && !failure.reason.isEmpty, "\(failure.reason)")
            let problem = try #require(result.problems.first { $0.contains(url) })
            #expect(count(url, in: problem) == 1, "\(problem)")
        }
        let kinds = Dictionary(result.failures.map { ($0.url, $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds[urls[0]] == "extraction" && kinds[urls[1]] == "http_status" && kinds[urls[2]] == "http_status"
                && kinds[urls[3]] == "host_not_allowed", "\(kinds)")
    }

    /// A fetch error names a URL only when it is another than the line's (a redirect's target).
    @Test func aFetchErrorLeavesOutTheURLItWasFetching() {
        let url = "https://news.example/a/story-1"
        let other = "https://elsewhere.example/b"
        #expect(FetchError.hostNotAllowed(url).reason(fetching: url) == "host not allowed (the schedule's hosts and allow_hosts only)")
        #expect(FetchError.hostNotAllowed(other).reason(fetching: url) == FetchError.hostNotAllowed(other).description)
        #expect(FetchError.invalidURL(url).reason(fetching: url) == "not an http(s) URL")
        #expect(FetchError.redirectLoop([url, other, url]).reason(fetching: url) == "redirect loop: its URL -> \(other) -> its URL")
        #expect(FetchError.localAddress(url: url, address: "10.0.0.7").reason(fetching: url).hasPrefix("local address refused: its host is 10.0.0.7,"))
        #expect(FetchError.localAddress(url: other, address: "10.0.0.7").reason(fetching: url).contains(other))
        #expect(FetchError.httpStatus(503).reason(fetching: url) == "HTTP 503")
    }
}
