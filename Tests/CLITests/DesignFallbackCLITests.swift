import Foundation
import KabarTesting
import Testing

/// A saved Tempo page in a design the plugin does not know (constructed for this test: a
/// redesign with none of T1–T4's markup): `kabar extract --data` still stores it, read by the
/// generic extractor and marked `metadata.fallback`; `kabar extract --site tempo` asks for
/// the plugin by name and gets its error instead.
@Suite struct DesignFallbackCLITests {
    static let page = """
    <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Rapat Kabinet Membahas Anggaran</title>
    <link rel="canonical" href="https://www.tempo.co/politik/rapat-kabinet-membahas-anggaran-2299200"></head><body>
    <div class="story-2027"><h1 class="story-2027__title">Rapat Kabinet Membahas Anggaran</h1><div class="story-2027__text">
    <p>Paragraf pertama dari halaman yang dibuat untuk uji ini, dalam rancangan baru yang belum dikenal plugin Tempo.</p>
    <p>Paragraf kedua menjelaskan isi rapat kabinet, yang membahas anggaran tahun depan dan prioritas pembangunan.</p>
    <p>Paragraf ketiga menutup cerita dengan rencana rapat lanjutan pada pekan depan bersama para menteri terkait.</p>
    </div></div></body></html>
    """

    @Test func aPageOfNoKnownDesignIsStoredMarked() async throws {
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
        let file = pages.appendingPathComponent("constructed-tempo-redesign.html")
        try Data(Self.page.utf8).write(to: file)

        let stored = try await Executables.launch(kabar, ["extract", "--data", data.path, file.path])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stderr.contains("1 new"), "\(stored.stderr)")
        let folder = data.appendingPathComponent("records/tempo")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { folder.appendingPathComponent($0) }
        let lines = try files.flatMap { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n") }
        #expect(lines.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        let metadata = record["metadata"] as? [String: Any]
        #expect(metadata?["fallback"] as? String == "generic")
        #expect(metadata?["fallback_from"] as? String == "tempo/2")
        #expect(record["site"] as? String == "tempo")
        #expect(record["headline"] as? String == "Rapat Kabinet Membahas Anggaran")

        let strict = try await Executables.launch(kabar, ["extract", "--site", "tempo", file.path])
        #expect(strict.status == 1)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("not a Tempo article page of any known design"), "\(strict.stderr)")
    }
}
