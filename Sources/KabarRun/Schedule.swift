import Foundation

/// One schedule file (`Schedules/*.yaml`), validated: which extractor, where discovery starts,
/// how often, limits and politeness. Read with `ScheduleLoader`; the format is in
/// Schedules/README.md.
public struct Schedule: Sendable {
    /// The schedule's name (`name:`, else the file name without its extension).
    public var name: String
    /// The plugin id (`tempo`, `sindonews`): it reads every page of this schedule and decides
    /// which discovered links are articles.
    public var extractor: String
    public var sources: [ScheduleSource]
    public var timetable: Timetable?
    public var limits = ScheduleLimits()
    public var politeness = SchedulePoliteness()
    /// Fetch articles already stored again (conditional GET; changed content becomes a new revision).
    public var refresh = false
    /// The data folder (`data:`); the command line's `--data` wins.
    public var data: String?
    /// Fetch URLs under an origin from another base instead (a local mirror of a site).
    public var mirrors = SiteMirrors()
    /// Whether loopback and private addresses may be fetched at all.
    public var allowLocal = false
    /// The file it was read from.
    public var file: String

    public init(name: String, extractor: String, sources: [ScheduleSource], file: String = "") {
        self.name = name
        self.extractor = extractor
        self.sources = sources
        self.file = file
    }

    /// When a schedule runs.
    public enum Timetable: Sendable, Equatable, CustomStringConvertible {
        case every(ScheduleDuration)
        case cron(CronExpression)

        /// The first time the schedule is due after a run that started at `start`.
        public func next(after start: Date, calendar: Calendar = .current) -> Date? {
            switch self {
            case .every(let d): return start.addingTimeInterval(max(d.seconds, 1))
            case .cron(let c): return c.next(after: start, calendar: calendar)
            }
        }

        public var description: String {
            switch self {
            case .every(let d): return "every \(d)"
            case .cron(let c): return "cron \"\(c)\""
            }
        }
    }
}
