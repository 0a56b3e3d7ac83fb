import Foundation

// The frontier's vocabulary, shared by every `FrontierStore` (the embedded SQLite `Frontier`
// and the PostgreSQL one): what is queued, what was seen, how a fetch ended, and the
// validators of feeds and sitemaps. `Frontier.Entry` and the like name the same types.

/// A queued article URL.
public struct FrontierEntry: Sendable, Equatable {
    /// The canonical article URL (the real address, not a mirror's).
    public var url: String
    /// Its record id (16 hex digits): the hash of `url`.
    public var id: String
    public var host: String
    /// Unix seconds: publication (or last change) date, else discovery time. Newest first.
    public var priority: Int64
    /// The source's last-change date, when it gave one (Unix seconds).
    public var modified: Int64?
    public var attempts: Int = 0
    /// Not to be fetched before this time (a shared frontier's per-host politeness slot);
    /// nil in the embedded frontier, whose fetcher alone spaces a host's requests.
    public var notBefore: Date? = nil

    public init(url: String, id: String, host: String, priority: Int64, modified: Int64?, attempts: Int = 0, notBefore: Date? = nil) {
        self.url = url; self.id = id; self.host = host; self.priority = priority; self.modified = modified
        self.attempts = attempts; self.notBefore = notBefore
    }
}

/// What the last fetch of an article answered.
public struct FrontierSeen: Sendable {
    public var fetchedAt: Int64
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    /// Whether the URL was skipped (a skip on record among the frontier's failures); true
    /// where not known (a frontier that does not say).
    public var skipped: Bool

    public init(fetchedAt: Int64, status: Int, etag: String?, lastModified: String?, skipped: Bool = true) {
        self.fetchedAt = fetchedAt; self.status = status; self.etag = etag; self.lastModified = lastModified
        self.skipped = skipped
    }

    /// Fetched and not skipped: its article was stored, under another URL than this one's when
    /// the store does not hold this URL's id (a page whose canonical link names another URL).
    /// Counted as "already stored", and not fetched again as a skipped page would be.
    public var storedElsewhere: Bool { !skipped && (200..<400).contains(status) }
}

/// What happened to a leased entry, recorded once the store has committed.
public enum FrontierCompletion: Sendable {
    /// Fetched (stored, unchanged, duplicate, or gone for good): off the queue, into `seen`.
    case done(FrontierEntry, status: Int, etag: String?, lastModified: String?)
    /// Given up for good (too large, a redirect loop, gone): off the queue, into `seen`,
    /// its failure kept on record.
    case skipped(FrontierEntry, status: Int)
    /// Failed this time: retried by later runs until `Frontier.maxAttempts`.
    case failed(FrontierEntry)
    /// Dropped unfetched (already stored).
    case dropped(FrontierEntry)
}

/// What the last successful fetch of a feed or sitemap answered; `children` are the
/// sitemaps a sitemap index listed (visited again when the index answers 304); `digest` the
/// payload digest of the body archived last (an unchanged body is not archived again).
public struct FrontierValidators: Sendable {
    public var etag: String?
    public var lastModified: String?
    public var children: [String] = []
    public var digest: String?

    public init(etag: String?, lastModified: String?, children: [String] = [], digest: String? = nil) {
        self.etag = etag; self.lastModified = lastModified; self.children = children; self.digest = digest
    }
}
