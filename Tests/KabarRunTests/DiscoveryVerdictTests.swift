import Foundation
import KabarCore
import KabarFetch
import KabarPlugins
import KabarTesting
import Testing
@testable import KabarRun

/// Discovery judges its links (mirror, the plugin's `isArticle`, age, canonical form, host
/// policy, id) in chunks on all cores: the verdicts, the report's counts and examples and the
/// entries queued are those of judging the links one by one in order (constructed links).
@Suite struct DiscoveryVerdictTests {
    /// 5 kinds of link in turn, over several chunks: not an article, too old, a mirror to a
    /// local address the fetcher does not allow (refused), an article, an article repeated.
    static func links(_ count: Int) -> [DiscoveredLink] {
        let old = Date(timeIntervalSince1970: 946_684_800)
        return (0..<count).map { i -> DiscoveredLink in
            switch i % 5 {
            case 0: return DiscoveredLink(url: URL(string: "https://metro.tempo.co/tag/t\(i)")!)
            case 1: return DiscoveredLink(url: URL(string: "https://metro.tempo.co/read/\(1_000_000 + i)/old-\(i)")!, published: old)
            case 2: return DiscoveredLink(url: URL(string: "https://nasional.tempo.co/read/\(1_000_000 + i)/local-\(i)")!)
            case 3: return DiscoveredLink(url: URL(string: "https://metro.tempo.co/read/\(1_000_000 + i)/new-\(i)")!)
            default: return DiscoveredLink(url: URL(string: "https://metro.tempo.co/read/\(1_000_000 + i - 1)/new-\(i - 1)")!)
            }
        }
    }

    @Test func chunkedVerdictsAreThoseOfOneByOne() async throws {
        let yaml = """
            name: verdicts
            extractor: tempo
            sources:
              - sitemap: https://metro.tempo.co/sitemap.xml
            every: 1h
            limits: { max_age: 30d }
            allow_local: true
            mirrors:
              "https://nasional.tempo.co": "http://127.0.0.1:9/nasional"
            """
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(yaml, file: "verdicts.yaml")
        let extractors = try #require(ExtractorChoice(id: schedule.extractor, registry: BuiltinExtractors.registry))
        let data = try Executables.temporaryFolder("discovery-verdicts")
        defer { try? FileManager.default.removeItem(at: data) }
        let folder = try DataFolder(url: data)
        // The schedule allows its local mirror; the fetcher here does not, so its links are refused.
        var configuration = schedule.politeness.fetchConfiguration
        configuration.hostPolicy = HostPolicy(allowedHosts: schedule.allowedHosts(claimed: extractors.claimedHosts), allowLocal: false)
        let discovery = Discovery(schedule: schedule, extractors: extractors, fetcher: Fetcher(configuration: configuration),
                                  folder: folder, log: { _ in })
        let count = Discovery.verdictChunk * 3 + 7
        let links = Self.links(count)
        let cutoff = Date().addingTimeInterval(-30 * 86_400)

        let chunked = await discovery.verdicts(links, cutoff: cutoff)
        let oneByOne = links.map { discovery.verdict($0, cutoff: cutoff) }
        #expect(chunked.count == count)
        #expect(chunked == oneByOne)

        var report = Discovery.Report()
        let entries = try await discovery.select(links, cutoff: cutoff, report: &report)
        let fifth = (0..<count).filter { $0 % 5 == 3 }.count
        #expect(report.notArticles == (0..<count).filter { $0 % 5 == 0 }.count)
        #expect(report.tooOld == (0..<count).filter { $0 % 5 == 1 }.count)
        #expect(report.local == (0..<count).filter { $0 % 5 == 2 }.count && report.offsite == 0)
        #expect(report.refusedExamples.count == 3)
        for (n, example) in report.refusedExamples.enumerated() {
            #expect(example.contains("local-\(2 + 5 * n)"), "example \(n) is the \(n + 1)th refused link in order: \(example)")
        }
        #expect(report.repeated == (0..<count).filter { $0 % 5 == 4 }.count)
        #expect(entries.count == fifth)
        #expect(Set(entries.map(\.url)) == Set((0..<count).filter { $0 % 5 == 3 }.map { "https://metro.tempo.co/read/\(1_000_000 + $0)/new-\($0)" }))
        try await folder.close()
    }
}
