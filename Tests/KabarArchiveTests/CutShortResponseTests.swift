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
}
