import Foundation
import KabarTesting
import Testing

/// `kabar check`, `kabar parse` and `kabar new-extractor` as a user runs them.
struct DeclarativeCLITests {
    static let plugins = Corpus.packageRoot.appendingPathComponent("Tests/DeclarativeTests/Plugins")

    @Test func checkPassesOnGoodFixtures() async throws {
        let r = try await Kabar.run(["check", "--plugins", Self.plugins.path, "kabarpagi"])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("kabarpagi/1 ("))
        #expect(r.stdout.contains("    headline  pass"))
        #expect(r.stdout.contains("2 fixtures of 1 extractor: 2 passed, 0 failed"))
        // A selector that matches nothing on a fixture is reported.
        #expect(r.stdout.contains("note: fields.lead (") && r.stdout.contains("meta: description: matched nothing"))
    }

    /// A temporary folder holding a copy of the constructed site's file and fixtures, and the
    /// JSON of its 2024 fixture there, to break.
    static func copyOfKabarPagi(_ name: String) throws -> (dir: URL, json: URL) {
        let dir = try Executables.temporaryFolder(name)
        let fm = FileManager.default
        try fm.copyItem(at: Self.plugins.appendingPathComponent("kabarpagi.yaml"), to: dir.appendingPathComponent("kabarpagi.yaml"))
        try fm.copyItem(at: Self.plugins.appendingPathComponent("kabarpagi"), to: dir.appendingPathComponent("kabarpagi"))
        return (dir, dir.appendingPathComponent("kabarpagi/Fixtures/constructed-2024-banjir-bekasi.json"))
    }

    @Test func checkFailsWithADiffOnABrokenFixture() async throws {
        let (dir, json) = try Self.copyOfKabarPagi("check-broken")
        defer { try? FileManager.default.removeItem(at: dir) }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        var expected = try #require(object["expected"] as? [String: Any])
        expected["headline"] = "Banjir Rendam Empat Kecamatan"
        object["expected"] = expected
        try JSONSerialization.data(withJSONObject: object).write(to: json)
        let r = try await Kabar.run(["check", "--plugins", dir.path, "kabarpagi"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("    headline  FAIL"))
        #expect(r.stdout.contains("headline: expected \"Banjir Rendam Empat Kecamatan\", found \"Banjir Rendam Tiga Kecamatan di Bekasi\""))
        #expect(r.stdout.contains("    body      pass"))
        #expect(r.stdout.contains("1 passed, 1 failed"))
    }

    /// A fixture's mistakes are named: a misspelt expected key (`headlin`) was "expected ...,
    /// found null", as if the extractor had lost the headline; JSON that does not parse was
    /// Foundation's "The data is not in the correct format ... around character 95", no line.
    @Test func aFixturesMistakesAreNamed() async throws {
        let (dir, json) = try Self.copyOfKabarPagi("check-fixture-mistakes")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: json, encoding: .utf8)
        try text.replacingOccurrences(of: "\"headline\"", with: "\"headlin\"").write(to: json, atomically: true, encoding: .utf8)
        let typo = try await Kabar.run(["check", "--plugins", dir.path, "kabarpagi"])
        #expect(typo.status == 1)
        #expect(typo.stdout.contains("headlin: not a key of the record; did you mean headline?"), "\(typo.stdout)")

        // The second line loses its comma.
        var lines = text.components(separatedBy: "\n")
        let second = try #require(lines.indices.first { $0 > 0 && lines[$0].hasSuffix(",") })
        lines[second].removeLast()
        try lines.joined(separator: "\n").write(to: json, atomically: true, encoding: .utf8)
        let broken = try await Kabar.run(["check", "--plugins", dir.path, "kabarpagi"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("FAIL \(json.path):\(second + 2): not valid JSON at column "), "\(broken.stdout)")
        #expect(!broken.stdout.contains("NSCocoaErrorDomain"), "\(broken.stdout)")
    }

    /// A fixture whose JSON does not parse is named, and the plugin's other fixtures are still
    /// checked: it stopped them all ("1 fixture ...: 0 passed, 1 failed", the good one unread).
    @Test func aBrokenFixtureDoesNotStopTheOthers() async throws {
        let (dir, json) = try Self.copyOfKabarPagi("check-broken-json")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The 2024 fixture is broken; the 2019 one, read before it, was dropped with it.
        let text = try String(contentsOf: json, encoding: .utf8)
        try text.replacingOccurrences(of: "{", with: "{,", options: [], range: text.range(of: "{")).write(to: json, atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["check", "--plugins", dir.path, "kabarpagi"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  FAIL \(json.path):1: not valid JSON at column "), "\(r.stdout)")
        #expect(r.stdout.contains("  constructed-2019-gempa-old-design\n    headline  pass"), "\(r.stdout)")
        #expect(r.stdout.contains("2 fixtures of 1 extractor: 1 passed, 1 failed"), "\(r.stdout)")
        let lines = r.stdout.split(separator: "\n")
        let good = try #require(lines.firstIndex { $0 == "  constructed-2019-gempa-old-design" })
        let bad = try #require(lines.firstIndex { $0.hasPrefix("  FAIL ") })
        #expect(good < bad, "in name order: \(r.stdout)")
    }

    @Test func brokenFileStopsWithFileLineKey() async throws {
        let dir = try Executables.temporaryFolder("check-badfile")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: bad\nhosts: [bad.example]\nfields:\n  headline: 'h1['\n  body: article\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["check", "--plugins", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:4: fields.headline: bad CSS selector"), "stderr: \(r.stderr)")
        let e = try await Kabar.run(["extract", "--plugins", dir.path, dir.path])
        #expect(e.status == 2)
    }

    @Test func parseShowsTheSelector() async throws {
        let page = Self.plugins.appendingPathComponent("kabarpagi/Fixtures/constructed-2019-gempa-old-design.html")
        let r = try await Kabar.run(["parse", "--plugins", Self.plugins.path, "--site", "kabarpagi",
                                     "--url", "https://kabarpagi.example/read/2019/08/02/778/gempa-guncang-sukabumi", page.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("variant     v2019 (variants[0].when css: div#isi_berita matched"))
        #expect(r.stdout.contains("headline    \"Gempa Guncang Sukabumi\""))
        #expect(r.stdout.contains("← variants[0].fields.headline css: div.judul h1 ("))
        #expect(r.stdout.contains("authors     [\"Bayu Aji\"]"))
        #expect(r.stdout.contains("← variants[0].fields.authors css: div.penulis pattern /Reporter:\\s*(.+)/"))
        #expect(r.stdout.contains("removed     1 element by variants[0].remove[0] css: span.iklan"))
    }

    @Test func newExtractorFromAPageGivesAFileThatChecks() async throws {
        let dir = try Executables.temporaryFolder("new-extractor")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = dir.appendingPathComponent("Plugins")
        let page = Self.plugins.appendingPathComponent("kabarpagi/Fixtures/constructed-2024-banjir-bekasi.html")
        let r = try await Kabar.run(["new-extractor", "Harian Pagi", "--host", "kabarpagi.example", "--from", page.path, "--plugins", plugins.path])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("REVIEW IT"))
        #expect(r.stdout.contains("1 fixture of 1 extractor: 1 passed, 0 failed"))
        let yaml = try String(contentsOf: plugins.appendingPathComponent("harianpagi.yaml"), encoding: .utf8)
        #expect(yaml.contains("body: div.detail__body"))
        #expect(yaml.contains("{jsonld: headline}"))
        // The file checks on its own, and its fixture holds what the page says.
        let check = try await Kabar.run(["check", "--plugins", plugins.path, "harianpagi"])
        #expect(check.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plugins.appendingPathComponent("harianpagi/Fixtures/constructed-2024-banjir-bekasi.json"))) as? [String: Any])
        let expected = try #require(json["expected"] as? [String: Any])
        #expect(expected["headline"] as? String == "Banjir Rendam Tiga Kecamatan di Bekasi")
        #expect((expected["body"] as? [Any])?.count == 6)
        #expect(!(String(data: try JSONSerialization.data(withJSONObject: expected), encoding: .utf8) ?? "").contains("IKLAN"))
    }

    @Test func newExtractorSwiftPrintsTheRegistration() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-swift")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = dir.appendingPathComponent("Plugins")
        let r = try await Kabar.run(["new-extractor", "Harian Pagi", "--host", "harianpagi.example", "--swift", "--plugins", plugins.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let code = try String(contentsOf: plugins.appendingPathComponent("HarianPagi/HarianPagi.swift"), encoding: .utf8)
        #expect(code.contains("public struct HarianPagi: Extractor"))
        #expect(code.contains("public let id = \"harianpagi\""))
        // The shape of the built-in site plugins: the site lists its designs, each in a file of its own.
        #expect(code.contains("static var variants: [any DesignVariant.Type] { [HarianPagiD1.self] }"))
        #expect(code.contains("try DesignVariants.extract(page, with: Self.variants"))
        let design = try String(contentsOf: plugins.appendingPathComponent("HarianPagi/HarianPagiD1.swift"), encoding: .utf8)
        #expect(design.contains("enum HarianPagiD1: DesignVariant {"))
        #expect(design.contains("static let id = \"D1\""))
        #expect(design.contains("no headline (\\(headlineSelector))"))
        #expect(r.stdout.contains("(\"HarianPagiExtractor\", \"Plugins/HarianPagi\"),"))
        #expect(r.stdout.contains("HarianPagi(),"))
    }

    @Test func sitesListsDeclarativeExtractors() async throws {
        let r = try await Kabar.run(["sites", "--json", "--plugins", Self.plugins.path])
        #expect(r.status == 0)
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("\"kabarpagi\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "declarative")
        #expect(object["fixtures"] as? Int == 2)
        #expect(object["hosts"] as? [String] == ["kabarpagi.example"])
    }
}
