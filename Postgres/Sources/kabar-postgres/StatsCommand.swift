import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarPostgres
import KabarRun
import KabarStore

/// `kabar-postgres stats`: what the database holds.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "What the database holds: records by site and day, duplicates, last runs, failed URLs, extractor health by day.")

    @OptionGroup var store: StoreOptions

    @Flag(help: "As one JSON object.")
    var json = false

    @Flag(help: "Also read every record's line and check the revisions against each other and their rows (slow on a large database).")
    var verify = false

    func run() async throws {
        let folder = try await store.open()
        let stats = try await folder.stats(runs: 10)
        let failures = try await folder.failureReport()
        let health = try await folder.healthTrend()
        let queued = try await folder.database.queuedTotal()
        let verification = verify ? try await folder.verifyRevisions() : nil
        await folder.close()
        var out = try Self.render(stats, failures: failures, health: health, queued: queued, json: json)
        if let verification {
            // As `kabar stats --verify`: "verify: ..." under the report, "verify" in the JSON.
            if json {
                out.removeLast()
                out += ",\"verify\":{\"lines\":\(verification.lines),\"digests\":\(verification.digests),\"problems\":\(verification.problems.count)}}"
            } else {
                out += "\nverify: \(verification)"
            }
        }
        print(out)
        if let verification, !verification.isConsistent { throw ExitCode(1) }
    }

    /// The report as printed: with `json`, one object (the store's stats with "failures" and
    /// "health", as `kabar stats --json`); else lines, the extractor health trend and the
    /// failure report as `kabar stats` prints them.
    static func render(_ stats: StoreStats, failures: FailureReport, health: [HealthDay], queued: Int, json: Bool) throws -> String {
        if json { return String(try failures.json(with: stats).dropLast()) + ",\"health\":\(HealthTrendOutput.json(health))}" }
        var lines = ["records \(stats.records), revisions \(stats.revisions), exact duplicates \(stats.exactDuplicates), near duplicates \(stats.nearDuplicates); queued \(queued)"]
        for d in stats.days {
            lines.append("  \(d.site) \(d.day): \(counted(d.records, "record")), \(counted(d.revisions, "revision")), \(d.exactDuplicates) exact, \(d.nearDuplicates) near")
        }
        if !stats.runs.isEmpty { lines.append("last runs:") }
        for r in stats.runs {
            let c = r.counts
            lines.append("  #\(r.id) \(r.command) \(r.startedAt) \(r.status): seen \(c.seen), written \(c.written), revisions \(c.revisions)\(StoreCounts.revisedFieldsNote(c.revisedFields)), unchanged \(c.unchanged), exact \(c.exactDuplicates), near \(c.nearDuplicates), failed \(c.failed)")
        }
        lines += HealthTrendOutput.lines(health)
        if !failures.counts.isEmpty { lines.append(failures.text) }
        return lines.joined(separator: "\n")
    }
}

/// `kabar-postgres export`: the records as JSON Lines, with `kabar export`'s options
/// (`ExportOptions`; `kabar export --store postgres://...` is this command).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The stored records as JSON Lines on standard output (or --output FILE): the latest revision of each URL, by site and day."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: ExportOptions

    func run() async throws {
        let folder = try await store.open()
        let filter = options.filter
        do {
            try await options.write { write in
                var buffer = Data()
                try await folder.export(filter) { line in
                    buffer.append(contentsOf: line.utf8)
                    buffer.append(0x0A)
                    if buffer.count >= 1 << 20 { try write(buffer); buffer.removeAll(keepingCapacity: true) }
                }
                try write(buffer)
            }
        } catch {
            await folder.close()
            throw error
        }
        await folder.close()
    }
}
