import CSQLite

extension SQLiteDatabase {
    /// A result row of `query`.
    public struct Row {
        let statement: OpaquePointer
        public func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }
        public func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
        public func optionalInt64(_ i: Int32) -> Int64? { isNull(i) ? nil : int64(i) }
        public func text(_ i: Int32) -> String? { sqlite3_column_text(statement, i).map { String(cString: $0) } }
    }

    /// Runs `sql` once with `values` bound (Int64, Int, String, Double or nil), calling `row`
    /// per result row: for statements run now and then (the frontier's), where a prepared
    /// `SQLiteStatement` kept by the caller is not worth it. The statement is prepared once per
    /// connection and kept (`cachedStatement`): the frontier runs the same few statements for
    /// every page, and preparing them each time cost more than running them.
    public func query(_ sql: String, _ values: [Any?] = [], row: ((Row) throws -> Void)? = nil) throws {
        let (statement, cached) = try cachedStatement(sql)
        defer {
            if cached {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            } else {
                sqlite3_finalize(statement)
            }
        }
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
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw error(step, sql) }
            try row?(Row(statement: statement))
        }
    }
}
