import ArgumentParser
import Foundation
import KabarStore

/// `kabar export`: the records of a data folder as JSON Lines (`RecordExport`); with
/// `--store postgres://...` the same command of kabar-postgres, with the same options.
struct ExportCommand: ParsableCommand {
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

    @Option(help: "Only this site (the records' site, e.g. tempo).")
    var site: String?

    @Option(help: ArgumentHelp("Only records filed on this day or later.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(help: ArgumentHelp("Only records filed on this day or earlier.", valueName: "YYYY-MM-DD"))
    var until: String?

    @Option(help: "Only records of this extractor: an id (any version) or id/version.")
    var extractor: String?

    @Flag(help: "Every revision of each URL, the older before the newer (default: the latest only).")
    var allRevisions = false

    @Option(help: "Write to this file (replaced once the export is complete) instead of standard output.")
    var output: String?

    var export: RecordExport {
        RecordExport(site: site, since: since, until: until, extractor: extractor, allRevisions: allRevisions)
    }

    mutating func validate() throws {
        if let folder = try StoreOption.resolve(store) { data = folder }
        do { try export.validate() } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: data) else { throw CLIOutput.missing(data) }
        let root = URL(fileURLWithPath: data)
        do {
            if let output {
                // Written beside the target and renamed at the end: a failed export leaves no half file.
                let target = URL(fileURLWithPath: output)
                let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
                guard FileManager.default.createFile(atPath: partial.path, contents: nil),
                      let handle = FileHandle(forWritingAtPath: partial.path) else {
                    CLIOutput.error("--output \(output): cannot create the file")
                    throw ExitCode(ExitStatus.badInput)
                }
                do {
                    try export.run(at: root) { try handle.write(contentsOf: $0) }
                    try handle.close()
                    guard rename(partial.path, target.path) == 0 else {
                        throw FileStore.Failure.io("--output \(output): \(String(cString: strerror(errno)))")
                    }
                } catch {
                    try? handle.close()
                    try? FileManager.default.removeItem(at: partial)
                    throw error
                }
            } else {
                let out = FileHandle.standardOutput
                try export.run(at: root) { try out.write(contentsOf: $0) }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            CLIOutput.error(data, error)
            throw ExitCode(ExitStatus.failed)
        }
    }
}
