import Foundation
import KabarTesting
import Testing

/// The `--json` lines of `kabar bench extract`, `bench parse` and `bench reextract`: the keys scripts read,
/// and figures rounded as the text output prints them.
@Suite struct BenchJSONCLITests {
    static func object(_ stdout: String) throws -> [String: Any] {
        let line = try #require(stdout.split(separator: "\n").last.map(String.init))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(stdout)")
    }

    /// Whether `x` has at most `places` decimals.
    static func hasPlaces(_ x: Double, _ places: Int) -> Bool {
        let scale = pow(10, Double(places))
        return abs(x * scale - (x * scale).rounded()) < 1e-6
    }

    @Test func benchExtractJSON() async throws {
        let r = try await Kabar.run(["bench", "extract", "--rounds", "1", "--seconds", "0.01", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try Self.object(r.stdout)
        #expect(Set(json.keys) == ["pages", "bytes", "rounds", "parse_pages_per_s", "extract_pages_per_s", "parse_mb_per_s", "extract_mb_per_s", "ratio", "extractors"])
        #expect(json["rounds"] as? Int == 1)
        #expect((json["pages"] as? Int ?? 0) > 0)
        let parse = try #require(json["parse_pages_per_s"] as? Double)
        let extract = try #require(json["extract_pages_per_s"] as? Double)
        #expect(Self.hasPlaces(parse, 1) && Self.hasPlaces(extract, 1))
        #expect(Self.hasPlaces(try #require(json["parse_mb_per_s"] as? Double), 2))
        let ratio = try #require(json["ratio"] as? Double)
        #expect(Self.hasPlaces(ratio, 3))
        #expect(abs(ratio - parse / extract) < 0.01 * ratio + 0.01)
        // Each extractor of the fixtures, its ratio to the bare parse of its own pages.
        let rows = try #require(json["extractors"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["id"] as? String }).isSuperset(of: ["tempo", "sindonews", "generic"]))
        for row in rows {
            let parseMS = try #require(row["parse_ms"] as? Double), extractMS = try #require(row["extract_ms"] as? Double)
            let r = try #require(row["ratio"] as? Double)
            #expect(abs(r - extractMS / parseMS) < 0.01 * r + 0.01, "\(row)")
        }
    }

    /// A saved page that declares no address (no canonical link, no og:url) is benchmarked
    /// under its file's, as `kabar extract` reads it, instead of stopping the bench.
    @Test func benchExtractPagesWithoutAnAddress() async throws {
        let dir = try Executables.temporaryFolder("bench-pages-no-url")
        defer { try? FileManager.default.removeItem(at: dir) }
        let paragraph = String(repeating: "The council met on Tuesday to discuss the budget for the coming year. ", count: 8)
        let page = "<html><head><title>Constructed page</title></head><body><article><h1>A constructed page without an address</h1>"
            + "<p>\(paragraph)</p><p>\(paragraph)</p></article></body></html>"
        try Data(page.utf8).write(to: dir.appendingPathComponent("constructed.html"))
        let r = try await Kabar.run(["bench", "extract", "--pages", dir.path, "--site", "generic", "--rounds", "1", "--seconds", "0.01", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rows = try #require(try Self.object(r.stdout)["extractors"] as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == ["generic"])
        #expect(rows.first?["pages"] as? Int == 1)
    }

    /// One line per pass, each against Kabar's parse (`htmlReadMemory` + `xmlFreeDoc`), whose
    /// own line says 1.
    @Test func benchParseJSON() async throws {
        let r = try await Kabar.run(["bench", "parse", "--rounds", "1", "--seconds", "0.01", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = try r.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 14)
        for line in lines {
            #expect(Set(line.keys) == ["pass", "pages", "bytes", "ms_per_page", "mb_per_s", "of_parse"])
            #expect((line["pages"] as? Int ?? 0) > 0 && (line["ms_per_page"] as? Double ?? 0) > 0, "\(line)")
        }
        let passes = lines.compactMap { $0["pass"] as? String }
        #expect(passes.contains("tokenizer: push parser, no callbacks") && passes.contains("memory: memcpy"))
        #expect(passes.contains("tree: in an arena (HTMLDocument's)") && passes.contains("HTMLDocument(data:scripts: .jsonOnly)"))
        #expect(passes.contains("arena, no encoding given") && passes.contains("arena, Kabar's element callback"))
        #expect(!passes.contains { $0.hasPrefix("elide") })
        let parse = try #require(lines.first { $0["pass"] as? String == "tree: htmlReadMemory + xmlFreeDoc" })
        #expect(parse["of_parse"] as? Double == 1)
    }

    @Test func benchReextractJSONNamesTheWorkerCount() async throws {
        let r = try await Kabar.run(["bench", "reextract", "--mb", "1", "--workers", "2", "--seconds", "0.1", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try Self.object(r.stdout)
        #expect(Set(json.keys) == ["archive_mb", "html_mb", "pages", "extract_mb_per_s", "reextract_1_mb_per_s", "reextract_2_mb_per_s", "speedup", "cores"])
        #expect((json["pages"] as? Int ?? 0) > 0)
        #expect(Self.hasPlaces(try #require(json["archive_mb"] as? Double), 1))
        #expect(Self.hasPlaces(try #require(json["speedup"] as? Double), 2))
    }
}
