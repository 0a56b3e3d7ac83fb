import ArgumentParser
import Foundation
import KabarCLI
import KabarRun
import KabarSampleSites
import Logging

/// `kabar demo`: the main job on the sample site, start to end, in one process.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The main job on the repo's sample site, start to end: serve it, run its schedule into the store, show the stats, stop.",
        discussion: """
        Serves the sample news site (as kabar test-site) on 127.0.0.1:8089, or a free port when \
        that one is taken (--port), runs the \
        schedule Schedules/local-test.yaml describes against it (the same name, sources, \
        limits and mirrors, at that port) into the data folder, prints the run's summary and \
        what the store holds (kabar stats), then stops the site. Nothing is fetched from the \
        internet, and no other process has to be started first or still be running. Run it \
        again and it stores nothing new. The site's pages are read from the plugins folder \
        (--plugins, else $KABAR_PLUGINS, else ./Plugins: run it in the repository's folder). \
        The exit status is 1 when the run failed.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "The data folder.")
    var data: String = "data"

    @Option(help: "The port on 127.0.0.1 (0: a free one); when it is taken, a free one is used.")
    var port: UInt16 = 8089

    @Flag(help: "No progress on standard error, only the summary and the stats.")
    var quiet = false

    func run() async throws {
        let registry = try plugins.registry()
        // The sample site's pages first: none there (kabar run in another folder) stops here,
        // before a data folder is made.
        let pages = TestSiteCommand.pagesFolder(plugins)
        let site: LocalTestSite
        do {
            site = try (try? LocalTestSite(port: port, pluginsFolder: pages)) ?? LocalTestSite(pluginsFolder: pages)
        } catch let missing as LocalTestSite.MissingPage {
            CLIOutput.error(missing.description)
            throw ExitCode(ExitStatus.badInput)
        } catch {
            CLIOutput.error("cannot serve the sample site on 127.0.0.1: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        defer { site.stop() }
        // Then the data folder: one another process writes to stops here, before the run.
        CLILogging.bootstrap()
        let folder: DataFolder
        do {
            folder = try DataFolder(url: URL(fileURLWithPath: data))
        } catch {
            throw CLIOutput.folderFailure(data, error)
        }
        let schedule: Schedule
        do {
            schedule = try ScheduleLoader(extractors: registry.ids).parse(site.scheduleYAML(name: "local-test"), file: "local-test (kabar demo)")
        } catch {
            CLIOutput.error("\(error)")
            try? await folder.close()
            throw ExitCode(ExitStatus.failed)
        }
        if !quiet { CLIOutput.note("kabar demo: serving the sample site at \(site.base); running local-test into \(data)") }
        let result = try await RunCommand.runOnce(schedule, registry: registry, folder: folder, quiet: quiet, label: "kabar.demo")
        print(result.report)
        print("")
        try StatsCommand.parse(["--data", data]).run()
        if result.failedAsAWhole { throw ExitCode(ExitStatus.failed) }
    }
}
