import Foundation
import KabarTesting
import Testing

/// A plugin fixed after a run: re-extracting the run's archive brings the fix into the store.
/// Before, the store compared the text alone: `reextract` said "3 unchanged" and the records
/// kept no authors and the old extractor version.
struct ReextractFieldsCLITests {
    /// Constructed pages: a byline outside the article (so the text does not hold it).
    static func page(_ n: Int) -> String {
        let paragraphs = ReextractHealthCLITests.UndatableSite.paragraphs(n)
        return """
            <!doctype html><html lang="id"><head><meta charset="utf-8"><title>River report \(n)</title></head>
            <body><div class="byline">Ana Putri</div><article><h1>River report number \(n)</h1>\(paragraphs)</article></body></html>
            """
    }

    static func plugin(version: Int, authors: Bool) -> String {
        """
        id: rivernews
        version: \(version)
        name: River News
        hosts: [127.0.0.1]
        language: id
        fields:
          headline: 'article h1'
          body: 'article'
        \(authors ? "  authors: 'div.byline'\n" : "")
        """
    }

    static func records(_ data: String, all: Bool = false) async throws -> [[String: Any]] {
        let r = try await Kabar.run(["export", "--data", data] + (all ? ["--all-revisions"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        return try r.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    static func summary(_ r: Kabar.Result) throws -> [String: Any] {
        let line = try #require(r.stdout.split(separator: "\n").last.map(String.init), "\(r.stdout)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }

    /// The site: a feed listing three constructed pages.
    static func site() throws -> TestHTTPServer {
        let paths = (0..<3).map { "/news/a\($0).html" }
        return try TestHTTPServer { request, c in
            if request.path == "/feed.xml" {
                NewUserMistakeTests.respondRSS(c, request, paths: paths)
            } else if let n = paths.firstIndex(of: request.path) {
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: Self.page(n))
            } else {
                c.respond(status: 404, body: "not found")
            }
        }
    }

    /// The plugin (version 1, no authors), the data folder and the feed's schedule in `folder`.
    static func setUp(in folder: URL, _ server: TestHTTPServer) throws -> (plugins: URL, yaml: URL, data: String, schedule: URL) {
        let plugins = folder.appendingPathComponent("Plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let yaml = plugins.appendingPathComponent("rivernews.yaml")
        try Self.plugin(version: 1, authors: false).write(to: yaml, atomically: true, encoding: .utf8)
        let schedule = try NewUserMistakeTests.feedSchedule(server, in: folder, extractor: "rivernews")
        return (plugins, yaml, folder.appendingPathComponent("data").path, schedule)
    }

    @Test func aPluginFixedAfterARunReachesTheStoreOnReextraction() async throws {
        let (server, folder) = (try Self.site(), try Executables.temporaryFolder("kabar-reextract-fields"))
        defer { server.stop(); try? FileManager.default.removeItem(at: folder) }
        let (plugins, yaml, data, schedule) = try Self.setUp(in: folder, server)

        let run = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("stored 3,"), "\(run.stdout)")
        let before = try await Self.records(data)
        #expect(before.count == 3)
        #expect(before.allSatisfy { ($0["authors"] as? [String])?.isEmpty == true && $0["extractor"] as? String == "rivernews/1" }, "\(before)")

        // The plugin fixed: authors read, version bumped. Re-extraction revises every record.
        try Self.plugin(version: 2, authors: true).write(to: yaml, atomically: true, encoding: .utf8)
        let first = try await Kabar.run(["reextract", "--plugins", plugins.path, "--data", data, "--json", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let a = try Self.summary(first)
        #expect(a["revised"] as? Int == 3 && a["revised_fields"] as? Int == 3 && a["unchanged"] as? Int == 0 && a["new"] as? Int == 0, "\(a)")
        let after = try await Self.records(data)
        #expect(after.count == 3)
        for record in after {
            #expect(record["authors"] as? [String] == ["Ana Putri"], "\(record)")
            #expect(record["extractor"] as? String == "rivernews/2", "\(record)")
            #expect(record["revision"] as? Int == 2, "\(record)")
        }
        #expect(Set(after.compactMap { $0["text"] as? String }) == Set(before.compactMap { $0["text"] as? String }))
        #expect(try await Self.records(data, all: true).count == 6)

        // The same output again: nothing changes.
        let second = try await Kabar.run(["reextract", "--plugins", plugins.path, "--data", data, "--json", "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        let b = try Self.summary(second)
        #expect(b["revised"] as? Int == 0 && b["revised_fields"] as? Int == 0 && b["unchanged"] as? Int == 3 && b["new"] as? Int == 0, "\(b)")
        #expect(try await Self.records(data, all: true).count == 6)
        let text = try await Kabar.run(["reextract", "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(text.stdout.contains(": 0 new, 0 revised, 3 unchanged, "), "\(text.stdout)")

        // The index's runs keep the count: `kabar stats` says it as kabar-postgres stats does,
        // for the first re-extraction only (newest run first: reextract x3, then the run).
        let stats = try await Kabar.run(["stats", "--data", data, "--json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]], "\(stats.stdout)")
        let counts = runs.compactMap { $0["counts"] as? [String: Any] }
        #expect(counts.map { $0["revised_fields"] as? Int } == [0, 0, 3, 0], "\(stats.stdout)")
        #expect(counts.map { $0["revisions"] as? Int } == [0, 0, 3, 0], "\(stats.stdout)")
        let statsText = try await Kabar.run(["stats", "--data", data])
        let firstID = try #require(runs[2]["id"] as? Int)
        #expect(statsText.stdout.contains("\nrun \(firstID): revisions 3 (3 with the same text, other fields changed)\n"), "\(statsText.stdout)")
        #expect(statsText.stdout.components(separatedBy: "with the same text").count == 2, "\(statsText.stdout)")
    }

    /// The same fix reaching the store by fetching again (`refresh: true`): `kabar run`'s summary
    /// and its JSON count the revisions of the same text, and the index's run keeps the count.
    /// Before, the embedded store's run said "revised 3" only, `kabar stats` not even that.
    @Test func aRunFetchingAgainAfterAPluginFixCountsTheRevisionsOfTheSameText() async throws {
        let (server, folder) = (try Self.site(), try Executables.temporaryFolder("kabar-run-fields"))
        defer { server.stop(); try? FileManager.default.removeItem(at: folder) }
        let (plugins, yaml, data, schedule) = try Self.setUp(in: folder, server)
        try (String(contentsOf: schedule, encoding: .utf8) + "refresh: true\n").write(to: schedule, atomically: true, encoding: .utf8)

        let first = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("stored 3, revised 0, unchanged 0,"), "\(first.stdout)")
        try Self.plugin(version: 2, authors: true).write(to: yaml, atomically: true, encoding: .utf8)
        let second = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("revised 3 (3 with the same text, other fields changed), unchanged 0,"), "\(second.stdout)")
        let third = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet", "--json"])
        #expect(third.status == 0, "\(third.stderr)")
        let j = try Self.summary(third)
        #expect(j["revised"] as? Int == 0 && j["revised_fields"] as? Int == 0 && j["unchanged"] as? Int == 3, "\(j)")

        let stats = try await Kabar.run(["stats", "--data", data])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("\nrun 2: revisions 3 (3 with the same text, other fields changed)\n"), "\(stats.stdout)")
        #expect(stats.stdout.components(separatedBy: "with the same text").count == 2, "\(stats.stdout)")
    }
}
