import Foundation
@testable import KabarPostgres
import KabarTesting
import XCTest

/// What a new user sees when `--store` is wrong: each error names the URL (never its password)
/// and says why, at once when the server answered.
extension SharedFrontierTests {
    /// `url` (the tests' server) with another user, database and a password.
    func variant(of url: String, user: String = "kabar", password: String = "secret", database: String) throws -> String {
        let parsed = try DatabaseURL(url)
        return "postgres://\(user):\(password)@\(parsed.host):\(parsed.port)/\(database)"
    }

    /// A server that answers but refuses the connection (no such database, no such role) gives
    /// its own reason, not "no answer within N s" after the pool retried it for the whole timeout,
    /// and what to do (before: the reason alone).
    func testARefusedConnectionSaysWhyAndWhatToDo() async throws {
        let url = try await database()
        for (text, reason) in [(try variant(of: url, database: "nosuchdb"),
                                "database \"nosuchdb\" does not exist; make it (psql: CREATE DATABASE nosuchdb OWNER kabar) or name one that exists"),
                               (try variant(of: url, user: "nobody", database: "postgres"),
                                "role \"nobody\" does not exist; make it (psql: CREATE ROLE nobody LOGIN PASSWORD '...') or name one that exists")] {
            do {
                _ = try await PostgresFolder.open(text, worker: "t", archiveFolder: URL(fileURLWithPath: "/tmp"), connectTimeout: 3)
                XCTFail("connected with \(text)")
            } catch {
                let redacted = try DatabaseURL(text).redacted
                XCTAssertEqual("\(error)", "cannot connect to \(redacted): \(reason)")
            }
        }
    }

    /// A wrong password (constructed: `FirstConnectionOnlyServer` refusing every connection with
    /// SQLSTATE 28P01, as a server with password authentication does) says what to check.
    func testAWrongPasswordSaysWhatToCheck() async throws {
        let server = try FirstConnectionOnlyServer(refusing: ("28P01", "password authentication failed for user \"kabar\""))
        defer { server.close() }
        do {
            _ = try await Database(url: DatabaseURL("postgres://kabar:wrong@127.0.0.1:\(server.port)/kabar"), timeout: 2)
            XCTFail("connected with a refused password")
        } catch {
            XCTAssertEqual("\(error)", "cannot connect to postgres://kabar:***@127.0.0.1:\(server.port)/kabar: password authentication failed for user \"kabar\"; "
                           + "check the user name and password in the URL (a role is made with psql: CREATE ROLE kabar LOGIN PASSWORD '...')")
        }
    }

    /// Nothing listening: after the wait, the error says the connection was refused and asks
    /// whether PostgreSQL runs there.
    func testNothingListeningSaysTheConnectionWasRefused() async throws {
        let port = try Loopback.freePort()
        do {
            _ = try await PostgresFolder.open("postgres://kabar:secret@127.0.0.1:\(port)/kabar", worker: "t",
                                              archiveFolder: URL(fileURLWithPath: "/tmp"), connectTimeout: 1)
            XCTFail("connected to nothing")
        } catch {
            // The reason in the system's words, not NIO's list of the addresses tried
            // ("Connection errors: SingleConnectionFailure(target: [IPv4]127.0.0.1/...").
            XCTAssertEqual("\(error)", "cannot connect to postgres://kabar:***@127.0.0.1:\(port)/kabar: no answer within 1 s: "
                           + "Connection refused (is PostgreSQL running there, listening on 127.0.0.1 port \(port)?)")
        }
    }

    /// A host that drops packets (constructed: `SilentListener`) is waited for as long as the
    /// message says, once: the first connection attempt's wait counts in the timeout and its
    /// reason is the one given (before: "no answer within 3 s" after 8 s: an attempt, the pool's
    /// 3 s, then a second attempt of 2 s whose "Connect timeout (2 s)" was given as the reason).
    func testAHostDroppingPacketsIsWaitedForAsLongAsTheMessageSays() async throws {
        let host = try SilentListener()
        defer { host.close() }
        let started = Date()
        do {
            _ = try await PostgresFolder.open("postgres://kabar:secret@127.0.0.1:\(host.port)/kabar", worker: "t",
                                              archiveFolder: URL(fileURLWithPath: "/tmp"), connectTimeout: 3)
            XCTFail("connected to a host that drops packets")
        } catch {
            let waited = Date().timeIntervalSince(started)
            let text = "\(error)"
            XCTAssertEqual(text, "cannot connect to postgres://kabar:***@127.0.0.1:\(host.port)/kabar: no answer within 3 s: "
                + "no reply to a connection attempt within 3 s (the host is down, or packets to it are dropped) "
                + "(is PostgreSQL running there, listening on 127.0.0.1 port \(host.port)?)")
            XCTAssertGreaterThan(waited, 2.9)
            XCTAssertLessThan(waited, 4.5, "waited \(String(format: "%.1f", waited)) s; the message says 3")
        }
    }

    /// A server that lets the first connection in and refuses the pool's (constructed:
    /// `FirstConnectionOnlyServer`, its slots full) is named with its host and port and what the
    /// pool's connections met (before: "no answer within 2 s" and nothing else).
    func testAPoolThatCannotConnectAfterTheFirstConnectionSaysWhy() async throws {
        let server = try FirstConnectionOnlyServer()
        defer { server.close() }
        do {
            _ = try await Database(url: DatabaseURL("postgres://kabar:secret@127.0.0.1:\(server.port)/kabar"), timeout: 2)
            XCTFail("connected to a server that answers no query")
        } catch {
            XCTAssertEqual("\(error)", "cannot connect to postgres://kabar:***@127.0.0.1:\(server.port)/kabar: no answer within 2 s: "
                + "a first connection to 127.0.0.1 port \(server.port) opened, then the pool's connections failed: sorry, too many clients already")
            XCTAssertGreaterThan(server.connections, 1)
        }
    }

    /// The reason in postgres-nio's text of a pool's failure: the server's message, else the
    /// error's code and what lay under it.
    func testThePoolsFailureTextGivesItsReason() {
        XCTAssertEqual(PoolFailures.reason("PSQLError(code: server, serverInfo: [sqlState: 53300, message: sorry, too many clients already, "
                                           + "severity: FATAL, localizedSeverity: FATAL])"), "sorry, too many clients already")
        XCTAssertEqual(PoolFailures.reason("PSQLError(code: connectionError, underlying: NIOConnectionError(host: db, port: 5432), "
                                           + "triggeredFromRequestInFile: x.swift, line: 3)"), "connectionError: NIOConnectionError(host: db, port: 5432)")
        XCTAssertEqual(PoolFailures.reason("PSQLError(code: serverClosedConnection)"), "serverClosedConnection")
        XCTAssertEqual(PoolFailures.reason("something else"), "something else")
    }

    /// A URL mistyped so that it is not one (`postgres//`, no scheme) is refused without
    /// printing its password.
    func testAMistypedURLHidesItsPassword() throws {
        for text in ["postgres//kabar:secret@db/kabar", "postgres:/kabar:secret@db/kabar", "kabar:secret@db/kabar", "postgres:kabar:secret@db"] {
            XCTAssertThrowsError(try DatabaseURL(text), text) {
                XCTAssertTrue("\($0)".hasPrefix("--store: "), "\($0)")
                XCTAssertFalse("\($0)".contains("secret"), "\($0)")
            }
        }
        XCTAssertEqual(DatabaseURL.redact("postgres//kabar:secret@db/kabar"), "postgres//kabar:***@db/kabar")
        XCTAssertEqual(DatabaseURL.redact("postgres://kabar:se:cret@db/kabar"), "postgres://kabar:***@db/kabar")
        XCTAssertEqual(DatabaseURL.redact("postgres://kabar@db/kabar"), "postgres://kabar@db/kabar")
    }

    /// The commands print those errors on standard error and exit with status 1; a database
    /// migrated by a newer kabar-postgres is refused, naming the URL and both versions.
    func testCommandsNameTheURLAtFault() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let missing = try await Executables.launch(tool, ["stats", "--store", try variant(of: url, database: "nosuchdb")])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "kabar-postgres: cannot connect to \(try DatabaseURL(variant(of: url, database: "nosuchdb")).redacted): database \"nosuchdb\" does not exist"
                       + "; make it (psql: CREATE DATABASE nosuchdb OWNER kabar) or name one that exists\n")

        let mistyped = try await Executables.launch(tool, ["stats", "--store", "postgres//kabar:secret@db/kabar"])
        XCTAssertEqual(mistyped.status, 1)
        XCTAssertEqual(mistyped.stderr, "kabar-postgres: --store: postgres//kabar:***@db/kabar is not a PostgreSQL URL (postgres://user:password@host:port/database)\n")

        let folder = try await PostgresFolder.open(url, worker: "t", archiveFolder: URL(fileURLWithPath: "/tmp"))
        try await folder.database.query("UPDATE kabar_meta SET value = '99' WHERE key = 'schema_version'")
        await folder.close()
        let newer = try await Executables.launch(tool, ["stats", "--store", url])
        XCTAssertEqual(newer.status, 1)
        XCTAssertEqual(newer.stderr, "kabar-postgres: \(try DatabaseURL(url).redacted): the database has Kabar schema version 99; this build knows up to \(Schema.migrations.count) (update kabar-postgres)\n")
    }
}
