import Dispatch
import KabarCore
#if canImport(Glibc)
import Glibc
#endif

/// Applies a store's batches to the index on a thread of its own, one batch in flight at a time,
/// so the storing thread decides the next batch (reading the index through a connection of its
/// own, and the batch in flight from memory) while this one inserts and commits.
///
/// A batch's transaction inserts its rows in key order, records the files' new sizes and the
/// run's counts, then waits for the `LineWriter` to have written and fsynced the batch's lines,
/// and only then commits: the index never names a line the files may not hold. A failed batch is
/// rolled back and its failure thrown by the next `submit` or `wait`, and by every one after.
final class IndexCommitter: @unchecked Sendable {
    /// A batch handed over: its index entries, its files' new sizes and counts, the run's counts.
    struct Batch {
        struct FileUpdate {
            let file: Int64
            /// The file's size after the batch's lines (nil: not written by this process).
            let size: Int64?
            let records: Int
            let revisions: Int
            let exact: Int
            let near: Int
        }

        /// A file first written by this batch: its row, inserted before the updates.
        struct NewFile {
            let file: Int64
            let site: String
            let day: String
            let path: String
        }

        var index: BatchIndex
        var newFiles: [NewFile] = []
        var files: [FileUpdate]
        var run: (id: Int64, counts: StoreCounts)?
        /// The run the batch's `urls` rows are recorded under.
        var rowsRun: Int64?
        /// Downloaded (or failed) images, committed with the records that name their files.
        var images: [ImageRow] = []
    }

    private let db: SQLiteDatabase
    private let writer: LineWriter
    private let bandCount: Int
    private let queue = DispatchQueue(label: "kabar.store.index")
    /// Signalled when the batch in flight is done (1: none in flight).
    private let idle = DispatchSemaphore(value: 1)
    private var inFlight = false
    /// Set on the committer's thread, read after `idle` is taken.
    private var failure: Error?
    private var ownPhases = StorePhases()

    private let putURL: SQLiteStatement
    private let putHistory: SQLiteStatement
    private var bandInsert: [SQLiteStatement] = []
    private let insFile: SQLiteStatement
    private let updFile: SQLiteStatement
    private let updRun: SQLiteStatement
    private let putImage: SQLiteStatement

    /// The time of the batches committed so far, per phase (read after `wait`).
    private(set) var phases = StorePhases()

    init(db: SQLiteDatabase, bandCount: Int, writer: LineWriter) throws {
        self.db = db
        self.writer = writer
        self.bandCount = bandCount
        putURL = try db.prepare("""
            INSERT OR REPLACE INTO urls(id, kind, revision, content_hash, simhash, file, offset, length, duplicate_of, distance, url, run)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        putHistory = try db.prepare("""
            INSERT OR REPLACE INTO history(id, revision, content_hash, simhash, file, offset, length)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        for b in 0..<bandCount {
            bandInsert.append(try db.prepare("INSERT OR IGNORE INTO band\(b)(k, id) VALUES (?1, ?2)"))
        }
        insFile = try db.prepare("INSERT INTO files(file, site, day, path, size) VALUES (?1, ?2, ?3, ?4, 0)")
        updFile = try db.prepare("""
            UPDATE files SET size = coalesce(?2, size), records = records + ?3, revisions = revisions + ?4,
            exact = exact + ?5, near = near + ?6 WHERE file = ?1
            """)
        updRun = try db.prepare("""
            UPDATE runs SET seen = ?2, written = ?3, revisions = ?4, unchanged = ?5, exact = ?6, near = ?7, failed = ?8,
            revised_fields = ?9 WHERE run = ?1
            """)
        putImage = try ImageRow.insertStatement(db)
    }

    /// Waits for the batch in flight (throwing its failure), then starts committing `batch`.
    func submit(_ batch: Batch) throws {
        try wait()
        idle.wait()
        inFlight = true
        queue.async { [self] in
            defer { idle.signal() }
            do { try apply(batch) } catch { failure = error }
        }
    }

    /// Waits until no batch is in flight; throws the failure of any batch so far. Afterwards the
    /// storing thread may use the index connection itself until the next `submit`.
    func wait() throws {
        if inFlight {
            idle.wait()
            inFlight = false
            phases = ownPhases
            idle.signal()
        }
        if let failure { throw failure }
    }

    /// Records a run's counts (the batch's, or `FileStore.finishRun`'s when no batch is in flight).
    func saveRun(_ runID: Int64, _ c: StoreCounts) throws {
        let s = updRun
        s.bind(1, runID); s.bind(2, c.seen); s.bind(3, c.written); s.bind(4, c.revisions); s.bind(5, c.unchanged)
        s.bind(6, c.exactDuplicates); s.bind(7, c.nearDuplicates); s.bind(8, c.failed)
        if let n = c.revisedFields { s.bind(9, n) } else { s.bindNull(9) }
        try s.run()
    }

    /// The batch in one transaction, committed only once the writer has its lines on disk.
    private func apply(_ batch: Batch) throws {
        let t = ownPhases.start()
        var tc = t
        try db.transaction {
            try insert(batch)
            ownPhases.add(.insert, since: t)
            // The lines the batch's rows name, written and fsynced, before the commit that names them.
            let tw = ownPhases.start()
            do { try writer.finish() } catch { throw FileStore.Failure.io("\(error)") }
            ownPhases.add(.fsync, since: tw)
            tc = ownPhases.start()
        }
        ownPhases.add(.commit, since: tc)
    }

    private func insert(_ batch: Batch) throws {
        for f in batch.newFiles {
            insFile.bind(1, f.file); insFile.bind(2, f.site); insFile.bind(3, f.day); insFile.bind(4, f.path)
            try insFile.run()
        }
        let index = batch.index
        for row in index.history.sorted(by: { ($0.id, $0.revision) < ($1.id, $1.revision) }) {
            let s = putHistory
            s.bind(1, row.id); s.bind(2, row.revision); s.bind(3, row.content); s.bind(4, row.simhash)
            s.bind(5, row.file); s.bind(6, row.offset); s.bind(7, row.length)
            try s.run()
        }
        for row in index.sortedURLs() {
            let s = putURL
            s.bind(1, row.id); s.bind(2, row.kind.rawValue); s.bind(3, row.revision); s.bind(4, row.content); s.bind(5, row.simhash)
            s.bind(6, row.file); s.bind(7, row.offset); s.bind(8, row.length)
            if let d = row.duplicateOf { s.bind(9, d) } else { s.bindNull(9) }
            if let d = row.distance { s.bind(10, d) } else { s.bindNull(10) }
            s.bind(11, row.url)
            if let run = batch.rowsRun { s.bind(12, run) } else { s.bindNull(12) }
            try s.run()
        }
        for b in 0..<bandCount {
            let s = bandInsert[b]
            for entry in index.sortedBand(b) {
                s.bind(1, entry.key); s.bind(2, entry.id)
                try s.run()
            }
        }
        for f in batch.files {
            updFile.bind(1, f.file)
            if let size = f.size { updFile.bind(2, size) } else { updFile.bindNull(2) }
            updFile.bind(3, f.records); updFile.bind(4, f.revisions)
            updFile.bind(5, f.exact); updFile.bind(6, f.near)
            try updFile.run()
        }
        if let (runID, c) = batch.run { try saveRun(runID, c) }
        for image in batch.images { try image.insert(with: putImage) }
    }
}
