import Foundation
import KabarCore
import KabarStore

/// Where `kabar extract` (and later runs) send records.
protocol RecordSink {
    /// Takes one record; the store's outcome (printed records count as written).
    func put(_ article: Article) throws -> StoreOutcome
    func finish(failed: Int) throws
}

/// JSON Lines on stdout.
final class StdoutSink: RecordSink {
    func put(_ article: Article) throws -> StoreOutcome {
        CLIOutput.stdout.writeLine(article.jsonLine)
        return .written(revision: 1)
    }
    func finish(failed: Int) throws { CLIOutput.stdout.flush() }
}

/// Into the store at `--data`, deduplicated, recorded as a run; a summary on stderr.
final class StoreSink: RecordSink {
    let store: FileStore
    let data: String

    init(data: String, command: String) throws {
        self.data = data
        store = try FileStore(at: URL(fileURLWithPath: data))
        try store.startRun(command: command)
    }

    func put(_ article: Article) throws -> StoreOutcome { try store.store(article) }

    func finish(failed: Int) throws {
        let c = store.runCounts
        try store.finishRun(failed: failed)
        try store.close()
        FileHandle.standardError.write(Data("""
            stored in \(data): \(counted(c.seen, "record")) seen, \(c.written) new, \(counted(c.revisions, "revision"))\(StoreCounts.revisedFieldsNote(c.revisedFields)), \(c.unchanged) unchanged, \
            duplicates \(c.exactDuplicates) exact + \(c.nearDuplicates) near, \(failed) failed

            """.utf8))
    }
}
