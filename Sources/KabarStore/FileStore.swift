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
        /// new without an index read. Fixed size: past about 4 million URLs per 8 MiB it rules
        /// out less and less (more index reads), it is never wrong. Built when the store opens.
        public var urlFilterMiB = 8
        /// In-memory filter of the stored SimHashes' block pairs, in MiB (0: none): a record it
        /// rules out has no near line and skips the band lookups (see `NearFilter`). Fixed size.
        public var nearFilterMiB = 32
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
    private var lockFD: Int32 = -1
    private var isClosed = false

    // Statements on the hot path (reader connection).
    private let selHistoryHash: SQLiteStatement
    private let selLatest: SQLiteStatement
    // Files: looked up through the reader; a new one gets the next id here and its row is
    // inserted with the batch that first writes to it.
    private let selFile: SQLiteStatement
    private var nextFileID: Int64 = 1
    private var newFiles: [IndexCommitter.Batch.NewFile] = []

    // The open batch.
    private var batchOpen = false
    private var batchRecords = 0
    private var batchStarted: UInt64 = 0
    private var pendingBytes = 0
    private var dirty: [Int64: Pending] = [:]
    private var batch: BatchIndex
    /// The batch handed to the committer, consulted after the open one until the next hand-over
    /// (by then it is committed and the reader connection sees it).
    private var committing: BatchIndex?
    private let committer: IndexCommitter

    /// The `urls` row for `key` in the open batch, else in the one committing (rows not yet read
    /// through the reader connection).
    private func pendingRow(_ key: Int64) -> BatchIndex.URLRow? { batch[key] ?? committing?[key] }
    /// Whether the open batch or the one committing holds a `urls` row for `key`.
    func batchHolds(_ key: Int64) -> Bool { pendingRow(key) != nil }
    /// Whether the index may hold a `urls` row for `key` (false: certainly not).
    func mayHold(_ key: Int64) -> Bool { urlFilter.mayContain(UInt64(bitPattern: key)) }
    private let lookup: ChunkLookup
    private var urlFilter: KeyFilter
    private var nearFilter: NearFilter
    /// Per record of the chunk: whether its text has `minWords` words (else it takes no part in content dedup).
    private var takesPartInDedup: [Bool] = []
    /// Per record of the chunk: false when the near filter ruled out, as the chunk was looked up,
    /// any line within the distance in the index and in the batches (see `findOriginal`).
    private var nearBeforeChunk: [Bool] = []
    /// The open batch's band entries when the chunk was looked up.
    private var chunkBandStart = 0

    // Slots (site/day files) seen by this process: id, committed size, path.
    private var slots: [String: Slot] = [:]
    private var slotsByID: [Int64: Slot] = [:]
    private let writer: LineWriter

    // The current run.
    private var runID: Int64?
    public private(set) var runCounts = StoreCounts()
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
        try FileManager.default.createDirectory(at: root.appendingPathComponent("records"), withIntermediateDirectories: true)
        lockFD = try Self.lock(root.appendingPathComponent("lock").path)
        writer = LineWriter(root: root)
        do {
            // A missing or emptied index is made again from the files, never started empty
            // over them (see `FileStore+Rebuild.swift`).
            if options.rebuildIndex { replacedIndex = try Self.moveIndexAside(in: root) }
            let indexLost = try Self.clearLostIndex(in: root)
            db = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
            try db.execute("PRAGMA page_size=\(options.pageSize)")
            try db.execute("PRAGMA journal_mode=WAL")
            // FULL while opening: the commit that marks the store in use (`meta.clean` = 0) must
            // be durable before any line is written past the sizes the index knows, or a power
            // loss could roll it back and the next open would not cut those lines off.
            try db.execute("PRAGMA synchronous=FULL")
            try db.execute("PRAGMA cache_size=-\(max(1, options.cacheMiB * 1024 / 2))")
            try db.execute("PRAGMA temp_store=MEMORY")
            try db.execute("PRAGMA wal_autocheckpoint=\(options.checkpointPages)")
            let wanted = SimHashBands(distance: options.dedup.nearDistance)
            let built = try Self.createSchema(db, bandCount: wanted.bands.count)
            guard built >= wanted.bands.count else {
                throw Failure.bandsChanged(built: built, wanted: wanted.bands.count)
            }
            // An index built for more bands serves smaller distances: look up with its bands.
            bands = SimHashBands(distance: built - 1)
            batch = BatchIndex(bands: bands)
            reader = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
            try reader.execute("PRAGMA cache_size=-\(max(1, options.cacheMiB * 1024 / 2))")
            try reader.execute("PRAGMA temp_store=MEMORY")
            lookup = try ChunkLookup(db: reader, bands: bands, limit: options.dedup.nearDistance)
            selHistoryHash = try reader.prepare("SELECT 1 FROM history WHERE id = ?1 AND content_hash = ?2 LIMIT 1")
            selLatest = try reader.prepare("SELECT revision, content_hash, simhash, file, offset, length FROM urls WHERE id = ?1 AND kind = 0")
            selFile = try reader.prepare("SELECT file, size FROM files WHERE path = ?1")
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
               FilterFile.load(into: urlFilter, nearFilter, token: UInt64(bitPattern: savedFilters), from: root) {
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
    private var urlsInIndex = 0

    /// Loads every URL id and every stored SimHash (from band 0) into the filters; returns the
    /// number of URL ids.
    private func fillFilters() throws -> Int {
        var urls = 0
        if urlFilter.isEnabled {
            let s = try db.prepare("SELECT id FROM urls")
            while try s.step() { urlFilter.insert(UInt64(bitPattern: s.int64(0))); urls += 1 }
            s.reset()
        }
        if nearFilter.isEnabled {
            let s = try db.prepare("SELECT k FROM band0")
            let r = bands.bands[0].rotation
            while try s.step() { nearFilter.insert(SimHashBands.rotl(UInt64(bitPattern: s.int64(0)), (64 - r) & 63)) }
            s.reset()
        }
        return urls
    }

    deinit {
        if !isClosed { try? close() }
    }

    // MARK: RecordStore

    public func store(_ article: Article) throws -> StoreOutcome {
        try store([article])[0]
    }

    /// Stores records in order, as many calls of `store(_:)` would, looking each chunk of them up
    /// in the index in key order first. Every record is checked before any is stored.
    public func store(_ articles: [Article]) throws -> [StoreOutcome] {
        guard !isClosed else { throw Failure.closed }
        let keys = try articles.map(Self.keys)
        var outcomes: [StoreOutcome] = []
        outcomes.reserveCapacity(articles.count)
        var start = 0
        while start < articles.count {
            // A chunk never spans a hand-over: its lookups, with the batch being committed kept
            // in memory, hold until the next one.
            let end = min(start + Self.chunkSize, start + max(1, options.commitEvery - batchRecords), articles.count)
            if !batchOpen { batchOpen = true; batchStarted = Self.nanoseconds() }
            // Lines of the records that look new are encoded on two threads meanwhile.
            let encoder = end - start >= Self.encodeInParallel
                ? LineEncoder(articles, start..<end) { !self.mayHold(keys[$0].id) && !self.batchHolds(keys[$0].id) }
                : nil
            try lookUp(articles, keys, start..<end)
            let t = StorePhases.start()
            encoder?.finish()
            storingPhases.add(.encode, since: t)
            let td = StorePhases.start()
            for i in start..<end {
                let outcome = try decide(articles[i], keys[i], position: i - start, line: encoder?.line(i))
                count(outcome)
                outcomes.append(outcome)
            }
            storingPhases.add(.decide, since: td)
            batchRecords += end - start
            start = end
            if batchRecords >= options.commitEvery || Double(Self.nanoseconds() &- batchStarted) >= options.commitInterval * 1e9 {
                try submitBatch()
            } else if pendingBytes >= options.maxPendingBytes {
                flushLines()
            }
        }
        return outcomes
    }

    /// Records looked up in the index at a time.
    static let chunkSize = 4096
    /// Chunks of at least this many records have their lines encoded on two threads.
    static let encodeInParallel = 64

    typealias Keys = (id: Int64, content: Int64, simhash: Int64)

    private static func keys(_ article: Article) throws -> Keys {
        guard let id = StoreLayout.key(article.id) else { throw Failure.badRecord("id '\(article.id)' is not 16 hex digits (\(article.canonicalURL))") }
        guard let content = StoreLayout.key(article.contentHash) else { throw Failure.badRecord("content_hash '\(article.contentHash)' is not 16 hex digits (\(article.canonicalURL))") }
        guard let simhash = StoreLayout.key(article.simhash) else { throw Failure.badRecord("simhash '\(article.simhash)' is not 16 hex digits (\(article.canonicalURL))") }
        return (id, content, simhash)
    }

    /// Reads what the index knows of a chunk: its URLs, then the near lines of the records that
    /// may need content dedup (all but URLs written before: those stay written whatever comes).
    private func lookUp(_ articles: [Article], _ keys: [Keys], _ range: Range<Int>) throws {
        let t0 = StorePhases.start()
        var skipped = 0
        try lookup.loadStates(keys[range].map(\.id)) { id in
            if urlFilter.mayContain(UInt64(bitPattern: id)) { return false }
            skipped += 1
            return true
        }
        storingPhases.urlsSkipped += skipped
        storingPhases.add(.lookupURLs, since: t0)
        let t1 = StorePhases.start()
        defer {
            storingPhases.add(.lookupBands, since: t1)
            storingPhases.urlsRead = lookup.statesRead
            storingPhases.bandRanges = lookup.rangesRead
        }
        takesPartInDedup = articles[range].map { StoreLayout.wordCount($0.text, atLeast: options.dedup.minWords) }
        nearBeforeChunk = Array(repeating: true, count: range.count)
        chunkBandStart = batch.bandEntryCount
        var queries: [ChunkLookup.Query] = []
        for i in range {
            let k = keys[i]
            if try lookup.state(k.id)?.kind == 0 { continue }
            guard takesPartInDedup[i - range.lowerBound] else { continue }
            guard nearFilter.mayHaveNear(UInt64(bitPattern: k.simhash)) else {
                storingPhases.bandsSkipped += 1
                nearBeforeChunk[i - range.lowerBound] = false
                continue
            }
            queries.append(.init(position: i - range.lowerBound, id: k.id, simhash: UInt64(bitPattern: k.simhash)))
        }
        try lookup.loadMatches(queries)
    }

    private func count(_ outcome: StoreOutcome) {
        runCounts.seen += 1
        switch outcome {
        case .written(let revision): if revision == 1 { runCounts.written += 1 } else { runCounts.revisions += 1 }
        case .unchanged: runCounts.unchanged += 1
        case .duplicate(_, let kind, _): if kind == .exact { runCounts.exactDuplicates += 1 } else { runCounts.nearDuplicates += 1 }
        }
    }

    /// `line`: the record's line encoded as a first revision, if it was (see `LineEncoder`).
    private func decide(_ article: Article, _ keys: Keys, position: Int, line: [UInt8]?) throws -> StoreOutcome {
        let (id, content, simhash) = (keys.id, keys.content, keys.simhash)
        let dedup = takesPartInDedup[position]
        let known = try urlState(id)
        if let known, known.kind == 0 {
            if known.content == content { return .unchanged }
            if known.revision > 1 {
                var seen = batch.historyHolds(id, content: content) || committing?.historyHolds(id, content: content) == true
                if !seen {
                    selHistoryHash.bind(1, id); selHistoryHash.bind(2, content)
                    seen = try selHistoryHash.step()
                    selHistoryHash.reset()
                }
                if seen { return .unchanged }   // an older revision's content again (a stale copy)
            }
            // Changed content under a known URL: the next revision, whatever else it resembles.
            try moveToHistory(id)
            let revision = known.revision + 1
            try write(article, id: id, content: content, simhash: simhash, revision: revision, dedup: dedup, line: nil)
            return .written(revision: revision)
        }
        if let known, known.content == content { return .unchanged }   // a known duplicate, again

        // A new URL (or a duplicate URL whose content changed): content dedup.
        if let original = try findOriginal(id: id, content: content, simhash: simhash, position: position, dedup: dedup) {
            let slot = try slot(for: article)
            urlFilter.insert(UInt64(bitPattern: id))
            batch.put(.init(id: id, kind: original.kind == .exact ? 1 : 2, revision: 0, content: content, simhash: simhash,
                            file: slot.id, offset: -1, length: 0, duplicateOf: original.id, distance: original.distance,
                            url: article.canonicalURL))
            if original.kind == .exact { dirty[slot.id, default: Pending()].exact += 1 } else { dirty[slot.id, default: Pending()].near += 1 }
            if let known { uncount(duplicateKind: known.kind, slot: known.file) }
            return .duplicate(of: StoreLayout.hex(original.id), kind: original.kind, distance: original.distance)
        }
        if let known { uncount(duplicateKind: known.kind, slot: known.file) }
        try write(article, id: id, content: content, simhash: simhash, revision: 1, dedup: dedup, line: line)
        return .written(revision: 1)
    }

    /// The URL's latest state: from the open batch, else the one committing, else the index.
    private func urlState(_ id: Int64) throws -> (kind: Int, revision: Int, content: Int64, file: Int64)? {
        if let row = pendingRow(id) { return (row.kind, row.revision, row.content, row.file) }
        return try lookup.state(id).map { ($0.kind, $0.revision, $0.content, $0.file) }
    }

    /// Files the latest revision of a written URL under `history` (with the open batch) before
    /// its next revision.
    private func moveToHistory(_ id: Int64) throws {
        if let row = pendingRow(id) {
            batch.putHistory(row)
            return
        }
        let s = selLatest
        s.bind(1, id)
        defer { s.reset() }
        guard try s.step() else { return }
        batch.putHistory(.init(id: id, kind: 0, revision: s.int(0), content: s.int64(1), simhash: s.int64(2),
                               file: s.int64(3), offset: s.int64(4), length: s.int(5), duplicateOf: nil, distance: nil, url: nil))
    }

    private func uncount(duplicateKind kind: Int, slot: Int64) {
        if kind == 1 { dirty[slot, default: Pending()].exact -= 1 } else { dirty[slot, default: Pending()].near -= 1 }
    }

    struct Original { let id: Int64; let kind: DuplicateKind; let distance: Int }

    /// The kept record this content duplicates: exact (same content_hash) first, else the nearest
    /// SimHash within the distance (ties: the smallest id). Nil below `minWords` words.
    private func findOriginal(id: Int64, content: Int64, simhash: Int64, position: Int, dedup: Bool) throws -> Original? {
        guard dedup else { return nil }
        let limit = options.dedup.nearDistance
        let hash = UInt64(bitPattern: simhash)
        var best: (id: Int64, distance: Int)?
        var exactCandidates: [Int64] = []
        func consider(_ candidate: Int64, _ distance: Int) {
            guard candidate != id, distance <= limit else { return }
            if distance == 0 { exactCandidates.append(candidate) }
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.id) {
                best = (candidate, distance)
            }
        }
        // The index's lines within the distance (read for the chunk), then the batches'. When the
        // near filter ruled out every line within the distance as the chunk was looked up (it then
        // held the index's and both batches' lines), only lines written since can be near: the
        // open batch's newest entries.
        let wide = nearBeforeChunk[position]
        for match in lookup.matches(at: position) { consider(match.id, match.distance) }
        for b in 0..<bands.bands.count {
            let rotated = bands.key(hash, band: b)
            batch.candidates(hash, band: b, since: wide ? 0 : chunkBandStart) { key, candidate in consider(candidate, (key ^ rotated).nonzeroBitCount) }
            if wide { committing?.candidates(hash, band: b) { key, candidate in consider(candidate, (key ^ rotated).nonzeroBitCount) } }
        }
        // Same SimHash is not yet the same text: compare the content hashes.
        for candidate in exactCandidates.sorted() {
            if let state = try urlState(candidate), state.kind == 0, state.content == content {
                return Original(id: candidate, kind: .exact, distance: 0)
            }
        }
        return best.map { Original(id: $0.id, kind: .near, distance: $0.distance) }
    }

    /// `line`: the record encoded as revision 1 (newline included), when `revision` is 1.
    private func write(_ article: Article, id: Int64, content: Int64, simhash: Int64, revision: Int, dedup: Bool, line: [UInt8]?) throws {
        let slot = try slot(for: article)
        var pending = dirty.removeValue(forKey: slot.id) ?? Pending()
        let offset = slot.size + pending.written + Int64(pending.lineBytes)
        var encoded: [UInt8]
        if let line, revision == 1 {
            encoded = line
        } else {
            encoded = []
            RecordJSON.append(article, storedRevision: revision, to: &encoded)
            encoded.append(0x0A)
        }
        let length = encoded.count
        pending.lines.append(encoded)
        pending.lineBytes += length
        if revision == 1 { pending.records += 1 } else { pending.revisions += 1 }
        dirty[slot.id] = pending
        pendingBytes += length

        urlFilter.insert(UInt64(bitPattern: id))
        batch.put(.init(id: id, kind: 0, revision: revision, content: content, simhash: simhash, file: slot.id,
                        offset: offset, length: length, duplicateOf: nil, distance: nil, url: nil))
        if dedup {
            batch.addBands(simhash: UInt64(bitPattern: simhash), id: id)
            nearFilter.insert(UInt64(bitPattern: simhash))
        }
    }

    /// Hands the lines waiting in memory to the writer, to be written past what the file holds
    /// (not fsynced: `commit` has that done, and waits for both before the index names them).
    private func flushLines() {
        let t = StorePhases.start()
        defer { storingPhases.add(.writeLines, since: t) }
        for (slotID, var pending) in dirty where !pending.lines.isEmpty {
            guard let slot = slotsByID[slotID] else { continue }
            let lines = pending.lines, bytes = pending.lineBytes
            pending.lines = []
            pending.lineBytes = 0
            writer.write(file: slotID, path: slot.path, parts: lines, bytes: bytes, at: slot.size + pending.written)
            pending.written += Int64(bytes)
            dirty[slotID] = pending
        }
        pendingBytes = 0
    }

    struct SlotKey: Hashable { let site: String; let day: Int }
    private var slotsByKey: [SlotKey: Slot] = [:]

    /// The file a record is filed in: by its site and the day of `published_at` or
    /// `fetched_at` without building its path (records with neither take the long way).
    private func slot(for article: Article) throws -> Slot {
        guard let day = StoreLayout.packedDay(article.publishedAt) ?? StoreLayout.packedDay(article.fetchedAt) else {
            return try slot(site: article.site, day: StoreLayout.day(for: article))
        }
        let key = SlotKey(site: article.site, day: day)
        if let slot = slotsByKey[key] { return slot }
        let slot = try slot(site: article.site, day: StoreLayout.day(for: article))
        slotsByKey[key] = slot
        return slot
    }

    /// The file a site and day are filed in: known to this process, else to the index (read
    /// through the reader: what an earlier process committed), else new, its row going to the
    /// index with the open batch (one writing process per folder, so the ids are this one's to
    /// give). Lines written to a new file before that batch commits are past what the index knows,
    /// like any others: a killed process leaves a file the index does not know, which the next
    /// open removes.
    private func slot(site: String, day: String) throws -> Slot {
        let folder = StoreLayout.siteFolder(site)
        let path = "records/\(folder)/\(day).jsonl"
        if let slot = slots[path] { return slot }
        selFile.bind(1, path)
        var found: Slot?
        if try selFile.step() { found = Slot(id: selFile.int64(0), site: folder, day: day, path: path, size: selFile.int64(1)) }
        selFile.reset()
        if found == nil {
            found = Slot(id: nextFileID, site: folder, day: day, path: path, size: 0)
            newFiles.append(.init(file: nextFileID, site: folder, day: day, path: path))
            nextFileID += 1
            batchOpen = true
        }
        slots[path] = found!
        slotsByID[found!.id] = found!
        return found!
    }

    /// Hands the open batch to the committer and waits until it is in the index: every record
    /// stored before the call is durable (as `durability` says) when it returns.
    public func commit() throws {
        guard !isClosed else { throw Failure.closed }
        if batchOpen { try submitBatch() }
        try waitForCommitter()
        committing = nil
    }

    /// Waits for the batch in flight; a failed one closes the store (its rows were rolled back;
    /// the files may now be longer than the index says: the next open cuts them back).
    private func waitForCommitter() throws {
        let t = StorePhases.start()
        defer { storingPhases.add(.waitIndex, since: t) }
        do { try committer.wait() } catch { release(); throw error }
    }

    /// Closes the files and lets the data folder go (after a failure, or at the end of `close`).
    private func release() {
        isClosed = true
        writer.closeAll()
        Self.unlock(lockFD)
        lockFD = -1
    }

    /// Hands the open batch over: its lines to the writer (written, then fsynced), its index
    /// entries to the committer (which waits for the lines before it commits). Waits for the
    /// batch before it, whose entries are then in the index; this one's are consulted from
    /// memory (`committing`) until the next hand-over.
    private func submitBatch() throws {
        flushLines()
        if options.durability != .process {
            writer.sync(dirty.compactMap { slotID, pending in
                guard pending.written > 0, let slot = slotsByID[slotID] else { return nil }
                return (slotID, slot.path)
            })
        }
        let files = dirty.map { slotID, p in
            IndexCommitter.Batch.FileUpdate(file: slotID, size: slotsByID[slotID].map { $0.size + p.written },
                                            records: p.records, revisions: p.revisions, exact: p.exact, near: p.near)
        }
        let t = StorePhases.start()
        do {
            try committer.submit(.init(index: batch, newFiles: newFiles, files: files, run: runID.map { ($0, runCounts) }, rowsRun: runID))
        } catch {
            storingPhases.add(.waitIndex, since: t)
            release()
            throw error
        }
        storingPhases.add(.waitIndex, since: t)
        for (slotID, pending) in dirty { slotsByID[slotID]?.size += pending.written }
        committing = batch
        batch = BatchIndex(bands: bands, capacity: min(options.commitEvery, 1 << 17))
        batchOpen = false
        dirty.removeAll(keepingCapacity: true)
        newFiles.removeAll()
        pendingBytes = 0
        batchRecords = 0
    }

    // MARK: Runs

    public func startRun(command: String) throws {
        guard !isClosed else { throw Failure.closed }
        try commit()
        let s = try db.prepare("INSERT INTO runs(command, started_at, status) VALUES (?1, ?2, 'running')")
        s.bind(1, command); s.bind(2, StoreLayout.isoNow())
        try s.run()
        runID = sqlite3_last_insert_rowid(db.handle)
        runCounts = StoreCounts()
    }

    public func finishRun(failed: Int) throws { try finishRun(failed: failed, status: nil) }

    /// Ends the run with `status` as its caller judged it (a schedule run is `ok` with some
    /// pages failed, as its summary says); nil: `failed` when any page failed, else `ok`.
    public func finishRun(failed: Int, status: String?) throws {
        guard !isClosed else { throw Failure.closed }
        runCounts.failed = failed
        try commit()   // no batch in flight: the index connection is this thread's
        if let runID {
            try db.transaction {
                try committer.saveRun(runID, runCounts)
                let s = try db.prepare("UPDATE runs SET ended_at = ?2, status = ?3 WHERE run = ?1")
                s.bind(1, runID); s.bind(2, StoreLayout.isoNow()); s.bind(3, status ?? (failed > 0 ? "failed" : "ok"))
                try s.run()
            }
        }
        runID = nil
    }

    public func stats(runs: Int = 10) throws -> StoreStats {
        guard !isClosed else { throw Failure.closed }
        try commit()
        return try Self.readStats(db, runs: runs)
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

    static func lock(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.io("\(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            closeDescriptor(fd)
            throw Failure.locked(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        return fd
    }

    static func unlock(_ fd: Int32) {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        closeDescriptor(fd)
    }

    /// Creates the tables when missing; returns the number of SimHash bands the index has.
    static func createSchema(_ db: SQLiteDatabase, bandCount: Int) throws -> Int {
        try db.execute("""
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS files(
                file INTEGER PRIMARY KEY, site TEXT NOT NULL, day TEXT NOT NULL, path TEXT NOT NULL UNIQUE,
                size INTEGER NOT NULL DEFAULT 0, records INTEGER NOT NULL DEFAULT 0, revisions INTEGER NOT NULL DEFAULT 0,
                exact INTEGER NOT NULL DEFAULT 0, near INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS urls(
                id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, revision INTEGER NOT NULL,
                content_hash INTEGER NOT NULL, simhash INTEGER NOT NULL,
                file INTEGER NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
                duplicate_of INTEGER, distance INTEGER, url TEXT, run INTEGER);
            CREATE TABLE IF NOT EXISTS history(
                id INTEGER NOT NULL, revision INTEGER NOT NULL, content_hash INTEGER NOT NULL, simhash INTEGER NOT NULL,
                file INTEGER NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
                PRIMARY KEY(id, revision)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS runs(
                run INTEGER PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
                status TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0, written INTEGER NOT NULL DEFAULT 0,
                revisions INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0, exact INTEGER NOT NULL DEFAULT 0,
                near INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1'), ('bands', '\(bandCount)'), ('clean', '1');
            """)
        let s = try db.prepare("SELECT value FROM meta WHERE key = 'bands'")
        let built = try s.step() ? Int(s.text(0) ?? "") ?? bandCount : bandCount
        s.reset()
        for b in 0..<built {
            try db.execute("CREATE TABLE IF NOT EXISTS band\(b)(k INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(k, id)) WITHOUT ROWID")
        }
        try db.execute("COMMIT")
        return built
    }
}
