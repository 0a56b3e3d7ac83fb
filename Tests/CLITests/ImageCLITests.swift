import Foundation
import KabarTesting
import Testing

/// `kabar run` of a schedule with `images: { download: true }` against the constructed
/// `ImageNewsSite`, and what `kabar stats` says of the images.
@Suite(.serialized)
struct ImageCLITests {
    @Test func runDownloadsImagesAndStatsCountsThem() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let folder = try Executables.temporaryFolder("kabar-cli-images")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("harbour.yaml")
        try sites.scheduleYAML(images: "{ download: true, hosts: [localhost] }").write(to: file, atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("data").path
        let run = try await Kabar.run(["run", file.path, "--data", data, "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let last = try #require(run.stdout.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let images = try #require(summary["images"] as? [String: Int], "\(summary)")
        #expect(images["downloaded"] == 3 && images["reused"] == 2 && images["failed"] == 3, "\(images)")
        #expect(run.stderr.contains("missing.png") && run.stderr.contains("HTTP 404"), "a failed image is noted: \(run.stderr)")

        let stats = try await Kabar.run(["stats", "--data", data, "--json"])
        #expect(stats.status == 0, "stderr: \(stats.stderr)")
        let counts = try #require((try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["images"] as? [String: Int])
        let bytes = ImageNewsSite.harbour.count + ImageNewsSite.one.count + ImageNewsSite.two.count
        #expect(counts == ["images": 3, "files": 3, "bytes": bytes, "failures": 3, "permanent": 3], "\(counts)")
        let table = try await Kabar.run(["stats", "--data", data])
        #expect(table.stdout.contains("images: 3 downloaded, 3 files, \(bytes) bytes; 3 failed (3 not tried again)"), "\(table.stdout)")
    }
}
