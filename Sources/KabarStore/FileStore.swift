import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// The default store: records appended to `records/<site>/<YYYY-MM-DD>.jsonl` under a data
/// folder, and the dedup index in `index.sqlite` (WAL), which is the source of truth.
///
/// Writing is batched: records are looked up in the index a chunk at a time, in key order
/// (`ChunkLookup`), and deduplicated against it and against the open batch, whose index entries
/// wait in memory (`BatchIndex`) and whose JSON lines are appended past the sizes the index
/// knows (`files.size`) as they accumulate. `commit()` (every `commitEvery` records or
/// `commitInterval` seconds, and on close) writes the last lines, fsyncs the files, and only
/// then inserts the batch's entries in key order and commits the transaction that records the
/// new sizes. A process killed at any moment leaves
/// the files at most longer than the index says; the next open cuts them back (see
/// `FileStore+Recovery.swift`), so a batch is kept whole or not at all, and a run started again
/// writes the lost batch again, once. See docs/STORE.md.
///
/// One process writes a data folder at a time (an exclusive `flock` on `lock`). Not thread-safe:
/// use one `FileStore` from one thread.
///
/// This file holds the type's state, its opening and closing; each job is in a file of its own:
/// `+Lock` (the folder's lock), `+Schema` (tables and connection pragmas), `+Filters`, `+Store`
/// (store and decide), `+Dedup`, `+Files` (record files and their lines), `+Commit` (the
/// hand-off to `IndexCommitter`), `+Runs`, `+Recovery`, `+Rebuild`, `+Inspect`, `+Lookup`.
/// The `urls.kind` column is `URLKind`.
public final class FileStore: RecordStore {
    public enum Durability: String, Sendable, CaseIterable {
        /// No fsync: safe against a killed process, not against power loss.
        case process
        /// fsync the JSON Lines files before each index commit: after power loss the index never
        /// names a line the files lost; the last batches may be rolled back (default).
        case flush
        /// As `flush`, and the index commit itself is fsynced (SQLite synchronous=FULL).
        case full
    }

    public struct Options: Sendable {
        public var dedup = DedupOptions()
        public var durability = Durability.flush
        /// Commit after this many records (the batch's index entries wait in memory until then)...
        public var commitEvery = 100_000
        /// ...or this many seconds after the batch started. A commit writes every index page the
        /// batch touched, so fewer, larger commits cost less per record; a killed process loses
        /// (and a run started again re-stores) at most the batch since the last commit.
        public var commitInterval = 5.0
        /// Lines are written to their files (not yet fsynced) when this many bytes wait.
        public var maxPendingBytes = 16 << 20
        /// SQLite page cache, in MiB, half for the connection that writes and half for the one
        /// that reads (memory does not grow with the records stored).
        public var cacheMiB = 64
        /// In-memory filter of the URL ids in the index, in MiB (0: none). A URL it rules out is
        /// new without an index read. Bounded size (it starts at 256 KiB and doubles with the URLs,
        /// up to this): past about 4 million URLs per 8 MiB it rules
        /// out less and less (more index reads), it is never wrong. Built when the store opens.
        public var urlFilterMiB = 8
        /// In-memory filter of the stored SimHashes' block pairs, in MiB (0: none): a record it
        /// rules out has no near line and skips the band lookups (see `NearFilter`). Bounded size,
        /// grown with the lines stored as the URL filter is (`KeyFilter`).
        public var nearFilterMiB = 32
        /// Read the thread CPU time of the storing thread's phases (`phases`; `kabar bench store`
        /// prints them). Off, only their wall time: a crawl stores one record at a time, and each
        /// CPU clock reading is a system call (8 a record).
        public var timesPhaseCPU = false
        /// At a clean close the filters are saved (`filters.bin`, see `FilterFile`) for the next
        /// open to load instead of rebuilding them from the index, when the index holds at least
        /// this many URL ids (0: always), or took long to read at this open.
        public var saveFiltersFrom = 100_000
        /// SQLite page size in bytes for a new index (an existing one keeps its own).
        public var pageSize = 4096
        /// WAL pages after which a commit checkpoints (copies the WAL into the index file).
        public var checkpointPages = 10_000
        /// Replace the index by one rebuilt from the record files (the old one is kept as
        /// `index.sqlite.replaced-<time>`): `kabar rebuild-index`. A missing or empty index is
        /// rebuilt at open without asking.
        public var rebuildIndex = false
        /// Told how a rebuild of the index goes, at each file and about twice a second (default:
        /// a line on standard error).
        public var rebuildProgress: (@Sendable (RebuildProgress) -> Void)? = { FileHandle.standardError.write(Data("kabar: \($0)\n".utf8)) }

        public init() {}
    }

    public enum Failure: Error, CustomStringConvertible {
        case locked(String)
        case badRecord(String)
        case io(String)
        case bandsChanged(built: Int, wanted: Int)
        case indexDisagrees(root: String, problems: [String])
        /// A new data folder asked for inside another (its `warc/` or `records/`, `--data
        /// data/warc`): records would go to a second store there, not to the one meant.
        case insideStore(folder: String, store: String)
        case closed

        public var description: String {
            switch self {
            case .locked(let path): return "\(path): another kabar process is writing to this data folder; wait for it to end (or stop it), or give another --data"
            case .badRecord(let why): return "record not stored: \(why)"
            case .io(let why): return why
            case .bandsChanged(let built, let wanted):
                return "the index was built for near-duplicate distance up to \(built - 1); distance \(wanted - 1) needs a new data folder"
            case .indexDisagrees(let root, let problems):
                let shown = problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
                return "\(root): the index does not match the record files (\(shown)); nothing was written. "
                    + "The files hold the records: rebuild the index from them with `kabar rebuild-index --data \(root)` "
                    + "(the current index is kept as index.sqlite.replaced-<time>)"
            case .insideStore(let folder, let store):
                return "\(folder): inside the data folder \(store) (it holds index.sqlite and records/): give --data \(store), "
                    + "or a folder outside it; nothing was written"
            case .closed: return "the store is closed"
            }
        }
    }

    public let root: URL
    public let options: Options
    /// The index connection that writes: the committer's while a batch is in flight, else this thread's.
    let db: SQLiteDatabase
    /// The connection the storing thread reads the index through (lookups, `contains`).
    let reader: SQLiteDatabase
    let bands: SimHashBands
    var lockFD: Int32 = -1
    var isClosed = false

    // Statements on the hot path (reader connection).
    let selHistoryHash: SQLiteStatement
    let selLatest: SQLiteStatement
    // Files: looked up through the reader; a new one gets the next id here and its row is
    // inserted with the batch that first writes to it.
    let selFile: SQLiteStatement
    /// A file's path by id (reading back a stored line, `storedFields`).
    let selFilePath: SQLiteStatement
    var nextFileID: Int64 = 1
    var newFiles: [IndexCommitter.Batch.NewFile] = []

    // The open batch.
    var batchOpen = false
    var batchRecords = 0
    var batchStarted: UInt64 = 0
    var pendingBytes = 0
    var dirty: [Int64: Pending] = [:]
    var batch: BatchIndex
    /// The batch handed to the committer, consulted after the open one until the next hand-over
    /// (by then it is committed and the reader connection sees it).
    var committing: BatchIndex?
    /// Image rows recorded since the last hand-over, and those of the batch committing (see `FileStore+Images.swift`).
    var pendingImages: [String: ImageRow] = [:]
    var committingImages: [String: ImageRow] = [:]
    let committer: IndexCommitter

    /// The `urls` row for `key` in the open batch, else in the one committing (rows not yet read
    /// through the reader connection).
    func pendingRow(_ key: Int64) -> BatchIndex.URLRow? { batch[key] ?? committing?[key] }
    /// Whether the open batch or the one committing holds a `urls` row for `key`.
    func batchHolds(_ key: Int64) -> Bool { pendingRow(key) != nil }
    /// Whether the index may hold a `urls` row for `key` (false: certainly not).
    func mayHold(_ key: Int64) -> Bool { urlFilter.mayContain(UInt64(bitPattern: key)) }
    let lookup: ChunkLookup
    var urlFilter: KeyFilter
    var nearFilter: NearFilter
    /// Per record of the chunk: whether its text has `minWords` words (else it takes no part in content dedup).
    var takesPartInDedup: [Bool] = []
    /// Per record of the chunk: false when the near filter ruled out, as the chunk was looked up,
    /// any line within the distance in the index and in the batches (see `findOriginal`).
    var nearBeforeChunk: [Bool] = []
    /// The open batch's band entries when the chunk was looked up.
    var chunkBandStart = 0

    // Slots (site/day files) seen by this process: id, committed size, path.
    var slots: [String: Slot] = [:]
    var slotsByID: [Int64: Slot] = [:]
    /// Slots by site and packed day (`slot(for:)`).
    var slotsByKey: [SlotKey: Slot] = [:]
    let writer: LineWriter

    // The current run.
    var runID: Int64?
    public internal(set) var runCounts = StoreCounts()
    /// Records stored since the store was opened as a new revision because fields other than
    /// the text changed (the text was the same as the latest revision's).
    public internal(set) var fieldRevisions = 0
    /// Time per phase since the store was opened: the storing thread's and the committer's.
    public var phases: StorePhases { storingPhases.merged(with: committer.phases) }
    var storingPhases = StorePhases()

    final class Slot {
        let id: Int64
        let site: String
        let day: String
        let path: String
        var size: Int64
        init(id: Int64, site: String, day: String, path: String, size: Int64) {
            self.id = id; self.site = site; self.day = day; self.path = path; self.size = size
        }
    }

    struct Pending {
        /// Lines not yet written to the file, each its own buffer (written with `pwritev`).
        var lines: [[UInt8]] = []
        /// Their bytes.
        var lineBytes = 0
        /// Bytes of this batch already written past the committed size (not yet fsynced).
        var written: Int64 = 0
        var records = 0
        var revisions = 0
        var exact = 0
        var near = 0
    }

    /// Opens (creating if needed) the store in `root`, repairing what a killed writer left.
    public init(at root: URL, options: Options = Options()) throws {
        self.root = root
        self.options = options
        storingPhases.timesCPU = options.timesPhaseCPU
        if let store = Self.enclosingStore(of: root) { throw Failure.insideStore(folder: root.relativePath, store: store) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("records"), withIntermediateDirectories: true)
        lockFD = try Self.lock(root.appendingPathComponent("lock").path)
        writer = LineWriter(root: root)
        do {
            // A missing or emptied index is made again from the files, never started empty
            // over them (see `FileStore+Rebuild.swift`).
            if options.rebuildIndex { replacedIndex = try Self.moveIndexAside(in: root) }
            let indexLost = try Self.clearLostIndex(in: root)
            db = try Self.openIndex(in: root, options: options)
            let wanted = SimHashBands(distance: options.dedup.nearDistance)
            let built = try Self.createSchema(db, bandCount: wanted.bands.count)
            guard built >= wanted.bands.count else {
                throw Failure.bandsChanged(built: built, wanted: wanted.bands.count)
            }
            // An index built for more bands serves smaller distances: look up with its bands.
            bands = SimHashBands(distance: built - 1)
            batch = BatchIndex(bands: bands)
            reader = try Self.openReader(in: root, options: options)
            lookup = try ChunkLookup(db: reader, bands: bands, limit: options.dedup.nearDistance)
            selHistoryHash = try reader.prepare("SELECT 1 FROM history WHERE id = ?1 AND content_hash = ?2 LIMIT 1")
            selLatest = try reader.prepare("SELECT revision, content_hash, simhash, file, offset, length FROM urls WHERE id = ?1 AND \(URLKind.writtenSQL)")
            selFile = try reader.prepare("SELECT file, size FROM files WHERE path = ?1")
            selFilePath = try reader.prepare("SELECT path FROM files WHERE file = ?1")
            committer = try IndexCommitter(db: db, bandCount: bands.bands.count, writer: writer)
            urlFilter = KeyFilter(mebibytes: options.urlFilterMiB)
            nearFilter = NearFilter(distance: options.dedup.nearDistance, mebibytes: options.nearFilterMiB)
            if indexLost && !Self.recordFiles(in: root).isEmpty {
                do { try rebuildIndex(progress: options.rebuildProgress) } catch {
                    // Leave no half-made index: the next open rebuilds again.
                    _ = try? Self.clearLostIndex(in: root, force: true)
                    throw error
                }
                rebuiltIndex = true
            }
            let savedFilters = try db.scalar("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'filters'")
            let wasClean = try recover()
            try db.execute("DELETE FROM meta WHERE key = 'filters'")
            nextFileID = (try db.scalar("SELECT max(file) FROM files") ?? 0) + 1
            if wasClean, let savedFilters, (urlFilter.isEnabled || nearFilter.isEnabled),
               FilterFile.load(into: &urlFilter, &nearFilter, token: UInt64(bitPattern: savedFilters), from: root) {
                filtersFromFile = true
            } else {
                let t = Self.nanoseconds()
                urlsInIndex = try fillFilters()
                filtersBuildSeconds = Double(Self.nanoseconds() &- t) / 1e9
            }
            if options.durability != .full { try db.execute("PRAGMA synchronous=NORMAL") }
        } catch {
            Self.unlock(lockFD)
            throw error
        }
    }

    /// Where `Options.rebuildIndex` moved the index it replaced.
    public private(set) var replacedIndex: String?
    /// Whether this open rebuilt the index from the record files.
    public private(set) var rebuiltIndex = false

    /// Whether this open loaded the filters from `filters.bin` (else it rebuilt them).
    public private(set) var filtersFromFile = false
    /// Seconds this open took to rebuild the filters from the index (0 when loaded).
    public private(set) var filtersBuildSeconds = 0.0
    /// URL ids read into the filter at this open (when rebuilt).
    var urlsInIndex = 0

    deinit {
        if !isClosed { try? close() }
    }

    public func close() throws {
        guard !isClosed else { return }
        if runID != nil { try finishRun(failed: runCounts.failed) }
        try commit()
        // The filters, saved for the next open when rebuilding them would take a while; their
        // token goes in with the mark of a clean close, or no file is trusted.
        var token: UInt64?
        let worthSaving = filtersFromFile || filtersBuildSeconds >= 0.25 || urlsInIndex + urlFilter.inserted >= options.saveFiltersFrom
        if (urlFilter.isEnabled || nearFilter.isEnabled) && worthSaving {
            token = try? FilterFile.save(urlFilter, nearFilter, in: root)
        }
        if token == nil { FilterFile.remove(in: root) }
        try db.transaction {
            if let token { try db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('filters', '\(Int64(bitPattern: token))')") }
            try db.execute("UPDATE meta SET value = '1' WHERE key = 'clean'")
        }
        try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        release()
    }

    // MARK: Helpers

    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }


}

extension FileStore {
    /// The data folder `root` lies inside, when `root` is no store itself (it holds neither
    /// `index.sqlite` nor `records/`): the nearest folder above it holding both. Nil for a store,
    /// or a new folder outside every store.
    public static func enclosingStore(of root: URL) -> String? {
        let fm = FileManager.default
        func isStore(_ folder: URL) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: folder.appendingPathComponent("index.sqlite").path)
                && fm.fileExists(atPath: folder.appendingPathComponent("records").path, isDirectory: &isDir) && isDir.boolValue
        }
        let folder = root.standardizedFileURL
        guard !fm.fileExists(atPath: folder.appendingPathComponent("index.sqlite").path),
              !fm.fileExists(atPath: folder.appendingPathComponent("records").path) else { return nil }
        var above = folder.deletingLastPathComponent()
        while above.path != "/" && !above.path.isEmpty {
            if isStore(above) {
                // Named as the user wrote the folder: `data`, not `/home/me/data`, for `--data data/warc`.
                let written = (root.relativePath as NSString).standardizingPath
                let up = folder.pathComponents.count - above.pathComponents.count
                var parts = (written as NSString).pathComponents
                if parts.count > up, !parts.suffix(up).contains("..") {
                    parts.removeLast(up)
                    return NSString.path(withComponents: parts)
                }
                return above.path
            }
            above = above.deletingLastPathComponent()
        }
        return nil
    }
}
