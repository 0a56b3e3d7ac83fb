import Foundation

/// Where a pass's wall time went, each a moment in seconds since the pass began (monotonic
/// clock): so that a crawl's pages/s can be read both over the whole pass and over the part
/// where pages were fetched, apart from the fixed time before the first page and after the last.
public struct RunPhases: Sendable {
    private let origin = ContinuousClock.now
    /// Discovery began and ended (nil: the pass did not discover).
    public var discoveryStart: Double?
    public var discoveryEnd: Double?
    /// The first page's fetch task was started (nil: no page was fetched).
    public var firstPage: Double?
    /// The last page was settled: stored, or its failure noted.
    public var lastPage: Double?
    /// The pass ended: archive synced, store flushed, ledger closed.
    public var end: Double?

    public init() {}

    /// Seconds since the pass began.
    public func now() -> Double {
        let d = ContinuousClock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// From the first page's fetch to the last page settled (0: no page).
    public var pagesSeconds: Double {
        guard let firstPage, let lastPage else { return 0 }
        return max(0, lastPage - firstPage)
    }

    /// From the last page settled (or the start, with no page) to the end.
    public var closingSeconds: Double {
        guard let end else { return 0 }
        return max(0, end - (lastPage ?? discoveryEnd ?? 0))
    }

    public var discoverySeconds: Double {
        guard let discoveryStart, let discoveryEnd else { return 0 }
        return discoveryEnd - discoveryStart
    }

    /// One line for the log: "discovery 0.12 s, first page at 0.15 s, pages 2.01 s (995.0 pages/s), closing 0.05 s".
    public func line(fetched: Int) -> String {
        var parts: [String] = []
        if discoveryStart != nil { parts.append(String(format: "discovery %.3f s", discoverySeconds)) }
        if let firstPage {
            parts.append(String(format: "first page at %.3f s", firstPage))
            let rate = pagesSeconds > 0 ? Double(fetched) / pagesSeconds : 0
            parts.append(String(format: "pages %.3f s (%.1f pages/s)", pagesSeconds, rate))
        }
        parts.append(String(format: "closing %.3f s", closingSeconds))
        return parts.joined(separator: ", ")
    }

    public var json: String {
        func value(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "null" }
        return "{\"discovery_start\":\(value(discoveryStart)),\"discovery_end\":\(value(discoveryEnd)),"
            + "\"first_page\":\(value(firstPage)),\"last_page\":\(value(lastPage)),\"end\":\(value(end)),"
            + "\"pages_seconds\":\(value(pagesSeconds)),\"closing_seconds\":\(value(closingSeconds))}"
    }
}
