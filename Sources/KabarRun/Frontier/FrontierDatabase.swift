import CSQLite
import Foundation

/// A small SQLite connection for the frontier file (`frontier.sqlite`), used from one actor.
final class FrontierDatabase {
    let handle: OpaquePointer

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `readOnly`: for readers beside a run that may hold the data folder (`kabar stats`).
    init(path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw Failure(description: "\(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw Failure(description: "frontier: \(message) in `\(sql.prefix(80))`")
        }
    }

    /// Runs `sql` with `values` bound (Int64, Int, String, Double or nil), calling `row` per result row.
    func query(_ sql: String, _ values: [Any?] = [], row: ((Row) throws -> Void)? = nil) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: "frontier: \(String(cString: sqlite3_errmsg(handle))) in `\(sql.prefix(80))`")
        }
        defer { sqlite3_finalize(statement) }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case let v as Int64: sqlite3_bind_int64(statement, index, v)
            case let v as Int: sqlite3_bind_int64(statement, index, Int64(v))
            case let v as Double: sqlite3_bind_double(statement, index, v)
            case let v as String: sqlite3_bind_text(statement, index, v, -1, kabar_sqlite_transient())
            default: sqlite3_bind_null(statement, index)
            }
        }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw Failure(description: "frontier: \(String(cString: sqlite3_errmsg(handle))) in `\(sql.prefix(80))`")
            }
            try row?(Row(statement: statement))
        }
    }

    struct Row {
        let statement: OpaquePointer
        func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }
        func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
        func optionalInt64(_ i: Int32) -> Int64? { isNull(i) ? nil : int64(i) }
        func text(_ i: Int32) -> String? { sqlite3_column_text(statement, i).map { String(cString: $0) } }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    func transaction<T>(_ body: () throws -> T) throws -> T {
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
}
