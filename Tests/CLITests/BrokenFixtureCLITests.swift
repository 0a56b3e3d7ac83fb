import Foundation
import KabarTesting
import Testing

/// A fixture that cannot be read (broken JSON) among good ones: the benchmarks' default pages
/// (the fixtures of ./Plugins) name it and go on with the others, and `kabar sites` counts the
/// good ones and names it (the benchmarks used to stop the program; `sites` showed no count).
struct BrokenFixtureCLITests {
    /// A folder whose `Plugins/` holds the constructed kabarpagi site (two fixtures) and a third
    /// fixture, constructed broken.
    static func folderWithABrokenFixture(_ name: String) throws -> URL {
        let root = try Executables.temporaryFolder(name)
        let plugins = root.appendingPathComponent("Plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        for item in ["kabarpagi.yaml", "kabarpagi"] {
            try FileManager.default.copyItem(at: DeclarativeCLITests.plugins.appendingPathComponent(item), to: plugins.appendingPathComponent(item))
        }
        try Data("{\"page\": \"x.html\",\n \"expected\": {\n".utf8).write(to: plugins.appendingPathComponent("kabarpagi/Fixtures/constructed-broken.json"))
        return root
    }

    @Test func benchNamesTheBrokenFixtureAndGoesOn() async throws {
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let root = try Self.folderWithABrokenFixture("bench-broken-fixture")
        defer { try? FileManager.default.removeItem(at: root) }
        let r = try await Executables.launch(kabar, ["bench", "parse", "--rounds", "1", "--seconds", "0.01", "--json"], in: root)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("constructed-broken.json: not valid JSON") && r.stderr.contains("(fixture skipped)"), "\(r.stderr)")
        #expect(r.stdout.contains("\"pages\":2"), "\(r.stdout)")
    }

    @Test func sitesCountsTheGoodFixturesAndNamesTheBrokenOne() async throws {
        let root = try Self.folderWithABrokenFixture("sites-broken-fixture")
        defer { try? FileManager.default.removeItem(at: root) }
        let plugins = root.appendingPathComponent("Plugins").path
        let json = try await Kabar.run(["sites", "--plugins", plugins, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let line = try #require(json.stdout.split(separator: "\n").first { $0.contains("\"id\":\"kabarpagi\"") })
        #expect(line.contains("\"fixtures\":2"), "\(line)")
        #expect(line.contains("\"broken_fixtures\":[") && line.contains("constructed-broken.json: not valid JSON"), "\(line)")
        #expect(json.stderr.contains("constructed-broken.json: not valid JSON") && json.stderr.contains("(fixture not counted)"), "\(json.stderr)")
        let table = try await Kabar.run(["sites", "--plugins", plugins])
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("kabarpagi ") })
        #expect(row.contains(" 2 +1 broken "), "\(row)")
    }
}
