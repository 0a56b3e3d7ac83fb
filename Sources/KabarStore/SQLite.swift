import Foundation
import CSQLite

/// An SQLite failure: the database file, the result code, SQLite's message and the statement
/// at fault. The file is named first (`index.sqlite` or `frontier.sqlite` of which folder): a
/// locked or damaged database is otherwise a message naming neither.
public struct SQLiteError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?
    /// The database file's path (nil when not known).
    public let file: String?

    public init(code: Int32, message: String, sql: String?, file: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.file = file
    }

    public var description: String {
        (file.map { "\($0): " } ?? "") + detail
    }

    /// The description without the file: `SQLite error 26: file is not a database in `...``.
    public var detail: String {
        "SQLite error \(code): \(message)" + (sql.map { " in `\($0)`" } ?? "")
    }

    /// The file is damaged or is no SQLite database (SQLITE_CORRUPT, SQLITE_NOTADB).
    public var isDamagedFile: Bool { code & 0xFF == 11 || code & 0xFF == 26 }
}

/// A thin, fast wrapper over one SQLite connection (used from one thread at a time): Kabar's
/// one SQLite layer, for the store's index and the frontier (`query` in SQLite+Query.swift).
public final class SQLiteDatabase {
    let handle: OpaquePointer
    let path: String
    /// `query`'s prepared statements, by their SQL (reset after each use; at most
    /// `maxCachedStatements`: past them, statements are prepared for one use, as before).
    private var statements: [String: OpaquePointer] = [:]
    static let maxCachedStatements = 64

    public init(path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        var flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        var name = path
        if let immutable = Self.immutableURI(path) {
            name = immutable
            flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil, file: path)
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
    }

    /// A database in a folder no process can write to (a read-only mount, a snapshot, a
    /// backup disk) opened as `immutable`: a database in WAL mode, as Kabar's are, cannot
    /// otherwise be read there at all (SQLite must create its `-shm` file: "unable to open
    /// database file"), so `kabar stats` and `export` failed on such a folder. Also a folder
    /// this user may not write to, when no connection has the database open (no `-shm` file:
    /// another user's writer could be changing it). Nil, the usual open, when the folder is
    /// writable, the file does not exist, or a `-wal` file holds commits that reading
    /// immutably would not see.
    static func immutableURI(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        guard access(folder.isEmpty ? "." : folder, W_OK) != 0 else { return nil }
        let why = errno
        var info = stat()
        guard why == EROFS || (why == EACCES && stat(path + "-shm", &info) != 0), access(path, R_OK) == 0 else { return nil }
        if stat(path + "-wal", &info) == 0, info.st_size > 0 { return nil }
        // A URI: `?`, `#` and `%` of the path (and anything but a path's characters) percent-encoded.
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return "file:\(escaped)?immutable=1"
    }

    /// Whether `folder` is on a file system mounted read-only: no process can write there, so
    /// no writer's lock need be taken to read it as a whole.
    public static func onReadOnlyDisk(_ folder: String) -> Bool {
        access(folder, W_OK) != 0 && errno == EROFS
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// `sql` prepared: the cached statement, or one prepared now and kept (`cached` false: a
    /// statement of its own, for the caller to finalize, when the cached one is still being
    /// stepped, by a `query` run from inside its own row callback, or the cache is full).
    func cachedStatement(_ sql: String) throws -> (statement: OpaquePointer, cached: Bool) {
        if let statement = statements[sql], sqlite3_stmt_busy(statement) == 0 { return (statement, true) }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, sql) }
        guard statements[sql] == nil, statements.count < Self.maxCachedStatements else { return (statement, false) }
        statements[sql] = statement
        return (statement, true)
    }

    /// How many statements `query` keeps prepared (for tests).
    var cachedStatementCount: Int { statements.count }

    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql, file: path)
        }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement { try SQLiteStatement(self, sql) }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body`'s reads in one read transaction (`BEGIN`, deferred): SQLite takes and releases
    /// its locks (`fcntl`, and the WAL's read mark) once for them all, not once per statement.
    public func reading<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// The first column of the first row, as an integer (nil when no row or NULL).
    func scalar(_ sql: String, _ values: Int64...) throws -> Int64? {
        let s = try prepare(sql)
        for (i, v) in values.enumerated() { s.bind(Int32(i + 1), v) }
        guard try s.step(), !s.isNull(0) else { return nil }
        return s.int64(0)
    }

    func error(_ rc: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, file: path)
    }
}

/// A prepared statement, reused for every row (bind, step, reset).
final class SQLiteStatement {
    let handle: OpaquePointer
    let sql: String
    private unowned let db: SQLiteDatabase

    init(_ db: SQLiteDatabase, _ sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(db.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw db.error(rc, sql) }
        handle = statement
        self.sql = sql
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    @inline(__always) func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }
    func bind(_ index: Int32, _ value: String?) {
        if let value { sqlite3_bind_text(handle, index, value, -1, kabar_sqlite_transient()) } else { sqlite3_bind_null(handle, index) }
    }
    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    /// Steps once: true when a row is ready, false when done.
    @inline(__always) func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        sqlite3_reset(handle)
        throw db.error(rc, sql)
    }

    /// Runs a statement that returns no rows, then resets it.
    @inline(__always) func run() throws {
        defer { sqlite3_reset(handle) }
        _ = try step()
    }

    /// `run` with one integer bound to ?1.
    func run(_ value: Int64) throws {
        bind(1, value)
        try run()
    }

    @inline(__always) func reset() { sqlite3_reset(handle) }

    @inline(__always) func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    @inline(__always) func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func text(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: p)
    }
}
