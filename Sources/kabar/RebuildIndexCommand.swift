import ArgumentParser
import Foundation
import KabarStore
import KabarCore

/// `kabar rebuild-index`: the store's index made again from its JSON Lines files.
struct RebuildIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-index",
        abstract: "Rebuild the store's index (index.sqlite) from its record files.",
        discussion: """
        The JSON Lines files under DATA/records hold every written record with its id, revision \
        and hashes; the index only points into them. This replaces the index by one read from \
        the files (the old one is kept as index.sqlite.replaced-<time>), with progress on \
        standard error. Use it when a writer refuses to open the store because the index does \
        not match the files (an index restored from a copy, files changed by hand). A missing \
        or empty index is rebuilt by the next writer on its own. What only the index held is \
        not brought back: URLs recorded as duplicates (they are deduplicated again when seen) \
        and past runs. A whole line that is not a record stops the rebuild with its file and \
        line; a torn last line is moved to <file>.torn. A folder that does not exist, or holds \
        no records folder, is refused (exit status 2): nothing is made there.
        """
    )

    @Option(help: "The data folder.")
    var data = "data"

    func run() throws {
        // A mistyped folder is refused, not made into an empty store and reported rebuilt.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder) else { throw CLIOutput.missingStore(data) }
        guard isFolder.boolValue, FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent("records")) else {
            CLIOutput.error("\(data): no store here (no records folder, which the index is rebuilt from); give --data the folder a run wrote")
            throw ExitCode(ExitStatus.badInput)
        }
        var options = FileStore.Options()
        options.rebuildIndex = true
        let store: FileStore
        do { store = try FileStore(at: URL(fileURLWithPath: data), options: options) } catch {
            CLIOutput.error("\(error)")
            throw ExitCode(1)
        }
        let stats = try store.stats(runs: 0)
        try store.close()
        let old = store.replacedIndex.map { " (the old index is \(($0 as NSString).lastPathComponent))" } ?? ""
        print("rebuilt the index of \(data): \(counted(stats.records, "record")), \(counted(stats.revisions, "revision")) in \(counted(stats.days.count, "site day"))\(old)")
    }
}
