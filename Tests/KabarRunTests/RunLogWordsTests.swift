import Foundation
import KabarCore
import KabarPlugins
@testable import KabarRun
import KabarTesting
import Logging
import Testing

/// What a run's log and summary say, read as its user reads them: the summary's "already
/// stored" counts what discovery's line calls so, and a failed page's line names its URL once.
@Suite(.serialized)
struct RunLogWordsTests {
    typealias Lines = DiscoveryProgressTests.Lines

    static func run(_ schedule: Schedule, folder: DataFolder, discover: Bool = true) async throws -> (RunResult, [String]) {
        let lines = Lines()
        let progress = RunProgress(name: schedule.name, mode: .log(interval: 60),
                                   logger: Logger(label: "test") { _ in DiscoveryProgressTests.Keeping(lines: lines) })
        var loop = RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder, progress: progress)
        loop.discover = discover
        let result = try await loop.run()
        try await folder.close()
        return (result, lines.all)
    }

    /// A second run of the sample site: discovery says "6 already stored" and the summary said
    /// "already stored 0" (it counted only the queued entries dropped as stored). Now both say
    /// 6, and `--json`'s "already_stored"; entries dropped from the queue as stored count too.
    @Test func theSummarysAlreadyStoredIsDiscoverysAndTheQueuesDrops() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-already-stored")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try EndToEndTests.schedule(site)
        let first = try await EndToEndTests.run(schedule, data: data)
        #expect(first.counters.stored == LocalTestSite.articleCount, "\(first.summary)")

        let (second, lines) = try await Self.run(schedule, folder: try DataFolder(url: data))
        let discovery = try #require(lines.first { $0.contains("discovery: ") && $0.contains(" already stored") }, "\(lines)")
        let said = try #require(discovery.components(separatedBy: " already stored").first?.split(separator: " ").last.flatMap { Int($0) }, "\(discovery)")
        #expect(said == LocalTestSite.articleCount, "\(discovery)")
        #expect(second.summary.contains(", already stored \(said), left 0"), "\(second.summary)")
        #expect(second.json.contains("\"already_stored\":\(said),"), "\(second.json)")
        #expect(second.counters.fetched == 0, "\(second.summary)")

        // The stored articles queued again (a run killed before its completions were recorded):
        // dropped unfetched, and counted as already stored too.
        let folder = try DataFolder(url: data)
        let records = try EndToEndTests.records(data)
        try await folder.enqueue(records.map { FrontierEntry(url: $0.url, id: Hash64.hex(Hash64.of($0.url)), host: URL(string: $0.url)?.host ?? "",
                                                             priority: 1, modified: nil) }, schedule: schedule.name)
        let (queued, _) = try await Self.run(schedule, folder: folder, discover: false)
        #expect(queued.counters.skipped == records.count && queued.summary.contains(", already stored \(records.count), left 0"), "\(queued.summary)")
        #expect(queued.json.contains("\"skipped\":\(records.count),\"already_stored\":\(records.count),"), "\(queued.json)")
    }
}
