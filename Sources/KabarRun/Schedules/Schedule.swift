import Foundation
import KabarArchive

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
    /// Health settings: how many pages get a second opinion (`health:`).
    public var health = ScheduleHealth()
    /// Fetch articles already stored again (conditional GET; changed content becomes a new revision).
    public var refresh = false
    /// How long after a page was skipped (not HTML, too large, gone, disallowed) it is fetched
    /// again when a source still lists it (`retry_skipped_after:`); nil: only with `refresh`
    /// or a newer date from a source.
    public var retrySkippedAfter: ScheduleDuration? = Schedule.defaultRetrySkippedAfter
    public static let defaultRetrySkippedAfter = ScheduleDuration(seconds: 7 * 86400)
    /// The data folder (`data:`); the command line's `--data` wins.
    public var data: String?
    /// Fetch URLs under an origin from another base instead (a local mirror of a site).
    public var mirrors = SiteMirrors()
    /// Whether loopback and private addresses may be fetched at all.
    public var allowLocal = false
    /// Hosts beyond the sources' and mirrors' that pages may be fetched from and redirected
    /// to (`allow_hosts:`), each with its subdomains.
    public var allowHosts: [String] = []
    /// Downloading the stored articles' images (`images:`).
    public var images = ScheduleImages()
    /// How the WARC archive's records are compressed (`archive: { codec:, level: }`).
    public var archive = ArchiveCompression.default
    /// Whether the archive's `response` records carry a `WARC-Block-Digest` next to their
    /// payload digest (`archive: { response_block_digest: false }` leaves it out; see
    /// `WARCWriter.responseBlockDigest`).
    public var archiveResponseBlockDigest = true
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

    /// Where to fetch `url` from: its mirror's address (`mirrors`), with the `user:password@`
    /// of a source of the same origin when the URL has none. Stored URLs carry no credentials
    /// (see `URLCanonicalizer`); they come back here, from the schedule, for each request.
    public func fetchURL(for url: URL) -> URL {
        let target = mirrors.fetchURL(for: url)
        guard url.user == nil, let origin = SiteMirrors.origin(of: url),
              let source = sources.first(where: { $0.url.user != nil && SiteMirrors.origin(of: $0.url) == origin }),
              var c = URLComponents(url: target, resolvingAgainstBaseURL: true) else { return target }
        c.percentEncodedUser = URLComponents(url: source.url, resolvingAgainstBaseURL: true)?.percentEncodedUser
        c.percentEncodedPassword = URLComponents(url: source.url, resolvingAgainstBaseURL: true)?.percentEncodedPassword
        return c.url ?? target
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

        /// The least time between two starts, a floor under whatever `next(after:)` computes:
        /// the interval, or 30 s for cron (its times are whole minutes, at least 60 s apart, so
        /// a run that started up to 30 s late still gets its next time exactly).
        public var minimumGap: TimeInterval {
            switch self {
            case .every(let d): return max(d.seconds, 1)
            case .cron: return 30
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
