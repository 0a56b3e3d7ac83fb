import Foundation
import KabarTesting
import Testing

/// Health as a user of the CLI sees it (issue 19 item 1): the run summary's health lines,
/// `kabar run --json`'s `health`, and `kabar stats`' trend per extractor and day.
@Suite(.serialized)
struct HealthCLITests {
    @Test func runSummaryAndStatsShowEachExtractorsHealth() async throws {
        let sample = try SampleSiteSchedule("kabar-cli-health")
        defer { sample.stop() }
        let (folder, file) = (sample.folder, sample.file)
        let data = folder.appendingPathComponent("data").path

        let run = try await Kabar.run(["run", file.path, "--data", data, "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("health: tempo: 4 pages, headline 100%, body 100%, published 100%"), "\(run.stdout)")
        #expect(run.stdout.contains("health: sindonews: 2 pages"), "\(run.stdout)")
        #expect(run.stdout.contains("second opinion"), "\(run.stdout)")

        // Printed once, under the summary, with progress on (before: also logged on standard
        // error); --json carries them as `health`.
        let again = try await Kabar.run(["run", file.path, "--data", folder.appendingPathComponent("again").path])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        for id in ["tempo", "sindonews"] {
            #expect((again.stdout + again.stderr).components(separatedBy: "health: \(id): ").count == 2, "stdout: \(again.stdout)\nstderr: \(again.stderr)")
        }
        let json = try await Kabar.run(["run", file.path, "--data", folder.appendingPathComponent("json").path, "--json"])
        #expect(json.status == 0 && !json.stderr.contains("health: "), "stderr: \(json.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(((summary["health"] as? [String: Any])?["extractors"] as? [String: Any])?.keys.sorted() == ["sindonews", "tempo"], "\(json.stdout)")

        let text = try await Kabar.run(["stats", "--data", data])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("extractor health"), "\(text.stdout)")
        let trend = try #require(text.stdout.components(separatedBy: "extractor health").last)
        let tempoRow = try #require(trend.split(separator: "\n").first { $0.hasPrefix("tempo ") }, "\(text.stdout)")
        let cells = tempoRow.split(separator: " ").map(String.init)
        #expect(cells.count >= 12 && cells[2] == "1" && cells[3] == "4" && cells[6] == "100%", "runs 1, pages 4, published 100%: \(tempoRow)")

        let statsJSON = try await Kabar.run(["stats", "--data", data, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(statsJSON.stdout.utf8)) as? [String: Any], "\(statsJSON.stdout)")
        let health = try #require(object["health"] as? [[String: Any]])
        let tempo = try #require(health.first { $0["extractor"] as? String == "tempo" })
        #expect(tempo["pages"] as? Int == 4 && tempo["runs"] as? Int == 1)
        #expect((tempo["fields"] as? [String: Any])?["published"] as? Double == 1)
    }
}
