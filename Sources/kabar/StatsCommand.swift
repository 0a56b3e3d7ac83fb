import ArgumentParser
import Foundation
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
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    func run() throws {
        let root = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: data) else { throw CLIOutput.missingStore(data) }
        let stats: StoreStats
        do { stats = try FileStore.stats(at: root, runs: runs) } catch {
            CLIOutput.error(data, error)
            throw ExitCode(ExitStatus.failed)
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
        }
        return lines.joined(separator: "\n")
    }
}
