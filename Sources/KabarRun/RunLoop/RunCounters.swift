import Foundation

/// What a run has done so far; the progress display and the summary read it.
public struct RunCounters: Sendable, Equatable {
    /// Article links put in the frontier by this run's discovery.
    public var discovered = 0
    /// Frontier entries this run took on (its queue, up to max_pages).
    public var planned = 0
    /// Articles fetched (a multi-page article counts once), 304s included.
    public var fetched = 0
    /// Written as a new article (revision 1).
    public var stored = 0
    /// Written as a new revision of a stored article.
    public var revised = 0
    /// Fetched again and the same (304, or the same content).
    public var unchanged = 0
    /// The same content as a stored article under another URL.
    public var duplicates = 0
    /// Articles that failed: `retry` ones stay queued, `skippedFailures` of them are off the queue for good.
    public var failed = 0
    public var skippedFailures = 0
    /// Disallowed by robots.txt.
    public var disallowed = 0
    /// Dropped from the queue unfetched: the store already had them (`skippedStored`), or an
    /// earlier run fetched and skipped them less than `retry_skipped_after` ago (JSON "skipped").
    public var skipped = 0
    /// Of `skipped`, those the store already had.
    public var skippedStored = 0
    /// Links discovery did not queue because the store already had their articles.
    public var knownAtDiscovery = 0
    /// Pages not fetched because the store already had them: discovery's links to stored
    /// articles and the queued entries dropped as stored (the summary's "already stored").
    public var alreadyStored: Int { knownAtDiscovery + skippedStored }
    /// Still queued when the run ended (max_pages, or stopped).
    public var left = 0
    /// Body bytes received by the run's fetches (pages, sources, robots.txt, retries), decompressed.
    public var bytes = 0
    /// The stored articles' images (`images: { download: true }`).
    public var images = ImageCounts()

    public init() {}

    /// Entries finished one way or another.
    public var done: Int { fetched + failed + disallowed + skipped }
}
