import Foundation
import KabarArchive
import KabarTesting
import Testing

func tempFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-warc-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func exchange(_ n: Int, body: String? = nil, status: Int = 200) -> WARCExchange {
    var x = WARCExchange(targetURI: "https://www.example.com/news/\(n)?a=1", status: status)
    x.requestHeaders = [("Host", "www.example.com"), ("User-Agent", "Kabar/test"), ("Accept", "text/html")]
    x.responseHeaders = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Content-Length", "99"), ("ETag", "\"e\(n)\"")]
    x.body = Data((body ?? "<html><body><p>page \(n) \(String(repeating: "words ", count: n % 50))</p></body></html>").utf8)
    x.httpVersion = "1.1"
    x.remoteIP = "127.0.0.1"
    x.metadata = [("schedule", "test"), ("attempts", "1")]
    return x
}

@Suite struct WARCWriterReaderTests {
    @Test func digestsAreSHA1InBase32() {
        #expect(WARCDigest.sha1(Data()) == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ")
        #expect(WARCDigest.sha1(Data("abc".utf8)) == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5")
        #expect(WARCDigest.sha1(of: [Data("a".utf8), Data("bc".utf8)]) == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5")
    }

    @Test func warcDatesParse() {
        #expect(WARCDate.parse("2014-08-02T09:52:13Z") == Date(timeIntervalSince1970: 1_406_973_133))
        #expect(WARCDate.parse("2014-08-02T09:52:13.250Z") == Date(timeIntervalSince1970: 1_406_973_133.25))
        #expect(WARCDate.parse("2014-08-02") == Date(timeIntervalSince1970: 1_406_937_600))
        #expect(WARCDate.parse("2014-08-02T16:52:13+07:00") == Date(timeIntervalSince1970: 1_406_973_133))
        #expect(WARCDate.parse("yesterday") == nil)
        #expect(WARCDate.string(Date(timeIntervalSince1970: 1_406_973_133.9)) == "2014-08-02T09:52:13Z")
    }

    @Test func roundTripWithOffsetsAndDigests() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir.appendingPathComponent("warc"), site: "Example Site")
        var locations: [WARCLocation] = []
        for n in 0..<20 { locations.append(try #require(try writer.archive(exchange(n)))) }
        try writer.close()
        #expect(writer.filesWritten.count == 1)
        let file = try #require(writer.filesWritten.first)
        #expect(file.hasPrefix("warc/example_site-") && file.hasSuffix("-00000.warc.gz"))
        let path = dir.appendingPathComponent(file).path
        let reader = try WARCReader(path: path)
        var records: [WARCRecord] = []
        while let r = try reader.next() { records.append(r) }
        #expect(records.count == 1 + 3 * 20)
        #expect(records[0].type == "warcinfo")
        #expect(records.dropFirst().map(\.type).prefix(3) == ["request", "response", "metadata"])
        for r in records {
            #expect(r.version == "WARC/1.1")
            #expect(r.recordID.hasPrefix("<urn:uuid:"))
            #expect(r["WARC-Block-Digest"] == WARCDigest.sha1(r.block))
            #expect(r["WARC-Date"] != nil)
        }
        let responses = records.filter { $0.type == "response" }
        #expect(responses.map(\.offset) == locations.map(\.offset))
        for (n, r) in responses.enumerated() {
            let http = try r.http()
            #expect(http.status == 200)
            #expect(http["Content-Encoding"] == nil)
            #expect(http["X-Kabar-Orig-Content-Encoding"] == "gzip")
            #expect(http["Content-Length"] == String(exchange(n).body.count))
            #expect(try http.decodedBody() == exchange(n).body)
            #expect(r["WARC-Payload-Digest"] == WARCDigest.sha1(exchange(n).body))
            #expect(r.targetURI == "https://www.example.com/news/\(n)?a=1")
            // Request and metadata point at their response.
            let group = records.filter { $0["WARC-Concurrent-To"] == r.recordID }
            #expect(group.map(\.type).sorted() == ["metadata", "request"])
            let request = try #require(group.first { $0.type == "request" }).http()
            #expect(request.startLine == "GET /news/\(n)?a=1 HTTP/1.1")
        }
        // Seek by offset.
        let tenth = try WARCReader.record(path: path, offset: locations[10].offset)
        #expect(tenth.type == "response" && tenth.targetURI?.hasSuffix("/news/10?a=1") == true)
    }

    @Test func eachRecordIsItsOwnGzipMember() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "s", locationPrefix: "")
        for n in 0..<5 { try writer.archive(exchange(n)) }
        try writer.close()
        let path = dir.appendingPathComponent(writer.filesWritten[0]).path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let offsets = try collectOffsets(path)
        #expect(offsets.count == 16)
        // Every member, cut out alone, inflates to exactly one record.
        for (i, start) in offsets.enumerated() {
            let end = i + 1 < offsets.count ? Int(offsets[i + 1]) : bytes.count
            let member = bytes[Int(start)..<end]
            let text = try GzipCodec.inflate(Data(member))
            #expect(text.starts(with: Data("WARC/1.1\r\n".utf8)))
            #expect(text.suffix(4) == Data([13, 10, 13, 10]))
            let one = try WARCReader.record(path: path, offset: start)
            #expect(one.offset == start)
        }
    }

    func collectOffsets(_ path: String) throws -> [Int64] {
        let reader = try WARCReader(path: path)
        var out: [Int64] = []
        while let r = try reader.next() { out.append(r.offset) }
        return out
    }

    @Test func rotatesAtTheSizeLimitKeepingAFetchTogether() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "rot", maxFileSize: 4_000, locationPrefix: "")
        var locations: [WARCLocation] = []
        for n in 0..<30 {
            locations.append(try #require(try writer.archive(exchange(n, body: String(repeating: "x\(n) ", count: 300)))))
        }
        try writer.close()
        #expect(writer.filesWritten.count > 3)
        var seen = 0
        for (i, name) in writer.filesWritten.enumerated() {
            #expect(name.hasSuffix(String(format: "-%05d.warc.gz", i)))
            let path = dir.appendingPathComponent(name).path
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
            let reader = try WARCReader(path: path)
            var types: [String] = []
            while let r = try reader.next() { types.append(r.type) }
            #expect(types.first == "warcinfo")
            #expect((types.count - 1) % 3 == 0)  // whole fetches only
            // Over the limit only when a single fetch is larger than it.
            #expect(size <= 4_000 || types.count == 4)
            seen += (types.count - 1) / 3
        }
        #expect(seen == 30)
        for (n, loc) in locations.enumerated() {
            let r = try WARCReader.record(path: dir.appendingPathComponent(loc.file).path, offset: loc.offset)
            #expect(try r.http().decodedBody() == Data(String(repeating: "x\(n) ", count: 300).utf8))
        }
    }

    @Test func notModifiedIsARevisit() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "r", locationPrefix: "")
        var x = exchange(1, status: 304)
        x.body = Data()
        x.responseHeaders = [("ETag", "\"e1\"")]
        x.refersToURI = x.targetURI
        x.refersToDate = Date(timeIntervalSince1970: 1_700_000_000)
        let loc = try #require(try writer.archive(x))
        try writer.close()
        let r = try WARCReader.record(path: dir.appendingPathComponent(loc.file).path, offset: loc.offset)
        #expect(r.type == "revisit")
        #expect(r["WARC-Profile"] == "http://netpreserve.org/warc/1.1/revisit/server-not-modified")
        #expect(r["WARC-Refers-To-Target-URI"] == x.targetURI)
        #expect(r["WARC-Refers-To-Date"] == "2023-11-14T22:13:20Z")
        #expect(r["WARC-Payload-Digest"] == nil)
        #expect(try r.http().status == 304)
    }

    @Test func noResponseWritesRequestAndMetadataOnly() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "f", locationPrefix: "")
        var x = exchange(1, status: 0)
        x.metadata.append(("fetch-error", "connection refused"))
        #expect(try writer.archive(x) == nil)
        try writer.close()
        let types = try WARCReader(path: dir.appendingPathComponent(writer.filesWritten[0]).path).map(\.type)
        #expect(types == ["warcinfo", "request", "metadata"])
    }
}

@Suite struct WARCReadingTests {
    /// A hand-made WARC/1.0 file, plain (not gzipped), with a chunked and gzipped payload as
    /// Common Crawl and other crawlers store them.
    static func warc10(_ records: [(type: String, uri: String, block: Data)]) -> Data {
        var out = Data()
        for (i, r) in records.enumerated() {
            var head = "WARC/1.0\r\nWARC-Type: \(r.type)\r\nWARC-Target-URI: \(r.uri)\r\nWARC-Date: 2014-08-02T09:52:13Z\r\n"
            head += "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000\(i)>\r\nContent-Type: application/http; msgtype=response\r\n"
            head += "Content-Length: \(r.block.count)\r\n\r\n"
            out.append(Data(head.utf8))
            out.append(r.block)
            out.append(Data("\r\n\r\n".utf8))
        }
        return out
    }

    static let html = Data("<html><head><title>Chunked</title></head><body><p>Hello from a chunked, gzipped body.</p></body></html>".utf8)

    static func chunked(_ data: Data, size: Int = 17) -> Data {
        var out = Data()
        var i = 0
        while i < data.count {
            let n = min(size, data.count - i)
            out.append(Data("\(String(n, radix: 16));ext=1\r\n".utf8))
            out.append(data[i..<(i + n)])
            out.append(Data("\r\n".utf8))
            i += n
        }
        out.append(Data("0\r\n\r\n".utf8))
        return out
    }

    @Test func readsWARC10PlainWithChunkedGzipPayloads() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = TestGzip.compress(Self.html)
        let block1 = Data("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".utf8) + Self.chunked(gz)
        let block2 = Data("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n".utf8) + (try rawDeflate(Self.html))
        let block3 = Data("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n".utf8) + Self.html
        let file = dir.appendingPathComponent("cc.warc")
        try Self.warc10([("response", "http://a.example/1", block1), ("response", "http://a.example/2", block2),
                         ("response", "http://a.example/3", block3)]).write(to: file)
        let reader = try WARCReader(path: file.path)
        var records: [WARCRecord] = []
        while let r = try reader.next() { records.append(r) }
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.version == "WARC/1.0" })
        #expect(records[0].offset == 0)
        for r in records {
            let http = try r.http()
            #expect(try http.decodedBody() == Self.html, "\(r.targetURI ?? "")")
            // Plain files seek to any record.
            #expect(try WARCReader.record(path: file.path, offset: r.offset).targetURI == r.targetURI)
        }
        #expect(try records[0].http().charset == "iso-8859-1")
        // The same records gzipped one member each read the same.
        let gzFile = dir.appendingPathComponent("cc.warc.gz")
        var gzData = Data()
        for r in records { gzData.append(TestGzip.compress(r.serialized())) }
        try gzData.write(to: gzFile)
        let again = try WARCReader(path: gzFile.path).map { try! $0.http().decodedBody() }
        #expect(again == [Self.html, Self.html, Self.html])
    }

    func rawDeflate(_ data: Data) throws -> Data {
        // A zlib stream is what most servers send as "deflate".
        let gz = TestGzip.compress(data)
        // Rewrap: zlib header + raw deflate body of the gzip member + adler32.
        let raw = gz[(gz.startIndex + 10)..<(gz.endIndex - 8)]
        var adlerA: UInt32 = 1, adlerB: UInt32 = 0
        for b in data { adlerA = (adlerA + UInt32(b)) % 65521; adlerB = (adlerB + adlerA) % 65521 }
        let adler = (adlerB << 16) | adlerA
        return Data([0x78, 0x9C]) + raw + Data([UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
    }

    @Test func truncatedFilesFailNamingFileAndOffset() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "t", locationPrefix: "")
        var locations: [WARCLocation] = []
        for n in 0..<4 { locations.append(try #require(try writer.archive(exchange(n)))) }
        try writer.close()
        let path = dir.appendingPathComponent(writer.filesWritten[0]).path
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        // Cut inside the last response's member.
        let cutPath = dir.appendingPathComponent("cut.warc.gz").path
        try whole.prefix(Int(locations[3].offset) + 40).write(to: URL(fileURLWithPath: cutPath))
        let reader = try WARCReader(path: cutPath)
        var read = 0
        var failure: WARCError?
        do { while try reader.next() != nil { read += 1 } } catch let e as WARCError { failure = e }
        #expect(read == 1 + 3 * 3 + 1)  // up to the last request
        #expect(failure == .truncated(file: cutPath, offset: locations[3].offset, why: "gzip member ends before its end (file cut short?)"))
        #expect(failure?.description.contains("cut.warc.gz: truncated WARC record at offset \(locations[3].offset)") == true)

        // A plain file cut inside a block.
        let plain = WARCReadingTests.warc10([("response", "http://a.example/1", Data("HTTP/1.1 200 OK\r\n\r\nabc".utf8)),
                                             ("response", "http://a.example/2", Data("HTTP/1.1 200 OK\r\n\r\n".utf8) + Self.html)])
        let plainPath = dir.appendingPathComponent("cut.warc").path
        try plain.prefix(plain.count - 30).write(to: URL(fileURLWithPath: plainPath))
        let r2 = try WARCReader(path: plainPath)
        _ = try r2.next()
        let second = plain.range(of: Data("WARC/1.0".utf8), in: 10..<plain.count)!.lowerBound
        #expect(throws: WARCError.self) { try r2.next() }
        do { _ = try WARCReader.record(path: plainPath, offset: Int64(second)) } catch let e as WARCError {
            guard case .truncated(let f, let o, _) = e else { Issue.record("\(e)"); return }
            #expect(f == plainPath && o == Int64(second))
        }
        // Not a WARC file at all.
        let junk = dir.appendingPathComponent("junk.warc").path
        try Data("hello\r\n\r\n".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: WARCError.malformed(file: junk, offset: 0, why: "expected a WARC/1.x version line, found 'hello'")) { try WARCReader(path: junk).next() }
    }

    @Test func dechunkLeavesUnchunkedBodiesAlone() throws {
        #expect(try HTTPMessage.dechunk(Data("<html>not chunked</html>".utf8)) == Data("<html>not chunked</html>".utf8))
        #expect(try HTTPMessage.dechunk(Self.chunked(Self.html, size: 5)) == Self.html)
    }
}
