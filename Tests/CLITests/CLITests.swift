import Foundation
import KabarTesting
import Testing

/// The `kabar` binary as a user runs it.
struct CLITests {
    @Test func helpForEveryCommand() async throws {
        for args in [["--help"], ["extract", "--help"], ["sites", "--help"], ["bench", "--help"], ["bench", "extract", "--help"]] {
            let r = try await Kabar.run(args)
            #expect(r.status == 0, "kabar \(args.joined(separator: " ")) exited \(r.status)")
            #expect(r.stdout.contains("USAGE: kabar"))
        }
    }

    @Test func sitesListsThePlugins() async throws {
        let r = try await Kabar.run(["sites", "--json"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let ids = objects.compactMap { $0?["id"] as? String }
        #expect(ids.contains("tempo") && ids.contains("sindonews"))
        let tempo = objects.first { $0?["id"] as? String == "tempo" }
        #expect((tempo??["hosts"] as? [String]) == ["tempo.co"])
    }

    @Test func extractFolderOfConstructedPages() async throws {
        let folder = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures").path
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".html") }
        try #require(!pages.isEmpty, "no constructed SINDOnews pages")
        let r = try await Kabar.run(["extract", "--site", "sindonews", folder])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let records = r.stdout.split(separator: "\n")
        // Pages 2 and 3 of the festival article are merged into page 1's record.
        let continuations = pages.filter { $0.hasSuffix("-page2.html") || $0.hasSuffix("-page3.html") }
        #expect(continuations.count == 2)
        #expect(records.count == pages.count - continuations.count)
        var merged = 0
        for line in records {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["site"] as? String == "sindonews")
            #expect((object["headline"] as? String)?.isEmpty == false)
            if (object["metadata"] as? [String: String])?["pages"] == "3" { merged += 1 }
        }
        #expect(merged == 1, "one record holds the three pages")
    }

    @Test func aBadFileFailsAloneAndNamesItself() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures")
        let goodPage = try #require(try FileManager.default.contentsOfDirectory(atPath: good.path).filter { $0.hasSuffix(".html") }.sorted().first)
        try FileManager.default.copyItem(at: good.appendingPathComponent(goodPage), to: dir.appendingPathComponent("a-good.html"))
        try Data([0x00, 0xFF, 0x13, 0x37]).write(to: dir.appendingPathComponent("b-binary.html"))
        try Data("<html><body><p>no address, no plugin</p></body></html>".utf8).write(to: dir.appendingPathComponent("c-unknown.html"))
        let r = try await Kabar.run(["extract", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("b-binary.html:"))
        // No plugin claims it and the generic fallback finds no article text in it: named once,
        // by its path (it was named again as its file:// URL).
        #expect(r.stderr.contains("c-unknown.html: no article text found"))
        #expect(!r.stderr.contains("file://"))
        #expect(r.stderr.contains("2 of 3 files failed"))
    }

    /// What an input folder holds besides pages: a symbolic link loop, a broken link, a FIFO
    /// (reading it waited for a writer forever), and, when not run as root (root reads
    /// everything), a file and a subfolder without permission. Each is named with the
    /// reason in words (they gave `NSCocoaErrorDomain Code=256`, or the subfolder was
    /// skipped silently); the good page is still extracted.
    @Test func inputFolderOddFilesAreNamedWithTheReason() async throws {
        let dir = try Executables.temporaryFolder("kabar-cli-odd-inputs")
        defer {
            chmod(dir.appendingPathComponent("locked").path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        let good = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures")
        let goodPage = try #require(try FileManager.default.contentsOfDirectory(atPath: good.path).filter { $0.hasSuffix(".html") }.sorted().first)
        try FileManager.default.copyItem(at: good.appendingPathComponent(goodPage), to: dir.appendingPathComponent("a-good.html"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("loop.html").path, withDestinationPath: "loop.html")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("broken.html").path, withDestinationPath: "nowhere.html")
        #expect(mkfifo(dir.appendingPathComponent("pipe.html").path, 0o644) == 0)
        let asRoot = geteuid() == 0
        if !asRoot {
            try Data("<p>x</p>".utf8).write(to: dir.appendingPathComponent("secret.html"))
            chmod(dir.appendingPathComponent("secret.html").path, 0)
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("locked"), withIntermediateDirectories: true)
            try Data("<p>y</p>".utf8).write(to: dir.appendingPathComponent("locked/inside.html"))
            chmod(dir.appendingPathComponent("locked").path, 0)
        }
        let r = try await Kabar.run(["extract", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.split(separator: "\n").count == 1, "the good page is extracted")
        #expect(r.stderr.contains("loop.html: a symbolic link loop"), "\(r.stderr)")
        #expect(r.stderr.contains("broken.html: a broken symbolic link"), "\(r.stderr)")
        #expect(r.stderr.contains("pipe.html: not a regular file (a FIFO)"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        if asRoot {
            #expect(r.stderr.contains("3 of 4 files failed"), "\(r.stderr)")
        } else {
            #expect(r.stderr.contains("secret.html: cannot read: Permission denied"), "\(r.stderr)")
            #expect(r.stderr.contains("locked: cannot list the folder: Permission denied"), "\(r.stderr)")
            #expect(r.stderr.contains("5 of 6 files failed"), "\(r.stderr)")
        }
        // kabar reextract reads the same folder the same way: each named, the good page stored
        // (it stopped at the first, exit status 2, naming only it and reading nothing).
        let data = try Executables.temporaryFolder("kabar-cli-odd-inputs-data")
        defer { try? FileManager.default.removeItem(at: data) }
        let again = try await Kabar.run(["reextract", "--data", data.path, "--quiet", dir.path])
        #expect(again.status == 1, "\(again.status) \(again.stderr)")
        #expect(again.stdout.contains(": 1 new, "), "\(again.stdout)")
        #expect(again.stderr.contains("loop.html: a symbolic link loop"), "\(again.stderr)")
        #expect(again.stderr.contains("broken.html: a broken symbolic link"), "\(again.stderr)")
        #expect(again.stderr.contains("pipe.html: not a regular file (a FIFO)"), "\(again.stderr)")
        #expect(again.stdout.contains(asRoot ? " 3 failed " : " 5 failed "), "\(again.stdout)")
    }

    /// The shipping binary links no test code: KabarTesting (FaultServer, the test gzip
    /// encoder) is the tests' only; what `kabar test-site` and `bench` serve is KabarSampleSites.
    @Test func theShippingBinaryLinksNoTestCode() throws {
        let binary = try Data(contentsOf: Kabar.binary, options: .alwaysMapped)
        for name in ["KabarTesting", "11FaultServer", "8TestGzip"] {
            #expect(binary.range(of: Data(name.utf8)) == nil, "\(Kabar.binary.path) holds \(name)")
        }
        #expect(binary.range(of: Data("13LocalTestSite".utf8)) != nil, "the sample site is in the binary (kabar test-site)")
    }

    @Test func usageErrors() async throws {
        let unknown = try await Kabar.run(["extract", "--site", "nope", "x.html"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown site 'nope'"))
        let missing = try await Kabar.run(["extract", "/no/such/file.html"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/no/such/file.html: no such file or folder"))
    }
}

enum Kabar {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The kabar binary built beside the test bundle.
    static var binary: URL {
        Executables.kabar ?? Corpus.packageRoot.appendingPathComponent(".build/debug/kabar")
    }

    /// Runs kabar to the end, waiting off the cooperative pool.
    static func run(_ arguments: [String]) async throws -> Result {
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let r = try await Executables.launch(kabar, arguments)
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

}
