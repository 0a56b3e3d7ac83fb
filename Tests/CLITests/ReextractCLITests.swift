import Foundation
import KabarTesting
import Testing

/// `kabar reextract` as a user runs it: saved pages into a store, twice; the second pass
/// changes nothing, and a page that fails is named while the others are stored.
struct ReextractCLITests {
    @Test func secondPassChangesNothing() async throws {
        let data = try Executables.temporaryFolder("reextract-data")
        defer { try? FileManager.default.removeItem(at: data) }
        let pages = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures").path
        let first = try await Kabar.run(["reextract", "--data", data.path, "--json", pages])
        #expect(first.status == 0, "\(first.stderr)")
        let a = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.split(separator: "\n").last!.utf8)) as? [String: Any])
        #expect(a["pages"] as? Int == 4)
        #expect(a["new"] as? Int == 4)
        #expect(a["failed"] as? Int == 0)
        // The summary kabar-postgres prints too (ReextractionReport; kabar adds health): every field, keys sorted.
        #expect(a.keys.sorted() == ["duplicates", "failed", "file_bytes", "files", "health", "html_bytes", "html_mb_per_s", "new", "pages",
                                    "records", "revised", "revised_fields", "seconds", "skipped", "skipped_why", "unchanged", "warnings", "workers"])
        #expect(first.stdout.split(separator: "\n").last!.hasPrefix(#"{"duplicates":0,"failed":0,"file_bytes":"#))
        let second = try await Kabar.run(["reextract", "--data", data.path, "--json", pages])
        #expect(second.status == 0, "\(second.stderr)")
        let b = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.split(separator: "\n").last!.utf8)) as? [String: Any])
        #expect(b["new"] as? Int == 0)
        #expect(b["revised"] as? Int == 0)
        #expect(b["unchanged"] as? Int == 4)
    }

    /// Counts are printed with their noun in the right number (before: "1 files, ..., 1 pages").
    @Test func oneSavedPageIsCountedInTheSingular() async throws {
        let data = try Executables.temporaryFolder("reextract-one")
        defer { try? FileManager.default.removeItem(at: data) }
        let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html").path
        let r = try await Kabar.run(["reextract", "--data", data.path, page])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("reextract: 1 file, 0 WARC records, 1 page extracted ("), "\(r.stdout)")
        #expect(r.stdout.contains(": 1 new, 0 revised, 0 unchanged, 0 duplicates, 0 skipped, 0 failed in "), "\(r.stdout)")
        #expect(r.stderr.contains("reextract: 1 file, 0 records, 1 page, "), "\(r.stderr)")
    }

    @Test func aMissingPathIsAUsageError() async throws {
        let data = try Executables.temporaryFolder("reextract-missing")
        defer { try? FileManager.default.removeItem(at: data) }
        let r = try await Kabar.run(["reextract", "--data", data.path, "/no/such/archive.warc.gz"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/no/such/archive.warc.gz"))
    }

    /// A file named .warc or .warc.gz that holds something else (gzip of text, a page) is no
    /// WARC file, and fails by name; before, it passed as a "torn tail" at offset 0, exit 0,
    /// "0 failed". A WARC header cut short is still a torn tail.
    @Test func aFileNamedWARCThatIsNotOneFails() async throws {
        let dir = try Executables.temporaryFolder("reextract-notwarc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = dir.appendingPathComponent("hello.warc.gz")
        try TestGzip.compress(Data("hello\n".utf8)).write(to: gz)
        let page = dir.appendingPathComponent("page.warc")
        try Data("<html><body>a page</body></html>\n".utf8).write(to: page)
        for (file, found) in [(gz, "hello"), (page, "<html><body>a page</body></html>")] {
            let r = try await Kabar.run(["reextract", "--data", dir.appendingPathComponent("data").path, file.path])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("\(file.path): not a WARC file (expected a WARC/1.x version line, found '\(found)'); reextract reads WARC files"), "\(r.stderr)")
            #expect(r.stdout.contains(" 1 failed in "), "\(r.stdout)")
        }
        let torn = dir.appendingPathComponent("torn.warc")
        try Data("WARC/1.1\r\nWARC-Type: resp".utf8).write(to: torn)
        let r = try await Kabar.run(["reextract", "--data", dir.appendingPathComponent("data").path, torn.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("torn.warc: torn tail skipped: the file ends inside the record at offset 0"), "\(r.stderr)")
    }

    /// A folder holding no file either command reads (saved pages compressed as .zip, or
    /// nothing) is named with what it holds, exit 2; before, both printed nothing of it and
    /// exited 0 with no record.
    @Test func aFolderWithNothingToReadIsNamed() async throws {
        let dir = try Executables.temporaryFolder("reextract-nothing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pages = dir.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        try TestGzip.compress(Data("<html><body><p>a page</p></body></html>".utf8)).write(to: pages.appendingPathComponent("0001.zip"))
        let extract = try await Kabar.run(["extract", pages.path])
        #expect(extract.status == 2, "\(extract.stderr)")
        #expect(extract.stderr.contains("\(pages.path): no saved pages (.html, .htm, .xhtml, or gzipped: .html.gz, .htm.gz, .xhtml.gz) in the folder: it holds 1 other file, such as 0001.zip"), "\(extract.stderr)")
        let reextract = try await Kabar.run(["reextract", "--data", dir.appendingPathComponent("data").path, pages.path])
        #expect(reextract.status == 2, "\(reextract.stderr)")
        #expect(reextract.stderr.contains("\(pages.path): no WARC files (.warc, .warc.gz) or saved pages (.html, .htm, .xhtml, or gzipped: .html.gz, .htm.gz, .xhtml.gz) in the folder: it holds 1 other file, such as 0001.zip"), "\(reextract.stderr)")
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try await Kabar.run(["extract", empty.path])
        #expect(none.status == 2 && none.stderr.contains("\(empty.path): no saved pages (.html, .htm, .xhtml, or gzipped: .html.gz, .htm.gz, .xhtml.gz) in the folder: it is empty"), "\(none.stderr)")
    }
}
