import Foundation

/// A CPU cgroup of its own limited to `cores` CPUs, for one benchmark worker process (as if the
/// worker had a small machine to itself): cgroup v1 (`cpu.cfs_quota_us` over `cpu.cfs_period_us`
/// under /sys/fs/cgroup/cpu) or v2 (`cpu.max` under the unified hierarchy), whichever this
/// machine has writable. Made by `init` (root needed), removed by `remove()` once its process ended.
struct CPUCgroup {
    let folder: URL
    let cores: Double
    let version: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let period = 100_000

    init(name: String, cores: Double) throws {
        guard cores > 0 else { throw Failure(description: "--cpu-per-worker must be above 0 (cores, e.g. 0.25)") }
        self.cores = cores
        let quota = max(1000, Int((cores * Double(Self.period)).rounded()))
        let fm = FileManager.default
        var tried: [String] = []
        // cgroup v1: the cpu controller mounted on its own.
        for root in ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"] where fm.fileExists(atPath: root + "/cpu.cfs_quota_us") {
            let folder = URL(fileURLWithPath: root).appendingPathComponent(name)
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: false)
                try Self.write("\(Self.period)", to: folder.appendingPathComponent("cpu.cfs_period_us"))
                try Self.write("\(quota)", to: folder.appendingPathComponent("cpu.cfs_quota_us"))
                self.folder = folder
                version = 1
                return
            } catch {
                try? fm.removeItem(at: folder)
                tried.append("\(root): \(error)")
            }
        }
        // cgroup v2: the unified hierarchy with the cpu controller enabled for its children.
        for root in ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"] {
            let controllers = (try? String(contentsOfFile: root + "/cgroup.controllers", encoding: .utf8)) ?? ""
            guard controllers.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "cpu" }) else {
                if fm.fileExists(atPath: root + "/cgroup.controllers") { tried.append("\(root): no cpu controller (cgroup.controllers: \(controllers.trimmingCharacters(in: .whitespacesAndNewlines)))") }
                continue
            }
            let folder = URL(fileURLWithPath: root).appendingPathComponent(name)
            do {
                try? Self.write("+cpu", to: URL(fileURLWithPath: root + "/cgroup.subtree_control"))
                try fm.createDirectory(at: folder, withIntermediateDirectories: false)
                try Self.write("\(quota) \(Self.period)", to: folder.appendingPathComponent("cpu.max"))
                self.folder = folder
                version = 2
                return
            } catch {
                try? fm.removeItem(at: folder)
                tried.append("\(root): \(error)")
            }
        }
        throw Failure(description: "--cpu-per-worker: no writable CPU cgroup (cgroup v1 cpu.cfs_quota_us under /sys/fs/cgroup/cpu, or v2 cpu.max); run as root on a machine with the cpu controller"
                      + (tried.isEmpty ? "" : ": " + tried.joined(separator: "; ")))
    }

    /// The command that runs `executable arguments` inside this cgroup: a shell that moves
    /// itself in, then becomes the worker (so the worker never runs outside it).
    func command(_ executable: URL, _ arguments: [String]) -> (URL, [String]) {
        let procs = folder.appendingPathComponent("cgroup.procs").path
        return (URL(fileURLWithPath: "/bin/sh"), ["-c", "echo $$ > \"$0\" && exec \"$@\"", procs, executable.path] + arguments)
    }

    /// Times the cgroup's processes were throttled (held back by the quota) and for how long.
    func throttled() -> (periods: Int, seconds: Double) {
        let text = (try? String(contentsOf: folder.appendingPathComponent("cpu.stat"), encoding: .utf8)) ?? ""
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let v = Double(parts[1]) { values[String(parts[0])] = v }
        }
        // v1: throttled_time in ns; v2: throttled_usec.
        let seconds = values["throttled_time"].map { $0 / 1e9 } ?? values["throttled_usec"].map { $0 / 1e6 } ?? 0
        return (Int(values["nr_throttled"] ?? 0), seconds)
    }

    func remove() {
        // rmdir (a cgroup's files cannot be removed one by one); it must have no process left.
        _ = folder.path.withCString { rmdir($0) }
    }

    static func write(_ text: String, to url: URL) throws {
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw Failure(description: "cannot open \(url.path) for writing")
        }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data(text.utf8)) } catch {
            throw Failure(description: "writing \(text) to \(url.path): \(error)")
        }
    }
}
