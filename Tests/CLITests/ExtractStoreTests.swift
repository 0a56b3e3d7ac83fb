import Foundation
import KabarTesting
import Testing

/// `kabar extract --data` stores with dedup: the same pages twice add nothing the second time;
/// `kabar stats` shows it.
@Suite struct ExtractStoreTests {
    @Test func extractingTwiceAddsNothingTheSecondTime() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let pages = try Executables.temporaryFolder("pages")
        let data = try Executables.temporaryFolder("data")
        defer {
            try? FileManager.default.removeItem(at: pages)
            try? FileManager.default.removeItem(at: data)
        }
        // Three Tempo articles of three designs (constructed fixture pages shipped in the repo).
        let fixtures = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures")
        for name in ["constructed-2017-putin-kim", "constructed-2021-hujan-jakarta", "constructed-2024-mangrove-demak"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name + ".html"),
                                             to: pages.appendingPathComponent(name + ".html"))
        }
        let first = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, pages.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.isEmpty, "records go to the store, not stdout")
        #expect(first.stderr.contains("3 new"), "\(first.stderr)")
        // One file per publication day: the three articles are of three different days.
        let folder = data.appendingPathComponent("records/tempo")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { folder.appendingPathComponent($0) }
        #expect(files.count == 3)
        func contents() throws -> [Data] { try files.map { try Data(contentsOf: $0) } }
        let before = try contents()
        #expect(before.reduce(0) { $0 + $1.split(separator: 0x0A).count } == 3)

        let second = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, pages.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("0 new, 0 revisions, 3 unchanged"), "\(second.stderr)")
        #expect(try contents() == before)

        let stats = try await Executables.launch(kabar, ["stats", "--data", data.path, "--json", "--verify"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        #expect(json?["records"] as? Int == 3)
        let runs = json?["runs"] as? [[String: Any]] ?? []
        #expect(runs.count == 2)
        #expect((runs.first?["counts"] as? [String: Any])?["unchanged"] as? Int == 3)
        #expect((json?["verify"] as? [String: Any])?["problems"] as? Int == 0)

        let table = try await Executables.launch(kabar, ["stats", "--data", data.path])
        #expect(table.stdout.contains("3 records"), "\(table.stdout)")
        #expect(table.stdout.contains("last runs"))

        // Without --data, records are printed.
        let printed = try await Executables.launch(kabar, ["extract", "--site", "tempo", pages.path])
        #expect(printed.stdout.split(separator: "\n").count == 3)
    }

    /// The index deleted between two runs: the second rebuilds it from the files (progress on
    /// standard error) and changes no record; `kabar rebuild-index` does it on request; an index
    /// that does not match the files is refused with the command to run.
    @Test func deletedIndexIsRebuiltAndNoRecordIsLost() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let pages = try Executables.temporaryFolder("pages")
        let data = try Executables.temporaryFolder("data")
        defer {
            try? FileManager.default.removeItem(at: pages)
            try? FileManager.default.removeItem(at: data)
        }
        let fixtures = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures")
        for name in ["constructed-2017-putin-kim", "constructed-2021-hujan-jakarta", "constructed-2024-mangrove-demak"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name + ".html"),
                                             to: pages.appendingPathComponent(name + ".html"))
        }
        let first = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, pages.path])
        #expect(first.status == 0, "\(first.stderr)")
        let folder = data.appendingPathComponent("records/tempo")
        func contents() throws -> [String: Data] {
            var out: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) { out[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
            return out
        }
        let before = try contents()
        let index = data.appendingPathComponent("index.sqlite")
        try FileManager.default.removeItem(at: index)

        let stats = try await Executables.launch(kabar, ["stats", "--data", data.path])
        #expect(stats.status != 0)
        #expect(stats.stderr.contains("kabar rebuild-index --data"), "\(stats.stderr)")

        let second = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, pages.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("rebuilding the index from the record files: 3/3 files, 3 records"), "\(second.stderr)")
        #expect(second.stderr.contains("0 new, 0 revisions, 3 unchanged"), "\(second.stderr)")
        #expect(try contents() == before)

        let rebuilt = try await Executables.launch(kabar, ["rebuild-index", "--data", data.path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("3 records, 0 revisions"), "\(rebuilt.stdout)")
        #expect(rebuilt.stdout.contains("index.sqlite.replaced-"), "\(rebuilt.stdout)")

        // An index of an empty store put back over the files: refused, nothing written.
        let empty = try Executables.temporaryFolder("empty-store")
        defer { try? FileManager.default.removeItem(at: empty) }
        // An empty records folder: rebuild-index refuses a folder without one (not a store).
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("records"), withIntermediateDirectories: true)
        _ = try await Executables.launch(kabar, ["rebuild-index", "--data", empty.path])
        try FileManager.default.removeItem(at: index)
        try FileManager.default.copyItem(at: empty.appendingPathComponent("index.sqlite"), to: index)
        let refused = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--data", data.path, pages.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not in the index"), "\(refused.stderr)")
        #expect(refused.stderr.contains("kabar rebuild-index --data"), "\(refused.stderr)")
        #expect(try contents() == before)
    }

    /// A file over the page size cap is refused before it is read, with its name; the others
    /// in the folder are still extracted.
    @Test func pageOverTheSizeCapIsRefusedByName() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let pages = try Executables.temporaryFolder("pages-cap")
        defer { try? FileManager.default.removeItem(at: pages) }
        let fixture = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2017-putin-kim.html")
        try FileManager.default.copyItem(at: fixture, to: pages.appendingPathComponent("a-small.html"))
        // Constructed: the fixture page padded to 11 MiB.
        try (try Data(contentsOf: fixture) + Data(repeating: 0x20, count: 11 << 20)).write(to: pages.appendingPathComponent("b-big.html"))
        let run = try await Executables.launch(kabar, ["extract", "--site", "tempo", pages.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("b-big.html: "), "\(run.stderr)")
        #expect(run.stderr.contains("over the page size cap of 10485760 bytes"), "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1, "the small page is extracted")
        let raised = try await Executables.launch(kabar, ["extract", "--site", "tempo", "--max-page-size", "12MB", pages.path])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(raised.stdout.split(separator: "\n").count == 2)
        let bad = try await Executables.launch(kabar, ["extract", "--max-page-size", "lots", pages.path])
        #expect(bad.status != 0 && bad.stderr.contains("--max-page-size 'lots'"), "\(bad.stderr)")
    }
}
