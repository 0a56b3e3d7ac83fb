import Foundation
import KabarCore

/// Discovery's progress while it reads its sources, so that a slow discovery (a polite delay
/// between requests to one host, many sitemaps) is not silent until its summary line: after a
/// feed, listing or sitemap is read, which one, what it gave and the links found so far. At
/// most one line per `interval` and none before `interval` has passed since discovery began,
/// so a fast discovery prints only its summary line and a long one a line a second at most
/// (the documents read in between are counted in the next line).
struct DiscoveryProgress {
    let log: @Sendable (String) -> Void
    let interval: TimeInterval
    private var last: Date
    private(set) var documents = 0

    init(log: @escaping @Sendable (String) -> Void, interval: TimeInterval = 1, start: Date = Date()) {
        self.log = log
        self.interval = interval
        self.last = start
    }

    /// One document read: `what` is its kind and URL, `outcome` what it gave (`12 links`,
    /// `not modified`, `failed`), `links` the links found so far.
    mutating func read(_ what: String, _ outcome: String, links: Int, now: Date = Date()) {
        documents += 1
        guard now.timeIntervalSince(last) >= interval else { return }
        last = now
        log("discovery: \(Redaction.redact(what)): \(outcome); \(counted(links, "link")) from \(counted(documents, "document")) so far")
    }

    /// What a fetched document gave, in a progress line's words: its links, or a sitemap
    /// index's sitemaps; `unreadable`: fetched but not read (its error is reported at the end).
    static func outcome(_ fetched: Discovery.Fetched, links: Int, sitemaps: Int = 0, unreadable: Bool) -> String {
        switch fetched {
        case .fresh: return unreadable ? "failed" : sitemaps > 0 ? counted(sitemaps, "sitemap") : counted(links, "link")
        case .notModified: return "not modified"
        case .failed: return "failed"
        case .stopped: return "not read (stopping)"
        }
    }
}
