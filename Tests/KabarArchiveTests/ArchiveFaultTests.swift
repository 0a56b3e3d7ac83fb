import Foundation
@testable import KabarArchive
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore
import KabarTesting
import Testing

/// A disk that fills while the archive is written, torn tails left by older versions, and
/// records or pages larger than anything worth holding in memory.
@Suite struct ArchiveFaultTests {
    /// An archived response of one of the constructed Tempo fixture pages, under its real URL.
    static func article(_ k: Int) throws -> WARCExchange {
        let (url, file) = LocalTestSite.articles[k]
        var x = WARCExchange(targetURI: url, status: 200)
        x.requestHeaders = [("Host", URL(string: url)!.host!), ("User-Agent", "Kabar/test")]
        x.responseHeaders = [("Content-Type", "text/html; charset=utf-8")]
        x.body = try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Plugins").appendingPathComponent(file))
        x.role = "article"
        x.httpVersion = "1.1"
        return x
    }

    static func readAll(_ path: String) throws -> [WARCRecord] {
        let reader = try WARCReader(path: path)
        var out: [WARCRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    static func reextract(_ paths: [URL], _ configure: (inout Reextraction.Options) -> Void = { _ in }) async throws -> Reextraction.Summary {
        let data = try Executables.temporaryFolder("archive-faults-data")
        defer { try? FileManager.default.removeItem(at: data) }
        var options = Reextraction.Options()
        options.dataFolder = data
        options.workers = 2
        configure(&options)
        var storeOptions = FileStore.Options()
        storeOptions.durability = .process
        let store = try FileStore(at: data, options: storeOptions)
        defer { try? store.close() }
        return try await Reextraction(registry: BuiltinExtractors.registry, options: options).run(try Reextraction.inputs(paths.map(\.path)), store: store)
    }

    // MARK: Item 5: a failed write

    @Test func diskFullCutsTheFileBackToItsLastWholeRecord() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "full", locationPrefix: "")
        for n in 0..<3 { try writer.archive(exchange(n)) }
        let open = dir.appendingPathComponent(writer.filesWritten[0] + WARCWriter.openSuffix)
        let whole = try Data(contentsOf: open)
        // The disk fills in the middle of the next fetch's records.
        writer.diskFullAt = Int64(whole.count) + 700
        let failure = #expect(throws: WARCError.self) { try writer.archive(exchange(3, body: String(repeating: "big page ", count: 2_000))) }
        #expect("\(failure.map { "\($0)" } ?? "")".contains("cut back to its last whole record at \(whole.count) bytes"))
        #expect(try Data(contentsOf: open) == whole, "the torn bytes are gone")
        // Space again: the next fetch follows the last whole record.
        writer.diskFullAt = nil
        let after = try #require(try writer.archive(exchange(4)))
        try writer.close()
        let final = dir.appendingPathComponent(writer.filesWritten[0]).path
        let records = try Self.readAll(final)
        #expect(records.count == 1 + 4 * 3, "warcinfo, then request, response and metadata of four fetches")
        #expect(records.filter { $0.type == "response" }.map(\.targetURI) == [0, 1, 2, 4].map { "https://www.example.com/news/\($0)?a=1" })
        #expect(try WARCReader.record(path: final, offset: after.offset).targetURI == "https://www.example.com/news/4?a=1")
    }

    @Test func aFileWhoseFirstRecordDoesNotFitIsRemoved() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "none", locationPrefix: "")
        writer.diskFullAt = 40
        #expect(throws: WARCError.self) { try writer.archive(exchange(0)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [], "no torn file left")
        writer.diskFullAt = nil
        try writer.archive(exchange(1))
        try writer.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.count == 1)
        #expect(try Self.readAll(dir.appendingPathComponent(names[0]).path).count == 4)
    }

    /// A torn tail under a final name (what older versions left after a full disk): re-extraction
    /// warns with the file and offset and goes on; it is no failure.
    @Test func reextractSkipsATornTailWithAWarning() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "torn", locationPrefix: "")
        for k in 0..<3 { try writer.archive(Self.article(k)) }
        try writer.close()
        let file = dir.appendingPathComponent(writer.filesWritten[0])
        let whole = try Data(contentsOf: file)
        let member = try GzipCodec.member(WARCRecord(fields: [("WARC-Type", "response"), ("Content-Length", "5000")],
                                                     block: Data(repeating: 0x61, count: 5000)).serialized())
        try (whole + member.prefix(member.count / 2)).write(to: file)

        let summary = try await Self.reextract([file])
        #expect(summary.failed == 0, "\(summary.problems)")
        #expect(summary.written + summary.duplicates == 3, "\(summary)")
        #expect(summary.warned == 1)
        let warning = summary.warnings.first ?? ""
        #expect(warning.contains(file.lastPathComponent) && warning.contains("torn tail") && warning.contains("offset \(whole.count)"), "\(warning)")

        // The reader alone: strict by default, or ending at the tail when asked.
        #expect(throws: WARCError.self) { _ = try Self.readAll(file.path) }
        let reader = try WARCReader(path: file.path)
        reader.skipsTornTail = true
        var n = 0
        while try reader.next() != nil { n += 1 }
        #expect(n == 1 + 3 * 3)
        guard case .truncated(_, let offset, _)? = reader.tornTail else { Issue.record("no torn tail reported"); return }
        #expect(offset == Int64(whole.count))
    }

    // MARK: Item 6: caps

    /// A record whose gzip member inflates far past the cap (a bomb), and a plain record whose
    /// block is declared past it: each is skipped, the reader goes on with the next.
    @Test(arguments: [true, false])
    func recordsOverTheCapAreSkippedAndReadingGoesOn(gzip: Bool) throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = WARCRecord(fields: [("WARC-Type", "resource"), ("WARC-Target-URI", "https://example.com/big"), ("Content-Length", String(8 << 20))],
                             block: Data(count: 8 << 20)).serialized()
        let small = WARCRecord(fields: [("WARC-Type", "resource"), ("WARC-Target-URI", "https://example.com/small"), ("Content-Length", "5")],
                               block: Data("hello".utf8)).serialized()
        let first = gzip ? try GzipCodec.member(big) : big
        let bytes = gzip ? first + (try GzipCodec.member(small)) : first + small
        let path = dir.appendingPathComponent(gzip ? "caps.warc.gz" : "caps.warc").path
        try bytes.write(to: URL(fileURLWithPath: path))
        if gzip { #expect(first.count < 20_000, "8 MB of zeros compress to a few KB") }

        let reader = try WARCReader(path: path, maxRecordBytes: 1 << 20)
        let skipped = #expect(throws: WARCError.self) { _ = try reader.next() }
        guard case .tooLarge(_, let offset, let why)? = skipped else { Issue.record("not tooLarge: \(String(describing: skipped))"); return }
        #expect(offset == 0)
        #expect(why.contains("over the cap of 1048576"), "\(why)")
        let next = try #require(try reader.next())
        #expect(next.targetURI == "https://example.com/small")
        #expect(next.offset == Int64(first.count))
        #expect(try reader.next() == nil)
        // Under the default cap the same record reads.
        #expect(try Self.readAll(path).count == 2)
    }

    /// Pages over the page cap, whether stored that large, gzip-coded into it (another crawler's
    /// record), or a saved file: skipped with a warning naming them, the others extracted.
    @Test func reextractSkipsPagesOverTheCap() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "caps", locationPrefix: "")
        try writer.archive(Self.article(0))
        var large = try Self.article(1)
        large.body += Data(repeating: 0x20, count: 300_000)
        let largeAt = try #require(try writer.archive(large))
        try writer.archive(Self.article(2))
        try writer.close()
        // Another crawler's record: the body still gzip-coded, inflating to 3 MB.
        var bomb = try Self.article(3)
        bomb.responseHeaders = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        let head = Data("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".utf8)
        let block = head + (try GzipCodec.member(bomb.body + Data(repeating: 0x20, count: 3 << 20)))
        let other = try GzipCodec.member(WARCRecord(fields: [("WARC-Type", "response"), ("WARC-Target-URI", bomb.targetURI),
                                                             ("Content-Type", "application/http;msgtype=response"),
                                                             ("Content-Length", String(block.count))], block: block).serialized())
        let otherFile = dir.appendingPathComponent("other.warc.gz")
        try other.write(to: otherFile)
        let html = dir.appendingPathComponent("saved.html")
        try (try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2017-putin-kim.html"))
             + Data(repeating: 0x20, count: 300_000)).write(to: html)

        let summary = try await Self.reextract([dir]) { $0.maxPageBytes = 200_000; $0.site = "tempo" }
        #expect(summary.failed == 0, "\(summary.problems)")
        #expect(summary.pages == 2, "\(summary)")
        #expect(summary.warned == 3, "\(summary.warnings)")
        let text = summary.warnings.joined(separator: "\n")
        #expect(text.contains("@\(largeAt.offset): skipped: the page is"), "\(text)")
        #expect(text.contains("other.warc.gz@0: skipped: the page's body inflates past 200000 bytes"), "\(text)")
        #expect(text.contains("saved.html: skipped:"), "\(text)")
    }

    /// A WARC record over --max-record-size is skipped with a warning and counted under its
    /// reason in the summary's skipped_why, as pages over the page cap are.
    @Test func aRecordOverTheRecordCapIsCountedWithItsReason() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "caps", locationPrefix: "")
        try writer.archive(Self.article(0))
        var large = try Self.article(1)
        large.body += Data(repeating: 0x20, count: 300_000)
        try writer.archive(large)
        try writer.close()

        let summary = try await Self.reextract([dir]) { $0.maxRecordBytes = 200_000; $0.site = "tempo" }
        #expect(summary.failed == 0, "\(summary.problems)")
        #expect(summary.pages == 1, "\(summary)")
        #expect(summary.skipped == 1, "\(summary)")
        #expect(summary.skippedWhy["over a size cap"]?.count == 1, "\(summary.skippedWhy)")
        #expect(summary.warned == 1 && summary.warnings.first?.contains("skipped:") == true, "\(summary.warnings)")
    }
}
