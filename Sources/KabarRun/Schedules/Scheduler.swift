import Foundation
import KabarCore
import Logging

/// `kabar schedule`: every schedule on its timetable until stopped. A schedule is due when its
/// next time after its last start (kept in the data folder) has come; one never run before is
/// due at once; a schedule whose times passed while Kabar was not running runs once, not once
/// per missed time. Two schedules never run the same site (extractor) at once, and runs in one
/// data folder take turns (the store records one run at a time). A stop lets the runs in
/// flight finish their pages, then returns.
public final class Scheduler: @unchecked Sendable {
    public let schedules: [Schedule]
    public let registry: ExtractorRegistry
    public let defaultData: URL
    public let stop: StopSignal
    let progressMode: RunProgress.Mode
    let logger: Logger
    /// Called with every finished run (the CLI prints its summary).
    let onRun: @Sendable (RunResult) -> Void
    /// What a run stores through, given its data folder (the library's record sink tees here).
    public var storage: @Sendable (DataFolder) -> any RunStorage = { $0 }
    /// How a run's error is logged, given its data folder (the CLI adds what to do about a full
    /// disk or a damaged index, as `kabar run` says it).
    public var describeFailure: @Sendable (Error, URL) -> String = { error, _ in "\(error)" }

    public init(schedules: [Schedule], registry: ExtractorRegistry, defaultData: URL, stop: StopSignal,
                progressMode: RunProgress.Mode, logger: Logger, onRun: @escaping @Sendable (RunResult) -> Void = { _ in }) {
        self.schedules = schedules
        self.registry = registry
        self.defaultData = defaultData
        self.stop = stop
        self.progressMode = progressMode
        self.logger = logger
        self.onRun = onRun
    }

    /// The data folder of a schedule: its `data:` key, else the default.
    func dataURL(_ s: Schedule) -> URL {
        s.data.map { URL(fileURLWithPath: $0) } ?? defaultData
    }

    /// When a schedule is next due, given its last start: never run → now; otherwise the
    /// timetable's next time after the last start, or now if that time has passed (the missed
    /// times run once), and never sooner than the timetable's least gap after the last start
    /// whatever the computation says; `.distantFuture` when it never comes again.
    public static func nextDue(_ timetable: Schedule.Timetable, lastStart: Date?, now: Date) -> Date {
        guard let lastStart else { return now }
        guard let next = timetable.next(after: lastStart) else { return .distantFuture }
        return max(next, now, lastStart.addingTimeInterval(timetable.minimumGap))
    }

    enum Event: Sendable {
        case tick(Int)
        case finished(name: String, result: RunResult?, error: String?)
    }

    /// Runs until `stop` is signalled; returns once the runs in flight have finished.
    public func run() async throws {
        let folders = try openFolders()
        var next = try await firstDueTimes(folders)
        // When each run started, as this process saw it: a floor under the next start even when
        // the run failed before the data folder recorded it.
        var started: [String: Date] = [:]

        var busySites = Set<String>()
        var busyFolders = Set<String>()
        var running = 0
        await withTaskGroup(of: Event.self) { group in
            // One wake-up timer at a time, re-armed whenever a finished run changes the next due
            // time (the old one is woken and its tick ignored).
            var timer: (id: Int, wake: StopSignal)?
            var timerCount = 0
            while true {
                let checkedAt = Date()
                if !stop.isStopped {
                    let now = checkedAt
                    for s in schedules {
                        guard let due = next[s.name], due <= now else { continue }
                        let path = dataURL(s).standardizedFileURL.path
                        guard !busySites.contains(s.extractor), !busyFolders.contains(path) else { continue }
                        busySites.insert(s.extractor)
                        busyFolders.insert(path)
                        next[s.name] = nil
                        started[s.name] = now
                        running += 1
                        start(s, in: folders[path]!, group: &group)
                    }
                }
                if stop.isStopped && running == 0 { break }
                if timer == nil && !stop.isStopped {
                    timerCount += 1
                    timer = (timerCount, armTimer(timerCount, checkedAt: checkedAt, next: next, group: &group))
                }
                guard let event = await group.next() else { break }
                switch event {
                case .tick(let id):
                    if timer?.id == id { timer = nil }
                case .finished(let name, let result, let error):
                    running -= 1
                    guard let s = schedules.first(where: { $0.name == name }) else { continue }
                    busySites.remove(s.extractor)
                    busyFolders.remove(dataURL(s).standardizedFileURL.path)
                    if let result { onRun(result) }
                    if let error { logger.error("\(name): \(error)") }
                    if let due = await dueAfterRun(s, folder: folders[dataURL(s).standardizedFileURL.path]!, started: started[name]) {
                        next[name] = due
                    }
                    // The next due time changed: wake the timer so it is set for it.
                    timer?.wake.stop()
                    timer = nil
                }
            }
            group.cancelAll()
        }
        for folder in folders.values { try await folder.close() }
    }

    /// Every data folder opened once (a FileStore holds its folder's lock), by path.
    func openFolders() throws -> [String: DataFolder] {
        var folders: [String: DataFolder] = [:]
        for s in schedules {
            let path = dataURL(s).standardizedFileURL.path
            if folders[path] == nil { folders[path] = try DataFolder(url: URL(fileURLWithPath: path)) }
        }
        return folders
    }

    /// When each schedule is first due, from its last start in its data folder (logged).
    func firstDueTimes(_ folders: [String: DataFolder]) async throws -> [String: Date] {
        var next: [String: Date] = [:]
        let now = Date()
        for s in schedules {
            guard let timetable = s.timetable else { continue }
            let folder = folders[dataURL(s).standardizedFileURL.path]!
            let last = try await folder.lastStart(schedule: s.name)
            let due = Self.nextDue(timetable, lastStart: last, now: now)
            if due != .distantFuture { next[s.name] = due }
            logger.info("\(s.name): \(timetable); \(last.map { "last started \(Self.format($0))" } ?? "never run"); next \(due == .distantFuture ? "never" : due <= now ? "now" : Self.format(due))")
        }
        return next
    }

    /// Adds the wake-up timer `id` to `group`: a `.tick(id)` at the next due time after
    /// `checkedAt` (at most an hour away), or when woken or stopped. Schedules already due are
    /// waiting for a busy site or folder: the run that frees it ends with an event that brings
    /// the loop back.
    func armTimer(_ id: Int, checkedAt: Date, next: [String: Date], group: inout TaskGroup<Event>) -> StopSignal {
        let now = Date()
        let wait = next.values.filter { $0 > checkedAt }.map { $0.timeIntervalSince(now) }.min() ?? 3600
        let stop = self.stop
        let wake = StopSignal()
        group.addTask {
            await wake.sleep(min(max(wait, 0.01), 3600), orUntil: stop)
            return .tick(id)
        }
        return wake
    }

    /// Starts a run of `s` in `group`; it ends with a `.finished` event.
    func start(_ s: Schedule, in folder: DataFolder, group: inout TaskGroup<Event>) {
        let progress = RunProgress(name: s.name, mode: progressMode, logger: logger)
        let loop = RunLoop(schedule: s, registry: registry, folder: storage(folder), progress: progress, stop: stop)
        logger.info("\(s.name): starting")
        let describe = describeFailure, data = dataURL(s)
        group.addTask {
            do {
                return .finished(name: s.name, result: try await loop.run(), error: nil)
            } catch {
                return .finished(name: s.name, result: nil, error: describe(error, data))
            }
        }
    }

    /// When `s` is due again after a run (logged); nil when its timetable has no later time or
    /// it has none. The later of the start its folder recorded and `started` (this process's
    /// own record, a floor even when the run failed before the folder recorded it).
    func dueAfterRun(_ s: Schedule, folder: DataFolder, started: Date?) async -> Date? {
        guard let timetable = s.timetable else { return nil }
        let recorded = try? await folder.lastStart(schedule: s.name)
        let last = [recorded, started].compactMap { $0 }.max() ?? Date()
        let due = Self.nextDue(timetable, lastStart: last, now: Date())
        guard due != .distantFuture else {
            logger.warning("\(s.name): \(timetable) has no time after \(Self.format(last)); not run again")
            return nil
        }
        if !stop.isStopped { logger.info("\(s.name): next run \(Self.format(due))") }
        return due
    }

    static func format(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss ZZZZZ"
        return f.string(from: date)
    }
}
