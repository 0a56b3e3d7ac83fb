import Foundation
import KabarCore
@testable import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// The store's coalescing window (`PostgresFolder.Options.coalesceRecords`, `coalesceSeconds`):
/// a group waits for more stores, bounded in records and time; each caller still gets its
/// outcome from its group's commit, and lease tokens are still checked record by record.
extension SharedFrontierTests {
    static func coalescingArticle(_ i: Int) -> Article {
        let link = "https://c.example/berita/\(i)"
        let text = (0..<40).map { "gabung\(i)x\($0)" }.joined(separator: " ")
        return Article(id: Hash64.hex(Hash64.of(link)), url: link, canonicalURL: link, site: "c", extractor: "test/1", text: text,
                       contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
    }

    /// Twelve stores arriving one at a time, 5 ms apart, each from its own task: with a window of
    /// 12 records (and up to 10 s) they go as one call; without it, each went alone or with the
    /// one or two that came during its round trip (no call carried all twelve). Then 20 stores
    /// at once with a window of 8 records: no call carries more than 8.
    func testTheCoalescingWindowFormsGroupsBoundedInRecords() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-coalesce")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.coalesceRecords = 12
        options.coalesceSeconds = 10
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch, options: options)
        try await folder.startRun(command: "test")
        let outcomes = try await withThrowingTaskGroup(of: StoreOutcome.self) { group in
            for i in 0..<12 {
                group.addTask { try await folder.store(Self.coalescingArticle(i)) }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            var all: [StoreOutcome] = []
            for try await o in group { all.append(o) }
            return all
        }
        XCTAssertEqual(outcomes, Array(repeating: .written(revision: 1), count: 12))
        var groups = await folder.storeGroups
        XCTAssertEqual(groups.calls, 1, "twelve stores 5 ms apart went as one call in the window")
        await folder.close()

        options.coalesceRecords = 8
        options.coalesceSeconds = 0.5   // the last four wait for the window's end
        let bounded = try await PostgresFolder.open(url, worker: "w2", archiveFolder: scratch, options: options)
        try await bounded.startRun(command: "test")
        let more = try await withThrowingTaskGroup(of: StoreOutcome.self) { group in
            for i in 100..<120 { group.addTask { try await bounded.store(Self.coalescingArticle(i)) } }
            var all: [StoreOutcome] = []
            for try await o in group { all.append(o) }
            return all
        }
        XCTAssertEqual(more.count, 20)
        XCTAssertTrue(more.allSatisfy { $0 == .written(revision: 1) })
        let largest = await bounded.largestStoreGroup
        groups = await bounded.storeGroups
        XCTAssertLessThanOrEqual(largest, 8, "a call carried \(largest) records, over the window's 8")
        XCTAssertGreaterThanOrEqual(groups.calls, 3)
        let records = try await bounded.database.query("SELECT count(*) FROM kabar_records")
        XCTAssertEqual(try records.first?.decode(Int64.self), 32)
        await bounded.close()
    }

    /// A coalesced group (four stores 5 ms apart, a window of 4 records) holding a record whose
    /// lease another worker took over: that record is refused as stale (nothing written, not
    /// counted), the others of its group are stored, in the one call. Without the window the
    /// four went in several calls.
    func testACoalescedGroupStillRefusesAStaleLease() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-coalesce-stale")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = PostgresFolder.Options()
        options.leaseSeconds = 1
        options.hostDelay = 0
        options.coalesceRecords = 4
        options.coalesceSeconds = 10
        let a = try await PostgresFolder.open(url, worker: "a", archiveFolder: scratch.appendingPathComponent("a"), options: options)
        options.coalesceRecords = 0
        let b = try await PostgresFolder.open(url, worker: "b", archiveFolder: scratch.appendingPathComponent("b"), options: options)
        let articles = (0..<4).map(Self.coalescingArticle)
        try await a.enqueue(articles.enumerated().map { i, x in
            Frontier.Entry(url: x.canonicalURL, id: x.id, host: "c.example", priority: Int64(10 - i), modified: nil)
        }, schedule: "s")
        try await a.startRun(command: "test")
        await a.stopHeartbeat()
        let leasedA = try await a.next(schedule: "s", limit: 4)
        XCTAssertEqual(leasedA.count, 4)
        try await Task.sleep(nanoseconds: 1_400_000_000)   // a's leases expire
        try await b.startRun(command: "test")
        let leasedB = try await b.next(schedule: "s", limit: 1)
        XCTAssertEqual(leasedB.map(\.url), [articles[0].canonicalURL], "b leased a's expired first entry again")
        let byURL = Dictionary(uniqueKeysWithValues: articles.map { ($0.canonicalURL, $0) })
        let outcomes = try await withThrowingTaskGroup(of: (String, StoreOutcome).self) { group in
            // One at a time, 5 ms apart: only the window puts them in one call.
            for e in leasedA {
                group.addTask {
                    (e.url, try await a.store(byURL[e.url]!, completion: .done(e, status: 200, etag: nil, lastModified: nil), schedule: "s"))
                }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            var all: [String: StoreOutcome] = [:]
            for try await (u, o) in group { all[u] = o }
            return all
        }
        let calls = await a.storeGroups.calls
        XCTAssertEqual(calls, 1, "the four stores went as one coalesced call")
        XCTAssertEqual(outcomes[articles[0].canonicalURL], .unchanged, "refused as stale: b holds the lease")
        for x in articles.dropFirst() { XCTAssertEqual(outcomes[x.canonicalURL], .written(revision: 1), x.canonicalURL) }
        let refused = await a.staleRefused
        XCTAssertEqual(refused, 1)
        let stored = try await b.database.query("SELECT count(*) FROM kabar_records")
        XCTAssertEqual(try stored.first?.decode(Int64.self), 3, "the stale record was not written")
        let queued = try await b.queued(schedule: "s")
        XCTAssertEqual(queued, 1, "b's entry is still queued under b's lease")
        await a.close()
        await b.close()
    }
}
