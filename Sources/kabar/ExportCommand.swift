import ArgumentParser
import Foundation
import KabarCLI
import KabarStore

/// `kabar export`: the records of a data folder as JSON Lines (`RecordExport`); with
/// `--store postgres://...` the same command of kabar-postgres, with the same options.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The stored records as JSON Lines on standard output (or --output FILE): the latest revision of each URL, by site and day.",
        discussion: """
        Filters: --site, --since/--until (the day a record is filed under, YYYY-MM-DD: its \
        published_at's date, else its fetched_at's), --extractor (an id such as tempo, any \
        version, or tempo/1). --all-revisions adds the older revisions, each before the newer. \
        Duplicates are not written to the store and are not exported. The export streams (memory \
        does not grow with the store) and reads one snapshot: a run writing meanwhile is not \
        disturbed, and what it stores after the export began is left out.
        """
    )

    @Option(help: "The data folder.")
    var data = "data"

    @Option(help: StoreOption.help)
    var store: String?

    @OptionGroup var options: ExportOptions

    mutating func validate() throws {
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: data) else { throw CLIOutput.missingStore(data) }
        let root = URL(fileURLWithPath: data)
        let filter = options.filter
        var exported = 0
        do {
            try await options.write { write in exported = try filter.run(at: root, write: write) }
        } catch let failure as ExportOptions.OutputFailure {
            CLIOutput.error(failure.description)
            throw ExitCode(ExitStatus.badInput)
        } catch {
            throw CLIOutput.folderFailure(data, error)
        }
        guard exported == 0, options.site != nil || options.extractor != nil, let days = try? FileStore.stats(at: root, runs: 0).days else { return }
        let held = Array(Set(days.map(\.site))).sorted()
        if let site = options.site, !held.contains(site) {
            // A site the store has no record of: a typo in it looked like an empty store.
            CLIOutput.note("kabar: no record of site '\(site)' in \(data); it holds records of \(held.isEmpty ? "no site" : held.joined(separator: ", "))")
        } else if let extractor = options.extractor, let id = extractor.split(separator: "/").first.map(String.init), !held.contains(id) {
            // The same for an extractor: a record's extractor is its site's (`tempo/2` of site
            // `tempo`; a page its plugin could not read keeps the plugin's), so the sites say it.
            CLIOutput.note("kabar: no record of extractor '\(extractor)' in \(data); it holds records of \(held.isEmpty ? "no extractor" : held.joined(separator: ", "))")
        }
    }
}
