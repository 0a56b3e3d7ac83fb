import ArgumentParser
import Foundation
import KabarCore
import KabarPlugins
import KabarTesting

struct SitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "List the site extractors: id, version, hosts, fixtures."
    )

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func run() throws {
        for extractor in BuiltinExtractors.all {
            let fixtures = fixtureCount(for: extractor.id)
            if json {
                var w = JSONWriter()
                w.objectStart()
                w.key("id"); w.string(extractor.id)
                w.key("version"); w.int(extractor.version)
                w.key("hosts"); w.strings(extractor.hosts)
                w.key("fixtures"); if let fixtures { w.int(fixtures) } else { w.null() }
                w.objectEnd()
                CLIOutput.stdout.writeLine(w.output)
            } else {
                let count = fixtures.map(String.init) ?? "-"
                let line = extractor.id.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + "v\(extractor.version)".padding(toLength: 5, withPad: " ", startingAt: 0)
                    + "fixtures: \(count)".padding(toLength: 14, withPad: " ", startingAt: 0)
                    + (extractor.hosts.isEmpty ? "(the fallback: any site no plugin claims)" : extractor.hosts.joined(separator: ", "))
                CLIOutput.stdout.writeLine(line)
            }
        }
        CLIOutput.stdout.flush()
    }

    /// Fixtures in the source tree (nil when kabar runs away from its sources).
    func fixtureCount(for id: String) -> Int? {
        let plugins = Corpus.packageRoot.appendingPathComponent("Plugins")
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: plugins.path),
              let folder = folders.first(where: { $0.lowercased() == id }) else { return nil }
        return Fixture.all(in: "Plugins/\(folder)").count
    }
}
