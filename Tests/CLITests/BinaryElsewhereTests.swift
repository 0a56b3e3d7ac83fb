import Foundation
import KabarTesting
import Testing

/// A kabar binary copied elsewhere, or a moved source tree: the sample site, the Swift
/// plugins' fixtures and the corpus are found from where kabar runs (the working directory,
/// `--plugins`, `$KABAR_CORPUS`), never from the source tree's path compiled in.
struct BinaryElsewhereTests {
    /// A copy of the binary run in an empty folder says which file it looked for, and where,
    /// and makes no data folder; with `--plugins` it runs the demo.
    @Test func aCopiedBinaryNamesWhatItLookedFor() async throws {
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let folder = try Executables.temporaryFolder("kabar-copied")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("kabar")
        try FileManager.default.copyItem(at: kabar, to: copy)
        let empty = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = try await Executables.launch(copy, ["demo", "--data", "data"], in: empty)
        #expect(missing.status == 2, "stdout: \(missing.stdout)\nstderr: \(missing.stderr)")
        let looked = empty.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2017-putin-kim.html").path
        #expect(missing.stderr.contains("kabar: the sample site's pages are the plugins' fixture pages, and \(looked) is not there; run kabar in the repository's folder, or give --plugins"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("data").path), "no data folder made")
        let site = try await Executables.launch(copy, ["test-site", "--seconds", "0.1", "--port", "0"], in: empty)
        #expect(site.status == 2 && site.stderr.contains(looked), "\(site.stderr)")

        let given = try await Executables.launch(copy, ["demo", "--data", "data", "--quiet", "--port", "0",
                                                        "--plugins", Corpus.packageRoot.appendingPathComponent("Plugins").path], in: empty)
        #expect(given.status == 0, "stderr: \(given.stderr)")
        #expect(given.stdout.contains("stored \(LocalTestSite.articleCount),"), "\(given.stdout)")
    }

    /// A moved source tree: the demo serves the pages of the copy it runs in (one headline
    /// changed there), not those of the tree the binary was built from.
    @Test func aMovedTreeIsReadWhereItIs() async throws {
        let folder = try Executables.temporaryFolder("kabar-moved")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Corpus.packageRoot.appendingPathComponent("Plugins"), to: folder.appendingPathComponent("Plugins"))
        let page = folder.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html")
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.contains("Mulai Pulih Setelah"))
        try text.replacingOccurrences(of: "Mulai Pulih Setelah", with: "Pulih Kembali Setelah").write(to: page, atomically: true, encoding: .utf8)
        let kabar = try #require(Executables.kabar)
        let demo = try await Executables.launch(kabar, ["demo", "--data", "data", "--quiet", "--port", "0"], in: folder)
        #expect(demo.status == 0, "stderr: \(demo.stderr)")
        let export = try await Executables.launch(kabar, ["export", "--data", "data"], in: folder)
        #expect(export.stdout.contains("Mangrove di Pesisir Demak Pulih Kembali Setelah Lima Tahun Penanaman"), "the moved copy's page: \(export.stdout.prefix(2000))")
        #expect(!export.stdout.contains("Mulai Pulih Setelah"), "the build tree's page was served")
        let check = try await Executables.launch(kabar, ["check", "sindonews"], in: folder)
        #expect(check.status == 0 && check.stdout.contains("constructed-s2-festival"), "Swift plugin fixtures of ./Plugins: \(check.stdout)\n\(check.stderr)")
    }
}
