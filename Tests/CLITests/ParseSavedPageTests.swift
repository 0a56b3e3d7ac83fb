import Foundation
import KabarTesting
import Testing

/// `kabar parse` reads a saved page as `kabar extract` does: a gzipped one (`.html.gz`) inflated,
/// within `--max-page-size`, a damaged one named with zlib's reason; the cap holds for a plain
/// file too. Before, parse refused a .html.gz as "not an HTML page: binary content (gzip data)"
/// and read a file of any size.
struct ParseSavedPageTests {
    @Test func parseReadsAGzippedPageAsExtractDoes() async throws {
        let dir = try Executables.temporaryFolder("parse-gzipped")
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try Data(contentsOf: SavedFileKindTests.page)
        let gz = TestGzip.compress(html)
        let page = dir.appendingPathComponent("a.html.gz").path
        try gz.write(to: URL(fileURLWithPath: page))
        let r = try await Kabar.run(["parse", page])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("headline    \"\(SavedFileKindTests.headline)\""), "\(r.stdout)")
        // The same record as the page unzipped.
        let plain = dir.appendingPathComponent("a.html")
        try html.write(to: plain)
        let unzipped = try await Kabar.run(["parse", plain.path])
        #expect(unzipped.status == 0 && unzipped.stdout == r.stdout, "\(unzipped.stdout)\n\(r.stdout)")

        // A damaged one, and one that is no gzip at all: named with what is wrong, as extract names them.
        let cut = dir.appendingPathComponent("c-cut.html.gz").path
        try gz.prefix(gz.count / 2).write(to: URL(fileURLWithPath: cut))
        let notGzip = dir.appendingPathComponent("d-plain.html.gz").path
        try html.write(to: URL(fileURLWithPath: notGzip))
        for (path, why) in [(cut, "a damaged gzip file: truncated compressed data"), (notGzip, "not gzip data, though its name ends in .gz")] {
            let bad = try await Kabar.run(["parse", path])
            #expect(bad.status == 1 && bad.stdout.isEmpty, "\(path): \(bad.stdout)")
            #expect(bad.stderr.hasPrefix("kabar: \(path): \(why)"), "\(bad.stderr)")
            let extracted = try await Kabar.run(["extract", path])
            #expect(extracted.stderr.contains("\(path): \(why)"), "extract says the same: \(extracted.stderr)")
        }

        // The page size cap: on the inflated page, and on a plain file before it is read.
        let big = dir.appendingPathComponent("e.html.gz").path
        try TestGzip.compress(html + Data(repeating: 0x20, count: 64 * 1024)).write(to: URL(fileURLWithPath: big))
        let capped = try await Kabar.run(["parse", "--max-page-size", "32KB", big])
        #expect(capped.status == 1 && capped.stdout.isEmpty, "\(capped.stdout)")
        #expect(capped.stderr.hasPrefix("kabar: \(big): it inflates past 32768 bytes, over the page size cap"), "\(capped.stderr)")
        let small = try await Kabar.run(["parse", "--max-page-size", "1KB", plain.path])
        #expect(small.status == 1 && small.stderr.hasPrefix("kabar: \(plain.path): \(html.count) bytes, over the page size cap of 1024 bytes"), "\(small.stderr)")
        let usage = try await Kabar.run(["parse", "--max-page-size", "5", plain.path])
        #expect(usage.status == 64 && usage.stderr.contains("--max-page-size '5'"), "\(usage.stderr)")
    }
}
