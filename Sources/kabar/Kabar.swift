import ArgumentParser

@main
struct Kabar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kabar",
        abstract: "Ingest news: fetch pages, extract clean article records, store them deduplicated.",
        discussion: """
        Site extractors: Tempo and SINDOnews, declarative ones read at start-up from Plugins/*.yaml \
        (or --plugins DIR, $KABAR_PLUGINS; see docs/ADDING-A-SITE.md and `kabar new-extractor`), \
        and a generic extractor for every other site (see `kabar sites`, `kabar check`). Records are JSON Lines, one article per line (see docs/ARCHITECTURE.md \
        for the fields). The main job: `kabar run Schedules/NAME.yaml`, or `kabar schedule`.
        """,
        version: KabarVersion.string,
        subcommands: [RunCommand.self, ScheduleCommand.self, ExtractCommand.self, ReextractCommand.self, FetchCommand.self, StatsCommand.self, RebuildIndexCommand.self, WorkerCommand.self, SitesCommand.self, CheckCommand.self, ParseCommand.self, NewExtractorCommand.self, EvalCommand.self, TestSiteCommand.self, BenchCommand.self]
    )

    /// `--store postgres://...` hands the command line to kabar-postgres before parsing.
    static func main() async {
        StoreOption.handOffIfPostgres()
        await main(nil)
    }
}

enum KabarVersion {
    static let string = "0.1.0"
}
