import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
import KabarCore
#endif

/// The index rebuilt from the JSON Lines files, which hold every written record with its id,
/// revision, content hash and SimHash. The files are the data and the index only points into
/// them, so an index that is lost (deleted, emptied) is made again from them rather than
/// started empty: an empty index would place the next line of an existing site/day at offset 0,
/// over the records already there.
///
/// What the files cannot give back is what only the index held: the URLs recorded as
/// duplicates (never written) and the past runs. A duplicate URL seen again is then
/// deduplicated again (and found a duplicate again, of the same original).
extension FileStore {
    /// How far a rebuild has got (reported at each file and about twice a second).
    public struct RebuildProgress: Sendable, CustomStringConvertible {
        public var files = 0
        public var filesTotal = 0
        public var lines = 0
        public var bytes: Int64 = 0
        public var bytesTotal: Int64 = 0
        /// Bytes of torn last lines (no newline) moved out of the files into `<file>.torn`.
        public var tornBytes: Int64 = 0
        /// Lines of a URL and revision already read in another line (left in place, not indexed).
        public var repeated = 0
        public var finished = false

        public var description: String {
            var s = "rebuilding the index from the record files: \(files)/\(counted(filesTotal, "file")), \(counted(lines, "record")), "
                + String(format: "%.1f of %.1f MB", Double(bytes) / 1e6, Double(bytesTotal) / 1e6)
            if tornBytes > 0 { s += ", \(tornBytes) torn bytes moved to .torn files" }
            if repeated > 0 { s += ", \(repeated) repeated lines not indexed" }
            return s + (finished ? ": done" : "")
        }
    }

    /// The fields of a line the index needs.
    private struct IndexedLine: Decodable {
        let id: String
        let revision: Int
        let contentHash: String
        let simhash: String
        let text: String?
        enum CodingKeys: String, CodingKey {
            case id, revision, simhash, text
            case contentHash = "content_hash"
        }
    }

    /// The record files under `records/`: relative path, site folder, day; in name order.
    static func recordFiles(in root: URL) -> [(path: String, site: String, day: String)] {
        let records = root.appendingPathComponent("records")
        let fm = FileManager.default
        var out: [(String, String, String)] = []
        for site in ((try? fm.contentsOfDirectory(atPath: records.path)) ?? []).sorted() {
            for name in ((try? fm.contentsOfDirectory(atPath: records.appendingPathComponent(site).path)) ?? []).sorted()
            where name.hasSuffix(".jsonl") {
                out.append(("records/\(site)/\(name)", site, String(name.dropLast(".jsonl".count))))
            }
        }
        return out
    }

    /// Fills the (new, empty) index from the record files, in one transaction. A line that is
    /// whole but not a record stops the rebuild with its file and line (nothing is changed); a
    /// torn last line (no newline: a write cut short) is moved to `<file>.torn`.
    // Long: one SQLite transaction over every record file; its prepared statements and running counts
    // are shared by the loop over the lines.
    func rebuildIndex(progress: (@Sendable (RebuildProgress) -> Void)?) throws {
        let files = Self.recordFiles(in: root)
        var p = RebuildProgress()
        p.filesTotal = files.count
        // Each file's size, taken once (this process holds the folder's lock: nothing writes them).
        let sizes = files.map { Self.fileSize(root.appendingPathComponent($0.path).path) ?? 0 }
        p.bytesTotal = sizes.reduce(0, +)
        var lastReport = Self.nanoseconds()
        let decoder = JSONDecoder()
        try db.transaction {
            let addFile = try db.prepare("""
                INSERT INTO files(file, site, day, path, size, records, revisions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
            let addLine = try db.prepare("""
                INSERT OR IGNORE INTO history(id, revision, content_hash, simhash, file, offset, length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
            let addBand = try (0..<bands.bands.count).map { try db.prepare("INSERT OR IGNORE INTO band\($0)(k, id) VALUES (?1, ?2)") }
            for (n, f) in files.enumerated() {
                let full = root.appendingPathComponent(f.path).path
                let fileID = Int64(n + 1)
                var records = 0, revisions = 0
                let end = try Self.forEachLine(full) { lineNumber, offset, line in
                    let where_ = "\(f.path):\(lineNumber)"
                    guard let r = try? decoder.decode(IndexedLine.self, from: line) else {
                        throw Failure.io("\(where_): not a record; the index was not rebuilt (fix or move the line, then run again)")
                    }
                    guard let id = StoreLayout.key(r.id), let content = StoreLayout.key(r.contentHash),
                          let simhash = StoreLayout.key(r.simhash), r.revision >= 1 else {
                        throw Failure.io("\(where_): the record's id, content_hash, simhash or revision is not valid; the index was not rebuilt")
                    }
                    addLine.bind(1, id); addLine.bind(2, r.revision); addLine.bind(3, content); addLine.bind(4, simhash)
                    addLine.bind(5, fileID); addLine.bind(6, offset); addLine.bind(7, line.count + 1)
                    try addLine.run()
                    guard sqlite3Changes() > 0 else { p.repeated += 1; return }
                    if r.revision == 1 { records += 1 } else { revisions += 1 }
                    if StoreLayout.wordCount(r.text ?? "", atLeast: options.dedup.minWords) {
                        for (b, s) in addBand.enumerated() {
                            s.bind(1, bands.key(UInt64(bitPattern: simhash), band: b)); s.bind(2, id)
                            try s.run()
                        }
                    }
                    p.lines += 1
                    if let progress, Self.nanoseconds() &- lastReport > 500_000_000 {
                        lastReport = Self.nanoseconds()
                        progress(p)
                    }
                }
                let size = sizes[n]
                if end < size {
                    try Self.moveTornTail(full, from: end)
                    p.tornBytes += size - end
                }
                addFile.bind(1, fileID); addFile.bind(2, f.site); addFile.bind(3, f.day); addFile.bind(4, f.path)
                addFile.bind(5, end); addFile.bind(6, records); addFile.bind(7, revisions)
                try addFile.run()
                p.files += 1
                p.bytes += size
                progress?(p)
            }
            // Each URL's latest revision is its `urls` row; the others stay in `history`.
            try db.execute("""
                INSERT INTO urls(id, kind, revision, content_hash, simhash, file, offset, length)
                SELECT id, \(URLKind.written.rawValue), revision, content_hash, simhash, file, offset, length FROM history h
                WHERE revision = (SELECT max(revision) FROM history WHERE id = h.id);
                DELETE FROM history WHERE (id, revision) IN (SELECT id, revision FROM urls);
                """)
            let run = try db.prepare("""
                INSERT INTO runs(command, started_at, ended_at, status, seen, written, revisions) VALUES ('rebuild-index', ?1, ?1, 'ok', ?2, ?3, ?4)
                """)
            let totals = try db.prepare("SELECT coalesce(sum(records), 0), coalesce(sum(revisions), 0) FROM files")
            _ = try totals.step()
            run.bind(1, StoreLayout.isoNow()); run.bind(2, p.lines); run.bind(3, totals.int(0)); run.bind(4, totals.int(1))
            totals.reset()
            try run.run()
        }
        p.finished = true
        progress?(p)
    }

    /// When the index is missing or empty (0 bytes), removes what is left of it (an empty file,
    /// a write-ahead log that belongs to no database) and returns true: it is to be rebuilt.
    /// `force`: removes it whatever it holds (a rebuild that failed).
    static func clearLostIndex(in root: URL, force: Bool = false) throws -> Bool {
        let path = root.appendingPathComponent("index.sqlite").path
        if !force, let size = fileSize(path), size > 0 { return false }
        for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] {
            let p = root.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: p) {
                do { try FileManager.default.removeItem(atPath: p) } catch { throw Failure.io("\(p): cannot remove: \(error)") }
            }
        }
        return true
    }

    /// Renames the index (with its write-ahead log, which keeps its name pairing) to
    /// `index.sqlite.replaced-<UTC time>`, so a rebuild replaces it without destroying it.
    static func moveIndexAside(in root: URL) throws -> String? {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("index.sqlite").path) else { return nil }
        let stamp = StoreLayout.isoNow().filter { $0.isNumber }
        let base = root.appendingPathComponent("index.sqlite").path
        var target = base + ".replaced-" + stamp
        var n = 1
        while FileManager.default.fileExists(atPath: target) { target = base + ".replaced-\(stamp)-\(n)"; n += 1 }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: base + suffix) {
            guard rename(base + suffix, target + suffix) == 0 else {
                throw Failure.io("\(base + suffix): cannot rename to \(target + suffix): \(String(cString: strerror(errno)))")
            }
        }
        return target
    }

    private func sqlite3Changes() -> Int32 { sqlite3_changes(db.handle) }

    static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : nil
    }

    /// Calls `body` with each whole line (without its newline), its 1-based number and offset,
    /// reading a megabyte at a time; returns the offset just past the last whole line.
    static func forEachLine(_ path: String, _ body: (Int, Int64, Data) throws -> Void) throws -> Int64 {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.io("\(path): cannot read") }
        defer { try? handle.close() }
        var buffer = Data()
        var bufferOffset: Int64 = 0
        var number = 0
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw Failure.io("\(path): \(error)") }
            if chunk.isEmpty { break }
            buffer.append(chunk)
            var start = buffer.startIndex
            while let nl = buffer[start...].firstIndex(of: 0x0A) {
                number += 1
                try body(number, bufferOffset + Int64(start - buffer.startIndex), buffer[start..<nl])
                start = nl + 1
            }
            bufferOffset += Int64(start - buffer.startIndex)
            buffer = Data(buffer[start...])
        }
        return bufferOffset
    }

    /// Moves the bytes of a file past `offset` (a torn last line) to `<file>.torn` and cuts them off.
    static func moveTornTail(_ path: String, from offset: Int64) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.io("\(path): cannot read") }
        try handle.seek(toOffset: UInt64(offset))
        let tail = handle.readDataToEndOfFile()
        try? handle.close()
        let torn = path + ".torn"
        // open(2), not FileManager.createFile, which writes a hidden temporary and renames it
        // (a kill between the two would leave the temporary in the store's folder).
        let fd = open(torn, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.io("\(torn): cannot write: \(String(cString: strerror(errno)))") }
        let out = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try out.seekToEnd()
            try out.write(contentsOf: tail)
            try out.synchronize()
            try out.close()
        } catch { throw Failure.io("\(torn): \(error)") }
        try truncate(path, to: offset)
    }
}
