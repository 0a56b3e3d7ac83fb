import Foundation
import KabarCore
import KabarPlugins
import KabarPostgres
import KabarRun
import KabarTesting
import XCTest

/// Workers against a real PostgreSQL (a server of its own in a temporary folder) and a
/// generated site on 127.0.0.1. Skipped, with a message, where the postgresql binaries are absent.
final class SharedFrontierTests: XCTestCase {
    nonisolated(unsafe) static var server: LocalPostgres?
    nonisolated(unsafe) static var counter = 0

    func database() throws -> String {
        guard LocalPostgres.binaries() != nil else {
            throw XCTSkip("PostgreSQL binaries not found (apt-get install -y postgresql); the PostgreSQL tests are skipped")
        }
        if Self.server == nil { Self.server = try LocalPostgres(port: Loopback.freePort()) }
        Self.counter += 1
        return try Self.server!.createDatabase("test\(Self.counter)")
    }

    override class func tearDown() {
        server?.stop()
        server = nil
    }

    func schedule(_ site: GeneratedNewsSite, folder: URL) throws -> Schedule {
        let file = folder.appendingPathComponent("generated.yaml")
        try site.scheduleYAML(concurrency: 4).write(to: file, atomically: true, encoding: .utf8)
        return try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).load(file: file)
    }

    func worker(_ url: String, _ name: String, _ scratch: URL, lease: Double = 30) async throws -> Worker {
        var options = PostgresFolder.Options()
        options.leaseSeconds = lease
        let folder = try await PostgresFolder.open(url, worker: name, archiveFolder: scratch.appendingPathComponent(name), options: options)
        var w = Worker(folder: folder, registry: BuiltinExtractors.registry, stop: StopSignal()) { s in
            RunProgress(name: s.name, mode: .silent, logger: .init(label: "test"))
        }
        w.leaseBatch = 8
        return w
    }

    /// Three workers over one site: every article stored exactly once, the exact copies found
    /// as duplicates whichever worker stored them, and all three did work.
    func testThreeWorkersStoreEveryArticleOnce() async throws {
        let url = try database()
        let site = try GeneratedNewsSite(articles: 120, exactCopies: 10)
        let scratch = try Executables.temporaryFolder("pg-three")
        let schedule = try schedule(site, folder: scratch)
        let workers = [try await worker(url, "w0", scratch), try await worker(url, "w1", scratch), try await worker(url, "w2", scratch)]
        // w0 discovers (it holds the schedule's lock); the others help with the queue at once.
        let results = try await withThrowingTaskGroup(of: (RunResult, Bool).self) { group in
            group.addTask { try await workers[0].pass(schedule) }
            try await Task.sleep(nanoseconds: 300_000_000)
            group.addTask { try await workers[1].pass(schedule) }
            group.addTask { try await workers[2].pass(schedule) }
            var out: [(RunResult, Bool)] = []
            for try await r in group { out.append(r) }
            return out
        }
        XCTAssertEqual(results.filter(\.1).count, 1, "exactly one worker ran discovery")
        let stats = try await workers[0].folder.stats()
        XCTAssertEqual(stats.records, 120)
        XCTAssertEqual(stats.exactDuplicates, 10)
        XCTAssertEqual(results.reduce(0) { $0 + $1.0.counters.fetched }, 130, "every URL fetched once")
        let byWorker = try await workers[0].folder.recordsByWorker()
        XCTAssertEqual(byWorker.values.reduce(0, +), 120)
        XCTAssertGreaterThanOrEqual(byWorker.count, 2, "work was shared: \(byWorker)")
        var lines: [String] = []
        try await workers[0].folder.export { lines.append($0) }
        XCTAssertEqual(lines.count, 120)
        XCTAssertEqual(Set(lines.map { try! JSONDecoder().decode(Article.self, from: Data($0.utf8)).id }).count, 120)
        XCTAssertTrue(lines.allSatisfy { $0.contains(#""revision":1,"#) && $0.contains(#""source":{"file":""#) })
        // A second pass stores nothing new.
        let again = try await workers[1].pass(schedule).0
        XCTAssertEqual(again.counters.stored, 0)
        let after = try await workers[1].folder.stats()
        XCTAssertEqual(after.records, 120)
        for w in workers { await w.folder.close() }
    }

    /// A worker that leased URLs and died: its leases expire and another worker fetches them;
    /// nothing is lost and nothing stored twice.
    func testKilledWorkersLeasesExpireAndAnotherFinishes() async throws {
        let url = try database()
        let site = try GeneratedNewsSite(articles: 40)
        let scratch = try Executables.temporaryFolder("pg-killed")
        var schedule = try schedule(site, folder: scratch)
        let dead = try await worker(url, "dead", scratch, lease: 2)
        // Discovery only, then the "dead" worker leases 15 URLs and never completes them.
        schedule.limits.maxPages = 0
        _ = try await dead.pass(schedule)
        schedule.limits.maxPages = 100_000
        let leased = try await dead.folder.next(schedule: schedule.name, limit: 15)
        XCTAssertEqual(leased.count, 15)
        await dead.folder.close()   // no heartbeat, no completion: as if killed

        let alive = try await worker(url, "alive", scratch, lease: 2)
        let started = Date()
        let result = try await alive.pass(schedule, discover: false).0
        XCTAssertEqual(result.counters.stored, 40, "the dead worker's 15 URLs were fetched after their leases expired")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.0, "waited for the leases")
        let stats = try await alive.folder.stats()
        XCTAssertEqual(stats.records, 40)
        let queued = try await alive.folder.queued(schedule: schedule.name)
        XCTAssertEqual(queued, 0)
        await alive.folder.close()
    }

    /// The store's dedup rules are the embedded store's: unchanged, next revision, exact
    /// duplicate under another URL, near duplicate within 3 bits, short texts exempt.
    func testDedupMatchesTheEmbeddedStore() async throws {
        let url = try database()
        let scratch = try Executables.temporaryFolder("pg-dedup")
        let pg = try await PostgresFolder.open(url, worker: "t", archiveFolder: scratch)
        func article(_ u: String, _ text: String, simhash: UInt64? = nil) -> Article {
            Article(id: Hash64.hex(Hash64.of(u)), url: u, canonicalURL: u, site: "test", extractor: "test/1", text: text,
                    contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(simhash ?? SimHash.of(text)))
        }
        let long = (0..<40).map { "kata\($0)" }.joined(separator: " ")
        let other = (0..<40).map { "lain\($0)" }.joined(separator: " ")
        let first = try await pg.store(article("https://a.example/1", long, simhash: 0xFFFF_0000_FFFF_0000))
        XCTAssertEqual(first, .written(revision: 1))
        let same = try await pg.store(article("https://a.example/1", long, simhash: 0xFFFF_0000_FFFF_0000))
        XCTAssertEqual(same, .unchanged)
        let copy = try await pg.store(article("https://b.example/1", long, simhash: 0xFFFF_0000_FFFF_0000))
        XCTAssertEqual(copy, .duplicate(of: Hash64.hex(Hash64.of("https://a.example/1")), kind: .exact, distance: 0))
        let near = try await pg.store(article("https://c.example/1", other, simhash: 0xFFFF_0000_FFFF_0007))
        XCTAssertEqual(near, .duplicate(of: Hash64.hex(Hash64.of("https://a.example/1")), kind: .near, distance: 3))
        let far = try await pg.store(article("https://d.example/1", other + " x", simhash: 0xFFFF_0000_FFFF_000F))
        XCTAssertEqual(far, .written(revision: 1))
        let changed = try await pg.store(article("https://a.example/1", other + " y", simhash: 0x1234_5678_9ABC_DEF0))
        XCTAssertEqual(changed, .written(revision: 2))
        let stale = try await pg.store(article("https://a.example/1", long, simhash: 0xFFFF_0000_FFFF_0000))
        XCTAssertEqual(stale, .unchanged, "an older revision's content again")
        let short1 = try await pg.store(article("https://e.example/1", "pendek", simhash: 1))
        let short2 = try await pg.store(article("https://f.example/1", "pendek", simhash: 1))
        XCTAssertEqual([short1, short2], [.written(revision: 1), .written(revision: 1)], "short texts take no part in content dedup")
        let stats = try await pg.stats()
        XCTAssertEqual(stats.records, 4)
        XCTAssertEqual(stats.revisions, 1)
        XCTAssertEqual(stats.exactDuplicates, 1)
        XCTAssertEqual(stats.nearDuplicates, 1)
        var lines: [String] = []
        try await pg.export(history: true) { lines.append($0) }
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines.contains { $0.contains(#""revision":2,"#) })
        await pg.close()
    }

    /// A bad URL names what is wrong and never prints the password.
    func testBadDatabaseURLs() async throws {
        XCTAssertThrowsError(try DatabaseURL("mysql://u:secret@h/db")) { XCTAssertFalse("\($0)".contains("secret")) }
        XCTAssertThrowsError(try DatabaseURL("postgres://u:secret@h:5432/")) {
            XCTAssertTrue("\($0)".contains("names no database")); XCTAssertFalse("\($0)".contains("secret"))
        }
        XCTAssertThrowsError(try DatabaseURL("postgres://:secret@h/db")) { XCTAssertTrue("\($0)".contains("names no user")) }
        let port = try Loopback.freePort()
        do {
            _ = try await PostgresFolder.open("postgres://kabar:secret@127.0.0.1:\(port)/kabar", worker: "t", archiveFolder: URL(fileURLWithPath: "/tmp"))
            XCTFail("connected to nothing")
        } catch {
            XCTAssertTrue("\(error)".contains("cannot connect to postgres://kabar:***@127.0.0.1:\(port)/kabar"), "\(error)")
            XCTAssertFalse("\(error)".contains("secret"))
        }
    }
}
