import Foundation
import KabarCore

/// What the store knows of one image URL: its downloaded copy, or why it could not be had.
/// Kept in the index's `images` table (schema 2), so that a later run fetches only what is
/// missing: a downloaded URL is not fetched again, nor one whose failure is permanent.
public struct ImageRow: Sendable, Equatable {
    public var url: String
    /// The copy under the data folder (nil: failed).
    public var download: ImageDownload?
    /// Why it failed (nil: downloaded).
    public var failure: String?
    /// A failure no later run would undo (404, not an image, over the size cap): not tried again.
    public var permanent: Bool
    /// Unix seconds of the attempt.
    public var at: Int64

    public init(url: String, download: ImageDownload?, failure: String? = nil, permanent: Bool = false,
                at: Int64 = Int64(Date().timeIntervalSince1970)) {
        self.url = url; self.download = download; self.failure = failure; self.permanent = permanent; self.at = at
    }

    static func insertStatement(_ db: SQLiteDatabase) throws -> SQLiteStatement {
        try db.prepare("""
            INSERT OR REPLACE INTO images(url, sha256, file, bytes, width, height, type, failure, permanent, at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
    }

    func insert(with s: SQLiteStatement) throws {
        s.bind(1, url)
        if let d = download {
            s.bind(2, d.sha256); s.bind(3, d.file); s.bind(4, d.bytes)
            if let w = d.width { s.bind(5, w) } else { s.bindNull(5) }
            if let h = d.height { s.bind(6, h) } else { s.bindNull(6) }
            s.bind(7, d.type)
        } else {
            for i in 2...7 { s.bindNull(Int32(i)) }
        }
        if let failure { s.bind(8, failure) } else { s.bindNull(8) }
        s.bind(9, permanent ? 1 : 0)
        s.bind(10, at)
        try s.run()
    }
}

/// Image counts of a store (`kabar stats`).
public struct ImageStats: Sendable, Equatable, Codable {
    /// Image URLs downloaded.
    public var images = 0
    /// Distinct files (the same picture under many URLs is one file) and their bytes.
    public var files = 0
    public var bytes: Int64 = 0
    /// Image URLs whose last attempt failed (`permanent` of them are not tried again).
    public var failures = 0
    public var permanent = 0

    public init() {}

    /// `kabar stats`' line.
    public var line: String {
        "images: \(images) downloaded, \(counted(files, "file")), \(counted(bytes, "byte")); \(failures) failed (\(permanent) not tried again)"
    }

    public var json: String {
        "{\"images\":\(images),\"files\":\(files),\"bytes\":\(bytes),\"failures\":\(failures),\"permanent\":\(permanent)}"
    }
}

/// The image index: rows recorded go in with the next batch's commit (`IndexCommitter`),
/// so an image row is durable with the records that name its file; until then lookups find
/// them in memory.
extension FileStore {
    /// What the store knows of the image at `url`, or nil when it was never tried.
    public func image(url: String) throws -> ImageRow? {
        guard !isClosed else { throw Failure.closed }
        if let row = pendingImages[url] ?? committingImages[url] { return row }
        let s = try reader.prepare("SELECT sha256, file, bytes, width, height, type, failure, permanent, at FROM images WHERE url = ?1")
        s.bind(1, url)
        defer { s.reset() }
        guard try s.step() else { return nil }
        var download: ImageDownload?
        if let sha = s.text(0), let file = s.text(1), let type = s.text(5) {
            download = ImageDownload(file: file, sha256: sha, bytes: s.int(2), width: s.isNull(3) ? nil : s.int(3),
                                     height: s.isNull(4) ? nil : s.int(4), type: type)
        }
        return ImageRow(url: url, download: download, failure: s.text(6), permanent: s.int(7) != 0, at: s.int64(8))
    }

    /// Records an image's download or failure (it replaces what was known of its URL).
    public func recordImage(_ row: ImageRow) throws {
        guard !isClosed else { throw Failure.closed }
        pendingImages[row.url] = row
    }

    /// The image counts of the store in `root`, read without the writer's lock (an index
    /// older than schema 2 has none: zeros).
    public static func imageStats(at root: URL) throws -> ImageStats {
        let db = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
        var stats = ImageStats()
        guard try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'images'") == 1 else { return stats }
        let s = try db.prepare("""
            SELECT (SELECT count(*) FROM images WHERE sha256 IS NOT NULL),
                   (SELECT count(*) FROM images WHERE sha256 IS NULL),
                   (SELECT count(*) FROM images WHERE sha256 IS NULL AND permanent != 0),
                   count(*), coalesce(sum(bytes), 0)
            FROM (SELECT sha256, max(bytes) AS bytes FROM images WHERE sha256 IS NOT NULL GROUP BY sha256)
            """)
        defer { s.reset() }
        if try s.step() {
            stats.images = s.int(0); stats.failures = s.int(1); stats.permanent = s.int(2)
            stats.files = s.int(3); stats.bytes = s.int64(4)
        }
        return stats
    }
}
