import Foundation

/// A PostgreSQL server of its own in a temporary folder on 127.0.0.1 and a free port, for
/// tests and `kabar-postgres bench workers`: Debian's binaries (`/usr/lib/postgresql/*/bin`,
/// or `initdb` on PATH), run as the `postgres` user when this process is root (PostgreSQL
/// refuses to run as root). Stopped (and its folder removed) by `stop()`.
///
/// `postgres` runs as a child of this process, not daemonized by `pg_ctl start`: Foundation's
/// `Process` learns that a child exited when a socket the child inherited closes, and a daemon
/// grandchild keeps that socket open, so `pg_ctl start` would seem never to end.
public final class LocalPostgres: @unchecked Sendable {
    public let port: Int
    public let folder: URL
    let bin: URL
    let asUser: String?
    /// Server settings (`-c name=value`) besides the ones every server gets.
    let settings: [String]
    private var server: Process?

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The folder holding initdb and pg_ctl, or nil.
    public static func binaries() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) } ?? []
        for v in versions {
            let bin = root.appendingPathComponent(v).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("pg_ctl").path) { return bin }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let bin = URL(fileURLWithPath: String(dir))
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("pg_ctl").path),
               FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        return nil
    }

    /// `durableCommits`: a commit is written to the operating system before it is acknowledged
    /// (`synchronous_commit=on`), so it survives the server being killed (`restart(mode:
    /// "immediate")`); off by default (faster; the folder is thrown away anyway). `settings`:
    /// more server settings (`name=value`), e.g. `shared_preload_libraries=pg_stat_statements`.
    public init(port: Int, durableCommits: Bool = false, settings extra: [String] = []) throws {
        guard let bin = Self.binaries() else {
            throw Unavailable(description: "PostgreSQL binaries not found (apt-get install -y postgresql)")
        }
        self.bin = bin
        self.port = port
        settings = ["synchronous_commit=\(durableCommits ? "on" : "off")"] + extra
        asUser = getuid() == 0 ? "postgres" : nil
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-pg-\(getpid())-\(port)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let asUser { try Self.run("/bin/chown", ["-R", asUser, folder.path]) }
        let data = folder.appendingPathComponent("data").path
        try command("initdb", ["-D", data, "-A", "trust", "-U", "kabar", "--no-sync", "-E", "UTF8", "--locale=C"])
        try start()
    }

    /// Starts the server as a child of this process and waits until it accepts connections.
    private func start() throws {
        let data = folder.appendingPathComponent("data").path
        let logPath = folder.appendingPathComponent("log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)   // a new log per start
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let postgres = [bin.appendingPathComponent("postgres").path, "-D", data, "-p", "\(port)", "-k", folder.path,
                        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                        "-c", "max_connections=100"] + settings.flatMap { ["-c", $0] }
        let server = Process()
        if let asUser {
            server.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            server.arguments = ["-u", asUser, "--"] + postgres
        } else {
            server.executableURL = URL(fileURLWithPath: postgres[0])
            server.arguments = Array(postgres.dropFirst())
        }
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = log
        server.standardError = log
        server.currentDirectoryURL = FileManager.default.temporaryDirectory
        try server.run()
        self.server = server
        try? log.close()
        // Ready when pg_isready says it accepts connections (up to 60 s).
        let deadline = Date().addingTimeInterval(60)
        while true {
            if (try? Self.run(bin.appendingPathComponent("pg_isready").path, ["-h", "127.0.0.1", "-p", "\(port)", "-q"])) != nil { break }
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            // Connections tried during crash recovery are refused with a FATAL line of their own.
            let fatal = text.split(separator: "\n").contains { $0.contains("FATAL") && !$0.contains("starting up") && !$0.contains("not yet accepting") }
            if Date() > deadline || fatal {
                stop()
                throw Unavailable(description: "postgres on port \(port) did not start: \(text.suffix(400))")
            }
            usleep(100_000)
        }
    }

    /// `pg_ctl restart -m MODE` of this server: stopped by `pg_ctl stop -m MODE` ("fast": open
    /// transactions rolled back, connections closed; "immediate": every server process killed,
    /// crash recovery at the next start), down for `downSeconds`, then started again on the
    /// same port and folder (as a child of this process, see above).
    public func restart(mode: String, downSeconds: Double = 0) throws {
        try command("pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", mode, "-w", "stop"])
        server?.waitUntilExit()
        if downSeconds > 0 { usleep(UInt32(downSeconds * 1e6)) }
        try start()
    }

    /// A new database on the server; its URL.
    public func createDatabase(_ name: String) throws -> String {
        try command("createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "kabar", name])
        return "postgres://kabar@127.0.0.1:\(port)/\(name)"
    }

    /// CPU seconds (user + system) the server has used so far: every process under it (the
    /// postmaster, each connection's backend, the WAL writer, autovacuum), the ones that ended
    /// counted through their parent's children times (/proc; 0 where there is no /proc).
    public func cpuSeconds() -> Double {
        guard let root = server?.processIdentifier else { return 0 }
        return ProcessTree.cpuSeconds(under: root)
    }

    public func stop() {
        _ = try? command("pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        if let server, server.isRunning { server.terminate() }
        try? FileManager.default.removeItem(at: folder)
    }

    func command(_ tool: String, _ arguments: [String]) throws {
        let path = bin.appendingPathComponent(tool).path
        if let asUser {
            try Self.run("/usr/sbin/runuser", ["-u", asUser, "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    static func run(_ path: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.currentDirectoryURL = FileManager.default.temporaryDirectory
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let output = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Unavailable(description: "\(URL(fileURLWithPath: path).lastPathComponent) \(arguments.prefix(3).joined(separator: " ")): exit \(p.terminationStatus): \(String(decoding: output, as: UTF8.self).prefix(400))")
        }
    }
}

/// CPU time of a process tree, read from /proc/<pid>/stat.
enum ProcessTree {
    /// utime + stime + cutime + cstime of `root` and every live process below it, in seconds:
    /// a live process's own time plus the time of its children that ended and were waited for.
    static func cpuSeconds(under root: Int32) -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard ticks > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var parent: [Int32: Int32] = [:], time: [Int32: Double] = [:]
        for name in names {
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based over the whole line.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 15, let ppid = Int32(fields[1]) else { continue }
            parent[pid] = ppid
            time[pid] = fields[11...14].compactMap { Double($0) }.reduce(0, +) / ticks
        }
        var total = 0.0
        for (pid, seconds) in time {
            var p: Int32? = pid
            while let q = p, q > 1 {
                if q == root { total += seconds; break }
                p = parent[q]
            }
        }
        return total
    }
}
