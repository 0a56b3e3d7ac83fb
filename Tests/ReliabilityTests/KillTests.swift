import CSQLite
import Foundation
import KabarArchive
import KabarCore
import KabarStore
import KabarTesting
import Testing

/// Kills whole `kabar run`s: a generated site that grows while it is crawled (it lists 60
/// distinct articles at first and 10 more before each run, like a news site between scheduled
/// runs, and 150 more before every tenth) is crawled by `kabar run` as a child process,
/// SIGKILLed at a random moment (seeded: KABAR_KILL_SEED repeats the random draws; the delays
/// also scale with how long runs take on the machine), started again, until `kills`
/// (KABAR_KILLS, default 100) runs were killed, then run once to the end. Afterwards every article the site lists must be in the store
/// exactly once, every JSONL line must parse, every WARC record must read (a record's `source`
/// must point at its response), no WARC file may be left unfinished, and the frontier must
/// hold nothing.
@Suite struct KillTests {
    static let first = 60
    static let growth = 10

    @Test(.timeLimit(.minutes(8)))
    func killedRunsLoseNothingAndStoreNothingTwice() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let seed = UInt64(environment["KABAR_KILL_SEED"] ?? "") ?? 20_260_511
        let kills = Int(environment["KABAR_KILLS"] ?? "") ?? 100
        let site = try GeneratedNewsSite(count: Self.first + (Self.growth + 15) * kills * 3, perSitemap: 100)
        site.listed = Self.first
        defer { site.stop() }
        let work = try Executables.temporaryFolder("kill")
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data")
        let schedule = work.appendingPathComponent("generated.yaml")
        try site.scheduleYAML(concurrency: 4).write(to: schedule, atomically: true, encoding: .utf8)
        let arguments = ["run", schedule.path, "--data", data.path, "--quiet", "--json"]
        let context = "seed \(seed) (KABAR_KILL_SEED=\(seed) repeats this run)"
        print("kill test: \(context), \(kills) kills")

        // Kills are drawn from [0, 1.2 × D], D being how long a run takes here now: first an
        // uninterrupted run of the first articles, then the last run that ended by itself, and
        // 10 % more after each kill (a killed run leaves its work to the next). So kills land
        // in startup, recovery, discovery, fetching, storing, commits, archiving and closing,
        // and now and then a run ends before its kill (and commits all it did).
        let reference = work.appendingPathComponent("reference")
        let clock = Date()
        let calibration = try await Executables.launch(kabar, ["run", schedule.path, "--data", reference.path, "--quiet", "--json"])
        var span = Date().timeIntervalSince(clock)
        #expect(calibration.status == 0, "an uninterrupted run failed: \(calibration.stderr)")
        #expect(try FileStore.stats(at: reference).records == Self.first, "an uninterrupted run: \(calibration.stdout)")
        print(String(format: "kill test: an uninterrupted run of %d articles takes %.2f s", Self.first, span))

        var random = SeededRandom(seed: seed)
        var killed = 0, finished = 0, checks = 0, torn = 0
        var storedBeforeLast = 0
        var delays: [Double] = []
        let deadline = Date().addingTimeInterval(6 * 60)
        while killed < kills && Date() < deadline {
            // Every tenth run a burst of 150 articles: a run long enough to commit midway
            // (the data folder commits every second) before it is killed.
            site.listed += (killed + finished) % 10 == 9 ? 150 : Self.growth
            let delay = useconds_t(Double(random.next() % 1_000_000) * 1.2 * min(span, 5))
            let round = try await runBlocking { () -> KillRound in
                let process = Process()
                process.executableURL = kabar
                process.arguments = arguments
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                let started = Date()
                try process.run()
                usleep(delay)
                var wasKilled = false
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    wasKilled = true
                }
                process.waitUntilExit()
                return KillRound(killed: wasKilled, status: process.terminationStatus, reason: process.terminationReason == .exit,
                                 seconds: Date().timeIntervalSince(started))
            }
            if round.killed {
                killed += 1
                delays.append(Double(delay) / 1e6)
                span *= 1.1
                torn += Self.tornFiles(data.appendingPathComponent("warc"))
            } else {
                finished += 1
                span = max(round.seconds, 0.05)
                #expect(round.reason && round.status == 0, "a run that was not killed exited with \(round.status); \(context)")
            }
            // Every tenth kill: the store opens (repairing) and verifies, and every finished
            // WARC file reads, before the next run touches them.
            if round.killed && killed % 10 == 0 {
                try FileStore(at: data).close()
                let v = try FileStore.verify(at: data)
                #expect(v.problems.isEmpty, "after kill \(killed): \(v); \(context)")
                let warc = try Self.readArchive(data.appendingPathComponent("warc"), includeOpen: false)
                #expect(warc.problems.isEmpty, "after kill \(killed): \(warc.problems.prefix(5)); \(context)")
                checks += 1
            }
        }
        #expect(killed >= kills, "only \(killed) kills before the time limit; \(context)")
        storedBeforeLast = (try? FileStore.stats(at: data).records) ?? 0

        // One run to the end.
        let last = try await Executables.launch(kabar, arguments)
        #expect(last.status == 0, "the last run failed: \(last.stderr); \(context)")
        let summary = try JSONSerialization.jsonObject(with: Data(last.stdout.utf8)) as? [String: Any]
        #expect(summary?["left"] as? Int == 0, "the last run left work queued: \(last.stdout); \(context)")

        // The store: `kabar stats --verify`, and the files read directly.
        let stats = try await Executables.launch(kabar, ["stats", "--data", data.path, "--verify", "--json"])
        #expect(stats.status == 0, "kabar stats --verify: \(stats.stdout) \(stats.stderr); \(context)")
        let v = try FileStore.verify(at: data)
        #expect(v.problems.isEmpty, "\(v); \(context)")
        let counts = try FileStore.stats(at: data)
        let articles = site.listed
        #expect(counts.records == articles && counts.exactDuplicates == 0 && counts.nearDuplicates == 0,
                "index: \(counts.records) records, \(counts.exactDuplicates) + \(counts.nearDuplicates) duplicates; \(context)")

        let lines = try Self.readRecords(data.appendingPathComponent("records"))
        #expect(lines.problems.isEmpty, "\(lines.problems.prefix(5)); \(context)")
        var byURL: [String: Int] = [:]
        for a in lines.articles { byURL[a.url, default: 0] += 1 }
        let expected = Set(site.urls.prefix(articles))
        let twice = byURL.filter { $0.value > 1 }.keys.sorted()
        let missing = expected.subtracting(byURL.keys).sorted()
        let unknown = Set(byURL.keys).subtracting(expected).sorted()
        #expect(twice.isEmpty, "stored more than once: \(twice.prefix(5)); \(context)")
        #expect(missing.isEmpty, "\(missing.count) articles missing, e.g. \(missing.prefix(3)); \(context)")
        #expect(unknown.isEmpty, "records of URLs the site does not have: \(unknown.prefix(3)); \(context)")
        #expect(lines.articles.allSatisfy { $0.revision == 1 }, "a revision above 1: the same page changed? \(context)")

        // The archive: every record of every file reads; no file is left unfinished; each
        // record's source is its response.
        let warc = try Self.readArchive(data.appendingPathComponent("warc"), includeOpen: true)
        #expect(warc.problems.isEmpty, "\(warc.problems.prefix(5)); \(context)")
        #expect(warc.unfinished.isEmpty, "files left unfinished after a complete run: \(warc.unfinished); \(context)")
        var sourcesChecked = 0
        for a in lines.articles {
            guard let source = a.source, let offset = source.offset else {
                Issue.record("\(a.url): no WARC source; \(context)")
                continue
            }
            do {
                let record = try WARCReader.record(path: data.appendingPathComponent(source.file).path, offset: offset)
                #expect(record.type == "response" && record.targetURI == a.url, "\(a.url): source \(source.file)@\(offset) is \(record.type) of \(record.targetURI ?? "-"); \(context)")
                sourcesChecked += 1
            } catch {
                Issue.record("\(a.url): source \(source.file)@\(offset) does not read: \(error); \(context)")
            }
        }

        // The frontier: nothing queued, the schedule's last run ended well.
        let frontier = try Self.frontierState(data.appendingPathComponent("frontier.sqlite"))
        #expect(frontier.queued == 0, "\(frontier.queued) entries still queued; \(context)")
        #expect(frontier.status == "ok", "the schedule's last run is '\(frontier.status)'; \(context)")
        // The kills must have hit runs that were storing, not only starting up.
        #expect(storedBeforeLast > 0, "no killed run stored anything: the kills came too early to test much; \(context)")

        let sorted = delays.sorted()
        print(String(format: "kill test: kill delays %.2f-%.2f s (median %.2f s)", sorted.first ?? 0, sorted.last ?? 0, sorted.isEmpty ? 0 : sorted[sorted.count / 2]))
        print("kill test: \(killed) kills, \(finished) runs finished before their kill, \(checks) checks between kills; "
              + "\(storedBeforeLast) of \(articles) articles stored before the last run; final store \(v.lines) lines, "
              + "archive \(warc.files) files, \(warc.records) records; \(torn) files left with a torn last record by a kill, "
              + "\(warc.recovered) files cut back; \(sourcesChecked) sources checked")
    }

    struct KillRound: Sendable {
        let killed: Bool
        let status: Int32
        let reason: Bool
        let seconds: Double
    }

    /// Unfinished WARC files (`.open`) that do not read to their end: a kill tore their last record.
    static func tornFiles(_ folder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var torn = 0
        for name in names where name.hasSuffix(WARCWriter.openSuffix) {
            do {
                let reader = try WARCReader(path: folder.appendingPathComponent(name).path)
                while try reader.next() != nil {}
            } catch {
                torn += 1
            }
        }
        return torn
    }

    /// Every JSONL line of the store, parsed.
    static func readRecords(_ records: URL) throws -> (articles: [Article], problems: [String]) {
        var articles: [Article] = []
        var problems: [String] = []
        for site in try FileManager.default.contentsOfDirectory(atPath: records.path) {
            let folder = records.appendingPathComponent(site)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                if !bytes.isEmpty && bytes.last != 0x0A { problems.append("\(site)/\(name): torn last line") }
                for (i, line) in bytes.split(separator: 0x0A).enumerated() {
                    do { articles.append(try JSONDecoder().decode(Article.self, from: Data(line))) } catch {
                        problems.append("\(site)/\(name) line \(i + 1): \(error)")
                    }
                }
            }
        }
        return (articles, problems)
    }

    struct ArchiveCheck {
        var files = 0
        var records = 0
        var recovered = 0
        var unfinished: [String] = []
        var problems: [String] = []
    }

    /// Reads every record of every finished WARC file (and counts `.open` ones).
    static func readArchive(_ folder: URL, includeOpen: Bool) throws -> ArchiveCheck {
        var check = ArchiveCheck()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() {
            if name.hasSuffix(WARCWriter.openSuffix) {
                if includeOpen { check.unfinished.append(name) }
                continue
            }
            check.files += 1
            do {
                let reader = try WARCReader(path: folder.appendingPathComponent(name).path)
                var types: [String] = []
                while let r = try reader.next() {
                    types.append(r.type)
                    if r.type == "response" { _ = try r.http().decodedBody() }
                }
                check.records += types.count
                if types.first != "warcinfo" { check.problems.append("\(name): does not start with warcinfo") }
                // A file cut back after a kill may end without its last fetch's metadata record.
                if types.last != "metadata" && types.count > 1 { check.recovered += 1 }
            } catch {
                check.problems.append("\(name): \(error)")
            }
        }
        return check
    }

    static func frontierState(_ path: URL) throws -> (queued: Int, status: String) {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path.path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            sqlite3_close(db)
            throw CocoaError(.fileReadUnknown)
        }
        defer { sqlite3_close(db) }
        func scalar(_ sql: String) -> String? {
            var stmt: OpaquePointer?
            defer { sqlite3_finalize(stmt) }
            guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, sqlite3_step(stmt) == SQLITE_ROW,
                  let text = sqlite3_column_text(stmt, 0) else { return nil }
            return String(cString: text)
        }
        return (Int(scalar("SELECT count(*) FROM queue") ?? "-1") ?? -1, scalar("SELECT status FROM schedule_runs") ?? "none")
    }
}
