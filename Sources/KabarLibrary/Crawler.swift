import Foundation
internal import KabarRun
internal import Logging

/// Runs schedule files (Schedules/README.md describes them) into a data folder: discovery,
/// polite fetching, extraction, deduplication and storage, as `kabar run` and `kabar schedule`
/// do, with the records also handed to a `RecordSink` when one is given.
public struct Crawler: Sendable {
    let schedules: [Schedule]
    let extractors: Extractors
    /// The data folder of the schedules that name none (`data:` key): records, index, frontier, WARC files.
    public let dataFolder: URL
    let sink: (any RecordSink)?
    /// The swift-log label of the runs' progress and warnings (logged every 30 s and at the end
    /// of each run); configure the output with `LoggingSystem.bootstrap`.
    public var logLabel = "kabar"

    /// Loads the schedule files (every problem of a file reported as `file:line: key: reason`)
    /// against `extractors` (a schedule's `extractor:` may name a registered `SiteExtractor`).
    public init(schedules: [URL], dataFolder: URL, extractors: Extractors, sink: (any RecordSink)? = nil) throws {
        let loader = ScheduleLoader(extractors: extractors.ids)
        self.schedules = try schedules.map { try loader.load(file: $0) }
        self.extractors = extractors
        self.dataFolder = dataFolder
        self.sink = sink
    }

    /// The schedules' names, in the order given.
    public var scheduleNames: [String] { schedules.map(\.name) }

    /// One pass of every schedule now, one after another (as `kabar run`), whatever their
    /// timetables. A stop request lets the pages in flight finish and be stored; what is left
    /// stays queued for the next pass. Throws when a data folder cannot be opened or written.
    public func runOnce(stop: CrawlStop = CrawlStop()) async throws -> [RunSummary] {
        var folders: [String: DataFolder] = [:]
        var summaries: [RunSummary] = []
        let registry = extractors.registry
        do {
            for schedule in schedules where !stop.isStopped {
                let url = schedule.data.map { URL(fileURLWithPath: $0) } ?? dataFolder
                let path = url.standardizedFileURL.path
                let folder = try folders[path] ?? DataFolder(url: url)
                folders[path] = folder
                let progress = RunProgress(name: schedule.name, mode: .log(interval: 30), logger: Logger(label: logLabel))
                let loop = RunLoop(schedule: schedule, registry: registry, folder: storage(folder), progress: progress, stop: stop.signal)
                let result = try await loop.run()
                logHealth(result)
                summaries.append(RunSummary(result))
            }
        } catch {
            for folder in folders.values { try? await folder.close() }
            throw error
        }
        for folder in folders.values { try await folder.close() }
        return summaries
    }

    /// Every schedule on its timetable (as `kabar schedule`) until `stop` is asked: a schedule
    /// never run starts at once, missed times run once; two schedules of one site or one data
    /// folder take turns. Returns once the runs in flight have finished after the stop.
    /// `onRun` is called with each finished run.
    public func runOnTimetable(stop: CrawlStop, onRun: @escaping @Sendable (RunSummary) -> Void = { _ in }) async throws {
        let scheduler = Scheduler(schedules: schedules, registry: extractors.registry, defaultData: dataFolder, stop: stop.signal,
                                  progressMode: .log(interval: 30), logger: Logger(label: logLabel)) { [self] in
            logHealth($0)
            onRun(RunSummary($0))
        }
        let sink = self.sink
        scheduler.storage = { folder in sink.map { SinkTee(folder: folder, sink: $0) as any RunStorage } ?? folder }
        try await scheduler.run()
    }

    /// Each extractor's health line and each warning of a finished run, under `logLabel` (the
    /// summary handed over carries neither; `kabar run` prints them under its summary instead).
    func logHealth(_ result: RunResult) {
        let logger = Logger(label: logLabel)
        for line in RunHealth(extractors: result.health?.extractors ?? [], warnings: []).lines { logger.info("\(result.schedule): \(line)") }
        for warning in result.health?.warnings ?? [] { logger.warning("\(result.schedule): \(warning.description)") }
    }

    func storage(_ folder: DataFolder) -> any RunStorage {
        sink.map { SinkTee(folder: folder, sink: $0) as any RunStorage } ?? folder
    }
}

/// Asks a `Crawler` to stop: no new page is requested, the pages in flight finish and are stored.
public final class CrawlStop: Sendable {
    let signal = StopSignal()

    /// A stop not asked yet.
    public init() {}

    /// Asks the runs to stop (from any thread, a signal handler's task, a shutdown hook).
    public func stop() { signal.stop() }

    /// Whether a stop was asked.
    public var isStopped: Bool { signal.isStopped }
}

/// How one run of a schedule went.
public struct RunSummary: Sendable, CustomStringConvertible {
    /// The schedule's name.
    public let schedule: String
    /// `ok`, `stopped` (asked to stop before its queue was done) or `failed` (no source could
    /// be read, or pages were tried and none arrived).
    public let status: String
    /// Article links this run's discovery queued.
    public let discovered: Int
    /// Articles fetched (304s included).
    public let fetched: Int
    /// Articles written as new records (revision 1).
    public let stored: Int
    /// Articles written as new revisions of stored records.
    public let revised: Int
    /// Articles fetched again with the same content.
    public let unchanged: Int
    /// Articles whose content is stored already under another URL.
    public let duplicates: Int
    /// Articles that failed (kept queued for a retry, or dropped when gone).
    public let failed: Int
    /// Why sources or pages failed (the first few).
    public let problems: [String]
    /// How long the run took.
    public let seconds: Double
    /// The one-line summary `kabar run` prints.
    public let description: String

    init(_ r: RunResult) {
        schedule = r.schedule
        status = r.failedAsAWhole ? "failed" : r.stopped ? "stopped" : "ok"
        discovered = r.counters.discovered
        fetched = r.counters.fetched
        stored = r.counters.stored
        revised = r.counters.revised
        unchanged = r.counters.unchanged
        duplicates = r.counters.duplicates
        failed = r.counters.failed
        problems = r.problems
        seconds = r.seconds
        description = r.summary
    }
}
