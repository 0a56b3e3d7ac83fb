import ArgumentParser

struct NewExtractorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new-extractor", abstract: "(in progress)")
    func run() throws {}
}
