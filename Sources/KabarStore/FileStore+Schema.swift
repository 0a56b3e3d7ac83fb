import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// The index schema (`index.sqlite`) and the pragmas its connections are opened with.
extension FileStore {
    /// The writing connection to `index.sqlite`, in WAL mode.
    static func openIndex(in root: URL, options: Options) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
        try db.execute("PRAGMA page_size=\(options.pageSize)")
        try db.execute("PRAGMA journal_mode=WAL")
        // FULL while opening: the commit that marks the store in use (`meta.clean` = 0) must
        // be durable before any line is written past the sizes the index knows, or a power
        // loss could roll it back and the next open would not cut those lines off. `init`
        // lowers it when the durability option allows, once the store is open.
        try db.execute("PRAGMA synchronous=FULL")
        try db.execute("PRAGMA cache_size=-\(max(1, options.cacheMiB * 1024 / 2))")
        try db.execute("PRAGMA temp_store=MEMORY")
        try db.execute("PRAGMA wal_autocheckpoint=\(options.checkpointPages)")
        return db
    }

    /// The reading connection (lookups of what earlier batches committed).
    static func openReader(in root: URL, options: Options) throws -> SQLiteDatabase {
        let reader = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
        try reader.execute("PRAGMA cache_size=-\(max(1, options.cacheMiB * 1024 / 2))")
        try reader.execute("PRAGMA temp_store=MEMORY")
        return reader
    }

    /// Creates the tables when missing; returns the number of SimHash bands the index has.
    /// Schema 2 added `images` (image URL -> downloaded file, see `FileStore+Images.swift`),
    /// created here in an index of schema 1 as it is opened. Schema 3 added
    /// `runs.revised_fields` (of a run's revisions, those with the same text, other fields
    /// changed), added here to an older index as it is opened: its earlier runs keep NULL,
    /// not counted (`StoreCounts.revisedFields` nil), while the runs recorded since count from 0.
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
                near INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, revised_fields INTEGER);
            \(healthTableSQL)
            CREATE TABLE IF NOT EXISTS images(
                url TEXT PRIMARY KEY, sha256 TEXT, file TEXT, bytes INTEGER, width INTEGER, height INTEGER, type TEXT,
                failure TEXT, permanent INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL) WITHOUT ROWID;
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1'), ('bands', '\(bandCount)'), ('clean', '1');
            UPDATE meta SET value = '2' WHERE key = 'schema' AND value = '1';
            """)
        // A runs table created before schema 3 lacks the column (CREATE TABLE IF NOT EXISTS kept it).
        let columns = try db.prepare("SELECT 1 FROM pragma_table_info('runs') WHERE name = 'revised_fields'")
        let hasRevisedFields = try columns.step()
        columns.reset()
        if !hasRevisedFields { try db.execute("ALTER TABLE runs ADD COLUMN revised_fields INTEGER") }
        try db.execute("UPDATE meta SET value = '3' WHERE key = 'schema' AND value = '2'")
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
