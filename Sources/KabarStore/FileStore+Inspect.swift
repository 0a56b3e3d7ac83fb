import Foundation
import KabarCore

/// Reading a store without writing to it: counts (`kabar stats`) and a full consistency check
/// of files against index (`kabar stats --verify`, and the crash test).
extension FileStore {
    /// The counts of the store in `root`, read without taking the writer's lock (a writer may
    /// be running: what it has committed is shown).
    public static func stats(at root: URL, runs: Int = 10) throws -> StoreStats {
        let path = root.appendingPathComponent("index.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            let files = recordFiles(in: root).count
            if let store = enclosingStore(of: root) { throw Failure.insideStore(folder: root.relativePath, store: store) }
            guard files > 0 else { throw Failure.io("\(root.path): no store here (index.sqlite is missing)") }
            throw Failure.io("\(root.path): index.sqlite is missing but records/ holds \(files) record files: the next writer "
                + "rebuilds the index from them, or run `kabar rebuild-index --data \(root.path)`")
        }
        let db = try SQLiteDatabase(path: path)
        return try readStats(db, runs: runs)
    }

    static func readStats(_ db: SQLiteDatabase, runs limit: Int) throws -> StoreStats {
        var days: [DayStats] = []
        let s = try db.prepare("""
            SELECT site, day, sum(records), sum(revisions), sum(exact), sum(near) FROM files
            GROUP BY site, day HAVING sum(records) + sum(revisions) + sum(exact) + sum(near) > 0 ORDER BY site, day
            """)
        while try s.step() {
            days.append(DayStats(site: s.text(0) ?? "", day: s.text(1) ?? "", records: s.int(2), revisions: s.int(3),
                                 exactDuplicates: s.int(4), nearDuplicates: s.int(5)))
        }
        s.reset()
        var runs: [RunStats] = []
        // An index of schema 2, read before a writer opened it, has no `revised_fields`: not counted.
        let column = try db.prepare("SELECT 1 FROM pragma_table_info('runs') WHERE name = 'revised_fields'")
        let revisedFields = try column.step() ? "revised_fields" : "NULL"
        column.reset()
        let r = try db.prepare("""
            SELECT run, command, started_at, ended_at, status, seen, written, revisions, unchanged, exact, near, failed, \(revisedFields)
            FROM runs ORDER BY run DESC LIMIT ?1
            """)
        r.bind(1, limit)
        while try r.step() {
            var c = StoreCounts()
            c.seen = r.int(5); c.written = r.int(6); c.revisions = r.int(7); c.unchanged = r.int(8)
            c.exactDuplicates = r.int(9); c.nearDuplicates = r.int(10); c.failed = r.int(11)
            c.revisedFields = r.isNull(12) ? nil : r.int(12)
            runs.append(RunStats(id: r.int(0), command: r.text(1) ?? "", startedAt: r.text(2) ?? "", endedAt: r.text(3),
                                 status: r.text(4) ?? "", counts: c))
        }
        r.reset()
        return StoreStats(records: days.reduce(0) { $0 + $1.records }, revisions: days.reduce(0) { $0 + $1.revisions },
                          exactDuplicates: days.reduce(0) { $0 + $1.exactDuplicates },
                          nearDuplicates: days.reduce(0) { $0 + $1.nearDuplicates }, days: days, runs: runs)
    }

    /// What `verify` found.
    public struct Verification: Sendable, CustomStringConvertible {
        public var files = 0
        /// JSON lines read (every one parsed).
        public var lines = 0
        /// Index entries of written lines (latest revisions and older ones).
        public var indexed = 0
        /// Duplicates kept in the index only.
        public var duplicates = 0
        public var problems: [String] = []

        public var isConsistent: Bool { problems.isEmpty }

        public var description: String {
            "\(counted(files, "file")), \(counted(lines, "line")), \(counted(indexed, "indexed line")), \(counted(duplicates, "duplicate")): "
                + (problems.isEmpty ? "consistent" : "\(counted(problems.count, "problem")):\n" + problems.prefix(20).joined(separator: "\n"))
        }
    }

    /// Checks files against index: every line parses, every line is indexed at its offset with
    /// its id, revision and content hash, every index entry is a line, each URL's revisions are
    /// 1...n, each differing from the one before (its text, or its other fields) with no older
    /// text coming back, no file is unknown to the index, and every duplicate points
    /// at a written record. Reads every line: for tests and `kabar stats --verify`. Run it on a
    /// store no process is writing (it takes the lock).
    // Long: a checklist run in one read of the store under its lock; the checks share what the read
    // gathers (revisions and contents by id, the files seen), so they are kept in the order they read.
    public static func verify(at root: URL) throws -> Verification {
        // On a read-only disk no writer can run, and the lock file cannot be opened to be taken.
        let lockFD = SQLiteDatabase.onReadOnlyDisk(root.path) ? -1 : try lock(root.appendingPathComponent("lock").path)
        defer { unlock(lockFD) }
        let db = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
        var v = Verification()
        var files: [(id: Int64, path: String, size: Int64)] = []
        let f = try db.prepare("SELECT file, path, size FROM files ORDER BY file")
        while try f.step() { files.append((f.int64(0), f.text(1) ?? "", f.int64(2))) }
        f.reset()
        let entries = try db.prepare("""
            SELECT offset, length, id, revision, content_hash FROM urls WHERE \(URLKind.writtenSQL) AND file = ?1
            UNION ALL SELECT offset, length, id, revision, content_hash FROM history WHERE file = ?1
            ORDER BY 1
            """)
        var revisionsByID: [Int64: [Int]] = [:]
        /// Each revision's content hash and fields digest, by id.
        var linesByID: [Int64: [Int: (content: Int64, fields: UInt64, at: String)]] = [:]
        let decoder = JSONDecoder()
        for file in files {
            let url = root.appendingPathComponent(file.path)
            let data = (try? Data(contentsOf: url)) ?? Data()
            if !FileManager.default.fileExists(atPath: url.path) && file.size > 0 {
                v.problems.append("\(file.path): missing, the index says \(file.size) bytes")
            }
            if FileManager.default.fileExists(atPath: url.path) { v.files += 1 }
            if Int64(data.count) != file.size {
                v.problems.append("\(file.path): \(data.count) bytes, the index says \(file.size)")
            }
            if let last = data.last, last != 0x0A { v.problems.append("\(file.path): the last line is torn (no newline)") }
            var lines: [(offset: Int64, length: Int64, body: Data)] = []
            var start = data.startIndex
            while start < data.endIndex {
                let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
                let next = end < data.endIndex ? end + 1 : end
                lines.append((Int64(start - data.startIndex), Int64(next - start), data[start..<end]))
                start = next
            }
            var indexed: [(offset: Int64, length: Int64, id: Int64, revision: Int, content: Int64)] = []
            entries.bind(1, file.id)
            while try entries.step() {
                indexed.append((entries.int64(0), entries.int64(1), entries.int64(2), entries.int(3), entries.int64(4)))
            }
            entries.reset()
            v.indexed += indexed.count
            var i = 0
            for (n, line) in lines.enumerated() {
                let whereAt = "\(file.path):\(n + 1)"
                guard let article = try? decoder.decode(Article.self, from: line.body) else {
                    v.problems.append("\(whereAt): not a parseable record")
                    continue
                }
                v.lines += 1
                while i < indexed.count && indexed[i].offset < line.offset {
                    v.problems.append("\(file.path): the index names a line at byte \(indexed[i].offset) that is not there")
                    i += 1
                }
                guard i < indexed.count, indexed[i].offset == line.offset else {
                    v.problems.append("\(whereAt): \(article.canonicalURL) revision \(article.revision) is not indexed")
                    continue
                }
                let e = indexed[i]
                i += 1
                if e.length != line.length || e.id != StoreLayout.key(article.id) || e.revision != article.revision
                    || e.content != StoreLayout.key(article.contentHash) {
                    v.problems.append("\(whereAt): the index entry does not match the line (\(article.canonicalURL))")
                }
                if article.duplicateOf != nil { v.problems.append("\(whereAt): a duplicate was written") }
                revisionsByID[e.id, default: []].append(e.revision)
                linesByID[e.id, default: [:]][e.revision] = (e.content, article.fieldsDigest, "\(whereAt): \(article.canonicalURL)")
            }
            while i < indexed.count {
                v.problems.append("\(file.path): the index names a line at byte \(indexed[i].offset) that is not there")
                i += 1
            }
        }
        for (id, revisions) in revisionsByID where revisions.sorted() != Array(1...revisions.count) {
            v.problems.append("record \(StoreLayout.hex(id)): revisions \(revisions.sorted()) are not 1...\(revisions.count)")
        }
        // A revision differs from the one before it (its text, or else other fields), and a text
        // once replaced does not come back (an older revision's text is a stale copy).
        for (_, revisions) in linesByID where revisions.count > 1 {
            var contents: Set<Int64> = []
            for r in revisions.keys.sorted() {
                let line = revisions[r]!
                if let before = revisions[r - 1] {
                    if before.content == line.content && before.fields == line.fields {
                        v.problems.append("\(line.at) is written twice with the same content")
                    } else if before.content != line.content && contents.contains(line.content) {
                        v.problems.append("\(line.at) revision \(r) has the text of an older revision")
                    }
                }
                contents.insert(line.content)
            }
        }
        // Every indexed URL's latest revision is among the lines read.
        let latest = try db.prepare("SELECT id, revision FROM urls WHERE \(URLKind.writtenSQL)")
        while try latest.step() {
            guard revisionsByID[latest.int64(0)]?.max() != latest.int(1) else { continue }
            v.problems.append("record \(StoreLayout.hex(latest.int64(0))): latest revision \(latest.int(1)) has no line")
        }
        latest.reset()
        let dups = try db.prepare("""
            SELECT d.id, d.duplicate_of, o.kind FROM urls d LEFT JOIN urls o ON o.id = d.duplicate_of WHERE d.kind != \(URLKind.written.rawValue)
            """)
        while try dups.step() {
            v.duplicates += 1
            if dups.isNull(2) || URLKind(column: dups.int(2)) != .written {
                v.problems.append("duplicate \(StoreLayout.hex(dups.int64(0))): its original \(StoreLayout.hex(dups.int64(1))) is not a written record")
            }
        }
        dups.reset()
        // Files on disk the index does not know.
        let known = Set(files.map(\.path))
        let records = root.appendingPathComponent("records")
        let fm = FileManager.default
        for site in (try? fm.contentsOfDirectory(atPath: records.path)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: records.appendingPathComponent(site).path)) ?? []
            where name.hasSuffix(".jsonl") && !known.contains("records/\(site)/\(name)") {
                v.problems.append("records/\(site)/\(name): not in the index")
            }
        }
        return v
    }
}
