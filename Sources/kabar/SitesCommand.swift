import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarDeclarative
import KabarFixtures
import KabarPlugins
import KabarRun

struct SitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "List the site extractors: id, version, hosts, fixtures, and where each is defined.",
        discussion: """
        Swift plugins are compiled in; declarative ones are read at start-up from the plugins \
        folder (--plugins, else $KABAR_PLUGINS, else ./Plugins): one <id>.yaml each.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func run() throws {
        let catalog = try plugins.catalog()
        var rows: [[String]] = []
        for extractor in catalog.all {
            let (fixtures, broken) = fixtureCount(for: extractor, catalog: catalog)
            for problem in broken { CLIOutput.error("warning: \(problem) (fixture not counted)") }
            if json {
                var w = JSONWriter()
                w.objectStart()
                w.key("id"); w.string(extractor.id)
                w.key("version"); w.int(extractor.version)
                w.key("hosts"); w.strings(extractor.hosts)
                w.key("fixtures"); if let fixtures { w.int(fixtures) } else { w.null() }
                if !broken.isEmpty { w.key("broken_fixtures"); w.strings(broken.map(\.description)) }
                w.key("kind"); w.string(extractor is DeclarativeExtractor ? "declarative" : "swift")
                if let d = extractor as? DeclarativeExtractor { w.key("file"); w.string(d.spec.file) }
                w.objectEnd()
                CLIOutput.stdout.writeLine(w.output)
            } else {
                rows.append([extractor.id, "v\(extractor.version)", (fixtures.map(String.init) ?? "-") + (broken.isEmpty ? "" : " +\(broken.count) broken"),
                             extractor.hosts.isEmpty ? "(the fallback: any site no plugin claims)" : extractor.hosts.joined(separator: ", "),
                             (extractor as? DeclarativeExtractor)?.spec.file ?? "swift"])
            }
        }
        if !json {
            // Columns as wide as their widest cell: a long id never runs into the version.
            for line in TextTable.lines(["id", "version", "fixtures", "hosts", "defined in"], rows, left: [0, 1, 3, 4]) {
                CLIOutput.stdout.writeLine(String(line.reversed().drop(while: { $0 == " " }).reversed()))
            }
        }
        CLIOutput.stdout.flush()
    }

    /// The readable fixtures of the extractor's folder (nil when it has none, e.g. kabar runs
    /// away from its sources) and those that cannot be read, each naming its file: a broken
    /// one no longer hides the count of the others.
    func fixtureCount(for extractor: any Extractor, catalog: PluginCatalog) -> (count: Int?, broken: [FixtureError]) {
        guard let folder = PluginFixtures.folder(for: extractor, catalog: catalog) else { return (nil, []) }
        let read = Fixture.split(Fixture.loadEach(folder: folder))
        return (read.fixtures.count, read.broken)
    }
}
