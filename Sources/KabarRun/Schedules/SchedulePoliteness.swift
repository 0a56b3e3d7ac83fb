import Foundation
import KabarFetch

/// How gently a schedule fetches.
public struct SchedulePoliteness: Sendable, Equatable {
    /// Requests in flight at once, over all hosts.
    public var concurrency = 8
    /// Requests in flight at once to one host.
    public var perHost = 2
    /// Minimum time between two requests to one host.
    public var delay = ScheduleDuration(seconds: 1)
    /// Obey robots.txt (`obey`) or not (`ignore`).
    public var obeyRobots = true
    /// Time allowed for one whole transfer.
    public var timeout = ScheduleDuration(seconds: 60)
    /// Attempts per request, the first included.
    public var attempts = 3
    public var userAgent: String?
    /// Time allowed to connect (TCP and TLS).
    public var connectTimeout = ScheduleDuration(seconds: 10)
    /// A transfer receiving under 100 bytes/s for this long is aborted.
    public var stall = ScheduleDuration(seconds: 15)
    /// A proxy for every request (`http://user:password@host:port`, `socks5h://...`); nil:
    /// the environment's `http_proxy`/`https_proxy`. Never printed unredacted.
    public var proxy: String?
    /// The longest `Retry-After` (429, 503) waited for; a longer one gives the URL up for this
    /// run. The host is paused for at most this long.
    public var maxRetryAfter = ScheduleDuration(seconds: 120)
    /// Fixed addresses for host names (`host:port:address`, as curl's `--resolve`); the
    /// address is still checked against `allow_local`.
    public var resolve: [String] = []

    public init() {}

    /// The fetcher configuration these settings make.
    public var fetchConfiguration: FetchConfiguration {
        var c = FetchConfiguration()
        c.concurrency = concurrency
        c.perHostConnections = perHost
        c.perHostDelay = delay.seconds
        c.obeyRobots = obeyRobots
        c.totalTimeout = timeout.seconds
        c.retry.maxAttempts = attempts
        if let userAgent { c.userAgent = userAgent }
        c.connectTimeout = connectTimeout.seconds
        c.stallSeconds = max(1, Int(stall.seconds.rounded(.up)))
        if let proxy { c.proxy = proxy }
        c.retry.maxRetryAfter = maxRetryAfter.seconds
        c.resolve = resolve
        return c
    }
}
