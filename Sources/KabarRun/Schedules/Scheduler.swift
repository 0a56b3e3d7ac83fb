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
    /// times run once).
    public static func nextDue(_ timetable: Schedule.Timetable, lastStart: Date?, now: Date) -> Date {
        guard let lastStart, let next = timetable.next(after: lastStart) else { return now }
        return max(next, now)
    }

    enum Event: Sendable {
        case tick
        case finished(name: String, result: RunResult?, error: String?)
    }

    /// Runs until `stop` is signalled; returns once the runs in flight have finished.
    public func run() async throws {
        // Open every data folder once (a FileStore holds its folder's lock).
        var folders: [String: DataFolder] = [:]
        for s in schedules {
            let path = dataURL(s).standardizedFileURL.path
            if folders[path] == nil { folders[path] = try DataFolder(url: URL(fileURLWithPath: path)) }
        }
        var next: [String: Date] = [:]
        let now = Date()
        for s in schedules {
            guard let timetable = s.timetable else { continue }
            let folder = folders[dataURL(s).standardizedFileURL.path]!
            let last = try await folder.lastStart(schedule: s.name)
            next[s.name] = Self.nextDue(timetable, lastStart: last, now: now)
            let due = next[s.name]!
            logger.info("\(s.name): \(timetable); \(last.map { "last started \(Self.format($0))" } ?? "never run"); next \(due <= now ? "now" : Self.format(due))")
        }

        var busySites = Set<String>()
        var busyFolders = Set<String>()
        var running = 0
        await withTaskGroup(of: Event.self) { group in
            var timerPending = false
            while true {
                if !stop.isStopped {
                    let now = Date()
                    for s in schedules {
                        guard let due = next[s.name], due <= now else { continue }
                        let path = dataURL(s).standardizedFileURL.path
                        guard !busySites.contains(s.extractor), !busyFolders.contains(path) else { continue }
                        busySites.insert(s.extractor)
                        busyFolders.insert(path)
                        next[s.name] = nil
                        running += 1
                        let folder = folders[path]!
                        let progress = RunProgress(name: s.name, mode: progressMode, logger: logger)
                        let loop = RunLoop(schedule: s, registry: registry, folder: folder, progress: progress, stop: stop)
                        logger.info("\(s.name): starting")
                        group.addTask {
                            do {
                                return .finished(name: s.name, result: try await loop.run(), error: nil)
                            } catch {
                                return .finished(name: s.name, result: nil, error: "\(error)")
                            }
                        }
                    }
                }
                if stop.isStopped && running == 0 { break }
                if !timerPending && !stop.isStopped {
                    let now = Date()
                    let wait = next.values.map { $0.timeIntervalSince(now) }.min() ?? 3600
                    let stop = self.stop
                    group.addTask {
                        await stop.sleep(min(max(wait, 0.05), 60))
                        return .tick
                    }
                    timerPending = true
                }
                guard let event = await group.next() else { break }
                switch event {
                case .tick:
                    timerPending = false
                case .finished(let name, let result, let error):
                    running -= 1
                    guard let s = schedules.first(where: { $0.name == name }) else { continue }
                    busySites.remove(s.extractor)
                    busyFolders.remove(dataURL(s).standardizedFileURL.path)
                    if let result { onRun(result) }
                    if let error { logger.error("\(name): \(error)") }
                    if let timetable = s.timetable {
                        let folder = folders[dataURL(s).standardizedFileURL.path]!
                        let last = (try? await folder.lastStart(schedule: name)) ?? Date()
                        let due = Self.nextDue(timetable, lastStart: last, now: Date())
                        next[name] = due
                        if !stop.isStopped { logger.info("\(name): next run \(Self.format(due))") }
                    }
                }
            }
            group.cancelAll()
        }
        for folder in folders.values { try await folder.close() }
    }

    static func format(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss ZZZZZ"
        return f.string(from: date)
    }
}
