import Foundation
import KabarCore

/// `kabar export`: the records of a data folder as JSON lines, filtered by site, filing day and
/// extractor, the latest revision of each URL or every revision. Streams: the record files are
/// read a chunk at a time up to the size the index committed, and each line is checked against
/// the index by its id (one primary-key lookup), so memory does not grow with the store.
///
/// The whole export reads one snapshot of the index (one read transaction), so a writer storing
/// meanwhile neither hides a record nor shows one twice; what it commits after the export
/// began is left out. Duplicates are never written to the record files, so they are not
/// exported (as in the PostgreSQL store's export).
public struct RecordExport: Sendable {
    /// Only this site (the record's `site`, compared as its folder name).
    public var site: String?
    /// Only records filed on this day (YYYY-MM-DD) or later, and on `until` or earlier: the
    /// day the store files a record under (`StoreLayout.day`).
    public var since: String?
    public var until: String?
    /// Only records of this extractor: an id (`tempo`, any version) or a versioned id (`tempo/1`).
    public var extractor: String?
    /// Every revision of each URL, in the order they were stored (false: the latest only).
    public var allRevisions = false

    public init(site: String? = nil, since: String? = nil, until: String? = nil, extractor: String? = nil, allRevisions: Bool = false) {
        self.site = site
        self.since = since
        self.until = until
        self.extractor = extractor
        self.allRevisions = allRevisions
    }

    /// A bad filter value, with the option at fault.
    public struct BadFilter: Error, CustomStringConvertible {
        public let description: String
    }

    /// Checks a day filter: `YYYY-MM-DD`, a date that exists. Returns it unchanged.
    public static func day(_ text: String, option: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              (1...12).contains(m), d >= 1, d <= Self.days(inMonth: m, year: y) else {
            throw BadFilter(description: "\(option): \"\(text)\" is not a day (YYYY-MM-DD, e.g. 2024-05-01)")
        }
        return text
    }

    static func days(inMonth m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Checks every filter (days well formed, `since` not after `until`).
    public func validate() throws {
        if let since { _ = try Self.day(since, option: "--since") }
        if let until { _ = try Self.day(until, option: "--until") }
        if let since, let until, since > until {
            throw BadFilter(description: "--since \(since) is after --until \(until): no day is in that range")
        }
    }

    /// Exports the store in `root`, by site and day, handing `write` the lines (each ending in a
    /// newline) in chunks of about 1 MiB. Returns the number of records written. Reads without
    /// the writer's lock (a run may be writing: what it had committed is exported).
    @discardableResult
    public func run(at root: URL, write: (Data) throws -> Void) throws -> Int {
        try validate()
        let path = root.appendingPathComponent("index.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            _ = try FileStore.stats(at: root) // throws the message naming what is missing
            return 0
        }
        let db = try SQLiteDatabase(path: path)
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        let files = try recordFiles(db)
        let latest = try db.prepare("SELECT kind, file, offset FROM urls WHERE id = ?1")
        var out = Data()
        out.reserveCapacity(Self.chunk + 64 * 1024)
        var count = 0
        for file in files {
            try Self.lines(of: root.appendingPathComponent(file.path), upTo: file.size) { line, offset in
                guard try keep(line, at: offset, in: file.id, latest: latest) else { return }
                out.append(contentsOf: line)
                out.append(0x0A)
                count += 1
                if out.count >= Self.chunk {
                    try write(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
        }
        if !out.isEmpty { try write(out) }
        return count
    }

    static let chunk = 1 << 20

    struct RecordFile { let id: Int64; let path: String; let size: Int64 }

    /// The record files of the filters' sites and days, by site and day, with their committed sizes.
    func recordFiles(_ db: SQLiteDatabase) throws -> [RecordFile] {
        var files: [RecordFile] = []
        try db.query("""
            SELECT file, path, size FROM files
            WHERE (?1 IS NULL OR site = ?1) AND (?2 IS NULL OR day >= ?2) AND (?3 IS NULL OR day <= ?3) AND size > 0
            ORDER BY site, day
            """, [site.map(StoreLayout.siteFolder), since, until]) { row in
            files.append(RecordFile(id: row.int64(0), path: row.text(1) ?? "", size: row.int64(2)))
        }
        return files
    }

    /// Whether a line is exported: its extractor matches, and (latest only) the index's latest
    /// line of its id is this one.
    func keep(_ line: ArraySlice<UInt8>, at offset: Int64, in file: Int64, latest: SQLiteStatement) throws -> Bool {
        guard extractorMatches(Self.stringField("extractor", in: line)) else { return false }
        guard !allRevisions else { return true }
        guard let hex = Self.stringField("id", in: line), let id = StoreLayout.key(hex) else { return false }
        latest.bind(1, id)
        defer { latest.reset() }
        guard try latest.step() else { return false }
        return latest.int(0) == 0 && latest.int64(1) == file && latest.int64(2) == offset
    }

    /// Whether a record line passes the extractor filter (true when there is none): for stores
    /// that hold the lines elsewhere (the PostgreSQL store's export).
    public func extractorMatches(line: String) -> Bool {
        extractor == nil || extractorMatches(Self.stringField("extractor", in: ArraySlice(line.utf8)))
    }

    /// Whether a record's `extractor` value (`id/version`) passes the extractor filter.
    func extractorMatches(_ value: String?) -> Bool {
        guard let extractor else { return true }
        guard let value else { return false }
        let wanted = extractor.lowercased()
        return value == wanted || (!wanted.contains("/") && value.hasPrefix(wanted + "/"))
    }

    /// The first `"key":"value"` of a record line (the record's own fields come first, in a
    /// fixed order, before any text that could hold the same characters; quotes inside values
    /// are escaped, so the pattern cannot start inside one).
    static func stringField(_ key: String, in line: ArraySlice<UInt8>) -> String? {
        let pattern = Array("\"\(key)\":\"".utf8)
        guard let start = find(pattern, in: line) else { return nil }
        let valueStart = start + pattern.count
        guard let end = line[valueStart...].firstIndex(of: 0x22) else { return nil }
        return String(decoding: line[valueStart..<end], as: UTF8.self)
    }

    static func find(_ pattern: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard let first = pattern.first, line.count >= pattern.count else { return nil }
        var i = line.startIndex
        let last = line.endIndex - pattern.count
        while i <= last {
            guard let at = line[i...last].firstIndex(of: first) else { return nil }
            if line[at..<(at + pattern.count)].elementsEqual(pattern) { return at }
            i = at + 1
        }
        return nil
    }

    /// Calls `body` with each whole line of the file below `size` (without its newline) and its
    /// byte offset, reading a chunk at a time; lines past the committed size are not read.
    static func lines(of url: URL, upTo size: Int64, _ body: (ArraySlice<UInt8>, Int64) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw FileStore.Failure.io("\(url.path): cannot open a record file the index lists (run `kabar stats --verify`)")
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var bufferOffset: Int64 = 0 // file offset of buffer[0]
        var read: Int64 = 0
        while read < size {
            let want = Int(min(Int64(chunk), size - read))
            guard let data = try handle.read(upToCount: want), !data.isEmpty else { break }
            read += Int64(data.count)
            buffer.append(contentsOf: data)
            var start = 0
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                try body(buffer[start..<newline], bufferOffset + Int64(start))
                start = newline + 1
            }
            buffer.removeFirst(start)
            bufferOffset += Int64(start)
        }
    }
}
