import ArgumentParser
import Foundation
import KabarArchive
import KabarCore
import KabarFixtures
import KabarRun

/// The WARC archive's compression options on the same pages, in one run: MB/s of input
/// compressed and the size ratio, for zlib, libdeflate and ISA-L at several levels.
struct BenchArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "MB/s and size ratio of the WARC archive's gzip options (zlib, libdeflate, isal; several levels) on saved pages.",
        discussion: """
        Each page is compressed as one gzip member, as the archive writes a response record. \
        Options run in alternating rounds (median kept) so that machine noise hits all alike, \
        timed by the thread's CPU time; \
        every member is inflated again and compared with its input once. By default the pages \
        are the plugins' fixture pages (and the corpus pages they name, where present); a \
        fixture that cannot be read is named on standard error and left out.
        """
    )

    @Option(help: "A folder of saved .html pages to use instead of the fixtures.")
    var pages: String?

    @Option(help: "Rounds per option (alternating).")
    var rounds: Int = 5

    @Option(help: "Minimum seconds per option per round.")
    var seconds: Double = 0.3

    @Option(help: "The options to compare, as codec:level, comma-separated.")
    var options: String = "zlib:1,zlib:3,zlib:6,zlib:9,libdeflate:1,libdeflate:3,libdeflate:6,libdeflate:9,libdeflate:12,isal:0,isal:1,isal:2,isal:3"

    @Flag(help: "Print the result as one JSON object per option.")
    var json = false

    func run() throws {
        let choices = try parseOptions()
        let samples = try loadPages()
        guard !samples.isEmpty else { throw ValidationError("no pages to benchmark") }
        let bytes = samples.reduce(0) { $0 + $1.count }
        var sizes: [Int] = []
        for choice in choices {
            var total = 0
            for page in samples {
                let member = try choice.member(page)
                guard try GzipCodec.inflate(member) == page else {
                    throw ValidationError("\(choice) did not round-trip a page of \(page.count) bytes")
                }
                total += member.count
            }
            sizes.append(total)
        }
        var rates = [[Double]](repeating: [], count: choices.count)
        for _ in 0..<max(rounds, 1) {
            for (i, choice) in choices.enumerated() {
                rates[i].append(try measure(samples, bytes: bytes) { _ = try choice.member($0) })
            }
        }
        let medians = rates.map { $0.sorted()[$0.count / 2] }
        let base = choices.firstIndex(of: ArchiveCompression(codec: .zlib, level: 6))
        if json {
            for (i, choice) in choices.enumerated() {
                print(try BenchJSON.line(Figures(codec: choice.codec.rawValue, level: choice.level, pages: samples.count, bytes: bytes,
                                                 mb_per_s: BenchJSON.rounded(medians[i], 1),
                                                 ratio: BenchJSON.rounded(Double(sizes[i]) / Double(bytes), 4),
                                                 default: choice == .default)))
            }
            return
        }
        print("kabar bench archive: \(samples.count) pages, \(bytes / 1024) KB, one gzip member per page, \(rounds) alternating rounds (median; MB of input per CPU second)")
        print("  option           MB/s in   ms/page   size/input   speed vs zlib 6   size vs zlib 6")
        for (i, choice) in choices.enumerated() {
            let speed = base.map { String(format: "%13.2fx", medians[i] / medians[$0]) } ?? String(repeating: " ", count: 14)
            let size = base.map { String(format: "%14.3fx", Double(sizes[i]) / Double(sizes[$0])) } ?? ""
            let mark = choice == .default ? "  (default)" : ""
            let name = "\(choice.codec.rawValue) \(choice.level)"
            print("  " + name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: " %8.1f   %7.3f   %10.4f", medians[i], Double(bytes) / Double(samples.count) / 1000 / medians[i],
                           Double(sizes[i]) / Double(bytes)) + "   " + speed + "   " + size + mark)
        }
    }

    func parseOptions() throws -> [ArchiveCompression] {
        try options.split(separator: ",").map { item in
            let parts = item.split(separator: ":")
            guard parts.count == 2, let codec = ArchiveCompression.Codec(rawValue: String(parts[0]).trimmingCharacters(in: .whitespaces)),
                  let level = Int(parts[1]), codec.levels.contains(level) else {
                throw ValidationError("--options: expected codec:level (zlib:0-9, libdeflate:0-12, isal:0-3), got \"\(item)\"")
            }
            return ArchiveCompression(codec: codec, level: level)
        }
    }

    /// Input MB per second of the thread's CPU time of `body` over all pages, repeated for at
    /// least `seconds` of it.
    func measure(_ samples: [Data], bytes: Int, _ body: (Data) throws -> Void) throws -> Double {
        var done = 0
        let start = CPUClock.thread()
        var elapsed: Double = 0
        repeat {
            for s in samples { try body(s) }
            done += bytes
            elapsed = CPUClock.thread() - start
        } while elapsed < seconds
        return Double(done) / elapsed / 1_000_000
    }

    func loadPages() throws -> [Data] { try Self.pages(pages) }

    /// A fixture that cannot be read: named on standard error, and the benchmark goes on with
    /// the others (it used to stop the program).
    static func skipBroken(_ error: FixtureError) {
        CLIOutput.error("warning: \(error) (fixture skipped)")
    }

    /// The pages of a folder, or the plugins' fixture pages (and the corpus pages they name,
    /// where present) when nil.
    static func pages(_ pages: String?) throws -> [Data] {
        if let pages {
            let (files, problems) = InputFiles.expand([pages])
            if let problem = problems.first { throw ValidationError(problem.description) }
            return try files.map { try SavedPage.read($0) }
        }
        return try Fixture.availablePages(broken: BenchArchiveCommand.skipBroken).map { try Data(contentsOf: $0.pageFile) }
    }

    /// One `--json` line.
    struct Figures: Encodable {
        var codec: String
        var level: Int
        var pages: Int
        var bytes: Int
        var mb_per_s: Double
        var ratio: Double
        var `default`: Bool
    }
}
