import Foundation
import KabarCore
import KabarPlugins
import KabarRun
import KabarTesting
import Logging
import Testing

/// Runs of a schedule against the sample site (`LocalTestSite`) on 127.0.0.1.
@Suite(.serialized)
struct EndToEndTests {
    struct Record {
        let url: String
        let revision: Int
        let text: String
        let metadata: [String: String]
    }

    static func records(_ data: URL) throws -> [Record] {
        var out: [Record] = []
        let recordsFolder = data.appendingPathComponent("records")
        guard let files = FileManager.default.enumerator(at: recordsFolder, includingPropertiesForKeys: nil) else { return [] }
        for case let file as URL in files where file.pathExtension == "jsonl" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                out.append(Record(url: o["canonical_url"] as? String ?? "", revision: o["revision"] as? Int ?? 0,
                                  text: o["text"] as? String ?? "", metadata: o["metadata"] as? [String: String] ?? [:]))
            }
        }
        return out
    }

    static func schedule(_ site: LocalTestSite, extra: String = "") throws -> Schedule {
        try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(site.scheduleYAML(extra: extra), file: "local.yaml")
    }

    static func run(_ schedule: Schedule, data: URL) async throws -> RunResult {
        let folder = try DataFolder(url: data)
        let progress = RunProgress(name: schedule.name, mode: .silent, logger: Logger(label: "test"))
        do {
            let result = try await RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder, progress: progress).run()
            try await folder.close()
            return result
        } catch {
            try? await folder.close()
            throw error
        }
    }

    @Test func everyArticleOnceThenNothingNewThenARevision() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-run-e2e")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try Self.schedule(site)

        let first = try await Self.run(schedule, data: data)
        #expect(first.counters.stored == LocalTestSite.articleCount, "\(first.summary) \(first.problems)")
        #expect(first.counters.failed == 0 && !first.failedAsAWhole)
        #expect(first.sourcesOK == 3)
        // The bytes received (was always 0): at least the article pages fetched (the festival
        // article whole, through ?showpage=all), and less than three times that (sources, robots.txt).
        let plugins = Corpus.packageRoot.appendingPathComponent("Plugins")
        let pageBytes = try LocalTestSite.articles.filter { $0.url != LocalTestSite.festival && !$0.url.hasPrefix(LocalTestSite.festival + "/") }
            .map { try Data(contentsOf: plugins.appendingPathComponent($0.file)).count }.reduce(0, +)
        #expect(first.counters.bytes >= pageBytes && first.counters.bytes < 3 * pageBytes, "bytes \(first.counters.bytes), pages \(pageBytes)")
        #expect(first.json.contains("\"bytes\":\(first.counters.bytes)"), "\(first.json)")
        var records = try Self.records(data)
        #expect(records.count == LocalTestSite.articleCount)
        #expect(Set(records.map(\.url)).count == records.count, "every article stored once")

        // robots.txt disallows one article: it is never requested.
        #expect(first.counters.disallowed == 1)
        #expect(site.requests(for: LocalTestSite.disallowed) == 0)
        #expect(site.server.count("/robots.txt") >= 1)

        // The multi-page SINDOnews article arrives whole, through ?showpage=all.
        let festival = try #require(records.first { $0.url == LocalTestSite.festival })
        #expect(festival.text.contains("Marsinah"), "page 3's text is in the record")
        #expect(site.server.requests.contains { $0.target.contains("showpage=all") })
        #expect(site.requests(for: LocalTestSite.festival + "/2") == 0)

        // A second run stores nothing new and fetches no article again.
        let articleRequests = site.server.requests.filter { $0.target.contains("/read/") || $0.target.contains("-22915") }.count
        let second = try await Self.run(schedule, data: data)
        #expect(second.counters.stored == 0 && second.counters.fetched == 0, "\(second.summary)")
        #expect(!second.failedAsAWhole)
        #expect(site.server.requests.filter { $0.target.contains("/read/") || $0.target.contains("-22915") }.count == articleRequests)
        #expect(try Self.records(data).count == LocalTestSite.articleCount)

        // A changed article (its sitemap lastmod moves on) is fetched again: revision 2.
        let mangrove = LocalTestSite.articles[2].url
        let original = try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html"))
        let changed = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "Demak", with: "Kabupaten Demak")
        site.change(mangrove, html: Data(changed.utf8))
        let third = try await Self.run(schedule, data: data)
        #expect(third.counters.revised == 1 && third.counters.stored == 0, "\(third.summary) \(third.problems)")
        records = try Self.records(data)
        #expect(records.filter { $0.url == mangrove }.map(\.revision).sorted() == [1, 2])
    }

    @Test func multiPageArticleWithoutWholePageIsMerged() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        site.setWholeArticlePages(false)
        let data = try Executables.temporaryFolder("kabar-run-pages")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await Self.run(try Self.schedule(site), data: data)
        #expect(result.counters.stored == LocalTestSite.articleCount, "\(result.summary) \(result.problems)")
        let festival = try #require(try Self.records(data).first { $0.url == LocalTestSite.festival })
        #expect(festival.metadata["pages"] == "3")
        #expect(festival.text.contains("Marsinah"))
        #expect(site.requests(for: LocalTestSite.festival + "/3") == 1)
    }

    @Test func maxPagesLeavesTheRestQueuedForTheNextRun() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-run-resume")
        defer { try? FileManager.default.removeItem(at: data) }
        var schedule = try Self.schedule(site)
        schedule.limits.maxPages = 2
        let first = try await Self.run(schedule, data: data)
        #expect(first.counters.stored == 2 && first.counters.left == 5, "\(first.summary)")
        schedule.limits.maxPages = 100
        let second = try await Self.run(schedule, data: data)
        #expect(second.counters.stored == LocalTestSite.articleCount - 2, "\(second.summary)")
        #expect(second.counters.left == 0)
        #expect(try Self.records(data).count == LocalTestSite.articleCount)
    }

    @Test func unreachableSourcesFailTheRunAsAWhole() async throws {
        let site = try LocalTestSite()
        let yaml = site.scheduleYAML()
        site.stop()
        let data = try Executables.temporaryFolder("kabar-run-down")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(
            yaml.replacingOccurrences(of: "attempts: 2", with: "attempts: 1"), file: "down.yaml")
        let result = try await Self.run(schedule, data: data)
        #expect(result.failedAsAWhole && result.sourcesFailed == 3)
    }
}

/// The scheduler: missed runs, timetables.
@Suite(.serialized)
struct SchedulerTests {
    @Test func nextDue() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let hourly = Schedule.Timetable.every(ScheduleDuration(seconds: 3600))
        #expect(Scheduler.nextDue(hourly, lastStart: nil, now: now) == now, "never run: now")
        #expect(Scheduler.nextDue(hourly, lastStart: now.addingTimeInterval(-5 * 3600), now: now) == now, "five missed times: once, now")
        #expect(Scheduler.nextDue(hourly, lastStart: now.addingTimeInterval(-600), now: now) == now.addingTimeInterval(3000))
        // Never sooner than the interval after the last start, even with a clock that says the
        // last start is in the future; a cron time follows a late start at the least 30 s.
        #expect(Scheduler.nextDue(hourly, lastStart: now.addingTimeInterval(600), now: now) == now.addingTimeInterval(4200))
        let minutely = Schedule.Timetable.cron(try! CronExpression("* * * * *"))
        let late = Date(timeIntervalSince1970: 1_700_000_059)  // 59 s into a minute
        #expect(Scheduler.nextDue(minutely, lastStart: late, now: late) >= late.addingTimeInterval(30))
    }

    /// Runs start within a second of their time whatever the interval: the wake-up timer armed
    /// while a run is in flight is re-armed when the run ends (it used to stay at 60 s, so an
    /// `every: 2s` schedule ran every minute).
    @Test func shortIntervalsStartOnTime() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-schedule-short")
        defer { try? FileManager.default.removeItem(at: data) }
        var schedule = try EndToEndTests.schedule(site)
        schedule.timetable = .every(ScheduleDuration(seconds: 2))
        let starts = EventLog()
        let stop = StopSignal()
        let scheduler = Scheduler(schedules: [schedule], registry: BuiltinExtractors.registry, defaultData: data, stop: stop,
                                  progressMode: .silent, logger: Logger(label: "test")) { result in
            starts.append(String(Date().timeIntervalSince1970 - result.seconds))
        }
        let task = Task { try await scheduler.run() }
        let deadline = Date().addingTimeInterval(20)
        while starts.count < 4, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        stop.stop()
        try await task.value
        let times = starts.items.compactMap(Double.init)
        #expect(times.count >= 4, "runs in 20 s of an every: 2s schedule: \(times.count)")
        for (a, b) in zip(times, times.dropFirst()) {
            #expect(b - a >= 1.9 && b - a <= 3.0, "a run started \(b - a) s after the one before, not 2 s")
        }
    }

    /// A schedule whose time passed five times while Kabar was down runs once when it starts.
    @Test func missedRunRunsOnce() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-schedule")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try EndToEndTests.schedule(site)
        do {
            let folder = try DataFolder(url: data)
            try await folder.markStarted(schedule: schedule.name, at: Date().addingTimeInterval(-5 * 3600 - 60))
            try await folder.close()
        }
        let runs = Counter()
        let stop = StopSignal()
        let scheduler = Scheduler(schedules: [schedule], registry: BuiltinExtractors.registry, defaultData: data, stop: stop,
                                  progressMode: .silent, logger: Logger(label: "test")) { _ in runs.increment() }
        let task = Task { try await scheduler.run() }
        let deadline = Date().addingTimeInterval(30)
        while runs.value == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(1500))
        stop.stop()
        try await task.value
        #expect(runs.value == 1)
        #expect(try EndToEndTests.records(data).count == LocalTestSite.articleCount)
    }

    /// Two schedules of the same site never run at once.
    @Test func sameSiteTakesTurns() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-schedule-two")
        defer { try? FileManager.default.removeItem(at: data) }
        let a = try EndToEndTests.schedule(site)
        var b = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(site.scheduleYAML(name: "local-test-2"), file: "b.yaml")
        b.refresh = true
        let log = EventLog()
        let stop = StopSignal()
        let scheduler = Scheduler(schedules: [a, b], registry: BuiltinExtractors.registry, defaultData: data, stop: stop,
                                  progressMode: .silent, logger: Logger(label: "test")) { log.append($0.schedule) }
        let task = Task { try await scheduler.run() }
        let deadline = Date().addingTimeInterval(30)
        while log.count < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        stop.stop()
        try await task.value
        #expect(Set(log.items) == ["local-test", "local-test-2"])
        #expect(site.server.peakConcurrency <= 2)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.withLock { list.append(s) } }
    var items: [String] { lock.withLock { list } }
    var count: Int { lock.withLock { list.count } }
}
