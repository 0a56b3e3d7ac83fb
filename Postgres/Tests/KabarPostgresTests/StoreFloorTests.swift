import Foundation
@testable import KabarPostgres
import KabarTesting
import XCTest

/// `bench store --floor` (docs/POSTGRES.md, "The floor"): the same records kept the plainest way
/// in copies of the tables, beside the bench's own run.
extension SharedFrontierTests {
    /// 64 generated records on a database of 200: each of the floor's five steps keeps the 64
    /// records in its copy (the step checks that before it reports), its copies are dropped
    /// afterwards, and the bench's own run then stores the same 64 records once and empties the
    /// queue, as without the floor. The band steps write more WAL than the step without bands.
    func testTheFloorKeepsEveryRecordAndLeavesTheBenchAsItWas() async throws {
        let server = try await statementCountingServer()
        defer { server.stop() }
        let bench = StoreBench(server: server, sizes: [200], measure: 64, concurrency: 8, statements: false)
        var rounds: [StoreBench.Round] = []
        var floor: [StoreFloor.Round] = []
        try await bench.run(report: { rounds.append($0) }, floor: { floor += $0 })
        XCTAssertEqual(floor.map(\.step), StoreFloor.Step.allCases.map(\.rawValue))
        XCTAssertEqual(floor.map(\.stored), Array(repeating: 64, count: StoreFloor.Step.allCases.count))
        XCTAssertGreaterThan(floor[3].walBytes, floor[2].walBytes, "band rows add WAL")
        XCTAssertGreaterThan(floor[4].walBytes, floor[2].walBytes, "band columns' indexes add WAL")
        let round = try XCTUnwrap(rounds.first)
        XCTAssertEqual(round.before, 200)
        XCTAssertEqual(round.stored, 64)
        XCTAssertTrue(round.storedOnce, "the bench's run stored every record once and emptied the queue")
        let db = try await Database(url: DatabaseURL("postgres://kabar@127.0.0.1:\(server.port)/benchstore"), connections: 1)
        let left = try await db.query("SELECT count(*)::bigint FROM pg_class WHERE relname LIKE 'floor\\_%'")
        XCTAssertEqual(try XCTUnwrap(left.first).decode(Int64.self), 0, "the floor's copies are dropped")
        db.close()
    }
}
