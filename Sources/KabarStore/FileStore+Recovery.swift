import Foundation

/// Repair on open. The write order (lines appended and fsynced at the sizes the index knows,
/// then the index commit recording the new sizes) means a killed writer leaves each file at
/// most longer than `files.size`: the tail past it is a batch the index never committed, and is
/// cut off (a torn last line with it). The records lost that way are re-derived by running again.
/// A file shorter than the index says (power loss under `Durability.process`, or a file cut by
/// hand) is cut back to its last whole line, and the index entries past it are removed.
/// Files under records/ that the index does not know (created by an uncommitted batch) are
/// removed. The check runs when the last writer did not close the store.
extension FileStore {
    /// Returns whether the last writer closed the store cleanly.
    @discardableResult
    func recover() throws -> Bool {
        let clean = try db.prepare("SELECT value FROM meta WHERE key = 'clean'")
        let wasClean = try clean.step() && clean.text(0) == "1"
        clean.reset()
        try db.transaction {
            if wasClean { try checkAgainstFiles() } else { try reconcile() }
            // This process holds the lock: no run is still running.
            try db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            try db.execute("UPDATE meta SET value = '0' WHERE key = 'clean'")
        }
        return wasClean
    }

    /// After a clean close the files are exactly what the index says. When they are not (the
    /// index restored from a copy, replaced, or files added or changed by hand), appending at the
    /// sizes the index knows would write over records: refuse, saying how to rebuild the index.
    private func checkAgainstFiles() throws {
        var problems: [String] = []
        var known = Set<String>()
        let s = try db.prepare("SELECT path, size FROM files")
        while try s.step() {
            let path = s.text(0) ?? "", size = s.int64(1)
            known.insert(path)
            let actual = Self.fileSize(root.appendingPathComponent(path).path)
            if actual == size || (actual == nil && size == 0) { continue }
            problems.append(actual.map { "\(path): \($0) bytes, the index says \(size)" } ?? "\(path): missing, the index says \(size) bytes")
        }
        s.reset()
        for f in Self.recordFiles(in: root) where !known.contains(f.path) {
            problems.append("\(f.path): not in the index")
        }
        if !problems.isEmpty { throw Failure.indexDisagrees(root: root.path, problems: problems) }
    }

    private func reconcile() throws {
        var known = Set<String>()
        var fileStates: [(id: Int64, path: String, size: Int64)] = []
        let s = try db.prepare("SELECT file, path, size FROM files")
        while try s.step() { fileStates.append((s.int64(0), s.text(1) ?? "", s.int64(2))) }
        s.reset()
        for (id, path, size) in fileStates {
            known.insert(path)
            let full = root.appendingPathComponent(path).path
            var st = stat()
            let actual: Int64 = stat(full, &st) == 0 ? Int64(st.st_size) : -1
            if actual == size || (actual == -1 && size == 0) { continue }
            if actual > size {
                try Self.truncate(full, to: size)
                continue
            }
            let good = actual <= 0 ? 0 : try Self.lastLineEnd(full, within: actual)
            if actual >= 0 { try Self.truncate(full, to: good) }
            try dropEntries(file: id, from: good)
            let u = try db.prepare("UPDATE files SET size = ?2 WHERE file = ?1")
            u.bind(1, id); u.bind(2, good)
            try u.run()
        }
        // Files no committed batch created.
        let records = root.appendingPathComponent("records")
        let fm = FileManager.default
        for site in (try? fm.contentsOfDirectory(atPath: records.path)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: records.appendingPathComponent(site).path)) ?? []
            where name.hasSuffix(".jsonl") && !known.contains("records/\(site)/\(name)") {
                try fm.removeItem(at: records.appendingPathComponent(site).appendingPathComponent(name))
            }
        }
    }

    /// Removes the index entries of lines at or past `offset` in a file, bringing back the
    /// previous revision of a URL where there is one.
    private func dropEntries(file: Int64, from offset: Int64) throws {
        let counts = try db.prepare("UPDATE files SET records = records - ?2, revisions = revisions - ?3 WHERE file = ?1")
        func uncount(_ revision: Int) throws {
            counts.bind(1, file); counts.bind(2, revision == 1 ? 1 : 0); counts.bind(3, revision == 1 ? 0 : 1)
            try counts.run()
        }
        let old = try db.prepare("SELECT id, revision, simhash FROM history WHERE file = ?1 AND offset + length > ?2")
        old.bind(1, file); old.bind(2, offset)
        var gone: [(Int64, Int, Int64)] = []
        while try old.step() { gone.append((old.int64(0), old.int(1), old.int64(2))) }
        old.reset()
        let delOld = try db.prepare("DELETE FROM history WHERE id = ?1 AND revision = ?2")
        for (id, revision, simhash) in gone {
            delOld.bind(1, id); delOld.bind(2, revision)
            try delOld.run()
            try dropBands(id: id, simhash: simhash)
            try uncount(revision)
        }
        let latest = try db.prepare("SELECT id, revision, simhash FROM urls WHERE \(URLKind.writtenSQL) AND file = ?1 AND offset + length > ?2")
        latest.bind(1, file); latest.bind(2, offset)
        gone = []
        while try latest.step() { gone.append((latest.int64(0), latest.int(1), latest.int64(2))) }
        latest.reset()
        for (id, revision, simhash) in gone {
            try dropBands(id: id, simhash: simhash)
            try uncount(revision)
            let previous = try db.scalar("SELECT max(revision) FROM history WHERE id = ?1", id)
            if let previous {
                let promote = try db.prepare("""
                    INSERT OR REPLACE INTO urls(id, kind, revision, content_hash, simhash, file, offset, length)
                    SELECT id, \(URLKind.written.rawValue), revision, content_hash, simhash, file, offset, length FROM history WHERE id = ?1 AND revision = ?2
                    """)
                promote.bind(1, id); promote.bind(2, previous)
                try promote.run()
                delOld.bind(1, id); delOld.bind(2, previous)
                try delOld.run()
            } else {
                let del = try db.prepare("DELETE FROM urls WHERE id = ?1")
                try del.run(id)
            }
        }
    }

    private func dropBands(id: Int64, simhash: Int64) throws {
        for b in 0..<bands.bands.count {
            let d = try db.prepare("DELETE FROM band\(b) WHERE k = ?1 AND id = ?2")
            d.bind(1, bands.key(UInt64(bitPattern: simhash), band: b)); d.bind(2, id)
            try d.run()
        }
    }

    static func truncate(_ path: String, to size: Int64) throws {
        guard Foundation.truncate(path, off_t(size)) == 0 else {
            throw Failure.io("\(path): cannot truncate to \(size) bytes: \(String(cString: strerror(errno)))")
        }
    }

    /// The offset just past the last newline in the first `size` bytes of a file (0 if none).
    static func lastLineEnd(_ path: String, within size: Int64) throws -> Int64 {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.io("\(path): cannot read") }
        defer { try? handle.close() }
        var end = size
        let chunk: Int64 = 1 << 16
        while end > 0 {
            let start = max(0, end - chunk)
            try handle.seek(toOffset: UInt64(start))
            let data = handle.readData(ofLength: Int(end - start))
            if let i = data.lastIndex(of: 0x0A) { return start + Int64(i - data.startIndex) + 1 }
            end = start
        }
        return 0
    }
}
