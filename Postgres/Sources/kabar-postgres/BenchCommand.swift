import ArgumentParser
import Foundation
import KabarPostgres
import KabarPlugins
import KabarRun
import KabarSampleSites

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks.", subcommands: [BenchWorkersCommand.self, BenchStoreCommand.self])
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
        N x one worker (E), database round trips per stored record, and the CPU time per stored record \
        of the workers, of the PostgreSQL server (all its processes) and of this process (the site); \
        the last line: efficiency: 2 workers E2, 4 workers E4. With --cpu-per-worker F each worker \
        process runs in a CPU cgroup of its own limited to F cores (cgroup v1 cpu.cfs_quota_us or \
        v2 cpu.max; root), as if each had a small machine of its own; PostgreSQL and the site are \
        not capped. With --db-delay-ms D every count is also run with D ms added each way on the \
        workers' database connections (a proxy in this process: the latency of a database on \
        another machine). See docs/POSTGRES.md.
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

    @Option(name: .customLong("cpu-per-worker"), help: ArgumentHelp(
        "Cores each worker process may use (e.g. 0.25): each worker in a CPU cgroup of its own (needs root).",
        discussion: "PostgreSQL and the site (this process) stay outside the cgroups, as on their own machines."))
    var cpuPerWorker: Double?

    @Option(name: .customLong("db-delay-ms"), help: "Also run every worker count with this many milliseconds added each way on the database connections (a proxy in this process).")
    var dbDelayMs: Double?

    @OptionGroup var coalesce: CoalesceOptions

    @Flag(help: "One JSON object per round.")
    var json = false

    // Long: a benchmark script: set up, time each phase, print the figures, in the order they are
    // printed.
    func run() async throws {
        let counts = workers.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        guard !counts.isEmpty else { throw ValidationError("--workers: give counts such as 1,2,4") }
        if let f = cpuPerWorker {
            // Fail before anything starts when no cgroup can be made.
            do { try CPUCgroup(name: "kabar-bench-probe-\(getpid())", cores: f).remove() } catch {
                FileHandle.standardError.write(Data("kabar-postgres bench workers: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if let d = dbDelayMs, d < 0 { throw ValidationError("--db-delay-ms must be 0 or more") }
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
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let cap = cpuPerWorker.map { String(format: ", each worker capped at %.2f cores (its own CPU cgroup; PostgreSQL and the site uncapped)", $0) } ?? ""
        print("bench workers: \(pages) generated articles on 127.0.0.1, PostgreSQL on 127.0.0.1:\(server.port), \(cores) cores, concurrency \(concurrency) per worker\(cap)\(coalesce.arguments.isEmpty ? "" : ", workers run with " + coalesce.arguments.joined(separator: " "))")
        var bench = Bench(server: server, scratch: scratch, scheduleFile: scheduleFile, cpuPerWorker: cpuPerWorker, repeats: max(1, repeats))
        bench.workerOptions = coalesce.arguments
        if let d = dbDelayMs, d > 0 {
            let proxy = try DelayProxy(target: server.port, delay: d / 1000)
            defer { proxy.stop() }
            try await series(&bench, counts, proxyPort: proxy.port, label: String(format: " with %g ms added each way on the database connections", d))
        }
        try await series(&bench, counts, proxyPort: nil, label: "")
    }

    /// Each worker count (the fastest of `repeats` rounds), a table row each, then the efficiency line.
    func series(_ bench: inout Bench, _ counts: [Int], proxyPort: Int?, label: String) async throws {
        if !json {
            print("")
            print("workers\(label):")
            print(" N   stored  seconds   pages/s  vs 1 worker  round trips/record  records/store call  PostgreSQL CPU ms/record  worker CPU ms/page  throttled  machine busy cores")
        }
        var base: Double?
        var efficiency: [(Int, Double)] = []
        for n in counts {
            var best: Round?
            for _ in 0..<bench.repeats {
                let r = try await bench.round(workers: n, proxyPort: proxyPort)
                if best == nil || r.rate > best!.rate { best = r }
            }
            guard let r = best else { continue }
            if base == nil { base = r.rate / Double(n) }
            let ratio = r.rate / (base ?? r.rate)
            let e = ratio / Double(n)
            if n > 1 { efficiency.append((n, e)) }
            let perRecord = r.stored > 0 ? Double(r.trips) / Double(r.stored) : 0
            let cpuPerPage = r.stored > 0 ? r.workerCPU / Double(r.stored) * 1000 : 0
            let serverPerRecord = r.stored > 0 ? r.serverCPU / Double(r.stored) * 1000 : 0
            let sitePerPage = r.stored > 0 ? r.siteCPU / Double(r.stored) * 1000 : 0
            if json {
                print(#"{"workers":\#(n),"db_delay_ms":\#(dbDelayMs.map { proxyPort == nil ? 0 : $0 } ?? 0),"cpu_per_worker":\#(cpuPerWorker ?? 0),"queued":\#(r.queued),"stored":\#(r.stored),"seconds":\#(String(format: "%.2f", r.seconds)),"pages_per_second":\#(String(format: "%.1f", r.rate)),"ratio":\#(String(format: "%.2f", ratio)),"efficiency":\#(String(format: "%.2f", e)),"round_trips_per_record":\#(String(format: "%.2f", perRecord)),"records_per_store_call":\#(String(format: "%.2f", r.recordsPerStoreCall)),"busy_cores":\#(String(format: "%.2f", r.busyCores)),"worker_cpu_ms_per_page":\#(String(format: "%.2f", cpuPerPage)),"postgres_cpu_ms_per_record":\#(String(format: "%.3f", serverPerRecord)),"site_cpu_ms_per_page":\#(String(format: "%.2f", sitePerPage)),"throttled_seconds":\#(String(format: "%.1f", r.throttledSeconds)),"stored_once":\#(r.storedOnce)}"#)
            } else {
                print(String(format: "%2d  %7d  %7.2f  %8.1f  %5.2fx (E %.2f)  %18.2f  %18.1f  %24.3f  %18.2f  %7.1f s  %6.2f of %d",
                             n, r.stored, r.seconds, r.rate, ratio, e, perRecord, r.recordsPerStoreCall, serverPerRecord, cpuPerPage,
                             r.throttledSeconds, r.busyCores, bench.cores))
                print("    per worker: \(r.split); site and bench CPU \(String(format: "%.2f", sitePerPage)) ms/page; every article stored once: \(r.storedOnce ? "yes" : "NO")")
            }
        }
        let line = "efficiency\(label): " + efficiency.map { String(format: "%d workers %.2f", $0.0, $0.1) }.joined(separator: ", ")
        if json { print(#"{"efficiency":"\#(line)"}"#) } else { print(line) }
    }

    /// What one round needs, and the database counter.
    struct Bench {
        let server: LocalPostgres
        let scratch: URL
        let scheduleFile: URL
        let cpuPerWorker: Double?
        let repeats: Int
        /// More options for each worker process.
        var workerOptions: [String] = []
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var number = 0

        /// A fresh database, the queue filled by discovery, then `workers` processes (each in its
        /// CPU cgroup when capped) work it off; connecting through `proxyPort` when given.
        mutating func round(workers n: Int, proxyPort: Int?) async throws -> Round {
            number += 1
            let round = number
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
            let workerURL = proxyPort.map { url.replacingOccurrences(of: ":\(server.port)/", with: ":\($0)/") } ?? url

            let groups = try (0..<n).map { w in try cpuPerWorker.map { try CPUCgroup(name: "kabar-bench-\(getpid())-r\(round)-w\(w)", cores: $0) } }
            defer { for g in groups { g?.remove() } }
            let cpuBefore = BenchWorkersCommand.machineCPU(), childBefore = BenchWorkersCommand.childrenCPUSeconds()
            let serverBefore = server.cpuSeconds(), selfBefore = BenchWorkersCommand.ownCPUSeconds()
            let start = Date()
            let me = self.me, scheduleFile = self.scheduleFile, scratch = self.scratch, workerOptions = self.workerOptions
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for w in 0..<n {
                    let arguments = ["run", scheduleFile.path, "--store", workerURL, "--name", "w\(w)", "--no-discovery", "--json", "--quiet",
                                     "--warc", scratch.appendingPathComponent("r\(round)-w\(w)").path] + workerOptions
                    let (executable, args) = groups[w]?.command(me, arguments) ?? (me, arguments)
                    group.addTask { try await BenchWorkersCommand.launch(executable, args) }
                }
                var out: [String] = []
                for try await r in group { out.append(r) }
                return out
            }
            let seconds = Date().timeIntervalSince(start)
            let cpuAfter = BenchWorkersCommand.machineCPU()
            let busyCores = cpuAfter.total > cpuBefore.total
                ? Double(cores) * (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total) : 0
            let workerCPU = BenchWorkersCommand.childrenCPUSeconds() - childBefore
            let siteCPU = BenchWorkersCommand.ownCPUSeconds() - selfBefore
            let throttled = groups.compactMap { $0?.throttled().seconds }.reduce(0, +)
            let stats = try await folder.stats()
            let byWorker = try await folder.recordsByWorker()
            let written = try await folder.writtenByRuns()
            await folder.close()
            // The workers' backends end with their connections; the postmaster then adds their
            // time to its children's.
            try await Task.sleep(nanoseconds: 500_000_000)
            let serverCPU = server.cpuSeconds() - serverBefore
            let trips = results.compactMap { BenchWorkersCommand.number("round_trips", in: $0) }.reduce(0, +)
            let storeCalls = results.compactMap { BenchWorkersCommand.number("store_calls", in: $0) }.reduce(0, +)
            let storeCallRecords = results.compactMap { BenchWorkersCommand.number("store_call_records", in: $0) }.reduce(0, +)
            return Round(workers: n, queued: queued, stored: stats.records, seconds: seconds, trips: trips, busyCores: busyCores,
                         workerCPU: workerCPU, serverCPU: serverCPU, siteCPU: siteCPU,
                         recordsPerStoreCall: storeCalls > 0 ? Double(storeCallRecords) / Double(storeCalls) : 0,
                         split: byWorker.keys.sorted().map { "\($0): \(byWorker[$0]!)" }.joined(separator: ", "),
                         throttledSeconds: throttled, storedOnce: stats.records == queued && written == queued)
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
        /// Seconds the workers' cgroups were held back by their quota (0 uncapped).
        let throttledSeconds: Double
        /// Every queued article stored, each written once over the runs.
        let storedOnce: Bool
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
