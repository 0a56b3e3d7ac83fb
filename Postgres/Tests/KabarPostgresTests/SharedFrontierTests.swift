import Foundation
import KabarCore
import KabarPlugins
@testable import KabarPostgres
import KabarRun
import KabarStore
import KabarTesting
import XCTest

/// Workers against a real PostgreSQL (a server of its own in a temporary folder) and a
/// generated site on 127.0.0.1. Skipped, with a message, where the postgresql binaries are absent.
final class SharedFrontierTests: XCTestCase {
    nonisolated(unsafe) static var server: LocalPostgres?
    nonisolated(unsafe) static var counter = 0

    /// A fresh database on the tests' own server (started on first use; initdb and createdb
    /// are waited for on a thread of their own, never on the cooperative pool).
    func database() async throws -> String {
        guard LocalPostgres.binaries() != nil else {
            throw XCTSkip("PostgreSQL binaries not found (apt-get install -y postgresql); the PostgreSQL tests are skipped")
        }
        Self.counter += 1
        let n = Self.counter
        if let server = Self.server { return try await runBlocking { try server.createDatabase("test\(n)") } }
        let server = try await runBlocking { try LocalPostgres(port: Loopback.freePort()) }
        Self.server = server
        return try await runBlocking { try server.createDatabase("test\(n)") }
    }

    /// The kabar-postgres executable built beside the tests.
    static var kabarPostgres: URL? {
        var candidates: [URL] = []
        if let test = Bundle.main.executableURL { candidates.append(test.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for dir in candidates {
            var d = dir
            while d.path != "/" && d.pathExtension != "" && d.pathExtension != "build" { d.deleteLastPathComponent() }
            for folder in [dir, d] {
                let url = folder.appendingPathComponent("kabar-postgres")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    override class func tearDown() {
        server?.stop()
        server = nil
    }

    func makeSchedule(_ site: WorkerTestSite, folder: URL, delay: String = "0s") throws -> Schedule {
        let file = folder.appendingPathComponent("generated.yaml")
        try site.scheduleYAML(concurrency: 4, delay: delay).write(to: file, atomically: true, encoding: .utf8)
        return try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).load(file: file)
    }

    /// `kabar-postgres run` of `schedule` started as a worker process named `name` (leases of 2 s
    /// taken 8 at a time, no progress, its WARC files under `scratch/name`), with `extra`
    /// options; its standard output to `output` (nil: discarded).
    func startRunProcess(_ tool: URL, _ schedule: Schedule, store url: String, name: String, scratch: URL, extra: [String] = [],
                         output: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["run", schedule.file, "--store", url, "--name", name, "--lease-seconds", "2", "--lease-batch", "8"]
            + extra + ["--quiet", "--warc", scratch.appendingPathComponent(name).path]
        if let output { process.standardOutput = output } else { process.standardOutput = FileHandle.nullDevice }
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
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
        let url = try await database()
        let site = try WorkerTestSite(articles: 120, exactCopies: 10)
        let scratch = try Executables.temporaryFolder("pg-three")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let workers = [try await worker(url, "w0", scratch), try await worker(url, "w1", scratch), try await worker(url, "w2", scratch)]
        // w0 discovers (it holds the schedule's lock); the others help with the queue at once.
        let results = try await withThrowingTaskGroup(of: (RunResult, Bool).self) { group in
            group.addTask { try await workers[0].pass(schedule) }
            // The helpers start once discovery has queued the site's URLs.
            var polls = 0
            while try await workers[1].folder.queued(schedule: schedule.name) == 0, polls < 200 {
                polls += 1
                try await Task.sleep(nanoseconds: 50_000_000)
            }
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
        let url = try await database()
        let site = try WorkerTestSite(articles: 40)
        let scratch = try Executables.temporaryFolder("pg-killed")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var schedule = try makeSchedule(site, folder: scratch)
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

    /// A `kabar-postgres run` worker PROCESS killed with SIGKILL in the middle of its run (its
    /// leases held, pages in flight, its advisory lock on a connection that just dropped): its
    /// leases expire, another worker fetches those URLs, and every article is stored exactly once.
    func testKilledWorkerProcessLosesNothing() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let site = try WorkerTestSite(articles: 60, pageDelay: 0.1)
        let scratch = try Executables.temporaryFolder("pg-sigkill")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let victim = try startRunProcess(tool, schedule, store: url, name: "victim", scratch: scratch)
        let watcher = try await worker(url, "watcher", scratch, lease: 2)
        // Wait until the victim has stored some records and holds leases, then kill it.
        var stored = 0, held = 0
        for _ in 0..<600 {
            let byWorker = try await watcher.folder.recordsByWorker()
            stored = byWorker["victim"] ?? 0
            held = try await watcher.folder.leases(by: "victim")
            if stored >= 5 && held > 0 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        kill(victim.processIdentifier, SIGKILL)
        try await runBlocking { victim.waitUntilExit() }
        XCTAssertEqual(victim.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(stored, 5, "the victim was killed mid-run")
        XCTAssertGreaterThan(held, 0, "the victim held leases when it was killed")
        XCTAssertLessThan(stored, 60, "the victim had not finished")

        let result = try await watcher.pass(schedule).0
        let stats = try await watcher.folder.stats()
        XCTAssertEqual(stats.records, 60, "every article stored")
        XCTAssertEqual(stats.exactDuplicates + stats.nearDuplicates, 0)
        let byWorker = try await watcher.folder.recordsByWorker()
        XCTAssertEqual(result.counters.stored + (byWorker["victim"] ?? 0), 60, "the watcher stored exactly what the victim had not: \(byWorker)")
        let written = try await watcher.folder.writtenByRuns()
        XCTAssertEqual(written, 60, "no record written twice over both workers' runs")
        let queued = try await watcher.folder.queued(schedule: schedule.name)
        XCTAssertEqual(queued, 0)
        await watcher.folder.close()
    }

    /// `kabar-postgres worker` with its standard output to a pipe (a log file, a service's
    /// journal) writes each pass's summary as the pass ends, while it goes on running: before,
    /// print's buffer held the summaries until the worker exited.
    func testAWorkersSummaryIsWrittenAsItsPassEnds() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let site = try WorkerTestSite(articles: 3)
        let scratch = try Executables.temporaryFolder("pg-worker-stdout")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let worker = Process()
        worker.executableURL = tool
        worker.arguments = ["worker", schedule.file, "--store", url, "--name", "w", "--quiet", "--warc", scratch.appendingPathComponent("w").path]
        let out = Pipe()
        worker.standardOutput = out
        worker.standardError = FileHandle.nullDevice
        final class Received: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
        }
        let received = Received()
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            received.lock.withLock { received.text += String(decoding: data, as: UTF8.self) }
        }
        try worker.run()
        var summary = ""
        for _ in 0..<600 where summary.isEmpty {
            try await Task.sleep(nanoseconds: 100_000_000)
            summary = received.lock.withLock { received.text }
        }
        let running = worker.isRunning
        kill(worker.processIdentifier, SIGTERM)
        try await runBlocking { worker.waitUntilExit() }
        out.fileHandleForReading.readabilityHandler = nil
        XCTAssertTrue(running, "the summary came while the worker still ran")
        XCTAssertTrue(summary.hasPrefix("\(schedule.name): ok;") && summary.contains(", stored "), "standard output while running: \(summary)")
    }

    /// A run ends with the status its summary gave, so `stats` says what the pass said: `ok`
    /// with some pages failed, `stopped` when a stop left pages queued (before: `failed` for
    /// any failed page and `ok` for a stopped pass, whatever the summary said).
    func testARunsStatusIsTheOneItsSummaryGave() async throws {
        let folder = try await PostgresFolder.open(try await database(), worker: "t", archiveFolder: URL(fileURLWithPath: "/tmp"))
        var statuses: [String] = []
        for (failed, status) in [(2, "ok"), (0, "stopped"), (1, "failed")] {
            try await folder.startRun(command: "run s")
            let current = await folder.currentRun
            let run = try XCTUnwrap(current)
            try await folder.finishRun(failed: failed, status: status)
            let rows = try await folder.database.query("SELECT status FROM kabar_runs WHERE id = \(run)")
            statuses.append(try XCTUnwrap(rows.first).decode(String.self))
        }
        XCTAssertEqual(statuses, ["ok", "stopped", "failed"])
        await folder.close()
    }

    /// Politeness across workers: two workers over one host with a 250 ms delay fetch its
    /// articles no faster than one a slot between them (each host's next allowed time is kept in
    /// the database), not each worker on its own clock (which would interleave at ~125 ms).
    func testHostDelayHoldsAcrossWorkers() async throws {
        let url = try await database()
        let site = try WorkerTestSite(articles: 12)
        let scratch = try Executables.temporaryFolder("pg-polite")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch, delay: "250ms")
        let a = try await worker(url, "a", scratch), b = try await worker(url, "b", scratch)
        var discovery = schedule
        discovery.limits.maxPages = 0
        _ = try await a.pass(discovery)
        // a takes at most 8 of the 12 pages, whoever leases first, so both workers fetch
        // (without it a's quick refills could lease all 12 before b's first lease).
        var limited = schedule
        limited.limits.maxPages = 8
        let began = Date()
        async let first = a.pass(limited, discover: false)
        async let second = b.pass(schedule, discover: false)
        let (ra, rb) = try await (first, second)
        XCTAssertEqual(ra.0.counters.stored + rb.0.counters.stored, 12)
        XCTAssertGreaterThan(ra.0.counters.stored, 0, "both workers fetched")
        XCTAssertGreaterThan(rb.0.counters.stored, 0, "both workers fetched")
        let times = site.server.requests.filter { $0.path.hasPrefix("/news/") }.map(\.receivedAt).sorted()
        XCTAssertEqual(times.count, 12)
        // A fetch never starts before its slot, and the slots are 250 ms apart from the first
        // lease on, over both workers: so the k-th request to the host comes no earlier than
        // k x 250 ms after the passes began. (A fetch that starts late on a loaded machine
        // narrows the gap to the next, on-time one, so the gaps themselves are not the test.)
        let offsets = times.map { $0.timeIntervalSince(began) }
        for (k, offset) in offsets.enumerated() {
            XCTAssertGreaterThanOrEqual(offset, Double(k) * 0.25 - 0.02, "request \(k) to one host over both workers, seconds after the passes began: \(offsets)")
        }
        for w in [a, b] { await w.folder.close() }
    }

    /// Re-extraction of a worker's own WARC archive into the database: every record unchanged,
    /// nothing new (the records kept where the archive says).
    func testReextractWorkerArchiveIntoDatabase() async throws {
        let url = try await database()
        let site = try WorkerTestSite(articles: 20)
        let scratch = try Executables.temporaryFolder("pg-reextract")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = try makeSchedule(site, folder: scratch)
        let w = try await worker(url, "w", scratch)
        let stored = try await w.pass(schedule).0.counters.stored
        XCTAssertEqual(stored, 20)
        let inputs = try Reextraction.inputs([scratch.appendingPathComponent("w/warc").path])
        XCTAssertFalse(inputs.isEmpty, "the worker archived its fetches")
        let folder = w.folder
        var options = Reextraction.Options()
        options.workers = 2
        let before = await folder.storeGroups
        let summary = try await Reextraction(registry: BuiltinExtractors.registry, options: options)
            .run(inputs, storingGroups: { try await folder.store($0) }, groupSize: 64)
        let after = await folder.storeGroups
        XCTAssertEqual([after.calls - before.calls, after.records - before.records], [1, 20], "20 records, one store call")
        XCTAssertEqual(summary.pages, 20)
        XCTAssertEqual(summary.unchanged, 20)
        XCTAssertEqual(summary.written + summary.revised + summary.failed, 0)
        let stats = try await folder.stats()
        XCTAssertEqual(stats.records, 20)
        XCTAssertEqual(stats.revisions, 0)
        await folder.close()

        // `reextract --json` prints kabar's summary object (ReextractionReport), field for field.
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let r = try await ChildProcess.launch(tool, ["reextract", "--store", url, "--name", "w2", "--quiet", "--json", "--workers", "2",
                                                     scratch.appendingPathComponent("w/warc").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").last)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object.keys.sorted(), ["duplicates", "failed", "file_bytes", "files", "html_bytes", "html_mb_per_s", "new", "pages",
                                              "records", "revised", "revised_fields", "seconds", "skipped", "skipped_why", "unchanged", "warnings", "workers"], String(line))
        XCTAssertEqual(object["unchanged"] as? Int, 20)
        XCTAssertEqual(object["workers"] as? Int, 2)
    }

    /// The store's dedup rules are the embedded store's: unchanged, next revision, exact
    /// duplicate under another URL, near duplicate within 3 bits, short texts exempt.
    func testDedupMatchesTheEmbeddedStore() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-dedup")
        defer { try? FileManager.default.removeItem(at: scratch) }
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
        try await pg.export(RecordExport(allRevisions: true)) { lines.append($0) }
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines.contains { $0.contains(#""revision":2,"#) })
        // `kabar export`'s filters (RecordExport): extractor by id or id/version, site, filing day
        // (today: these records have no dates).
        func exported(_ filter: RecordExport) async throws -> Int {
            var n = 0
            try await pg.export(filter) { _ in n += 1 }
            return n
        }
        let latest = try await exported(RecordExport(extractor: "test"))
        XCTAssertEqual(latest, 4)
        let byVersion = try await exported(RecordExport(extractor: "test/1", allRevisions: true))
        XCTAssertEqual(byVersion, 5)
        let otherVersion = try await exported(RecordExport(extractor: "test/2", allRevisions: true))
        XCTAssertEqual(otherVersion, 0)
        let otherSite = try await exported(RecordExport(site: "other"))
        XCTAssertEqual(otherSite, 0)
        let before2000 = try await exported(RecordExport(until: "2000-01-01"))
        XCTAssertEqual(before2000, 0)
        let since2000 = try await exported(RecordExport(since: "2000-01-01", allRevisions: true))
        XCTAssertEqual(since2000, 5)
        await pg.close()
    }

    /// Stores that arrive together go to the database in groups (one `kabar_store_many` call
    /// and transaction each), and each caller gets the outcome its record would have had
    /// alone: every article stored once, copies exact duplicates, the same text again
    /// unchanged, changed text the next revision, near copies near duplicates; within one group
    /// a second identical text is a duplicate of the first. The run's counts, the queue and the
    /// fetch metadata (NULL and non-NULL ETags in one group) agree.
    func testGroupedStoresDecideEachRecordAsAlone() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-groups")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pg = try await PostgresFolder.open(url, worker: "g", archiveFolder: scratch)
        try await pg.startRun(command: "test")
        func link(_ i: Int) -> String { "https://g.example/news/\(i)" }
        func id(_ u: String) -> String { Hash64.hex(Hash64.of(u)) }
        func text(_ i: Int, _ variant: String = "") -> String { (0..<40).map { "kata\(i)\(variant)x\($0)" }.joined(separator: " ") }
        func simhash(_ i: Int) -> UInt64 { SimHash.of(text(i)) }
        func article(_ u: String, _ text: String, simhash: UInt64? = nil) -> Article {
            Article(id: id(u), url: u, canonicalURL: u, site: "g", extractor: "test/1", text: text,
                    contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(simhash ?? SimHash.of(text)))
        }
        /// Stores all at once (concurrent calls), outcomes in the order given.
        func storeTogether(_ items: [(Article, FrontierCompletion?)]) async throws -> [StoreOutcome] {
            try await withThrowingTaskGroup(of: (Int, StoreOutcome).self) { group in
                for (n, (a, completion)) in items.enumerated() {
                    group.addTask {
                        if let completion { return (n, try await pg.store(a, completion: completion, schedule: "s")) }
                        return (n, try await pg.store(a))
                    }
                }
                var out = [StoreOutcome?](repeating: nil, count: items.count)
                for try await (n, o) in group { out[n] = o }
                return out.map { $0! }
            }
        }

        // 60 new articles, each completing its queue entry (even ones with an ETag, odd ones without).
        let entries = (0..<60).map { FrontierEntry(url: link($0), id: id(link($0)), host: "g.example", priority: Int64($0), modified: nil) }
        try await pg.enqueue(entries, schedule: "s")
        let first = try await storeTogether(entries.enumerated().map { i, e in
            (article(link(i), text(i)), .done(e, status: 200, etag: i % 2 == 0 ? "e\(i)" : nil, lastModified: nil))
        })
        XCTAssertEqual(first, Array(repeating: .written(revision: 1), count: 60))
        let afterFirst = await pg.storeGroups
        XCTAssertEqual(afterFirst.records, 60)
        XCTAssertLessThan(afterFirst.calls, 60, "stores arriving together were grouped")
        let queued = try await pg.queued(schedule: "s")
        XCTAssertEqual(queued, 0, "every stored record's queue entry completed")
        // Each URL's fetch metadata: its record's row or its kabar_seen row, the newer (migration 12).
        let etags = try await pg.database.query("""
            SELECT count(*) FILTER (WHERE etag IS NULL), count(*) FILTER (WHERE etag = 'e' || substr(url, 24))
            FROM (SELECT r.url, \(unescaped: Schema.fetchMetadata("etag")) AS etag FROM kabar_records r LEFT JOIN kabar_seen e ON e.id = r.id) m
            """)
        let (nullTags, ownTags) = try etags[0].decode((Int64, Int64).self)
        XCTAssertEqual([nullTags, ownTags], [30, 30], "each record's own ETag, or none")

        // Together: copies of 0..<10 under new URLs, 10..<20 again, 20..<30 changed, near copies of 30..<35.
        var second: [(Article, FrontierCompletion?)] = []
        var expected: [StoreOutcome] = []
        for i in 0..<10 {
            second.append((article(link(100 + i), text(i)), nil))
            expected.append(.duplicate(of: id(link(i)), kind: .exact, distance: 0))
        }
        for i in 10..<20 { second.append((article(link(i), text(i)), nil)); expected.append(.unchanged) }
        for i in 20..<30 { second.append((article(link(i), text(i, "b")), nil)); expected.append(.written(revision: 2)) }
        for i in 30..<35 {
            second.append((article(link(200 + i), text(i, "n"), simhash: simhash(i) ^ 0b111), nil))
            expected.append(.duplicate(of: id(link(i)), kind: .near, distance: 3))
        }
        let secondOutcomes = try await storeTogether(second)
        XCTAssertEqual(secondOutcomes, expected)

        // One group: an identical text twice (the second a duplicate of the first), a near copy
        // of it, the first again (unchanged), and a short text twice (exempt from dedup).
        let shared = text(900), base = SimHash.of(shared)
        let group = [article(link(300), shared), article(link(301), shared), article(link(302), text(901), simhash: base ^ 0b11),
                     article(link(300), shared), article(link(303), "pendek"), article(link(304), "pendek")]
        let requests = await group.asyncMap { await pg.request($0, schedule: nil, queueURL: nil, status: nil, etag: nil, lastModified: nil) }
        let inGroup = try await pg.storeGroup(requests)
        XCTAssertEqual(inGroup, [.written(revision: 1), .duplicate(of: id(link(300)), kind: .exact, distance: 0),
                                 .duplicate(of: id(link(300)), kind: .near, distance: 2), .unchanged,
                                 .written(revision: 1), .written(revision: 1)])

        let counts = try await pg.runCounts()
        XCTAssertEqual(counts.seen, 60 + 35 + 6)
        XCTAssertEqual(counts.written, 60 + 3)
        XCTAssertEqual(counts.revisions, 10)
        XCTAssertEqual(counts.unchanged, 10 + 1)
        XCTAssertEqual(counts.exactDuplicates, 10 + 1)
        XCTAssertEqual(counts.nearDuplicates, 5 + 1)
        let stats = try await pg.stats()
        XCTAssertEqual(stats.records, 63)
        XCTAssertEqual(stats.revisions, 10)
        XCTAssertEqual(stats.exactDuplicates, 11)
        XCTAssertEqual(stats.nearDuplicates, 6)
        var lines: [String] = []
        try await pg.export { lines.append($0) }
        XCTAssertEqual(lines.count, 63)
        let ids = lines.map { try! JSONDecoder().decode(Article.self, from: Data($0.utf8)).id }
        XCTAssertEqual(Set(ids).count, 63, "every article stored once")
        XCTAssertEqual(lines.filter { $0.contains(#""revision":2,"#) }.count, 10)
        try await pg.finishRun(failed: 0)
        await pg.close()
    }

    /// `kabar-postgres extract` sends saved pages in groups of up to 64 (input order kept) and
    /// ends with what storing them one at a time gives: 150 pages plus exact copies under other
    /// names in the same group and across groups, the same file twice (unchanged), and a
    /// second pass over changed pages (revisions). Compared with the same pages stored one by
    /// one into another database: the same outcome counts and the same records.
    func testGroupedExtractMatchesOneByOne() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let grouped = try await database(), single = try await database()
        let site = try WorkerTestSite(articles: 150)
        site.stop()
        let scratch = try Executables.temporaryFolder("pg-extract")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pages = scratch.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        /// A saved page says its address in `<link rel=canonical>`.
        func write(_ name: String, _ html: String) throws {
            let page = html.replacingOccurrences(of: "<head>", with: "<head><link rel=\"canonical\" href=\"https://saved.example/\(name.dropLast(5))\">")
            try page.write(to: pages.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for i in 0..<150 { try write(String(format: "p%03d.html", i), site.page(i)) }
        // Exact copies: of p001 in its own group (sorted next to it), of p010 and p100 across groups.
        try write("p001b.html", site.page(1))
        try write("p149z.html", site.page(10))
        try write("p050c.html", site.page(100))
        /// The files in the order `extract` takes them: the folder's by path, then p020.html again.
        func files(again: Bool) throws -> [URL] {
            let names = try FileManager.default.contentsOfDirectory(atPath: pages.path).sorted()
            return names.map { pages.appendingPathComponent($0) } + (again ? [pages.appendingPathComponent("p020.html")] : [])
        }
        let first = try files(again: true)
        func runTool(_ paths: [String], store: String) async throws -> Int32 {
            let p = Process()
            p.executableURL = tool
            p.arguments = ["extract", "--store", store] + paths
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            try await runBlocking { p.waitUntilExit() }
            return p.terminationStatus
        }
        let one = try await PostgresFolder.open(single, worker: "one", archiveFolder: scratch)
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        func storeOneByOne(_ files: [URL]) async throws -> StoreCounts {
            try await one.startRun(command: "extract")
            for file in files {
                _ = try await one.store(try pipeline.extract(data: try Data(contentsOf: file), url: nil, source: SourceRef(file: file.relativePath), site: nil))
            }
            let c = try await one.runCounts()
            try await one.finishRun(failed: 0)
            return c
        }
        let paths = [pages.path, pages.appendingPathComponent("p020.html").path]
        let status1 = try await runTool(paths, store: grouped)
        XCTAssertEqual(status1, 0)
        let expected1 = try await storeOneByOne(first)
        XCTAssertEqual(expected1.written, 150)
        XCTAssertEqual(expected1.exactDuplicates, 3)
        XCTAssertEqual(expected1.unchanged, 1, "p020.html twice")

        // Second pass: 40 pages changed (revisions), the rest unchanged.
        for i in 0..<40 { try write(String(format: "p%03d.html", i), site.page(i).replacingOccurrences(of: "</article>", with: "<p>Ralat: \(site.text(i + 500)[0])</p></article>")) }
        let status2 = try await runTool([pages.path], store: grouped)
        XCTAssertEqual(status2, 0)
        let expected2 = try await storeOneByOne(try files(again: false))
        XCTAssertEqual(expected2.revisions, 40)

        let g = try await PostgresFolder.open(grouped, worker: "check", archiveFolder: scratch)
        func runs(_ f: PostgresFolder) async throws -> [[Int]] {
            try await f.stats().runs.reversed().map { r in
                let c = r.counts
                return [c.seen, c.written, c.revisions, c.unchanged, c.exactDuplicates, c.nearDuplicates]
            }
        }
        let groupedRuns = try await runs(g), singleRuns = try await runs(one)
        XCTAssertEqual(groupedRuns, singleRuns, "the same outcomes, pass by pass")
        XCTAssertEqual(groupedRuns.count, 2)
        func records(_ f: PostgresFolder) async throws -> [String] {
            try await f.database.query("SELECT url, kind, revision, coalesce(duplicate_of, 0), content_hash FROM kabar_records ORDER BY url").map {
                let (u, k, r, d, c) = try $0.decode((String, Int16, Int32, Int64, Int64).self)
                return "\(u) \(k) \(r) \(d) \(c)"
            }
        }
        let groupedRecords = try await records(g), singleRecords = try await records(one)
        XCTAssertEqual(groupedRecords.count, 153)
        XCTAssertEqual(groupedRecords, singleRecords, "the same records")
        var groupedLines: [String] = [], singleLines: [String] = []
        try await g.export(RecordExport(allRevisions: true)) { groupedLines.append($0) }
        try await one.export(RecordExport(allRevisions: true)) { singleLines.append($0) }
        XCTAssertEqual(groupedLines.count, 190)
        XCTAssertEqual(groupedLines, singleLines)
        await g.close()
        await one.close()
    }

    /// `PostgresFolder.store(_:)` with many records: groups of up to 64, outcomes in order,
    /// each as alone after the ones before it (a text and its copy 64 records apart, so in
    /// different groups; a URL twice in one group).
    func testStoringManyInOrder() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-many")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pg = try await PostgresFolder.open(url, worker: "m", archiveFolder: scratch)
        func link(_ i: Int) -> String { "https://m.example/\(i)" }
        func text(_ i: Int) -> String { (0..<40).map { "berita\(i)x\($0)" }.joined(separator: " ") }
        func article(_ u: String, _ t: String) -> Article {
            Article(id: Hash64.hex(Hash64.of(u)), url: u, canonicalURL: u, site: "m", extractor: "test/1", text: t,
                    contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(SimHash.of(t)))
        }
        var articles = (0..<100).map { article(link($0), text($0)) }
        articles[70] = article(link(70), text(5))      // group 2: a copy of a group-1 text
        articles[3] = article(link(2), text(2))        // group 1: link 2 again
        let before = await pg.storeGroups
        let outcomes = try await pg.store(articles)
        let after = await pg.storeGroups
        XCTAssertEqual(after.calls - before.calls, 2)
        XCTAssertEqual(outcomes[3], .unchanged)
        XCTAssertEqual(outcomes[70], .duplicate(of: Hash64.hex(Hash64.of(link(5))), kind: .exact, distance: 0))
        XCTAssertEqual(outcomes.filter { $0 == .written(revision: 1) }.count, 98)
        await pg.close()
    }

    /// A group whose transaction committed but whose reply was lost: the caller finds the
    /// group's own outcomes in its run's row (by the call's token) instead of storing the
    /// records again one at a time, so the outcomes are those of the commit and the run counts
    /// each record once.
    func testLostReplyAfterCommitKeepsTheGroupsOutcomes() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-lost")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pg = try await PostgresFolder.open(url, worker: "l", archiveFolder: scratch)
        try await pg.startRun(command: "test")
        func article(_ u: String, _ t: String) -> Article {
            Article(id: Hash64.hex(Hash64.of(u)), url: u, canonicalURL: u, site: "l", extractor: "test/1", text: t,
                    contentHash: Hash64.hex(Hash64.of(t)), simhash: Hash64.hex(SimHash.of(t)))
        }
        let a = (0..<40).map { "hilang\($0)" }.joined(separator: " "), b = (0..<40).map { "balasan\($0)" }.joined(separator: " ")
        let group = [article("https://l.example/1", a), article("https://l.example/2", a), article("https://l.example/3", b),
                     article("https://l.example/1", a)]
        await pg.setLoseNextReply()
        let before = await pg.storeGroups
        let outcomes = try await pg.store(group)
        let after = await pg.storeGroups
        XCTAssertEqual(after.calls - before.calls, 1, "no one-by-one retry")
        XCTAssertEqual(outcomes, [.written(revision: 1), .duplicate(of: Hash64.hex(Hash64.of("https://l.example/1")), kind: .exact, distance: 0),
                                  .written(revision: 1), .unchanged])
        let counts = try await pg.runCounts()
        XCTAssertEqual([counts.seen, counts.written, counts.exactDuplicates, counts.unchanged], [4, 2, 1, 1], "each record counted once")
        // The same through group commit (concurrent single stores).
        await pg.setLoseNextReply()
        let single = try await pg.store(article("https://l.example/4", (0..<40).map { "lagi\($0)" }.joined(separator: " ")))
        XCTAssertEqual(single, .written(revision: 1))
        let counts2 = try await pg.runCounts()
        XCTAssertEqual([counts2.seen, counts2.written], [5, 3])
        try await pg.finishRun(failed: 0)
        await pg.close()
    }

    /// `kabar-postgres stats` shows the failure report `kabar stats` shows: counts by schedule,
    /// outcome and kind, the most recent with why; a URL fetched since (completed, or stored)
    /// leaves it.
    func testStatsShowFailedURLs() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-failures")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pg = try await PostgresFolder.open(url, worker: "f", archiveFolder: scratch)
        try await pg.recordFailure(PageFailure(url: "https://f.example/a", outcome: .retry, kind: "timeout", reason: "timed out after 30 s"), schedule: "s1")
        try await pg.recordFailure(PageFailure(url: "https://f.example/a", outcome: .retry, kind: "timeout", reason: "timed out after 30 s"), schedule: "s1")
        try await pg.recordFailure(PageFailure(url: "https://f.example/b", outcome: .retry, kind: "timeout", reason: "timed out"), schedule: "s1")
        try await pg.recordFailure(PageFailure(url: "https://f.example/c", outcome: .skipped, kind: "http-404", reason: "HTTP 404"), schedule: "s2")
        try await pg.recordFailure(PageFailure(url: "https://f.example/d", outcome: .skipped, kind: "http-404", reason: "HTTP 404"), schedule: "s2")
        try await pg.recordFailure(PageFailure(url: "https://f.example/e", outcome: .skipped, kind: "http-404", reason: "HTTP 404"), schedule: "s2")
        try await pg.database.query("UPDATE kabar_failures SET failed_at = 1000 + ascii(right(url, 1))")
        // d fetched since (a completion), e stored since (a record with its queue entry).
        func entry(_ u: String) -> FrontierEntry { FrontierEntry(url: u, id: Hash64.hex(Hash64.of(u)), host: "f.example", priority: 0, modified: nil) }
        try await pg.complete(.done(entry("https://f.example/d"), status: 304, etag: nil, lastModified: nil), schedule: "s2")
        let text = (0..<40).map { "gagal\($0)" }.joined(separator: " ")
        let e = "https://f.example/e"
        _ = try await pg.store(Article(id: Hash64.hex(Hash64.of(e)), url: e, canonicalURL: e, site: "f", extractor: "test/1", text: text,
                                       contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text))),
                               completion: .done(entry(e), status: 200, etag: nil, lastModified: nil), schedule: "s2")
        let report = try await pg.failureReport()
        XCTAssertEqual(report.counts, [.init(schedule: "s1", outcome: "retry", kind: "timeout", urls: 2),
                                       .init(schedule: "s2", outcome: "skipped", kind: "http-404", urls: 1)])
        XCTAssertEqual(report.recent, [.init(schedule: "s2", url: "https://f.example/c", outcome: "skipped", kind: "http-404", reason: "HTTP 404", times: 1),
                                       .init(schedule: "s1", url: "https://f.example/b", outcome: "retry", kind: "timeout", reason: "timed out", times: 1),
                                       .init(schedule: "s1", url: "https://f.example/a", outcome: "retry", kind: "timeout", reason: "timed out after 30 s", times: 2)])
        await pg.close()

        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        func stats(_ extra: [String]) async throws -> String {
            let p = Process(), out = Pipe()
            p.executableURL = tool
            p.arguments = ["stats", "--store", url] + extra
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = try await runBlocking { out.fileHandleForReading.readDataToEndOfFile() }
            try await runBlocking { p.waitUntilExit() }
            XCTAssertEqual(p.terminationStatus, 0)
            return String(decoding: data, as: UTF8.self)
        }
        let textOut = try await stats([])
        XCTAssertTrue(textOut.contains(report.text), textOut)
        XCTAssertTrue(textOut.contains("failed URLs on record (not fetched since): 3"), textOut)
        XCTAssertTrue(textOut.contains("  retry timeout: timed out after 30 s (https://f.example/a), 2 times"), textOut)
        let json = try await stats(["--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let failures = object?["failures"] as? [String: Any]
        XCTAssertEqual((failures?["counts"] as? [[String: Any]])?.count, 2, json)
        XCTAssertEqual((failures?["recent"] as? [[String: Any]])?.first?["url"] as? String, "https://f.example/c", json)
        XCTAssertEqual(object?["records"] as? Int, 1, json)
    }

    /// `kabar-postgres` reads the declarative plugins as `kabar` does (`--plugins`, else
    /// `$KABAR_PLUGINS`, else ./Plugins): a site with a YAML plugin gets that plugin, not the
    /// generic extractor. The plugin and page are DeclarativeTests' constructed kabarpagi ones.
    func testDeclarativePluginsAreLoaded() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let plugins = Corpus.packageRoot.appendingPathComponent("Tests/DeclarativeTests/Plugins")
        let page = plugins.appendingPathComponent("kabarpagi/Fixtures/constructed-2019-gempa-old-design.html").path
        let address = "https://kabarpagi.example/read/2019/08/02/778/gempa-guncang-sukabumi"
        for how in ["option", "environment"] {
            let url = try await database()
            let p = Process(), err = Pipe()
            p.executableURL = tool
            p.arguments = ["extract", "--store", url, "--url", address, page] + (how == "option" ? ["--plugins", plugins.path] : [])
            if how == "environment" { p.environment = ProcessInfo.processInfo.environment.merging(["KABAR_PLUGINS": plugins.path]) { $1 } }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            try p.run()
            let stderr = try await runBlocking { String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            try await runBlocking { p.waitUntilExit() }
            XCTAssertEqual(p.terminationStatus, 0, "\(how): \(stderr)")
            let pg = try await PostgresFolder.open(url, worker: "check", archiveFolder: FileManager.default.temporaryDirectory)
            var lines: [String] = []
            try await pg.export { lines.append($0) }
            await pg.close()
            XCTAssertEqual(lines.count, 1, how)
            let record = try lines.first.map { try JSONDecoder().decode(Article.self, from: Data($0.utf8)) }
            XCTAssertEqual(record?.site, "kabarpagi", how)
            XCTAssertEqual(record?.headline, "Gempa Guncang Sukabumi", how)
        }
    }

    /// kabar-postgres links no test code (KabarTesting: FaultServer, the test gzip encoder);
    /// its bench's site is KabarSampleSites'.
    func testTheShippingBinaryLinksNoTestCode() throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let binary = try Data(contentsOf: tool, options: .alwaysMapped)
        for name in ["KabarTesting", "11FaultServer", "8TestGzip"] {
            XCTAssertNil(binary.range(of: Data(name.utf8)), "\(tool.path) holds \(name)")
        }
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
            _ = try await PostgresFolder.open("postgres://kabar:secret@127.0.0.1:\(port)/kabar", worker: "t", archiveFolder: URL(fileURLWithPath: "/tmp"),
                                              connectTimeout: 2)
            XCTFail("connected to nothing")
        } catch {
            XCTAssertTrue("\(error)".contains("cannot connect to postgres://kabar:***@127.0.0.1:\(port)/kabar"), "\(error)")
            XCTAssertFalse("\(error)".contains("secret"))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
