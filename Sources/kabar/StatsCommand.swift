import ArgumentParser
import Foundation
import KabarConfig
import KabarCore
import KabarRun
import KabarStore

/// `kabar stats`: what the store holds (records by site and day, revisions, duplicates, runs).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What the store holds: records by site and day, revisions, duplicates (exact and near), downloaded images, last runs, failed URLs, extractor health by day."
    )

    @Option(help: "The data folder.")
    var data = "data"

    @Flag(help: "One JSON object instead of tables.")
    var json = false

    @Option(help: "How many of the last runs to show.")
    var runs = 10

    @Flag(help: "Also read every record and check files and index against each other (slow on a large store).")
    var verify = false

    @Option(help: StoreOption.help)
    var store: String?

    mutating func validate() throws {
        try FlagCheck.check("--runs", runs, NumberRange(0, Double(Int32.max)))
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    func run() throws {
        let root = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: data) else { throw CLIOutput.missingStore(data) }
        var stats: StoreStats
        do { stats = try FileStore.stats(at: root, runs: runs) } catch {
            throw CLIOutput.folderFailure(data, error)
        }
        // A run killed (or ended by an error it could not record, a full disk) stays "running"
        // in the index until the next writer opens the folder: with no process holding the
        // folder's lock, it is shown as what that writer will record.
        if WriterLock.isHeld(folder: root) == false {
            for i in stats.runs.indices where stats.runs[i].status == "running" { stats.runs[i].status = "interrupted" }
        }
        let verification = verify ? try FileStore.verify(at: root) : nil
        let failures = try FailureReport.read(folder: root)
        let health = try FileStore.healthTrend(at: root)
        let images = try FileStore.imageStats(at: root)
        if json {
            var out = try failures.json(with: stats)
            out.removeLast()
            out += ",\"health\":\(HealthTrendOutput.json(health)),\"images\":\(images.json)}"
            if let verification {
                out.removeLast()
                out += ",\"verify\":{\"files\":\(verification.files),\"lines\":\(verification.lines),\"indexed\":\(verification.indexed),"
                    + "\"duplicates\":\(verification.duplicates),\"problems\":\(verification.problems.count)}}"
            }
            print(out)
        } else {
            print(Self.render(stats, data: data))
            if images.images + images.failures > 0 { print(images.line) }
            for line in HealthTrendOutput.lines(health) { print(line) }
            if !failures.counts.isEmpty { print(failures.text) }
            if let verification { print("verify: \(verification)") }
        }
        if let verification, !verification.isConsistent { throw ExitCode(1) }
    }

    static func render(_ s: StoreStats, data: String) -> String {
        var lines = ["store \(data): \(counted(s.records, "record")), \(counted(s.revisions, "revision")), duplicates \(s.exactDuplicates) exact + \(s.nearDuplicates) near"]
        if !s.days.isEmpty {
            lines.append("")
            lines += TextTable.lines(["site", "day", "records", "revisions", "exact", "near"], s.days.map {
                [$0.site, $0.day, String($0.records), String($0.revisions), String($0.exactDuplicates), String($0.nearDuplicates)]
            })
        }
        if !s.runs.isEmpty {
            lines.append("")
            lines.append("last runs")
            lines += TextTable.lines(["run", "command", "started", "ended", "status", "seen", "new", "revisions", "unchanged", "exact", "near", "failed"], s.runs.map {
                [String($0.id), $0.command, $0.startedAt, $0.endedAt ?? "-", $0.status, String($0.counts.seen), String($0.counts.written),
                 String($0.counts.revisions), String($0.counts.unchanged), String($0.counts.exactDuplicates),
                 String($0.counts.nearDuplicates), String($0.counts.failed)]
            }, left: [1, 2, 3, 4])
            // The revisions of the same text, in the PostgreSQL store's words; no line for a run with none.
            for r in s.runs where (r.counts.revisedFields ?? 0) > 0 {
                lines.append("run \(r.id): revisions \(r.counts.revisions)\(StoreCounts.revisedFieldsNote(r.counts.revisedFields))")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Whether a process holds a data folder's lock (an exclusive `flock` on `lock`), read from
/// /proc/locks without taking the lock: a probe that took it, even for a moment, could make a
/// run starting then fail as "in use". Nil when it cannot be told (no lock file, no /proc).
enum WriterLock {
    static func isHeld(folder: URL, locks: String? = try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) -> Bool? {
        var st = stat()
        guard let locks, stat(folder.appendingPathComponent("lock").path, &st) == 0 else { return nil }
        // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:16517439 0 EOF": matched on the inode number
        // alone (the device's numbering differs on some file systems), so a lock on another
        // device's file of the same number reads as held: the index's "running" then stands.
        let inode = ":\(UInt64(st.st_ino))"
        return locks.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count >= 6 && fields[1] == "FLOCK" && fields[5].hasSuffix(inode)
        }
    }
}
