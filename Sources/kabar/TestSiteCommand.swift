import ArgumentParser
import Foundation
import KabarCLI
import KabarFixtures
import KabarPlugins
import KabarRun
import KabarSampleSites

/// `kabar test-site`: the repo's sample news site on 127.0.0.1, for `Schedules/local-test.yaml`.
struct TestSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-site",
        abstract: "Serve the sample news site (the fixture pages, a feed, a sitemap index, robots.txt) on 127.0.0.1.",
        discussion: """
        The constructed Tempo and SINDOnews fixture pages under Plugins/*/Fixtures, each at \
        /<host>/<path> of its real URL, with /feed.xml (RSS), /sitemap.xml (an index of a plain \
        sitemap and a gzip news sitemap), /www.tempo.co/indeks (a listing) and /robots.txt. \
        Schedules/local-test.yaml crawls it at port 8089. Serves until SIGINT or SIGTERM, or \
        for --seconds. The pages are read from the plugins folder (--plugins, else \
        $KABAR_PLUGINS, else ./Plugins: run it in the repository's folder).
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "The port on 127.0.0.1.")
    var port: UInt16 = 8089

    @Option(help: "Stop after this many seconds (default: until SIGINT or SIGTERM).")
    var seconds: Double?

    func run() async throws {
        let site: LocalTestSite
        do {
            site = try LocalTestSite(port: port, pluginsFolder: Self.pagesFolder(plugins))
        } catch let missing as LocalTestSite.MissingPage {
            CLIOutput.error(missing.description)
            throw ExitCode(ExitStatus.badInput)
        } catch LoopbackServerError.socket(let code) where code == EADDRINUSE {
            CLIOutput.error("--port \(port): 127.0.0.1:\(port) is in use (another kabar test-site or demo?); stop it, or give another --port "
                + "and use that port in the schedule (Schedules/local-test.yaml fetches from 8089)")
            throw ExitCode(1)
        } catch LoopbackServerError.socket(let code) {
            CLIOutput.error("--port \(port): cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(code)).lowercased())")
            throw ExitCode(1)
        } catch {
            CLIOutput.error("--port \(port): cannot listen on 127.0.0.1:\(port): \(error)")
            throw ExitCode(1)
        }
        CLIOutput.note("serving the sample site at \(site.base) (feed \(site.base)/feed.xml, sitemap \(site.base)/sitemap.xml)")
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop)
        await stop.sleep(seconds ?? 365 * 86400)
        withExtendedLifetime(trap) {}
        site.stop()
    }

    /// Where the sample site's pages are: the plugins folder (`--plugins`, `$KABAR_PLUGINS`,
    /// `./Plugins`), never the source tree's path compiled in.
    static func pagesFolder(_ plugins: PluginOptions) -> URL {
        PluginCatalog.folder(explicit: plugins.folder) ?? Corpus.workingFolder.appendingPathComponent("Plugins")
    }
}
