/// A sink that keeps records with deduplication: the default `FileStore` (JSON Lines files
/// plus an SQLite index, in KabarStore) and, later, a PostgreSQL store. It lives in KabarCore
/// so that every store target, and every stage that writes records, depends on KabarCore only.
///
/// The contract every store keeps (see docs/STORE.md):
/// - the same canonical URL (the record's `id`) with the same `content_hash` as any revision
///   already kept is `unchanged` and not written again;
/// - the same URL with new content is written as the next `revision`;
/// - a new URL whose content is already kept under another URL is a `duplicate`: exact when
///   the `content_hash` is the same, near when the 64-bit SimHash is within
///   `DedupOptions.nearDistance` bits. It is remembered (with `duplicate_of`) and counted, not
///   written as a second article;
/// - records whose text has fewer than `DedupOptions.minWords` words take no part in content
///   dedup (so that empty or teaser texts do not all become duplicates of each other);
/// - the store sets `revision` and `duplicate_of` on what it writes;
/// - what `commit()` returned from is kept whatever happens next; a store killed before it may
///   lose the records since the last commit, all or none of each batch, and a run started again
///   writes them again, once.
public protocol RecordStore: AnyObject {
    /// Deduplicates one record and writes it when it is new or a new revision.
    func store(_ article: Article) throws -> StoreOutcome
    /// Stores records in order, with the outcomes `store(_:)` would give one by one (a store may
    /// look them up together: faster for many records).
    func store(_ articles: [Article]) throws -> [StoreOutcome]
    /// Makes everything stored so far durable (the store also commits by itself, in batches).
    func commit() throws
    /// Starts recording a run (an extract, fetch or re-extraction session) in the index.
    func startRun(command: String) throws
    /// Ends the current run: commits and records its end, counts and `failed` items.
    func finishRun(failed: Int) throws
    /// Counts of what the store holds, by site and day, and the last `runs` runs.
    func stats(runs: Int) throws -> StoreStats
    /// Commits and releases the store; it cannot be used afterwards.
    func close() throws
    /// Records stored since the store was opened as a new revision whose text was the same as
    /// the latest revision's (other fields changed). 0 for a store that compares the text only.
    var fieldRevisions: Int { get }
}

extension RecordStore {
    public var fieldRevisions: Int { 0 }

    public func store(_ articles: [Article]) throws -> [StoreOutcome] {
        try articles.map { try store($0) }
    }
}

/// How content duplicates are found.
public struct DedupOptions: Sendable, Equatable {
    /// Largest SimHash Hamming distance that makes a near duplicate (0 = exact only).
    public var nearDistance: Int
    /// Records whose text has fewer words than this take no part in content dedup.
    public var minWords: Int

    public init(nearDistance: Int = 3, minWords: Int = 20) {
        self.nearDistance = nearDistance
        self.minWords = minWords
    }
}

public enum DuplicateKind: String, Sendable, Codable, Equatable {
    case exact, near
}

/// What `RecordStore.store` did with a record.
public enum StoreOutcome: Sendable, Equatable {
    /// Written: revision 1 for a new URL, above 1 for changed content of a known URL.
    case written(revision: Int)
    /// Already kept with this content (as any revision, or as a duplicate): nothing written.
    case unchanged
    /// The content is already kept under the URL whose record id is `of`: recorded, not written.
    case duplicate(of: String, kind: DuplicateKind, distance: Int)
}

/// Counts of one run, or of a store.
public struct StoreCounts: Sendable, Equatable, Codable {
    /// Records handed to the store.
    public var seen = 0
    /// New URLs written (revision 1).
    public var written = 0
    /// New revisions written (revision above 1).
    public var revisions = 0
    public var unchanged = 0
    public var exactDuplicates = 0
    public var nearDuplicates = 0
    /// Items that failed before reaching the store (reported by the caller).
    public var failed = 0
    /// Of `revisions`: the same text as the revision before, other fields changed (a plugin
    /// fixed). Nil where they were not counted (the embedded store's runs recorded before its
    /// index had `runs.revised_fields`): then left out of the JSON.
    public var revisedFields: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case seen, written, revisions, unchanged, exactDuplicates = "exact_duplicates"
        case nearDuplicates = "near_duplicates", failed, revisedFields = "revised_fields"
    }
}

extension StoreCounts {
    /// What summaries write after a count of revisions: " (N with the same text, other fields
    /// changed)", or nothing when `revisedFields` is 0 or not counted.
    public static func revisedFieldsNote(_ revisedFields: Int?) -> String {
        guard let n = revisedFields, n > 0 else { return "" }
        return " (\(n) with the same text, other fields changed)"
    }
}

/// What a store holds on one site and day (the day a record is filed under).
public struct DayStats: Sendable, Equatable, Codable {
    public var site: String
    public var day: String
    /// URLs first written on this site and day.
    public var records: Int
    /// Later revisions written here.
    public var revisions: Int
    public var exactDuplicates: Int
    public var nearDuplicates: Int

    public init(site: String, day: String, records: Int = 0, revisions: Int = 0, exactDuplicates: Int = 0, nearDuplicates: Int = 0) {
        self.site = site; self.day = day; self.records = records; self.revisions = revisions
        self.exactDuplicates = exactDuplicates; self.nearDuplicates = nearDuplicates
    }

    enum CodingKeys: String, CodingKey {
        case site, day, records, revisions, exactDuplicates = "exact_duplicates", nearDuplicates = "near_duplicates"
    }
}

/// One recorded run.
public struct RunStats: Sendable, Equatable, Codable {
    public var id: Int
    public var command: String
    /// ISO 8601, UTC.
    public var startedAt: String
    /// Nil while running, or when the run was killed.
    public var endedAt: String?
    /// "running", "ok", "failed" or "interrupted" (killed; found by the next open).
    public var status: String
    public var counts: StoreCounts

    public init(id: Int, command: String, startedAt: String, endedAt: String?, status: String, counts: StoreCounts) {
        self.id = id; self.command = command; self.startedAt = startedAt; self.endedAt = endedAt
        self.status = status; self.counts = counts
    }

    enum CodingKeys: String, CodingKey {
        case id, command, startedAt = "started_at", endedAt = "ended_at", status, counts
    }
}

/// What a store holds.
public struct StoreStats: Sendable, Equatable, Codable {
    /// Distinct URLs written.
    public var records: Int
    /// Revisions beyond the first.
    public var revisions: Int
    public var exactDuplicates: Int
    public var nearDuplicates: Int
    /// By site, then day.
    public var days: [DayStats]
    /// Newest first.
    public var runs: [RunStats]

    public init(records: Int, revisions: Int, exactDuplicates: Int, nearDuplicates: Int, days: [DayStats], runs: [RunStats]) {
        self.records = records; self.revisions = revisions; self.exactDuplicates = exactDuplicates
        self.nearDuplicates = nearDuplicates; self.days = days; self.runs = runs
    }

    enum CodingKeys: String, CodingKey {
        case records, revisions, exactDuplicates = "exact_duplicates", nearDuplicates = "near_duplicates", days, runs
    }
}
