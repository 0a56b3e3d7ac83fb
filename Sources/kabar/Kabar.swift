import ArgumentParser
@main struct Kabar: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "kabar", subcommands: [FetchCommand.self, BenchCommand.self]) }
// Placeholder until the CLI lands on main, where `bench` has a file of its own: add
// BenchFetchCommand.self to its subcommands there.
struct BenchCommand: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "bench", subcommands: [BenchFetchCommand.self]) }
