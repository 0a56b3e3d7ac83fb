import Foundation
import KabarCore
import KabarPlugins
import KabarTesting
import Testing

/// Every plugin fixture: the record extracted from the page must carry exactly the expected
/// fields, and none of the `absent` boilerplate. Fixtures on real corpus pages skip with a
/// clear reason where the corpus is absent.
struct FixtureTests {
    /// The Swift plugins and the declarative ones of Plugins/ (their fixtures are in Plugins/<id>/Fixtures).
    static let catalog = try! PluginCatalog.load(folder: Corpus.packageRoot.appendingPathComponent("Plugins"))
    static let pipeline = ArticleAssembler(registry: catalog.registry)

    static let constructed = Fixture.all().filter { !$0.needsCorpus }
    static let real = Fixture.all().filter(\.needsCorpus)

    @Test("constructed fixture pages", arguments: constructed)
    func constructedFixture(_ fixture: Fixture) throws {
        try check(fixture)
    }

    @Test("real corpus pages", .enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)), arguments: real)
    func realFixture(_ fixture: Fixture) throws {
        try check(fixture)
    }

    /// `Fixture.all()` leaves out a fixture it cannot read (the benchmarks go on without it):
    /// here every one of the repository's must be readable.
    @Test func everyFixtureIsReadable() {
        let broken = Fixture.allEach().compactMap { if case .failure(let error) = $0 { return error } else { return nil } }
        #expect(broken.isEmpty, "\(broken.map(\.description).joined(separator: "\n"))")
        #expect(Fixture.allEach().count == Fixture.all().count)
    }

    @Test func everyPluginHasFixtures() {
        for extractor in FixtureTests.catalog.all {
            let folder = PluginFolders.allFolders.first { $0.lowercased() == extractor.id }
            #expect(folder != nil, "no Plugins/ folder for \(extractor.id)")
            if let folder {
                // Swift plugins need two pages at least; a declarative file one (a Fundus-style publisher page).
                let minimum = PluginFolders.declarativeFolders.contains(folder) ? 1 : 2
                #expect(Fixture.all(in: "Plugins/\(folder)").count >= minimum, "\(extractor.id) has fewer than \(minimum) fixtures")
            }
        }
    }

    func check(_ fixture: Fixture) throws {
        #expect(fixture.isAvailable, "fixture page missing: \(fixture.pageFile.path)")
        let article = try fixture.extract(with: Self.pipeline)
        let problems = try fixture.mismatches(in: article)
        #expect(problems.isEmpty, "\(fixture.name):\n\(problems.joined(separator: "\n"))")
    }
}

enum PluginFolders {
    static let dir = Corpus.packageRoot.appendingPathComponent("Plugins")

    /// Folders of Swift plugins (a folder beside a `<name>.yaml` holds a declarative plugin's fixtures).
    static var names: [String] {
        allFolders.filter { !declarativeFolders.contains($0) }
    }

    static var declarativeFolders: [String] {
        allFolders.filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent("\($0).yaml").path) }
    }

    static var allFolders: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return entries.filter { name in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }

    static func folder(for id: String) -> String? { names.first { $0.lowercased() == id } }
}

/// A plugin folder that is not registered is a plugin nobody can use: fail loudly.
struct PluginRegistrationTests {
    @Test func everyPluginFolderIsRegistered() throws {
        let ids = Set(BuiltinExtractors.all.map(\.id))
        #expect(!PluginFolders.names.isEmpty)
        for folder in PluginFolders.names {
            #expect(ids.contains(folder.lowercased()), "Plugins/\(folder) is not in BuiltinExtractors.all")
        }
    }

    @Test func everyPluginFolderIsATargetInPackageSwift() throws {
        let manifest = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        for folder in PluginFolders.names {
            #expect(manifest.contains("\"Plugins/\(folder)\""), "Plugins/\(folder) is not listed in Package.swift's sitePlugins")
        }
    }

    /// A declarative plugin's folder holds its fixtures only: Swift files there would be built by nobody.
    @Test func declarativeFoldersHoldOnlyFixtures() throws {
        for folder in PluginFolders.declarativeFolders {
            let entries = try FileManager.default.contentsOfDirectory(atPath: PluginFolders.dir.appendingPathComponent(folder).path)
            #expect(entries == ["Fixtures"], "Plugins/\(folder) beside Plugins/\(folder).yaml holds \(entries)")
            #expect(FixtureTests.catalog.declarative(id: folder) != nil, "Plugins/\(folder).yaml did not load")
        }
    }

    @Test func idsAndHostsAreDistinct() {
        let ids = BuiltinExtractors.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let hosts = BuiltinExtractors.all.flatMap(\.hosts)
        #expect(Set(hosts).count == hosts.count)
    }
}

/// The comparison itself must catch a wrong expectation, a missing field and planted boilerplate.
struct FixtureHarnessTests {
    @Test func mismatchesAreReported() throws {
        let source = try #require(Fixture.all(in: "Plugins/Sindonews").first)
        let article = try source.extract(with: FixtureTests.pipeline)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source.jsonFile)) as? [String: Any])
        var expected = try #require(object["expected"] as? [String: Any])
        expected["headline"] = "Not the headline"
        expected["tags"] = ["not", "these"]
        object["expected"] = expected
        object["absent"] = [String(article.text.prefix(20))]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-fixture-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let wrong = try Fixture(file: file)
        let problems = try wrong.mismatches(in: article)
        #expect(problems.contains { $0.hasPrefix("headline: expected \"Not the headline\"") })
        #expect(problems.contains { $0.hasPrefix("tags:") })
        #expect(problems.contains { $0.hasPrefix("absent:") })
        #expect(try source.mismatches(in: article).isEmpty)
    }
}
