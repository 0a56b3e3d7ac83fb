import ArgumentParser
import Foundation
import KabarCLI
import KabarPlugins
import KabarRun
import Logging

/// `kabar schedule [DIR]`: every schedule on its timetable until SIGINT or SIGTERM.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run every schedule in a folder on its timetable, until SIGINT or SIGTERM.",
        discussion: """
        Every *.yaml file of the folder is read and validated first. A schedule never run \
        before runs at once; afterwards at its times (every: or cron:). A schedule whose time \
        passed while Kabar was not running runs once when it starts, not once per missed time \
        (the last start of each schedule is kept in the data folder). Two schedules of the same \
        site never run at once, and runs in one data folder take turns. SIGINT or SIGTERM lets \
        the pages in flight finish and be stored, then Kabar exits with status 0. Each run's \
        summary is printed to standard output as it ends.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "The folder of schedule files.")
    var folder: String = "Schedules"

    @Option(help: "The data folder for schedules without a data: key (default ./data).")
    var data: String = "data"

    @Flag(help: "Print each run's summary as one JSON object.")
    var json = false

    @Option(help: StoreOption.help)
    var store: String?

    mutating func validate() throws {
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    func run() async throws {
        let registry = try plugins.registry()
        let schedules: [Schedule]
        do {
            schedules = try ScheduleLoader(extractors: registry.ids).loadFolder(URL(fileURLWithPath: folder))
        } catch let error as ScheduleError {
            CLIOutput.error(error.description)
            throw ExitCode(2)
        }
        CLILogging.bootstrap()
        let logger = Logger(label: "kabar.schedule")
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop) { sig in
            logger.notice("signal \(sig): finishing the pages in flight, then exiting (again to quit now)")
        }
        let json = self.json
        let scheduler = Scheduler(schedules: schedules, registry: registry, defaultData: URL(fileURLWithPath: data),
                                  stop: stop, progressMode: .log(interval: 10), logger: logger) { result in
            FileHandle.standardOutput.write(Data(((json ? result.json : result.summary) + "\n").utf8))
        }
        do {
            try await scheduler.run()
        } catch {
            CLIOutput.error("\(error)")
            throw ExitCode(1)
        }
        withExtendedLifetime(trap) {}
        logger.info("stopped")
    }
}
