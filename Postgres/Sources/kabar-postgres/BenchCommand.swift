import ArgumentParser
import Foundation
import KabarPostgres
import KabarPlugins
import KabarRun
import KabarSampleSites

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks.", subcommands: [BenchWorkersCommand.self])
}

/// `kabar-postgres bench workers`: 1, 2 and 4 worker processes over one generated local site.
struct BenchWorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "Throughput of 1, 2 and 4 worker processes sharing one database, against a generated site on 127.0.0.1.",
        discussion: """
        Starts a PostgreSQL server of its own in a temporary folder (Debian's postgresql \
        binaries), with a fresh database per round (createdb). Per round: one discovery pass queues every article, then N `kabar-postgres run \
        --no-discovery` processes work off the queue together. Reports pages/s, the ratio to \
        one worker, database round trips per stored record, and the CPU time per stored record \
        of the workers, of the PostgreSQL server (all its processes) and of this process (the site).
        """
    )

    @Option(help: "Articles on the generated site.")
    var pages: Int = 1500

    @Option(help: "Worker counts, comma-separated.")
    var workers: String = "1,2,4"

    @Option(help: "Fetch concurrency of each worker.")
    var concurrency: Int = 8

    @Option(help: "Runs of each worker count; the fastest is reported (the machine may be busy with other work).")
    var repeats: Int = 2

    @Flag(help: "One JSON object per round.")
    var json = false

    // Long: a benchmark script: set up, time each phase, print the figures, in the order they are
    // printed.
    func run() async throws {
        let counts = workers.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        guard !counts.isEmpty else { throw ValidationError("--workers: give counts such as 1,2,4") }
        let server: LocalPostgres
        do { server = try LocalPostgres(port: Self.freePort()) } catch {
            FileHandle.standardError.write(Data("kabar-postgres bench workers: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { server.stop() }
        let site = try WorkerTestSite(articles: pages)
        defer { site.stop() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-bench-workers-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let scheduleFile = scratch.appendingPathComponent("generated.yaml")
        try site.scheduleYAML(concurrency: concurrency).write(to: scheduleFile, atomically: true, encoding: .utf8)
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("bench workers: \(pages) generated articles on 127.0.0.1, PostgreSQL on 127.0.0.1:\(server.port), \(cores) cores, concurrency \(concurrency) per worker")
        var base: Double?
        var round = 0
        for n in counts {
          var best: Round?
          for _ in 0..<max(1, repeats) {
            round += 1
            let url = try server.createDatabase("bench\(round)")
            // Discovery alone (max_pages 0): the queue is full before the clock starts.
            let folder = try await PostgresFolder.open(url, worker: "discovery", archiveFolder: scratch.appendingPathComponent("d\(round)"))
            var schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).load(file: scheduleFile)
            schedule.limits.maxPages = 0
            var loop = KabarRun.RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder,
                               progress: RunProgress(name: "bench", mode: .silent, logger: .init(label: "bench")))
            loop.archive = false
            _ = try await loop.run()
            let queued = try await folder.queued(schedule: schedule.name)

            let warcPrefix = "r\(round)"
            let cpuBefore = Self.machineCPU(), childBefore = Self.childrenCPUSeconds()
            let serverBefore = server.cpuSeconds(), selfBefore = Self.ownCPUSeconds()
            let start = Date()
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for w in 0..<n {
                    group.addTask {
                        try await Self.launch(me, ["run", scheduleFile.path, "--store", url, "--name", "w\(w)", "--no-discovery", "--json", "--quiet",
                                                   "--warc", scratch.appendingPathComponent("\(warcPrefix)-w\(w)").path])
                    }
                }
                var out: [String] = []
                for try await r in group { out.append(r) }
                return out
            }
            let seconds = Date().timeIntervalSince(start)
            let cpuAfter = Self.machineCPU()
            let busyCores = cpuAfter.total > cpuBefore.total
                ? Double(cores) * (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total) : 0
            let workerCPU = Self.childrenCPUSeconds() - childBefore
            let siteCPU = Self.ownCPUSeconds() - selfBefore
            let stats = try await folder.stats()
            let byWorker = try await folder.recordsByWorker()
            await folder.close()
            // The workers' backends end with their connections; the postmaster then adds their
            // time to its children's.
            try await Task.sleep(nanoseconds: 500_000_000)
            let serverCPU = server.cpuSeconds() - serverBefore
            let trips = results.compactMap { Self.number("round_trips", in: $0) }.reduce(0, +)
            let storeCalls = results.compactMap { Self.number("store_calls", in: $0) }.reduce(0, +)
            let storeCallRecords = results.compactMap { Self.number("store_call_records", in: $0) }.reduce(0, +)
            let r = Round(workers: n, queued: queued, stored: stats.records, seconds: seconds, trips: trips, busyCores: busyCores,
                          workerCPU: workerCPU, serverCPU: serverCPU, siteCPU: siteCPU,
                          recordsPerStoreCall: storeCalls > 0 ? Double(storeCallRecords) / Double(storeCalls) : 0, split: byWorker.keys.sorted().map { "\($0): \(byWorker[$0]!)" }.joined(separator: ", "))
            if best == nil || r.rate > best!.rate { best = r }
          }
          guard let r = best else { continue }
          if base == nil { base = r.rate }
          let ratio = r.rate / (base ?? r.rate)
          let perRecord = r.stored > 0 ? Double(r.trips) / Double(r.stored) : 0
          let cpuPerPage = r.stored > 0 ? r.workerCPU / Double(r.stored) * 1000 : 0
          let serverPerRecord = r.stored > 0 ? r.serverCPU / Double(r.stored) * 1000 : 0
          let sitePerPage = r.stored > 0 ? r.siteCPU / Double(r.stored) * 1000 : 0
          if json {
              print(#"{"workers":\#(n),"queued":\#(r.queued),"stored":\#(r.stored),"seconds":\#(String(format: "%.2f", r.seconds)),"pages_per_second":\#(String(format: "%.1f", r.rate)),"ratio":\#(String(format: "%.2f", ratio)),"goal":\#(String(format: "%.1f", 0.8 * Double(min(n, cores)))),"round_trips_per_record":\#(String(format: "%.2f", perRecord)),"records_per_store_call":\#(String(format: "%.2f", r.recordsPerStoreCall)),"busy_cores":\#(String(format: "%.2f", r.busyCores)),"worker_cpu_ms_per_page":\#(String(format: "%.2f", cpuPerPage)),"postgres_cpu_ms_per_record":\#(String(format: "%.2f", serverPerRecord)),"site_cpu_ms_per_page":\#(String(format: "%.2f", sitePerPage))}"#)
          } else {
              print(String(format: "%d worker(s): %d queued, %d stored in %.2f s: %.1f pages/s, %.2fx one worker (goal %.1fx); %.2f round trips per stored record (%.1f records per store call); machine %.2f of %d cores busy; CPU per stored record: workers %.2f ms, PostgreSQL %.2f ms, site and bench %.2f ms; per worker: %@",
                           n, r.queued, r.stored, r.seconds, r.rate, ratio, 0.8 * Double(min(n, cores)), perRecord, r.recordsPerStoreCall, r.busyCores, cores, cpuPerPage,
                           serverPerRecord, sitePerPage, r.split))
          }
        }
    }

    struct Round {
        let workers: Int, queued: Int, stored: Int
        let seconds: Double
        let trips: Int
        let busyCores: Double
        let workerCPU: Double
        /// CPU seconds of the whole PostgreSQL server (every backend, WAL writer, autovacuum) over the round.
        let serverCPU: Double
        /// CPU seconds of this process (the generated site, mostly) over the round.
        let siteCPU: Double
        /// Records per `kabar_store_many` call (how well the stores grouped).
        let recordsPerStoreCall: Double
        let split: String
        var rate: Double { seconds > 0 ? Double(stored) / seconds : 0 }
    }

    /// The machine's busy and total CPU time so far (/proc/stat, in clock ticks; zeros elsewhere).
    static func machineCPU() -> (busy: Double, total: Double) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return (0, 0) }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard v.count >= 5 else { return (0, 0) }
        let total = v.prefix(8).reduce(0, +)
        return (total - v[3] - v[4], total)
    }

    /// CPU seconds (user + system) of the child processes waited for so far.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CPU seconds (user + system) of this process so far.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func number(_ key: String, in json: String) -> Int? {
        guard let r = json.range(of: "\"\(key)\":") else { return nil }
        return Int(json[r.upperBound...].prefix(while: { $0.isNumber }))
    }

    /// Runs a worker process to its end (waited for on a thread of its own: a blocking wait on
    /// the cooperative pool, two threads on two cores, would let only two workers run at a time).
    static func launch(_ executable: URL, _ arguments: [String]) async throws -> String {
        let r = try await ChildProcess.launch(executable, arguments)
        guard r.status == 0 else {
            throw ValidationError("worker \(arguments.joined(separator: " ")) exited \(r.status): \(r.stderr.suffix(800))")
        }
        return r.stdout
    }

    static func freePort() -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 20000..<60000)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
            close(fd)
            if ok { return port }
        }
        return 54329
    }
}
