import ArgumentParser
@main struct Kabar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kabar",
        subcommands: [ExtractCommand.self, StatsCommand.self, BenchCommand.self]
    )
}
