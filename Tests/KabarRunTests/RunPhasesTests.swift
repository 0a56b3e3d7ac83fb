import Foundation
import KabarCore
import KabarRun
import KabarTesting
import Testing

/// A run says when discovery, its first and last pages and its end came (`RunPhases`), in its
/// result, its JSON and its log, so that a crawl's pages/s can be read over the pages apart
/// from the fixed time around them.
@Suite(.serialized)
struct RunPhasesTests {
    @Test func aRunsPhasesComeInOrderAndAddUp() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-run-phases")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await EndToEndTests.run(try EndToEndTests.schedule(site), data: data)
        #expect(result.counters.stored == LocalTestSite.articleCount, "\(result.summary)")
        let p = result.phases
        let discoveryStart = try #require(p.discoveryStart), discoveryEnd = try #require(p.discoveryEnd)
        let first = try #require(p.firstPage), last = try #require(p.lastPage), end = try #require(p.end)
        #expect(0 <= discoveryStart && discoveryStart <= discoveryEnd && discoveryEnd <= first && first <= last && last <= end,
                "\(p.json)")
        #expect(p.pagesSeconds > 0 && abs(p.pagesSeconds - (last - first)) < 1e-9)
        #expect(abs(p.closingSeconds - (end - last)) < 1e-9)
        // The pass's own clock (`seconds`, from its start) covers the pages and most of the rest.
        #expect(p.pagesSeconds <= result.seconds + 1e-3 && end >= result.seconds - 0.5, "\(p.json), seconds \(result.seconds)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? [String: Any])
        let phases = try #require(json["phases"] as? [String: Any])
        #expect((phases["pages_seconds"] as? Double).map { abs($0 - p.pagesSeconds) < 1e-3 } == true, "\(phases)")
        #expect(phases["first_page"] as? Double != nil && phases["closing_seconds"] as? Double != nil)
        let line = p.line(fetched: result.counters.fetched)
        #expect(line.hasPrefix("discovery ") && line.contains(", first page at ") && line.contains(" pages/s), closing "), "\(line)")
    }

    @Test func aRunWithNothingToFetchHasNoPagePhase() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-run-phases-none")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try EndToEndTests.schedule(site)
        _ = try await EndToEndTests.run(schedule, data: data)
        let again = try await EndToEndTests.run(schedule, data: data)   // everything already stored
        #expect(again.counters.fetched == 0, "\(again.summary)")
        #expect(again.phases.firstPage == nil && again.phases.pagesSeconds == 0 && again.phases.end != nil)
        #expect(!again.phases.line(fetched: 0).contains("pages/s"))
        #expect(again.json.contains("\"first_page\":null"))
    }
}
