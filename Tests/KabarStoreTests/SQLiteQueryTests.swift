import Foundation
import KabarTesting
import Testing
@testable import KabarStore

/// `SQLiteDatabase.query` keeps each statement prepared for the next call with the same SQL:
/// what it returns is what a statement prepared for one call returned (bindings of one call do
/// not reach the next, a query run from inside its own row callback gets a statement of its
/// own, past the cache's size statements are prepared for one use).
@Suite struct SQLiteQueryTests {
    func database() throws -> (SQLiteDatabase, URL) {
        let dir = try Executables.temporaryFolder("sqlite-query")
        let db = try SQLiteDatabase(path: dir.appendingPathComponent("t.sqlite").path)
        try db.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)")
        return (db, dir)
    }

    func values(_ db: SQLiteDatabase, _ sql: String, _ args: [Any?] = []) throws -> [String?] {
        var out: [String?] = []
        try db.query(sql, args) { out.append($0.text(0)) }
        return out
    }

    @Test func aStatementIsPreparedOnceAndReusedWithFreshBindings() throws {
        let (db, dir) = try database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let insert = "INSERT INTO t(k, v) VALUES (?1, ?2)"
        try db.query(insert, [1, "one"])
        try db.query(insert, [2, "two"])
        // Fewer values than parameters: the missing one is NULL, not the last call's "two".
        try db.query(insert, [3])
        #expect(db.cachedStatementCount == 1)
        let select = "SELECT v FROM t WHERE k >= ?1 ORDER BY k"
        #expect(try values(db, select, [1]) == ["one", "two", nil])
        #expect(try values(db, select, [2]) == ["two", nil])
        #expect(db.cachedStatementCount == 2)
        // A row callback that throws leaves the statement reset: the next call reads from the start.
        struct Stop: Error {}
        #expect(throws: Stop.self) { try db.query(select, [1]) { _ in throw Stop() } }
        #expect(try values(db, select, [1]) == ["one", "two", nil])
        // A table changed under a kept statement: SQLite prepares it again by itself.
        try db.execute("ALTER TABLE t ADD COLUMN w TEXT")
        try db.query("UPDATE t SET v = 'uno' WHERE k = ?1", [1])
        #expect(try values(db, select, [1]) == ["uno", "two", nil])
        // A statement that fails to prepare is an error naming it, and is not kept.
        #expect(throws: SQLiteError.self) { try db.query("SELECT nothing FROM nowhere") }
        #expect(db.cachedStatementCount == 3)
    }

    @Test func aQueryInsideItsOwnRowCallbackGetsAStatementOfItsOwn() throws {
        let (db, dir) = try database()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 1...3 { try db.query("INSERT INTO t(k, v) VALUES (?1, ?2)", [k, "v\(k)"]) }
        let select = "SELECT v FROM t WHERE k >= ?1 ORDER BY k"
        var pairs: [String] = []
        try db.query(select, [1]) { outer in
            let inner = try values(db, select, [3])
            pairs.append("\(outer.text(0) ?? "-"):\(inner.compactMap { $0 }.joined())")
        }
        #expect(pairs == ["v1:v3", "v2:v3", "v3:v3"])
    }

    @Test func pastTheCacheStatementsArePreparedForOneUse() throws {
        let (db, dir) = try database()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.query("INSERT INTO t(k, v) VALUES (1, 'x')")
        for n in 0..<(SQLiteDatabase.maxCachedStatements + 10) {
            #expect(try values(db, "SELECT v || '\(n)' FROM t") == ["x\(n)"])
        }
        #expect(db.cachedStatementCount == SQLiteDatabase.maxCachedStatements)
        #expect(try values(db, "SELECT v || '\(SQLiteDatabase.maxCachedStatements + 5)' FROM t") == ["x\(SQLiteDatabase.maxCachedStatements + 5)"])
    }
}
