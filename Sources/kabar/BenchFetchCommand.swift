import ArgumentParser
import Foundation
import KabarSampleSites
#if canImport(Glibc)
import Glibc
#endif

/// `kabar bench fetch`: Kabar's fetcher next to `curl -Z` over the same URLs of a local nginx,
/// alternating rounds, then Kabar's peak memory at two input sizes. Self-contained: it writes
/// its own nginx configuration in a temporary folder, runs nginx as a child process on
/// 127.0.0.1 and stops it at the end.
struct BenchFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch speed and memory: Kabar next to curl -Z over the same local nginx pages.",
        discussion: """
        Needs nginx (apt-get install -y nginx) and curl with --parallel. Every URL /p/<n> is a \
        distinct request for the same 100 KB file. Each round runs `kabar fetch` and \
        `curl -Z --parallel-max N` as child processes (order alternating), so both pay process \
        start and both are measured by wall time and peak RSS. The goals: Kabar within 1.15x of \
        curl's wall time, and Kabar's peak RSS flat from 2 000 to 20 000 pages.
        """
    )

    @Option(help: "Pages per timed round.")
    var pages: Int = 5000

    @Option(help: "Transfers in flight, for both Kabar and curl.")
    var concurrency: Int = 32

    @Option(help: "Bytes per page.")
    var size: Int = 100 * 1024

    @Option(help: "Timed rounds per side.")
    var rounds: Int = 3

    @Option(name: .customLong("memory-pages"), help: "Page counts for the memory runs, comma-separated (empty: skip).")
    var memoryPages: String = "2000,20000"

    @Option(help: "The nginx binary.")
    var nginx: String = "/usr/sbin/nginx"

    @Option(help: "The curl binary.")
    var curl: String = "/usr/bin/curl"

    func run() async throws {
        for binary in [nginx, curl] where !FileManager.default.isExecutableFile(atPath: binary) {
            throw BenchFetchFailure("\(binary) not found (apt-get install -y nginx curl)")
        }
        let kabar = try BenchProcess.ownExecutable()
        let dir = try BenchFetchDirectory(pageSize: size)
        defer { dir.remove() }
        let server = try BenchNginx(binary: nginx, directory: dir.path)
        defer { server.stop() }
        note("nginx on 127.0.0.1:\(server.port), \(pages) pages of \(size) bytes, \(concurrency) concurrent, \(rounds) rounds each")

        let runs = try (1...rounds).flatMap { round -> [BenchRun] in
            let curlRun = { try runCurl(count: pages, dir: dir, port: server.port) }
            let kabarRun = { try runKabar(kabar, count: pages, dir: dir, port: server.port) }
            // Alternate which goes first so that drift in the machine's load hits both.
            return round % 2 == 1 ? [try curlRun(), try kabarRun()] : [try kabarRun(), try curlRun()]
        }
        let curlTimes = runs.filter { $0.tool == "curl" }
        let kabarTimes = runs.filter { $0.tool == "kabar" }
        for run in runs { note(run.summary) }
        let kabarMedian = median(kabarTimes.map(\.wall))
        let curlMedian = median(curlTimes.map(\.wall))
        print("fetch benchmark: \(pages) pages x \(size) B, \(concurrency) concurrent, libcurl \(BenchProcess.curlVersion(curl))")
        print(String(format: "  curl -Z   median %.3f s  %8.0f pages/s  (best %.3f s)  peak RSS %d MB",
                     curlMedian, Double(pages) / curlMedian, curlTimes.map(\.wall).min() ?? 0, (curlTimes.map(\.maxRSSKB).max() ?? 0) / 1024))
        print(String(format: "  kabar     median %.3f s  %8.0f pages/s  (best %.3f s)  peak RSS %d MB",
                     kabarMedian, Double(pages) / kabarMedian, kabarTimes.map(\.wall).min() ?? 0, (kabarTimes.map(\.maxRSSKB).max() ?? 0) / 1024))
        print(String(format: "  ratio kabar/curl %.3f (goal <= 1.15)", kabarMedian / curlMedian))

        let memoryCounts = memoryPages.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var memory: [(Int, BenchRun)] = []
        for count in memoryCounts {
            let run = try runKabar(kabar, count: count, dir: dir, port: server.port)
            note(run.summary)
            memory.append((count, run))
            print(String(format: "  memory: %6d pages  peak RSS %6.1f MB  wall %.3f s  %8.0f pages/s",
                         count, Double(run.maxRSSKB) / 1024, run.wall, Double(count) / run.wall))
        }
        if memory.count >= 2, let first = memory.first, let last = memory.last {
            print(String(format: "  memory growth %d -> %d pages: %.2fx", first.0, last.0, Double(last.1.maxRSSKB) / Double(max(1, first.1.maxRSSKB))))
        }
        let failed = runs.filter { $0.okPages != pages } + memory.filter { $0.1.okPages != $0.0 }.map(\.1)
        if !failed.isEmpty {
            for f in failed { FetchCommandOutput.error("bench: \(f.tool) fetched \(f.okPages) pages with status 200, expected more") }
            throw ExitCode(1)
        }
    }

    private func runCurl(count: Int, dir: BenchFetchDirectory, port: Int) throws -> BenchRun {
        let config = try dir.curlConfig(count: count, port: port)
        let out = dir.path + "/curl.out"
        let stats = try BenchProcess.run([curl, "-s", "--no-progress-meter", "-Z", "--parallel-max", String(concurrency), "-K", config,
                                          "-w", "%{http_code}\n"], stdout: out)
        return BenchRun(tool: "curl", pages: count, wall: stats.wall, maxRSSKB: stats.maxRSSKB, exit: stats.exit,
                        okPages: BenchFetchDirectory.countLines(in: out) { $0 == "200" })
    }

    private func runKabar(_ kabar: String, count: Int, dir: BenchFetchDirectory, port: Int) throws -> BenchRun {
        let urls = try dir.urlList(count: count, port: port)
        let out = dir.path + "/kabar.out"
        let stats = try BenchProcess.run([kabar, "fetch", "--input", urls, "--concurrency", String(concurrency),
                                          "--per-host", String(concurrency), "--delay", "0"], stdout: out)
        return BenchRun(tool: "kabar", pages: count, wall: stats.wall, maxRSSKB: stats.maxRSSKB, exit: stats.exit,
                        okPages: BenchFetchDirectory.countLines(in: out) { $0.contains("\"status\":200,") && $0.hasSuffix("\"error\":null}") })
    }

    private func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

struct BenchRun {
    let tool: String
    let pages: Int
    let wall: Double
    let maxRSSKB: Int
    let exit: Int32
    let okPages: Int

    var summary: String {
        String(format: "  %@ %d pages: %.3f s, %.0f pages/s, peak RSS %.1f MB, %d ok, exit %d",
               tool, pages, wall, Double(pages) / wall, Double(maxRSSKB) / 1024, okPages, exit)
    }
}

struct BenchFetchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The temporary folder: the page, nginx's configuration and logs, the URL lists.
struct BenchFetchDirectory {
    let path: String

    init(pageSize: Int) throws {
        var template = Array((NSTemporaryDirectory() + "/kabar-bench-fetch-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchFetchFailure("cannot make a temporary folder") }
        path = String(cString: made)
        // nginx's workers run as another user when started by root.
        chmod(path, 0o755)
        try FileManager.default.createDirectory(atPath: path + "/www", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path + "/tmp", withIntermediateDirectories: true)
        chmod(path + "/www", 0o755)
        var page = Data("<!doctype html><html><head><title>bench</title></head><body><p>".utf8)
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz ".utf8)
        while page.count < pageSize - 20 { page.append(letters[Int(generator.next() % UInt64(letters.count))]) }
        page.append(contentsOf: Array("</p></body></html>\n".utf8).prefix(max(0, pageSize - page.count)))
        try page.write(to: URL(fileURLWithPath: path + "/www/page.html"))
        chmod(path + "/www/page.html", 0o644)
    }

    func urlList(count: Int, port: Int) throws -> String {
        let file = path + "/urls-\(count).txt"
        if !FileManager.default.fileExists(atPath: file) {
            let text = (0..<count).map { "http://127.0.0.1:\(port)/p/\($0)" }.joined(separator: "\n") + "\n"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return file
    }

    func curlConfig(count: Int, port: Int) throws -> String {
        let file = path + "/curl-\(count).cfg"
        if !FileManager.default.fileExists(atPath: file) {
            var text = ""
            for n in 0..<count { text += "url = \"http://127.0.0.1:\(port)/p/\(n)\"\noutput = \"/dev/null\"\n" }
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return file
    }

    static func countLines(in file: String, where predicate: (Substring) -> Bool) -> Int {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").filter(predicate).count
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// nginx as a child process with its own configuration, on a free port of 127.0.0.1.
final class BenchNginx {
    let port: Int
    private let process = Process()

    init(binary: String, directory dir: String) throws {
        port = try Loopback.freePort()
        let config = """
        daemon off;
        master_process on;
        worker_processes 2;
        pid \(dir)/nginx.pid;
        error_log \(dir)/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            sendfile on;
            tcp_nopush on;
            tcp_nodelay on;
            gzip off;
            keepalive_requests 1000000;
            keepalive_timeout 120s;
            default_type text/html;
            client_body_temp_path \(dir)/tmp/body;
            proxy_temp_path \(dir)/tmp/proxy;
            fastcgi_temp_path \(dir)/tmp/fastcgi;
            uwsgi_temp_path \(dir)/tmp/uwsgi;
            scgi_temp_path \(dir)/tmp/scgi;
            server {
                listen 127.0.0.1:\(port) backlog=4096;
                root \(dir)/www;
                location = /robots.txt { return 404; }
                location /p/ { rewrite ^ /page.html break; }
            }
        }
        """
        try config.write(toFile: dir + "/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-c", dir + "/nginx.conf", "-p", dir, "-e", dir + "/error.log"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Loopback.canConnect(port) {
            if !process.isRunning {
                let log = (try? String(contentsOfFile: dir + "/error.log", encoding: .utf8)) ?? ""
                throw BenchFetchFailure("nginx did not start: \(log)")
            }
            if Date() > deadline { throw BenchFetchFailure("nginx did not listen on \(port) within 10 s") }
            usleep(50_000)
        }
    }

    /// Graceful stop (SIGQUIT); SIGKILL to the master and its workers if that is not done
    /// within 3 s (a child may inherit SIGQUIT blocked).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGQUIT)
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(-process.processIdentifier, SIGKILL)
            kill(process.processIdentifier, SIGKILL)
        }
    }
}

/// Child processes measured by wall time and peak RSS (`wait4`).
enum BenchProcess {
    struct Stats {
        let wall: Double
        let maxRSSKB: Int
        let exit: Int32
    }

    static func run(_ argv: [String], stdout: String) throws -> Stats {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw BenchFetchFailure("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let c = (ContinuousClock.now - start).components
        let wall = Double(c.seconds) + Double(c.attoseconds) / 1e18
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Stats(wall: wall, maxRSSKB: Int(usage.ru_maxrss), exit: exit)
    }

    static func ownExecutable() throws -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else { throw BenchFetchFailure("cannot find the kabar executable") }
        return path
    }

    static func curlVersion(_ curl: String) -> String {
        let out = NSTemporaryDirectory() + "/kabar-curl-version-\(getpid())"
        defer { unlink(out) }
        _ = try? run([curl, "--version"], stdout: out)
        let first = (try? String(contentsOfFile: out, encoding: .utf8))?.split(separator: "\n").first ?? ""
        return first.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
    }
}
