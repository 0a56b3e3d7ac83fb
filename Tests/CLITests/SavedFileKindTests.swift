import Foundation
import KabarTesting
import Testing

/// `kabar extract` on a file that is not an HTML page (Markdown, JSON, a PDF, a gzip file)
/// fails that file with the reason; a page without `<html>`, with a BOM or in UTF-16 still
/// extracts.
struct SavedFileKindTests {
    static let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html")
    static let headline = "Mangrove di Pesisir Demak Mulai Pulih Setelah Lima Tahun Penanaman"

    @Test func aFileThatIsNotHTMLFailsWithWhy() async throws {
        let folder = try Executables.temporaryFolder("not-html")
        defer { try? FileManager.default.removeItem(at: folder) }
        let readme = Corpus.packageRoot.appendingPathComponent("README.md")
        let json = folder.appendingPathComponent("record.json")
        try Data("{\"headline\": \"not a page\", \"body\": [\"<p>text</p>\"]}\n".utf8).write(to: json)
        let pdf = folder.appendingPathComponent("constructed.pdf")
        try Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".utf8).write(to: pdf)
        let gzip = folder.appendingPathComponent("page.html.gz")
        try TestGzip.compress(try Data(contentsOf: Self.page)).write(to: gzip)
        let expected = [(readme.path, "no markup (it begins \"# Kabar\""), (json.path, "no markup (it begins \"{"),
                        (pdf.path, "binary content (PDF document)"), (gzip.path, "binary content (gzip data)")]
        for (path, why) in expected {
            let r = try await Kabar.run(["extract", path])
            #expect(r.status == 1, "\(path): \(r.stdout)")
            #expect(r.stdout.isEmpty, "\(path) gave a record: \(r.stdout)")
            #expect(r.stderr.contains("\(path): not an HTML page: \(why)"), "\(path): \(r.stderr)")
        }
    }

    @Test func htmlWithoutItsHTMLElementStillExtracts() async throws {
        let folder = try Executables.temporaryFolder("html-kinds")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try String(contentsOf: Self.page, encoding: .utf8)
        let body = try #require(source.range(of: "<body")).lowerBound
        let open = try #require(source[body...].firstIndex(of: ">"))
        let close = try #require(source.range(of: "</body>", options: .backwards)).lowerBound
        let fragment = folder.appendingPathComponent("fragment.html")
        try Data(("\n  " + source[source.index(after: open)..<close]).utf8).write(to: fragment)
        let bom = folder.appendingPathComponent("bom.html")
        try Data([0xEF, 0xBB, 0xBF] + Array(source.utf8)).write(to: bom)
        let utf16 = folder.appendingPathComponent("utf16.html")
        try Data([0xFF, 0xFE] + source.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: utf16)
        for file in [fragment, bom, utf16] {
            let r = try await Kabar.run(["extract", file.path])
            #expect(r.status == 0, "\(file.lastPathComponent): \(r.stderr)")
            let record = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(record?["headline"] as? String == Self.headline, "\(file.lastPathComponent): \(r.stdout)")
        }
    }
}
