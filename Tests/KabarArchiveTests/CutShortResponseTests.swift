import Foundation
@testable import KabarArchive
import KabarFetch
import KabarRun
import KabarTesting
import Testing

/// A response whose transfer ended early (a timeout, a stall, a broken connection) holds the
/// bytes that came, not the page: the live run stored nothing from it (retry later), so neither
/// may re-extraction of the archive. The same for what the run skips before parsing (an empty
/// body, binary bytes served as HTML): skipped with the reason, not failed.
@Suite struct CutShortResponseTests {
    /// A fetch of a page whose body stopped coming after 240 bytes, with `error`.
    static func partialFetch(_ error: FetchError) -> FetchResponse {
        var r = FetchResponse(request: FetchRequest(url: URL(string: "https://news.example/a/slow-page-100001")!))
        r.status = 200
        r.headers = HTTPHeaders([("Content-Type", "text/html"), ("Content-Length", "1011")])
        r.body = Data(String(repeating: "<p>part</p>", count: 22).utf8.prefix(240))
        r.error = error
        return r
    }

    @Test func aTransferThatEndedEarlyIsArchivedAsTruncated() throws {
        let cases: [(FetchError?, String?)] = [
            (.timeout("Operation timed out after 5002 milliseconds with 240 out of 1011 bytes received"), "time"),
            (.stalled("under 100 bytes/s for 15 s"), "time"),
            (.network(code: 56, message: "Recv failure: Connection reset by peer"), "disconnect"),
            (.network(code: 18, message: "transfer closed with 771 bytes remaining to read"), "disconnect"),
            (.bodyTooLarge(limit: 240), "length"),
            (.httpStatus(503), nil),
            (nil, nil),
        ]
        for (error, expected) in cases {
            var response = Self.partialFetch(.cancelled)
            response.error = error
            let x = WARCExchange(response: response, configuration: FetchConfiguration(), schedule: "s")
            #expect(x.truncated == (expected != nil), "\(String(describing: error))")
            let dir = try tempFolder()
            defer { try? FileManager.default.removeItem(at: dir) }
            let writer = try WARCWriter(directory: dir, site: "cut", locationPrefix: "")
            try writer.archive(x)
            try writer.close()
            let records = try ArchiveFaultTests.readAll(dir.appendingPathComponent(writer.filesWritten[0]).path)
            let archived = try #require(records.first { $0.type == "response" })
            #expect(archived["WARC-Truncated"] == expected, "\(String(describing: error))")
        }
    }

    @Test func reextractionSkipsWhatTheRunDidNotStore() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "cut", locationPrefix: "")
        try writer.archive(ArchiveFaultTests.article(0))
        // Today's writer: a timed-out transfer says WARC-Truncated: time.
        var timedOut = try ArchiveFaultTests.article(1)
        timedOut.body = timedOut.body.prefix(2_000)
        timedOut.truncated = true
        timedOut.truncation = "time"
        try writer.archive(timedOut)
        // An older writer's: no WARC-Truncated, the length as received kept as X-Kabar-Orig-Content-Length.
        var older = try ArchiveFaultTests.article(2)
        older.responseHeaders.append(("Content-Length", String(older.body.count)))
        older.body = older.body.prefix(2_000)
        try writer.archive(older)
        var empty = try ArchiveFaultTests.article(3)
        empty.body = Data()
        try writer.archive(empty)
        var binary = try ArchiveFaultTests.article(4)
        binary.body = Data([0x00, 0x01, 0x02]) + Data(repeating: 0x41, count: 500)
        try writer.archive(binary)
        try writer.close()
        // Another crawler's plain WARC: the body as received, shorter than its Content-Length.
        let page = try ArchiveFaultTests.article(1).body
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(page.count)\r\n\r\n"
        let foreign = WARCRecord.serialized(version: "WARC/1.0", fields: [
            ("WARC-Type", "response"), ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-000000000001>"),
            ("WARC-Date", "2026-12-07T10:00:00Z"), ("WARC-Target-URI", LocalTestSite.articles[1].url),
            ("Content-Type", "application/http;msgtype=response"), ("Content-Length", String(head.utf8.count + 3_000)),
        ], block: [Data(head.utf8) + page.prefix(3_000)])
        try foreign.write(to: dir.appendingPathComponent("other-crawler.warc"))

        let summary = try await ArchiveFaultTests.reextract([dir])
        #expect(summary.failed == 0, "\(summary.problems)")
        #expect(summary.pages == 1, "only the whole page is read: \(summary)")
        #expect(summary.skipped == 5, "\(summary.skippedWhy)")
        let why = summary.skippedWhy.keys.sorted()
        #expect(why.contains("cut short when fetched (WARC-Truncated: time), not a whole page"), "\(why)")
        #expect(why.contains { $0.hasPrefix("cut short when fetched (2000 of the ") }, "\(why)")
        #expect(why.contains { $0.hasPrefix("cut short when fetched (3000 of the ") }, "\(why)")
        #expect(why.contains("an empty body, not a page"), "\(why)")
        #expect(why.contains("binary content (a NUL byte at offset 0) served as text/html"), "\(why)")
    }

    /// A later page of a multi-page article (`Kabar-Continues`) passes the first page's checks:
    /// one cut short when fetched (either way of saying so), or answered with an error status,
    /// is not stitched into the record. The live run that fetched it stored no record of the
    /// article (a later page that fails fails the article), so re-extraction skips the article
    /// by that reason, naming the page. Before, the cut-short page was appended to the record.
    @Test func aLaterPageCutShortSkipsItsArticle() async throws {
        // SINDOnews' three-page article as the live run archives it: page 1, then pages 2 and 3
        // marked as its continuations.
        func archive(_ change: (inout WARCExchange) -> Void, page: Int) throws -> URL {
            let dir = try tempFolder()
            let writer = try WARCWriter(directory: dir, site: "pages", locationPrefix: "")
            try writer.archive(ArchiveFaultTests.article(5))
            for k in [6, 7] {
                var x = try ArchiveFaultTests.article(k)
                x.role = "page"
                x.pageURI = LocalTestSite.articles[k].url
                x.continues = LocalTestSite.festival
                if k - 4 == page { change(&x) }
                try writer.archive(x)
            }
            try writer.close()
            return dir
        }
        let whole = try archive({ _ in }, page: 0)
        defer { try? FileManager.default.removeItem(at: whole) }
        let all = try await ArchiveFaultTests.reextract([whole])
        #expect(all.failed == 0 && all.skipped == 0 && all.written == 1, "\(all) \(all.problems)")

        let cases: [(Int, String, (inout WARCExchange) -> Void)] = [
            (2, "page 2 of the article: cut short when fetched (WARC-Truncated: time), not a whole page; the article is not stored", { x in
                x.body = x.body.prefix(1_500)
                x.truncated = true
                x.truncation = "time"
            }),
            // All but its last 300 bytes: the plugin still reads it, and it was appended.
            (3, "page 3 of the article: cut short when fetched (\(try ArchiveFaultTests.article(7).body.count - 300) of the ", { x in
                x.responseHeaders.append(("Content-Length", String(x.body.count)))
                x.body = x.body.prefix(x.body.count - 300)
            }),
            (2, "page 2 of the article: HTTP 503, not a page; the article is not stored", { x in x.status = 503 }),
        ]
        for (page, reason, change) in cases {
            let dir = try archive(change, page: page)
            defer { try? FileManager.default.removeItem(at: dir) }
            let summary = try await ArchiveFaultTests.reextract([dir])
            #expect(summary.failed == 0, "\(summary.problems)")
            #expect(summary.written == 0 && summary.pages == 0, "no record of a part of the article: \(summary)")
            #expect(summary.skipped == 1, "\(summary.skippedWhy)")
            let why = try #require(summary.skippedWhy.first)
            #expect(why.key.hasPrefix(reason), "\(why.key)")
            #expect(why.key.hasSuffix("; the article is not stored"), "\(why.key)")
            // The example names the later page's record.
            #expect(why.value.example.hasSuffix(" " + LocalTestSite.articles[page + 4].url), "\(why.value.example)")
        }
    }

    /// The same article in another crawler's archive, whose pages are plain responses (no
    /// `Kabar-Continues`): page 2 cut short (WARC-Truncated, a standard field) is skipped as a
    /// page, and so is its article, by that reason, with page 3 (which no whole page reached).
    /// Before, the article was stored with page 1 alone, and page 3 stored as a record of its own
    /// under the article's address.
    @Test func anotherCrawlersCutShortLaterPageSkipsItsArticle() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "other", locationPrefix: "")
        for k in [5, 6, 7] {
            var x = try ArchiveFaultTests.article(k)
            if k == 6 {
                x.body = x.body.prefix(1_500)
                x.truncated = true
                x.truncation = "time"
            }
            try writer.archive(x)
        }
        try writer.close()
        let summary = try await ArchiveFaultTests.reextract([dir])
        #expect(summary.failed == 0, "\(summary.problems)")
        #expect(summary.written == 0 && summary.pages == 0, "no record of a part of the article: \(summary)")
        let why = summary.skippedWhy.keys.sorted()
        #expect(why.contains("page 2 of the article: cut short when fetched (WARC-Truncated: time), not a whole page; the article is not stored"), "\(why)")
        #expect(why.contains("cut short when fetched (WARC-Truncated: time), not a whole page"), "the page itself: \(why)")
        #expect(why.contains("a later page of an article skipped for another of its pages"), "page 3: \(why)")
        #expect(summary.skipped == 3, "\(summary.skippedWhy)")

        // Whole, the same plain archive is one record of the three pages.
        let whole = try tempFolder()
        defer { try? FileManager.default.removeItem(at: whole) }
        let plain = try WARCWriter(directory: whole, site: "other", locationPrefix: "")
        for k in [5, 6, 7] { try plain.archive(try ArchiveFaultTests.article(k)) }
        try plain.close()
        let all = try await ArchiveFaultTests.reextract([whole])
        #expect(all.failed == 0 && all.skipped == 0 && all.written == 1, "\(all) \(all.problems) \(all.skippedWhy)")
    }
}
