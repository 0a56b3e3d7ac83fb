import Foundation
import KabarTesting
import Testing

/// `kabar export`: a data folder's records as JSON Lines, filtered by site, filing day and
/// extractor, the latest revision of each URL or all of them.
@Suite struct ExportCLITests {
    /// A store of three Tempo records (three days), one SINDOnews record, and a second revision
    /// of one Tempo record (a copy of its page with one word changed, stored as the same URL).
    static func makeStore(_ kabar: URL) async throws -> (data: URL, pages: URL) {
        let pages = try Executables.temporaryFolder("export-pages")
        let data = try Executables.temporaryFolder("export-data")
        let tempo = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures")
        for name in ["constructed-2017-putin-kim", "constructed-2021-hujan-jakarta", "constructed-2024-mangrove-demak"] {
            try FileManager.default.copyItem(at: tempo.appendingPathComponent(name + ".html"), to: pages.appendingPathComponent(name + ".html"))
        }
        let first = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, pages.path])
        #expect(first.status == 0, "\(first.stderr)")
        let sindo = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures/constructed-s1-2019-denuklirisasi.html")
        let second = try await Executables.launch(kabar, ["extract", "--site", "sindonews", "--data", data.path, sindo.path])
        #expect(second.status == 0, "\(second.stderr)")
        // The mangrove page again with changed text (constructed from the fixture): revision 2.
        let changed = pages.appendingPathComponent("changed/constructed-2024-mangrove-demak.html")
        try FileManager.default.createDirectory(at: changed.deletingLastPathComponent(), withIntermediateDirectories: true)
        let html = try String(contentsOf: tempo.appendingPathComponent("constructed-2024-mangrove-demak.html"), encoding: .utf8)
        #expect(html.contains("mulai pulih"))
        try html.replacingOccurrences(of: "mulai pulih", with: "pulih kembali").write(to: changed, atomically: true, encoding: .utf8)
        let third = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, changed.path])
        #expect(third.status == 0 && third.stderr.contains("1 revision"), "\(third.stderr)")
        return (data, pages)
    }

    static func records(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func filtersAndRevisions() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let (data, pages) = try await Self.makeStore(kabar)
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: pages)
        }
        func export(_ options: [String]) async throws -> [[String: Any]] {
            let r = try await Executables.launch(kabar, ["export", "--data", data.path] + options)
            #expect(r.status == 0, "\(options): \(r.stderr)")
            return try Self.records(r.stdout)
        }

        // Latest revisions: one line per URL, the changed page as revision 2.
        let latest = try await export([])
        #expect(latest.count == 4)
        #expect(Set(latest.map { $0["id"] as! String }).count == 4)
        let revised = latest.filter { ($0["revision"] as? Int) == 2 }
        #expect(revised.count == 1)
        #expect((revised.first?["text"] as? String)?.contains("pulih kembali") == true)
        #expect(latest.allSatisfy { !(($0["text"] as? String) ?? "").contains("mulai pulih") || ($0["revision"] as? Int) != 2 })

        // Every revision: the old one too, before the new.
        let all = try await export(["--all-revisions"])
        #expect(all.count == 5)
        let revisedID = revised.first?["id"] as? String
        let both = all.filter { $0["id"] as? String == revisedID }.map { $0["revision"] as? Int }
        #expect(both == [1, 2])

        // By site and by extractor (an id, any version; or id/version).
        #expect(try await export(["--site", "sindonews"]).map { $0["site"] as? String } == ["sindonews"])
        #expect(try await export(["--site", "tempo"]).count == 3)
        #expect(try await export(["--extractor", "tempo"]).count == 3)
        let version = (latest.first { $0["site"] as? String == "tempo" }?["extractor"] as? String) ?? ""
        #expect(try await export(["--extractor", version]).count == 3)
        #expect(try await export(["--extractor", "tempo/999"]).isEmpty)
        #expect(try await export(["--extractor", "sindonews", "--site", "tempo"]).isEmpty)

        // By filing day (published_at's date): the days come from the records themselves.
        let days = latest.map { String(($0["published_at"] as! String).prefix(10)) }.sorted()
        let middle = days[days.count / 2]
        #expect(try await export(["--since", middle]).count == days.filter { $0 >= middle }.count)
        #expect(try await export(["--until", middle]).count == days.filter { $0 <= middle }.count)
        #expect(try await export(["--since", middle, "--until", middle]).count == days.filter { $0 == middle }.count)

        // --output: the same lines in a file, nothing on stdout.
        let file = data.appendingPathComponent("out.jsonl")
        let toFile = try await Executables.launch(kabar, ["export", "--data", data.path, "--all-revisions", "--output", file.path])
        #expect(toFile.status == 0 && toFile.stdout.isEmpty, "\(toFile.stderr)")
        let stdout = try await Executables.launch(kabar, ["export", "--data", data.path, "--all-revisions"])
        #expect(try String(contentsOf: file, encoding: .utf8) == stdout.stdout)
    }

    @Test func badDatesAndMissingStoresAreClearErrors() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let data = try Executables.temporaryFolder("export-bad")
        defer { try? FileManager.default.removeItem(at: data) }
        for (option, value) in [("--since", "2024-02-30"), ("--until", "yesterday"), ("--since", "2024-5-01")] {
            let r = try await Executables.launch(kabar, ["export", "--data", data.path, option, value])
            #expect(r.status == 64, "\(option) \(value): \(r.status)")
            #expect(r.stderr.contains("\(option): \"\(value)\" is not a day (YYYY-MM-DD"), "\(r.stderr)")
        }
        let reversed = try await Executables.launch(kabar, ["export", "--data", data.path, "--since", "2024-05-02", "--until", "2024-05-01"])
        #expect(reversed.status == 64 && reversed.stderr.contains("--since 2024-05-02 is after --until 2024-05-01"), "\(reversed.stderr)")
        // A folder with no store, and no folder at all.
        let empty = try await Executables.launch(kabar, ["export", "--data", data.path])
        #expect(empty.status == 1 && empty.stderr.contains("no store here"), "\(empty.stderr)")
        let missing = try await Executables.launch(kabar, ["export", "--data", data.appendingPathComponent("nope").path])
        #expect(missing.status == 2 && missing.stderr.contains("no such file or folder"), "\(missing.stderr)")
    }
}
