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
        return c
    }
}
