import ArgumentParser
import Foundation
import KabarCLI
import KabarFetch
import KabarPlugins
import KabarRun
import Logging
import KabarCore

/// `kabar schedule [PATH...]`: every schedule on its timetable until SIGINT or SIGTERM.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run schedules (files, or every file of folders) on their timetables, until SIGINT or SIGTERM.",
        discussion: """
        Every file given, and every *.yaml file of each folder given, is read and validated \
        first; the problems of all files are reported (file:line: key: reason) and those files \
        left out, and the others run (exit status 2 when none is valid, or a path is missing). \
        With no path, the folder Schedules is run, live sites included: Kabar says so and \
        lists them before starting. A schedule never run \
        before runs at once; afterwards at its times (every: or cron:). A schedule whose time \
        passed while Kabar was not running runs once when it starts, not once per missed time \
        (the last start of each schedule is kept in the data folder). Two schedules of the same \
        site never run at once, and runs in one data folder take turns. SIGINT or SIGTERM lets \
        the pages in flight finish and be stored, then Kabar exits with status 0. Each run's \
        summary is printed to standard output as it ends.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "Schedule files, or folders of them (default: Schedules, every site in it).")
    var paths: [String] = []

    @Option(help: "The data folder for schedules without a data: key.")
    var data: String = "data"

    @Flag(help: "Print each run's summary as one JSON object.")
    var json = false

    @Flag(help: "No progress or timetable lines on standard error (warnings and errors still), only each run's summary.")
    var quiet = false

    @Option(help: StoreOption.help)
    var store: String?

    @OptionGroup var metrics: MetricsOptions

    mutating func validate() throws {
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    func run() async throws {
        let registry = try plugins.registry()
        if paths.isEmpty, !FileManager.default.fileExists(atPath: "Schedules") {
            CLIOutput.error("no schedule given, and no folder Schedules here to run; give schedule files or folders, e.g. kabar schedule Schedules/local-test.yaml")
            throw ExitCode(ExitStatus.badInput)
        }
        let loaded = ScheduleLoader(extractors: registry.ids).loadEach(paths: (paths.isEmpty ? ["Schedules"] : paths).map { URL(fileURLWithPath: $0) })
        // A bad file is reported and left out; the other schedules still run.
        for e in loaded.errors { CLIOutput.error("\(e.description) (this schedule does not run)") }
        guard !loaded.schedules.isEmpty else {
            CLIOutput.error(loaded.errors.count > 1 ? "\(loaded.errors.count) problems; nothing was run" : "no schedule to run")
            throw ExitCode(2)
        }
        if !loaded.errors.isEmpty {
            CLIOutput.error("\(counted(loaded.errors.count, "problem")); the other \(counted(loaded.schedules.count, "schedule")) run")
        }
        let schedules = loaded.schedules
        if paths.isEmpty {
            // The default folder holds the live sites' schedules too: say what will be fetched.
            CLIOutput.note("kabar schedule: no schedule given, so every schedule in Schedules/ runs, live sites included:")
            for s in schedules {
                let hosts = Set(s.sources.compactMap { $0.url.host }).sorted()
                CLIOutput.note("  \(s.name) (\(s.timetable.map(\.description) ?? "no timetable")): \(hosts.joined(separator: ", "))")
            }
            CLIOutput.note("Give files or folders to run only those, e.g. kabar schedule Schedules/local-test.yaml")
        }
        CLILogging.bootstrap(level: quiet ? .warning : .info)
        let logger = Logger(label: "kabar.schedule")
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop) { sig in
            logger.notice("signal \(sig): finishing the pages in flight, then exiting (again to quit now)")
        }
        let json = self.json
        let endpoint = try metrics.start()
        defer { endpoint?.stop() }
        let scheduler = Scheduler(schedules: schedules, registry: registry, defaultData: URL(fileURLWithPath: data),
                                  stop: stop, progressMode: .log(interval: 10), logger: logger) { result in
            FileHandle.standardOutput.write(Data(((json ? result.json : result.report) + "\n").utf8))
        }
        // A run that fails on a full disk or a damaged index says what to do, as `kabar run` does.
        scheduler.describeFailure = { error, folder in "\(error)" + CLIOutput.storeFailureAdvice(error, folder: folder.relativePath) }
        do {
            try await scheduler.run()
        } catch let error as NSError where error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain {
            // A data folder that cannot be made: named with the reason, as `kabar run` does.
            throw CLIOutput.folderFailure(error.userInfo[NSFilePathErrorKey] as? String ?? data, error)
        } catch {
            CLIOutput.error("\(error)")
            throw ExitCode(1)
        }
        withExtendedLifetime(trap) {}
        logger.info("stopped")
    }
}
