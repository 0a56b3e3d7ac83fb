import ArgumentParser
import Foundation
import KabarCLI
import KabarConfig
import KabarCore
import KabarFetch
import KabarRun
import KabarStore

/// The options of `kabar check --live`.
struct LiveCheckOptions: ParsableArguments {
    @Flag(help: "Fetch the URLs given now and run the health rules on them (see below).")
    var live = false

    @Option(name: .customLong("site"), help: "With --live: read every page with this extractor instead of the one claiming its host.")
    var liveSite: String?

    @Option(name: .customLong("data"), help: "With --live: compare with the recent level of this data folder's runs too.")
    var liveData: String?

    @Option(name: .customLong("delay"), help: "With --live: minimum time between two requests to one host: seconds, or a duration such as 500ms or 2s (0 to 1h).")
    var delay = FlagSeconds(1)

    @Flag(name: .customLong("ignore-robots"), help: "With --live: do not fetch or obey robots.txt.")
    var ignoreRobots = false

    @Flag(name: .customLong("json"), help: "With --live: the report as one JSON object (as `health` in `kabar run --json`).")
    var json = false

    func validate(urls: [String]) throws {
        if urls.isEmpty { throw ValidationError("--live: give the URLs of pages to check") }
        for url in urls where URL(string: url)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            throw ValidationError("--live: not an http(s) URL: \(url)")
        }
        try FlagCheck.check("--delay", delay.seconds, NumberRange(0, 3600), unit: "s")
        if let liveData, !FileManager.default.fileExists(atPath: liveData) { throw ValidationError("--data: no such folder: \(liveData)") }
    }
}

extension CheckCommand {
    /// `--live`: fetch, extract, judge, print; exit 1 when a rule fails or a page could not be checked.
    func runLive() async throws {
        let registry = try plugins.registry()
        if let site = live.liveSite, registry.extractor(id: site) == nil {
            throw ValidationError("--site: unknown extractor '\(site)' (known: \(registry.ids.joined(separator: ", ")))")
        }
        var configuration = FetchConfiguration()
        configuration.perHostDelay = live.delay.seconds
        configuration.obeyRobots = !live.ignoreRobots
        var check = LiveHealthCheck(registry: registry, configuration: configuration)
        check.site = live.liveSite
        if let data = live.liveData {
            let root = URL(fileURLWithPath: data)
            check.history = { try FileStore.recentHealth(at: root, extractor: $0) }
        }
        let outcome = await check.run(targets.compactMap(URL.init(string:)))
        if live.json {
            var json = outcome.health.json
            json.removeLast()
            json += ",\"failures\":[\(outcome.failures.map(JSONWriter.quoted).joined(separator: ","))]}"
            CLIOutput.stdout.writeLine(json)
        } else {
            for line in outcome.health.lines { CLIOutput.stdout.writeLine(line) }
            for failure in outcome.failures { CLIOutput.stdout.writeLine("not checked: \(failure)") }
            let pages = outcome.health.extractors.map(\.pages).reduce(0, +)
            CLIOutput.stdout.writeLine("\(pages) of \(counted(targets.count, "page")) checked: "
                                       + (outcome.failed ? counted(outcome.health.warnings.count, "warning") : "healthy"))
        }
        CLIOutput.stdout.flush()
        if outcome.failed { throw ExitCode(1) }
    }
}
