import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Local benchmarks, each against a baseline measured in the same run.",
        discussion: "Build with `swift build -c release` first: debug builds are several times slower.",
        subcommands: [BenchExtractCommand.self, BenchArchiveCommand.self, BenchParseCommand.self, BenchFetchCommand.self, BenchStoreCommand.self, BenchReextractCommand.self, BenchSoakCommand.self]
    )
}
