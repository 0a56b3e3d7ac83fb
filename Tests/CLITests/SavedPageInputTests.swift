import Foundation
import KabarTesting
import Testing

/// Saved pages as collections keep them: gzipped (`.html.gz`, `.htm.gz`), read by `kabar extract`
/// and `kabar reextract` (they were refused by name, and a folder of them held "no saved pages");
/// a page saved in a WARC file as a `resource` record (warcio's), read as a page (it was neither
/// read nor counted); `--runs -1`, a clear error (it was "Missing value for '--runs'").
struct SavedPageInputTests {
    /// The Tempo fixture page SavedFileKindTests reads, and its headline.
    static let page = SavedFileKindTests.page
    static let headline = SavedFileKindTests.headline

    /// A folder of gzipped pages: the good ones extracted, a damaged gzip (cut short, or no gzip at
    /// all) named with its path and what is wrong, the rest read on; the page size cap holds for
    /// the inflated page.
    @Test func gzippedPagesAreExtracted() async throws {
        let dir = try Executables.temporaryFolder("gzipped-pages")
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try Data(contentsOf: Self.page)
        let gz = TestGzip.compress(html)
        try gz.write(to: dir.appendingPathComponent("a.html.gz"))
        try gz.write(to: dir.appendingPathComponent("b.HTM.GZ"))
        try gz.prefix(gz.count / 2).write(to: dir.appendingPathComponent("c-cut.html.gz"))
        try html.write(to: dir.appendingPathComponent("d-plain.html.gz"))
        let r = try await Kabar.run(["extract", dir.path])
        #expect(r.status == 1, "\(r.stderr)")
        let records = r.stdout.split(separator: "\n")
        #expect(records.count == 2, "\(r.stdout)")
        for line in records {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(record?["headline"] as? String == Self.headline)
        }
        #expect(r.stderr.contains("c-cut.html.gz: a damaged gzip file: truncated compressed data"), "\(r.stderr)")
        #expect(r.stderr.contains("d-plain.html.gz: not gzip data, though its name ends in .gz"), "\(r.stderr)")
        #expect(r.stderr.contains("2 of 4 files failed"), "\(r.stderr)")

        // Small on disk, over the cap once inflated: refused, by name.
        let big = dir.appendingPathComponent("big/e.html.gz")
        try FileManager.default.createDirectory(at: big.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TestGzip.compress(html + Data(repeating: 0x20, count: 64 * 1024)).write(to: big)
        let capped = try await Kabar.run(["extract", "--max-page-size", "32KB", big.path])
        #expect(capped.status == 1, "\(capped.stderr)")
        #expect(capped.stdout.isEmpty)
        #expect(capped.stderr.contains("e.html.gz: skipped: it inflates past 32768 bytes, over the page size cap"), "\(capped.stderr)")

        // reextract reads them too, into the store.
        let data = dir.appendingPathComponent("data")
        let good = dir.appendingPathComponent("good")
        try FileManager.default.createDirectory(at: good, withIntermediateDirectories: true)
        try gz.write(to: good.appendingPathComponent("a.html.gz"))
        let re = try await Kabar.run(["reextract", "--data", data.path, "--json", good.path])
        #expect(re.status == 0, "\(re.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(re.stdout.split(separator: "\n").last!.utf8)) as? [String: Any])
        #expect(summary["pages"] as? Int == 1 && summary["new"] as? Int == 1 && summary["failed"] as? Int == 0, "\(re.stdout)")
    }

    /// A page archived as a `resource` record (no HTTP headers: the block is the page) is read as
    /// a page; a resource holding something else (a log, an image) is no page, as before.
    @Test func aResourceRecordHoldingHTMLIsReadAsAPage() async throws {
        let dir = try Executables.temporaryFolder("resource-record")
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try Data(contentsOf: Self.page)
        func record(_ type: String, _ uri: String, _ contentType: String, _ block: Data) -> Data {
            let head = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString.lowercased())>\r\n"
                + "WARC-Date: 2026-05-01T10:00:00Z\r\nWARC-Target-URI: \(uri)\r\nContent-Type: \(contentType)\r\n"
                + "Content-Length: \(block.count)\r\n\r\n"
            return Data(head.utf8) + block + Data("\r\n\r\n".utf8)
        }
        let first = record("resource", "https://news.example/2026/05/mangrove", "text/html; charset=utf-8", html)
        let warc = first + record("resource", "https://news.example/wget.log", "text/plain", Data("fetched 1 page\n".utf8))
            + record("resource", "https://news.example/empty", "text/html", Data("<html><body><p>x</p></body></html>".utf8))
        let file = dir.appendingPathComponent("saved.warc")
        try warc.write(to: file)
        let r = try await Kabar.run(["reextract", "--data", dir.appendingPathComponent("data").path, "--json", file.path])
        #expect(r.status == 1, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.split(separator: "\n").last!.utf8)) as? [String: Any])
        #expect(summary["records"] as? Int == 3, "\(r.stdout)")
        #expect(summary["pages"] as? Int == 1 && summary["failed"] as? Int == 1, "\(r.stdout)")
        #expect(summary["new"] as? Int == 1, "\(r.stdout)")
        #expect(summary["skipped"] as? Int == 0, "\(r.stdout)")
        // The page without an article fails, named once by its record and URL (the URL was said twice).
        let at = first.count + record("resource", "https://news.example/wget.log", "text/plain", Data("fetched 1 page\n".utf8)).count
        #expect(r.stderr.contains("saved.warc@\(at): https://news.example/empty: no article text found"), "\(r.stderr)")
        #expect(!r.stderr.contains("empty: https://news.example/empty"), "\(r.stderr)")
        let export = try await Kabar.run(["export", "--data", dir.appendingPathComponent("data").path])
        #expect(export.stdout.contains("\"url\":\"https://news.example/2026/05/mangrove\""), "\(export.stdout) \(export.stderr)")
        #expect(export.stdout.contains(Self.headline), "\(export.stdout)")
    }

    /// A negative count is its option's value, refused with the allowed range (the parser took
    /// `-1` for a flag: "Missing value for '--runs <runs>'").
    @Test func aNegativeCountIsRefusedWithTheRange() async throws {
        let dir = try Executables.temporaryFolder("negative-runs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await Kabar.run(["stats", "--data", dir.path, "--runs", "-1"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: --runs: expected 0 to 2147483647, got -1"), "\(r.stderr)")
        let workers = try await Kabar.run(["reextract", "--data", dir.path, "--workers", "-2"])
        #expect(workers.status == 64, "\(workers.stderr)")
        #expect(workers.stderr.hasPrefix("Error: --workers: expected 1 to 1024, got -2"), "\(workers.stderr)")
    }
}
