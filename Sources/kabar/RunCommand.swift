import ArgumentParser
import Foundation
import KabarFetch
import KabarConfig
import KabarCLI
import KabarCore
import KabarPlugins
import KabarRun
import Logging

/// `kabar run FILE`: one pass of a schedule now.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One pass of a schedule now: discover, fetch, extract, deduplicate, store.",
        discussion: """
        Reads and validates the schedule (every problem named with its file, line and key), discovers \
        article links in its feeds, sitemaps and listing pages, queues the new ones in the data \
        folder's frontier (frontier.sqlite), fetches them politely and stores the records \
        (records/, index.sqlite). Progress goes to standard error: a status line on a terminal, \
        log lines otherwise; the summary goes to standard output. SIGINT or SIGTERM lets the \
        pages in flight finish and keeps the rest queued for the next run. Exit status: 0 when \
        the summary says ok or stopped; 1 when it says FAILED, the run failed as a whole: no \
        source readable and nothing queued, or pages tried and not one fetched because of \
        fetch errors or pages no extractor could read (a run whose pages were only skipped, \
        e.g. not HTML, gone or disallowed, is ok); 2 for an invalid schedule. Single failed \
        pages are counted, not fatal: each is logged as \
        "retry later: ..." (it stays queued for later runs) or "skipped: ..." (off the queue; \
        fetched again when a source still lists it after the schedule's retry_skipped_after, \
        7d unless set, or at once with refresh: true), and listed with its outcome, kind and reason in --json's "failures". Requests go \
        only to the schedule's hosts (sources, mirrors, the extractor's, allow_hosts), over \
        http(s), never to local addresses unless allow_local; passwords are never printed.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "The schedule file (YAML).")
    var file: String

    @Option(help: "The data folder (default: the schedule's data:, else ./data).")
    var data: String?

    @Option(name: .customLong("max-pages"), help: "Fetch at most this many articles (overrides the schedule's limits.max_pages).")
    var maxPages: Int?

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "No progress on standard error, only the summary.")
    var quiet = false

    @Option(help: StoreOption.help)
    var store: String?

    mutating func validate() throws {
        try FlagCheck.check("--max-pages", maxPages, NumberRange(1, Double(Int32.max)))
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    func run() async throws {
        let registry = try plugins.registry()
        var schedule: Schedule
        do {
            schedule = try ScheduleLoader(extractors: registry.ids).load(file: URL(fileURLWithPath: file))
        } catch let error as ScheduleError {
            CLIOutput.error(error.description)
            throw ExitCode(2)
        } catch let errors as ScheduleErrors {
            for error in errors.errors { CLIOutput.error(error.description) }
            throw ExitCode(2)
        }
        if let maxPages {
            guard maxPages >= 1 else { throw ValidationError("--max-pages must be at least 1") }
            schedule.limits.maxPages = maxPages
        }
        CLILogging.bootstrap()
        let folderURL = URL(fileURLWithPath: data ?? schedule.data ?? "data")
        let folder: DataFolder
        do {
            folder = try DataFolder(url: folderURL)
        } catch {
            throw CLIOutput.folderFailure(folderURL.relativePath, error)
        }
        let result = try await Self.runOnce(schedule, registry: registry, folder: folder, quiet: quiet, label: "kabar.run")
        print(json ? result.json : result.report)
        if result.failedAsAWhole {
            if let hint = result.hint(schedule, stats: "kabar stats --data \(folderURL.relativePath)") { CLIOutput.note(hint) }
            throw ExitCode(ExitStatus.failed)
        }
    }
}

extension RunCommand {
    /// One pass of `schedule` into `folder` (closed after), stopped gently by SIGINT/SIGTERM,
    /// progress on stderr unless `quiet`: `kabar run` and `kabar demo`. A run that cannot go on
    /// (the store fails) is an error naming the schedule, exit status 1.
    static func runOnce(_ schedule: Schedule, registry: ExtractorRegistry, folder: DataFolder, quiet: Bool, label: String) async throws -> RunResult {
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop) { _ in CLIOutput.note("kabar: stopping: finishing the pages in flight (again to quit now)") }
        defer { withExtendedLifetime(trap) {} }
        let progress = RunProgress(name: schedule.name, mode: quiet ? .silent : RunProgress.automaticMode(), logger: Logger(label: label))
        do {
            let result = try await RunLoop(schedule: schedule, registry: registry, folder: folder, progress: progress, stop: stop).run()
            try await folder.close()
            return result
        } catch {
            try? await folder.close()
            CLIOutput.error("\(schedule.name): \(error)" + CLIOutput.storeFailureAdvice(error, folder: folder.url.relativePath))
            throw ExitCode(ExitStatus.failed)
        }
    }
}
