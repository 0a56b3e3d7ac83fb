import Foundation
import KabarTesting
import Testing

/// `kabar new-extractor --swift` registers the plugin in both lists a Swift plugin needs (its
/// target in Package.swift, its instance in BuiltinExtractors.all, the list the CLI reads) and
/// prints those exact lines, and the next steps (build, extract with it, check).
struct SwiftPluginScaffoldTests {
    static let root = Corpus.packageRoot
    static let page = root.appendingPathComponent("Plugins/Generic/Fixtures/constructed-news-article.html").path
    static let packageLine = "    (\"KabarPagiExtractor\", \"Plugins/KabarPagi\"),"

    /// In a copy of the repository's two files: both edited where the plugin must go, and the
    /// lines shown.
    @Test func registersInBothListsAndShowsTheLines() async throws {
        let dir = try Executables.temporaryFolder("swift-scaffold")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Sources/KabarPlugins"), withIntermediateDirectories: true)
        for file in ["Package.swift", "Sources/KabarPlugins/BuiltinExtractors.swift"] {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(file), to: dir.appendingPathComponent(file))
        }
        let r = try await Executables.launch(try #require(Executables.kabar),
                                             ["new-extractor", "Kabar Pagi", "--host", "kabarpagi.example", "--swift", "--from", Self.page], in: dir)
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("added to Package.swift, in sitePlugins (the plugin's target):\n\(Self.packageLine)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("after import KabarCore,\nimport KabarPagiExtractor\nand in BuiltinExtractors.all, before Generic(),\n        KabarPagi(),\n"), "\(r.stdout)")
        #expect(r.stdout.contains("then: swift build && kabar extract --site kabarpagi Plugins/KabarPagi/Fixtures/constructed-news-article.html && kabar check kabarpagi"), "\(r.stdout)")

        let package = try String(contentsOf: dir.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(package.contains(Self.packageLine + "\n    (\"GenericExtractor\", \"Plugins/Generic\"),"), "in sitePlugins, before the generic extractor")
        let builtin = try String(contentsOf: dir.appendingPathComponent("Sources/KabarPlugins/BuiltinExtractors.swift"), encoding: .utf8)
        #expect(builtin.contains("import KabarCore\nimport KabarPagiExtractor\n") && builtin.contains("        KabarPagi(),\n        Generic(),"), "\(builtin)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Plugins/KabarPagi/KabarPagi.swift").path))
        // The code written: the site file names the multi-page hook to fill; the design reads the
        // caption and credit printed with the meta tags' lead picture, as the fixture written
        // beside it expects (the plugin failed its own fixture: the lead had no caption). Compiled
        // and checked by hand (kabar check passes on this page); building it here would build Kabar.
        let site = try String(contentsOf: dir.appendingPathComponent("Plugins/KabarPagi/KabarPagi.swift"), encoding: .utf8)
        #expect(site.contains("public func nextPageURL(_ page: Page) -> URL? {"), "\(site)")
        let design = try String(contentsOf: dir.appendingPathComponent("Plugins/KabarPagi/KabarPagiD1.swift"), encoding: .utf8)
        #expect(design.contains("let printed = printedCaption(of: url, in: doc)")
                && design.contains("ImageRef(url: url, caption: printed.caption, credit: printed.credit, role: .lead)"), "\(design)")
        let fixture = try String(contentsOf: dir.appendingPathComponent("Plugins/KabarPagi/Fixtures/constructed-news-article.json"), encoding: .utf8)
        #expect(fixture.contains("\"caption\" : \"The old harbour bridge at dusk.\""), "\(fixture)")
    }

    /// Where the two files are not (a plugins folder elsewhere): the same lines, to add by hand.
    @Test func withoutThePackageItPrintsWhatToAdd() async throws {
        let dir = try Executables.temporaryFolder("swift-scaffold-bare")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await Executables.launch(try #require(Executables.kabar),
                                             ["new-extractor", "Kabar Pagi", "--host", "kabarpagi.example", "--swift"], in: dir)
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("ADD to Package.swift, in `let sitePlugins` before the GenericExtractor line (the plugin's target):\n\(Self.packageLine)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("ADD to Sources/KabarPlugins/BuiltinExtractors.swift (the plugins the CLI reads): after import KabarCore,\nimport KabarPagiExtractor\nand in BuiltinExtractors.all, before Generic(),\n        KabarPagi(),\n"), "\(r.stdout)")
        #expect(r.stdout.contains("then: swift build && kabar extract --site kabarpagi PAGE.html && kabar check kabarpagi"), "\(r.stdout)")
        // Outside the repository, the user is told where these lines and files belong (they
        // were told to edit a Package.swift that is not there).
        #expect(r.stdout.contains("NOTE: no Package.swift in \(dir.path): a Swift plugin is compiled into kabar, so it belongs in the Kabar repository: "
                                  + "move Plugins/KabarPagi into the repository's Plugins folder"), "\(r.stdout)")
    }
}
