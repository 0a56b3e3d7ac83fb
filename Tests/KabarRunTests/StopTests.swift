import Foundation
import KabarCore
import KabarFetch
import KabarPlugins
import KabarRun
import KabarTesting
import Logging
import Testing

/// A stop (SIGINT, SIGTERM) ends a run without a single new request, also when the pages left
/// are waiting for their host's politeness delay: before, each waiting page was requested when
/// its delay came due, seconds or minutes after the run said it was stopping.
@Suite(.serialized)
struct StopTests {
    /// Requests the site has received, now.
    static func count(_ site: LocalTestSite) -> Int { site.server.requests.count }

    /// Waits (at most 30 s) until the site has received more than `n` requests.
    static func waitForRequests(_ site: LocalTestSite, moreThan n: Int) async throws {
        let deadline = Date().addingTimeInterval(30)
        while count(site) <= n, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }

    /// A run of `schedule` started with 3 s between two requests to a host, one at a time, and
    /// no robots.txt, so that a stop comes while requests wait; with its stop signal and the
    /// data folder to close once it ends.
    static func startSlowRun(_ schedule: Schedule, data: URL, discover: Bool = true) throws -> (run: Task<RunResult, any Error>, stop: StopSignal, folder: DataFolder) {
        var schedule = schedule
        schedule.politeness.delay = ScheduleDuration(seconds: 3)
        schedule.politeness.perHost = 1
        schedule.politeness.obeyRobots = false
        let folder = try DataFolder(url: data)
        let stop = StopSignal()
        var loop = RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder,
                           progress: RunProgress(name: schedule.name, mode: .silent, logger: Logger(label: "test")), stop: stop)
        loop.discover = discover
        return (Task { [loop] in try await loop.run() }, stop, folder)
    }

    /// The fetch phase: the queue holds 5 articles, one host, a delay of 3 s between requests.
    /// The first article is requested at once; the stop comes then; nothing else is requested,
    /// and the 5 pages not requested stay queued, as the summary says, for the next run.
    @Test func stopDuringThePolitenessDelayRequestsNothingMore() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-stop-delay")
        defer { try? FileManager.default.removeItem(at: data) }
        var schedule = try EndToEndTests.schedule(site)
        schedule.limits.maxPages = 1
        let first = try await EndToEndTests.run(schedule, data: data)   // discovery queues every article
        #expect(first.counters.left == LocalTestSite.articleCount, "\(first.summary)")   // 5 articles and the disallowed page

        schedule.limits.maxPages = 100
        let before = Self.count(site)
        let (run, stop, folder) = try Self.startSlowRun(schedule, data: data, discover: false)
        try await Self.waitForRequests(site, moreThan: before)
        stop.stop()
        let stoppedAt = Date()
        let atStop = Self.count(site)
        let result = try await run.value
        let took = Date().timeIntervalSince(stoppedAt)
        try await folder.close()
        // Anything sent after the stop came at least one 3 s delay later.
        try await Task.sleep(for: .milliseconds(200))
        #expect(Self.count(site) == atStop, "requests after the stop: \(site.server.requests.suffix(Self.count(site) - atStop).map(\.target))")
        #expect(took < 2.5, "the run went on \(took) s after the stop")
        #expect(result.stopped && result.counters.failed == 0, "\(result.summary)")
        #expect(result.counters.left >= LocalTestSite.articleCount - 1, "\(result.summary)")
        // The summary says what becomes of them, and it is so: the next run takes them up.
        #expect(result.summary.contains("left \(result.counters.left) (queued for the next run)"), "\(result.summary)")
        schedule.politeness.delay = ScheduleDuration(seconds: 0)
        schedule.politeness.obeyRobots = true
        let next = try await EndToEndTests.run(schedule, data: data)
        #expect(next.counters.left == 0 && next.counters.failed == 0, "\(next.summary)")
        #expect(try EndToEndTests.records(data).count == LocalTestSite.articleCount, "\(next.summary)")
    }

    /// Discovery: the sources after the first wait for the host's delay; a stop ends the wait
    /// and none of them is requested.
    @Test func stopDuringDiscoveryRequestsNothingMore() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-stop-discovery")
        defer { try? FileManager.default.removeItem(at: data) }
        let (run, stop, folder) = try Self.startSlowRun(try EndToEndTests.schedule(site), data: data)
        try await Self.waitForRequests(site, moreThan: 0)
        stop.stop()
        let stoppedAt = Date()
        let atStop = Self.count(site)
        let result = try await run.value
        let took = Date().timeIntervalSince(stoppedAt)
        // The sources not requested are not failures: the run is stopped, not failed.
        #expect(result.stopped && !result.failedAsAWhole && result.sourcesFailed == 0, "\(result.summary) \(result.problems)")
        try await folder.close()
        try await Task.sleep(for: .milliseconds(200))
        #expect(Self.count(site) == atStop, "requests after the stop: \(site.server.requests.suffix(Self.count(site) - atStop).map(\.target))")
        #expect(took < 2.5, "the run went on \(took) s after the stop")
    }
}
