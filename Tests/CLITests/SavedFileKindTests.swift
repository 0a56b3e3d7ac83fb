import Foundation
import KabarTesting
import Testing

/// `kabar extract` and `kabar parse` on a file that is not an HTML page (Markdown, JSON, a PDF,
/// a gzip file) fail that file with the reason; a page without `<html>`, with a BOM or in UTF-16 still
/// extracts.
struct SavedFileKindTests {
    static let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html")
    static let headline = "Mangrove di Pesisir Demak Mulai Pulih Setelah Lima Tahun Penanaman"

    @Test func aFileThatIsNotHTMLFailsWithWhy() async throws {
        let folder = try Executables.temporaryFolder("not-html")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, why) in try notHTML(in: folder) {
            let r = try await Kabar.run(["extract", path])
            #expect(r.status == 1, "\(path): \(r.stdout)")
            #expect(r.stdout.isEmpty, "\(path) gave a record: \(r.stdout)")
            #expect(r.stderr.contains("\(path): not an HTML page: \(why)"), "\(path): \(r.stderr)")
        }
    }

    /// `kabar parse` says the same of those files (before: it printed a page of null fields,
    /// or the generic extractor's reading of a PDF's text), and of a URL serving a PDF.
    @Test func parseSaysWhatAFileIs() async throws {
        let folder = try Executables.temporaryFolder("parse-not-html")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, why) in try notHTML(in: folder) {
            let r = try await Kabar.run(["parse", path])
            #expect(r.status == 1, "\(path): \(r.stdout)")
            #expect(r.stdout.isEmpty, "\(path) was parsed: \(r.stdout)")
            #expect(r.stderr.hasPrefix("kabar: \(path): not an HTML page: \(why)"), "\(path): \(r.stderr)")
        }
        let server = try TestHTTPServer { _, c in
            c.respond(headers: ["Content-Type": "application/pdf"], body: Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".utf8))
        }
        defer { server.stop() }
        let url = server.url("/report.pdf").absoluteString
        let r = try await Kabar.run(["parse", url])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stdout.isEmpty, "a PDF was parsed: \(r.stdout)")
        #expect(r.stderr.hasPrefix("kabar: \(url): not an HTML page (Content-Type: application/pdf)"), "\(r.stderr)")
    }

    /// `kabar new-extractor --from` such a file says what it is and writes nothing (before: "the
    /// generic extractor found no article on this page (... its text is not words ...)" after
    /// making the plugins folder).
    @Test func newExtractorSaysWhatTheFromFileIs() async throws {
        let folder = try Executables.temporaryFolder("new-extractor-not-html")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugins = folder.appendingPathComponent("Plugins")
        for (path, why) in try notHTML(in: folder) {
            let r = try await Kabar.run(["new-extractor", "Kabar Pagi", "--host", "kabarpagi.example", "--from", path, "--plugins", plugins.path])
            #expect(r.status == 2, "\(path): \(r.stdout)")
            #expect(r.stderr.hasPrefix("kabar: \(path): not an HTML page: \(why)"), "\(path): \(r.stderr)")
            #expect(r.stderr.hasSuffix("; save the article page as HTML, or run without --from\n"), "\(path): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: plugins.path), "\(path): the plugins folder was made")
        }
    }

    /// Files in `folder` that are no HTML page (constructed, and the README), each with why.
    func notHTML(in folder: URL) throws -> [(path: String, why: String)] {
        let readme = Corpus.packageRoot.appendingPathComponent("README.md")
        let json = folder.appendingPathComponent("record.json")
        try Data("{\"headline\": \"not a page\", \"body\": [\"<p>text</p>\"]}\n".utf8).write(to: json)
        let pdf = folder.appendingPathComponent("constructed.pdf")
        try Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".utf8).write(to: pdf)
        // (Named as no page: `kabar extract` inflates a .html.gz.)
        let gzip = folder.appendingPathComponent("page.gz")
        try TestGzip.compress(try Data(contentsOf: Self.page)).write(to: gzip)
        let expected = [(readme.path, "no markup (it begins \"# Kabar\""), (json.path, "no markup (it begins \"{"),
                        (pdf.path, "binary content (PDF document)"), (gzip.path, "binary content (gzip data)")]
        return expected
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
        // Without a byte order mark (as some Windows tools save a page): it was refused as
        // "binary content (a NUL byte at offset 1)".
        let utf16LE = folder.appendingPathComponent("utf16le-no-bom.html")
        try Data(source.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: utf16LE)
        let utf16BE = folder.appendingPathComponent("utf16be-no-bom.html")
        try Data(source.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).write(to: utf16BE)
        for file in [fragment, bom, utf16, utf16LE, utf16BE] {
            let r = try await Kabar.run(["extract", file.path])
            #expect(r.status == 0, "\(file.lastPathComponent): \(r.stderr)")
            let record = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(record?["headline"] as? String == Self.headline, "\(file.lastPathComponent): \(r.stdout)")
        }
    }
}
