import ArgumentParser
import Foundation
import KabarCore
import KabarPostgres

/// `kabar-postgres stats`: what the database holds.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "What the database holds: records by site and day, duplicates, last runs.")

    @OptionGroup var store: StoreOptions

    @Flag(help: "As one JSON object.")
    var json = false

    func run() async throws {
        let folder = try await store.open()
        let stats = try await folder.stats(runs: 10)
        let queued = try await folder.database.queuedTotal()
        await folder.close()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
            return
        }
        print("records \(stats.records), revisions \(stats.revisions), exact duplicates \(stats.exactDuplicates), near duplicates \(stats.nearDuplicates); queued \(queued)")
        for d in stats.days {
            print("  \(d.site) \(d.day): \(d.records) records, \(d.revisions) revisions, \(d.exactDuplicates) exact, \(d.nearDuplicates) near")
        }
        if !stats.runs.isEmpty { print("last runs:") }
        for r in stats.runs {
            let c = r.counts
            print("  #\(r.id) \(r.command) \(r.startedAt) \(r.status): seen \(c.seen), written \(c.written), revisions \(c.revisions), unchanged \(c.unchanged), exact \(c.exactDuplicates), near \(c.nearDuplicates), failed \(c.failed)")
        }
    }
}

/// `kabar-postgres export`: the records as JSON Lines on standard output.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The stored records as JSON Lines on standard output (latest revision of each URL), by site and day."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Only this site (extractor id).")
    var site: String?

    @Option(help: "Only records filed on this day (YYYY-MM-DD) or later.")
    var since: String?

    @Flag(help: "Older revisions too, each before the newer.")
    var history = false

    func run() async throws {
        let folder = try await store.open()
        let out = FileHandle.standardOutput
        try await folder.export(site: site, since: since, history: history) { line in
            out.write(Data((line + "\n").utf8))
        }
        await folder.close()
    }
}
