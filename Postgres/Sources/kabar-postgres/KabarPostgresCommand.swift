import ArgumentParser
import Foundation
import KabarPostgres
import KabarCore
import KabarPlugins
import KabarRun
import Logging

@main
struct KabarPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kabar-postgres",
        abstract: "Kabar on PostgreSQL: several workers sharing one frontier and one deduplicated store.",
        discussion: """
        `kabar --store postgres://... COMMAND` runs this program. The database's tables are \
        created and migrated on first use (docs/POSTGRES.md). WARC files stay local to each \
        worker (--warc, default ./data-<worker>), their location kept with each record.
        """,
        subcommands: [WorkerCommand.self, RunCommand.self, ScheduleCommand.self, ExtractCommand.self, ReextractCommand.self, StatsCommand.self, ExportCommand.self, BenchCommand.self]
    )
}

/// Options every database command takes.
struct StoreOptions: ParsableArguments {
    @Option(help: "The database: postgres://user:password@host:port/database")
    var store: String

    @Option(help: "This worker's name, kept with its leases, runs and records (default: host-pid).")
    var name: String?

    @Option(help: "The folder this worker writes its WARC files under (default: ./data-<name>).")
    var warc: String?

    @Option(name: .customLong("lease-seconds"), help: "Seconds before a dead worker's leased URLs return to the queue.")
    var leaseSeconds: Double = 30

    @Option(name: .customLong("reconnect-seconds"), help: "Seconds to wait, reconnecting with backoff, for a database that went away (a restart) before failing.")
    var reconnectSeconds: Double = 120

    @Flag(name: .customLong("no-prepared-statements"), help: "Send every statement as text, none prepared by name on a connection: for a connection pooler in transaction mode (PgBouncer before 1.21), which does not keep a server session per client.")
    var noPreparedStatements = false

    @OptionGroup var coalesce: CoalesceOptions

    var worker: String { name ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())" }

    func open() async throws -> PostgresFolder {
        var options = PostgresFolder.Options()
        options.leaseSeconds = max(2, leaseSeconds)
        options.preparesStore = !noPreparedStatements
        options.coalesceRecords = coalesce.records
        options.coalesceSeconds = coalesce.seconds
        do {
            return try await PostgresFolder.open(store, worker: worker, archiveFolder: URL(fileURLWithPath: warc ?? "data-\(worker)"),
                                                 options: options, reconnectSeconds: max(0, reconnectSeconds))
        } catch {
            FileHandle.standardError.write(Data("kabar-postgres: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The store's coalescing window (`PostgresFolder.Options.coalesceRecords`, `coalesceSeconds`).
struct CoalesceOptions: ParsableArguments {
    @Option(name: .customLong("coalesce-records"), help: "A coalescing window in front of each store call: a group waits for more stores until it holds this many records (at most 64) or --coalesce-ms passed (0: off, the default).")
    var coalesceRecords = 0

    @Option(name: .customLong("coalesce-ms"), help: "The coalescing window's longest wait, in milliseconds (what it adds to a page's store at most).")
    var coalesceMs = 0.0

    @Option(name: .customLong("stores-waiting"), help: "Fetched pages that may wait for their store call to commit while the next pages are fetched (worker and run; 0: a page keeps its fetch slot until stored).")
    var storesWaiting = 64

    var records: Int { max(0, coalesceRecords) }
    var seconds: Double { max(0, coalesceMs) / 1000 }
    /// On: a window of more than one record and some time.
    var isOn: Bool { records > 1 && seconds > 0 }
    /// The same options for a worker process.
    var arguments: [String] {
        (isOn ? ["--coalesce-records", "\(coalesceRecords)", "--coalesce-ms", "\(coalesceMs)"] : [])
            + (storesWaiting == 64 ? [] : ["--stores-waiting", "\(max(0, storesWaiting))"])
    }
}

enum Loading {
    /// Schedules from files and folders (a folder: every .yaml in it), their `extractor:`
    /// checked against `registry`. Every file is read and every problem reported (file:line:
    /// key: reason, as `kabar schedule` does), then exit status 2 if there was any: a worker
    /// stopped at the first bad file, so a folder with two was fixed one restart at a time.
    static func schedules(_ paths: [String], registry: ExtractorRegistry) throws -> [Schedule] {
        let loaded = ScheduleLoader(extractors: registry.ids).loadEach(paths: paths.map { URL(fileURLWithPath: $0) })
        guard loaded.errors.isEmpty else {
            for error in loaded.errors { FileHandle.standardError.write(Data("kabar-postgres: \(error.description)\n".utf8)) }
            let files = Set(loaded.errors.map(\.file)).count
            FileHandle.standardError.write(Data("kabar-postgres: \(counted(loaded.errors.count, "problem")) in \(counted(files, "file")); nothing was run\n".utf8))
            throw ExitCode(2)
        }
        return loaded.schedules
    }

    static func progress(quiet: Bool) -> @Sendable (Schedule) -> RunProgress {
        { schedule in RunProgress(name: schedule.name, mode: quiet ? .silent : RunProgress.automaticMode(), logger: Logger(label: "kabar.run")) }
    }
}
