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
    /// Hosts beyond the sources' and mirrors' that pages may be fetched from and redirected
    /// to (`allow_hosts:`), each with its subdomains.
    public var allowHosts: [String] = []
    /// The file it was read from.
    public var file: String

    public init(name: String, extractor: String, sources: [ScheduleSource], file: String = "") {
        self.name = name
        self.extractor = extractor
        self.sources = sources
        self.file = file
    }

    /// The hosts this schedule may send requests to, each with its subdomains: its sources'
    /// hosts (a leading `www.` dropped, so `www.example.com` also allows `example.com` and its
    /// subdomains), its mirrors' origins and bases, `allow_hosts`, and the hosts the extractor
    /// claims (with `extractor: auto`, every site plugin's).
    public func allowedHosts(claimed: [String]) -> [String] {
        var hosts: [String] = []
        for source in sources {
            guard let host = source.url.host?.lowercased() else { continue }
            hosts.append(host.hasPrefix("www.") ? String(host.dropFirst(4)) : host)
        }
        for mirror in mirrors.mirrors {
            hosts += [mirror.origin, mirror.base].compactMap { URL(string: $0)?.host?.lowercased() }
        }
        hosts += allowHosts + claimed
        var seen = Set<String>()
        return hosts.filter { seen.insert($0).inserted }
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
