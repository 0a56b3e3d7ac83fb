import Foundation
import KabarCore
@testable import KabarPostgres
import KabarTesting
import XCTest

/// `--no-prepared-statements`: behind a connection pooler in transaction mode a statement
/// prepared by name on one server connection is not there on the next transaction's, so the
/// store call must then go as text.
extension SharedFrontierTests {
    /// `kabar-postgres extract` stores a constructed page into a server logging every
    /// statement (`log_statement=all`, which names a prepared statement's execution): by
    /// default the store call runs as the named statement `kabar_store_many_v2`; with
    /// `--no-prepared-statements` the record is stored the same and no statement is executed
    /// by name. Without the switch the option is refused (exit status 64) or, ignored, the
    /// named statement appears in the log.
    func testNoPreparedStatementsSendsTheStoreCallAsText() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        guard LocalPostgres.binaries() != nil else {
            throw XCTSkip("PostgreSQL binaries not found (apt-get install -y postgresql); the PostgreSQL tests are skipped")
        }
        let server = try await runBlocking { try LocalPostgres(port: Loopback.freePort(), settings: ["log_statement=all"]) }
        defer { server.stop() }
        let plugins = Corpus.packageRoot.appendingPathComponent("Tests/DeclarativeTests/Plugins")
        let page = plugins.appendingPathComponent("kabarpagi/Fixtures/constructed-2019-gempa-old-design.html").path
        let address = "https://kabarpagi.example/read/2019/08/02/778/gempa-guncang-sukabumi"
        let log = server.folder.appendingPathComponent("log")
        for (n, extra) in [[], ["--no-prepared-statements"]].enumerated() {
            let url = try await runBlocking { try server.createDatabase("switch\(n)") }
            let before = (try? Data(contentsOf: log).count) ?? 0
            let p = Process(), err = Pipe()
            p.executableURL = tool
            p.arguments = ["extract", "--store", url, "--url", address, "--plugins", plugins.path, page] + extra
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            try p.run()
            let stderr = try await runBlocking { String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            try await runBlocking { p.waitUntilExit() }
            XCTAssertEqual(p.terminationStatus, 0, "\(extra): \(stderr)")
            let written = String(decoding: try Data(contentsOf: log).dropFirst(before), as: UTF8.self)
            let executions = written.split(separator: "\n").filter { $0.contains("LOG:  execute ") }
            let named = executions.filter { !$0.contains("execute <unnamed>") }.count
            let unnamed = executions.filter { $0.contains("execute <unnamed>: SELECT * FROM kabar_store_many(") }.count
            if extra.isEmpty {
                XCTAssertEqual(named, 1, "the store call prepared by name by default: \(executions.filter { !$0.contains("<unnamed>") })")
                XCTAssertEqual(unnamed, 0)
            } else {
                XCTAssertEqual(named, 0, "no statement executed by name with --no-prepared-statements: \(executions.filter { !$0.contains("<unnamed>") })")
                XCTAssertEqual(unnamed, 1, "the store call sent as text")
            }
            let pg = try await PostgresFolder.open(url, worker: "check", archiveFolder: FileManager.default.temporaryDirectory)
            let rows = try await pg.database.query("SELECT count(*) FROM kabar_records")
            XCTAssertEqual(try rows.first?.decode(Int64.self), 1, "\(extra)")
            await pg.close()
        }
    }
}
