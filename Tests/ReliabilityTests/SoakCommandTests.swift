import Foundation
import KabarTesting
import Testing

/// `kabar bench soak` at a small size: the run stores every generated page once and the
/// figures come out (the flatness rule is not enforced below 50 000 pages).
@Suite struct SoakCommandTests {
    @Test(.timeLimit(.minutes(3)))
    func aShortSoakStoresEveryPageAndReportsMemory() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let work = try Executables.temporaryFolder("soak")
        defer { try? FileManager.default.removeItem(at: work) }
        let r = try await Executables.launch(kabar, ["bench", "soak", "--pages", "800", "--concurrency", "4", "--folder", work.path, "--json"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout) \(r.stderr)")
        #expect(json["stored"] as? Int == 800)
        #expect((json["warmup_rss_mib"] as? Double ?? 0) > 5)
        #expect((json["peak_after_warmup_mib"] as? Double ?? 0) >= (json["warmup_rss_mib"] as? Double ?? 0))
        #expect(json["flat"] is Bool)
        let run = json["run"] as? [String: Any]
        #expect(run?["stored"] as? Int == 800 && run?["left"] as? Int == 0, "\(r.stdout)")
    }
}
