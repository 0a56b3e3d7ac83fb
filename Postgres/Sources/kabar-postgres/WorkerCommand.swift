import ArgumentParser
import Foundation
import KabarCLI
import KabarPostgres
import KabarPlugins
import KabarRun
import KabarCore

/// `kabar-postgres worker`: runs schedules with other workers until SIGINT/SIGTERM.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Work with other workers on the schedules until stopped (SIGINT/SIGTERM).",
        discussion: """
        A due schedule's run (discovery, then its queue) is taken by whichever worker gets its \
        advisory lock, so it never runs twice at once; every worker fetches from the shared \
        frontier through leases (FOR UPDATE SKIP LOCKED), a host's next request time kept in \
        the database across workers. A killed worker's leases expire after --lease-seconds and \
        another worker fetches those URLs. Default schedules: the Schedules folder.
        """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var plugins: PluginOptions

    @Argument(help: "Schedule files or folders of them.")
    var schedules: [String] = []

    @Flag(help: "Print each pass's summary as one JSON object (as kabar schedule --json).")
    var json = false

    @Flag(help: "No progress on standard error, only summaries.")
    var quiet = false

    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let registry = try plugins.registry()
        let list = try Loading.schedules(schedules.isEmpty ? ["Schedules"] : schedules, registry: registry)
        CLILogging.bootstrap()
        let endpoint = try metrics.start()
        defer { endpoint?.stop() }
        let folder = try await store.open()
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop) { _ in FileHandle.standardError.write(Data("kabar-postgres: stopping: finishing the pages in flight\n".utf8)) }
        var worker = Worker(folder: folder, registry: registry, stop: stop, progress: Loading.progress(quiet: quiet))
        worker.storesWaiting = max(0, store.coalesce.storesWaiting)
        FileHandle.standardError.write(Data("kabar-postgres: worker \(store.worker) on \(folder.database.url.redacted): \(list.map(\.name).joined(separator: ", "))\n".utf8))
        do {
            // Each summary written as its pass ends: print's buffer held them back while the
            // worker ran when standard output was a file or a pipe (a log).
            try await worker.serve(list, json: json) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        } catch {
            FileHandle.standardError.write(Data("kabar-postgres: \(error)\n".utf8))
            await folder.close()
            throw ExitCode(1)
        }
        withExtendedLifetime(trap) {}
        await folder.close()
    }
}

/// `kabar-postgres schedule [PATH...]`: `worker` over schedule files and folders (as `kabar
/// schedule`, whose command line `kabar schedule --store postgres://...` hands over: it took
/// one folder only, so `kabar schedule --store ... a.yaml b.yaml` failed on its second file).
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "The schedules of the files and folders given on their timetables, as one worker of the database (same as worker PATH...)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var plugins: PluginOptions

    @Argument(help: "Schedule files or folders of them (default: Schedules).")
    var paths: [String] = []

    @Flag(help: "Print each pass's summary as one JSON object (as kabar schedule --json).")
    var json = false

    @Flag(help: "No progress on standard error, only summaries.")
    var quiet = false

    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        var w = WorkerCommand()
        w.json = json
        w.store = store
        w.plugins = plugins
        w.schedules = paths
        w.quiet = quiet
        w.metrics = metrics
        try await w.run()
    }
}

/// `kabar-postgres run FILE`: one pass of a schedule, with other workers.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One pass of a schedule now, sharing its queue with other workers; ends when its queue is empty.",
        discussion: """
        Takes the schedule's advisory lock and runs discovery; when another worker holds it, \
        helps with the queue instead. URLs leased by a worker that died are fetched once their \
        lease expires. The summary goes to standard output. Exit status, as kabar run's: 0 when \
        the summary says ok or stopped; 1 when it says FAILED (no source readable and nothing \
        queued, or pages tried and not one fetched because of fetch errors or pages no \
        extractor could read; pages only skipped, e.g. not HTML, gone or disallowed, are ok); \
        2 for an invalid schedule. A failed run prints kabar run's hint on standard error: the \
        first problem, and the stats command that lists the failed URLs.
        """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var plugins: PluginOptions

    @Argument(help: "The schedule file (YAML).")
    var file: String

    @Option(name: .customLong("max-pages"), help: "Fetch at most this many articles.")
    var maxPages: Int?

    @Option(name: .customLong("lease-batch"), help: "URLs leased at a time.")
    var leaseBatch: Int = 32

    @Flag(name: .customLong("no-discovery"), help: "Only work off the queue (no discovery).")
    var noDiscovery = false

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "No progress on standard error, only the summary.")
    var quiet = false

    func run() async throws {
        let registry = try plugins.registry()
        var schedule = try Loading.schedules([file], registry: registry)[0]
        if let maxPages {
            guard maxPages >= 1 else { throw ValidationError("--max-pages must be at least 1") }
            schedule.limits.maxPages = maxPages
        }
        CLILogging.bootstrap()
        let folder = try await store.open()
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop) { _ in FileHandle.standardError.write(Data("kabar-postgres: stopping: finishing the pages in flight\n".utf8)) }
        var worker = Worker(folder: folder, registry: registry, stop: stop, progress: Loading.progress(quiet: quiet))
        worker.leaseBatch = max(1, leaseBatch)
        worker.storesWaiting = max(0, store.coalesce.storesWaiting)
        let result: RunResult
        do {
            result = try await worker.pass(schedule, discover: !noDiscovery).0
        } catch {
            FileHandle.standardError.write(Data("kabar-postgres: \(schedule.name): \(error)\n".utf8))
            await folder.close()
            throw ExitCode(1)
        }
        withExtendedLifetime(trap) {}
        let trips = folder.database.roundTrips, database = folder.database.url.redacted
        let groups = await folder.storeGroups
        let stale = await folder.staleRefused
        await folder.close()
        // The revisions with the same text, other fields changed: in the summary (`revised_fields`).
        print(json ? String(result.json.dropLast()) + ",\"round_trips\":\(trips),\"store_calls\":\(groups.calls),\"store_call_records\":\(groups.records),\"stale\":\(stale)}"
                   : ([result.summary + "; \(counted(trips, "database round trip")), \(counted(groups.records, "record")) in \(counted(groups.calls, "store call"))"
                       + (stale > 0 ? "; \(counted(stale, "page")) whose lease another worker took over refused as stale" : "")]
                      + (result.health?.lines ?? [])).joined(separator: "\n"))
        if result.failedAsAWhole, !noDiscovery {
            // As kabar run's: the first problem, and where the failed URLs are listed.
            if let hint = result.hint(schedule, stats: "kabar stats --store \(database)") {
                FileHandle.standardError.write(Data((hint + "\n").utf8))
            }
            throw ExitCode(1)
        }
    }
}
