import CCrypto
import Foundation
@testable import KabarArchive
import KabarTesting
import Testing

/// The archive's one pass over a record (copy and both digests together) and its member reader
/// (ISA-L's inflate): digests equal to a reference computed apart with OpenSSL's EVP interface,
/// members of every codec read back, a cut or damaged member reported at its offset.
@Suite struct ArchivePassTests {
    /// Deterministic bytes of `count` (a constructed body; not a real page).
    static func bytes(_ count: Int, seed: UInt64 = 7) -> Data {
        var x = seed
        var out = Data(capacity: count)
        for _ in 0..<count {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            out.append(UInt8(truncatingIfNeeded: x >> 33))
        }
        return out
    }

    /// The reference: `sha1:` + base32 of EVP's one-shot SHA-1 (the way digests were computed
    /// before the one pass), independent of `SHA1` and `WARCRecord.serialized`.
    static func reference(_ data: Data) -> String {
        var out = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        data.withUnsafeBytes { _ = EVP_Digest($0.baseAddress, $0.count, &out, &length, EVP_sha1(), nil) }
        return "sha1:" + WARCDigest.base32(out)
    }

    /// Body sizes around the pass's chunk (8 KB) and a page's size.
    static let sizes = [0, 1, 8191, 8192, 8193, 3 * 8192 + 5, 104_857]

    @Test func recordDigestsEqualAReferenceComputedApart() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "pass", locationPrefix: "")
        for (n, size) in Self.sizes.enumerated() {
            var x = exchange(n)
            x.body = Self.bytes(size, seed: UInt64(n + 1))
            x.truncated = n == 2
            try writer.archive(x)
        }
        var revisit = exchange(99, status: 304)
        revisit.body = Data()
        try writer.archive(revisit)
        try writer.close()
        let records = Array(try WARCReader(path: dir.appendingPathComponent(writer.filesWritten[0]).path))
        #expect(records.count == 1 + 3 * (Self.sizes.count + 1))
        var payloads: [String] = []
        for r in records {
            #expect(r["WARC-Block-Digest"] == Self.reference(r.block), "\(r.type) \(r.targetURI ?? "")")
            #expect(r["WARC-Block-Digest"]?.contains("?") == false)
            if r.type == "response" {
                let body = try r.http().rawBody
                #expect(r["WARC-Payload-Digest"] == Self.reference(body))
                payloads.append(try #require(r["WARC-Payload-Digest"]))
            } else {
                #expect(r["WARC-Payload-Digest"] == nil)
            }
        }
        #expect(payloads == Self.sizes.enumerated().map { Self.reference(Self.bytes($0.element, seed: UInt64($0.offset + 1))) })
    }

    /// With `responseBlockDigest` off, a response record has its payload digest (the body's,
    /// as with it on) and no block digest; every other record keeps its block digest, and the
    /// records' blocks are the same bytes as a default writer's.
    @Test func responsesWithoutTheBlockDigestKeepThePayloadDigest() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func records(blockDigest: Bool) throws -> [WARCRecord] {
            let site = blockDigest ? "on" : "off"
            let writer = try WARCWriter(directory: dir, site: site, locationPrefix: "", responseBlockDigest: blockDigest)
            for (n, size) in Self.sizes.enumerated() {
                var x = exchange(n)
                x.body = Self.bytes(size, seed: UInt64(n + 1))
                try writer.archive(x)
            }
            var revisit = exchange(99, status: 304)
            revisit.body = Data()
            try writer.archive(revisit)
            try writer.close()
            return Array(try WARCReader(path: dir.appendingPathComponent(writer.filesWritten[0]).path))
        }
        let off = try records(blockDigest: false)
        let on = try records(blockDigest: true)
        #expect(off.count == on.count && off.count == 1 + 3 * (Self.sizes.count + 1))
        var responses = 0
        for (a, b) in zip(off, on) {
            #expect(a.type == b.type && a.block == b.block)
            #expect(b["WARC-Block-Digest"] == Self.reference(b.block))
            if a.type == "response" {
                responses += 1
                #expect(a["WARC-Block-Digest"] == nil)
                #expect(a["WARC-Payload-Digest"] == Self.reference(try a.http().rawBody))
                #expect(a["WARC-Payload-Digest"] == b["WARC-Payload-Digest"])
            } else {
                #expect(a["WARC-Block-Digest"] == Self.reference(a.block), "\(a.type)")
            }
        }
        #expect(responses == Self.sizes.count)
    }

    /// A record serialized with pending digests is the record serialized with digests computed
    /// first: byte for byte.
    @Test func serializedFillsPendingDigestsInPlace() {
        let head = Data("HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n".utf8)
        let body = Self.bytes(20000)
        func fields(_ payload: String, _ block: String) -> [(name: String, value: String)] {
            [("WARC-Type", "response"), ("WARC-Payload-Digest", payload), ("WARC-Target-URI", "https://a.example/"),
             ("WARC-Block-Digest", block), ("Content-Length", String(head.count + body.count))]
        }
        let pending = WARCRecord.serialized(fields: fields(WARCRecord.pendingDigest, WARCRecord.pendingDigest), block: [head, body])
        let computed = WARCRecord.serialized(fields: fields(Self.reference(body), Self.reference(head + body)), block: [head, body])
        #expect(pending == computed)
        #expect(String(decoding: pending.prefix(400), as: UTF8.self).contains("WARC-Payload-Digest: \(Self.reference(body))\r\n"))
    }

    @Test func streamingSHA1EqualsEVPOverAnySplit() {
        let data = Self.bytes(70_001)
        for split in [0, 1, 63, 64, 65, 8192, 35_000, 70_001] {
            var h = SHA1()
            h.update(data.prefix(split))
            h.update(data.dropFirst(split))
            #expect("sha1:" + WARCDigest.base32(h.finish()) == Self.reference(data), "split at \(split)")
        }
    }

    /// A gzip member with the optional header fields (FEXTRA, FNAME, FCOMMENT, FHCRC) that
    /// other tools write: zlib's member of `data` with those inserted after its 10-byte header.
    static func memberWithHeaderFields(_ data: Data) throws -> Data {
        let plain = try GzipCodec.member(data)
        var header = Data(plain.prefix(10))
        header[3] = 0x02 | 0x04 | 0x08 | 0x10
        header.append(contentsOf: [5, 0, 0x41, 0x42, 1, 0, 0x7A])  // XLEN 5: subfield "AB", length 1
        header.append(contentsOf: Array("page.html".utf8) + [0])
        header.append(contentsOf: Array("a comment".utf8) + [0])
        let crc = crc32Of(header)
        header.append(contentsOf: [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF)])
        return header + plain.dropFirst(10)
    }

    static func crc32Of(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in data {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Members of every codec and level, one with the optional header fields, an empty one and
    /// a large one (past the reader's 256 KB output chunk and its 1 MB read), concatenated: each
    /// read back whole, at its offset.
    @Test func memberReaderReadsConcatenatedMembersOfEveryKind() throws {
        var contents: [Data] = [Data(), Self.bytes(10), Data(repeating: 0x61, count: 3_000_000), Self.bytes(300_000)]
        for i in 0..<6 { contents.append(Data(String(repeating: "<p>kalimat \(i) ", count: 2000 + i).utf8)) }
        var file = Data()
        var expected: [(Int64, Data)] = []
        let options = [ArchiveCompression(codec: .zlib, level: 6), ArchiveCompression(codec: .libdeflate, level: 1),
                       ArchiveCompression(codec: .isal, level: 0), ArchiveCompression(codec: .isal, level: 1),
                       ArchiveCompression(codec: .isal, level: 3)]
        for (i, content) in contents.enumerated() {
            expected.append((Int64(file.count), content))
            file.append(i == 1 ? try Self.memberWithHeaderFields(content) : try options[i % options.count].member(content))
        }
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("members.gz").path
        try file.write(to: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let reader = GzipMemberReader(handle: handle, path: path, offset: 0)
        var read: [(Int64, Data)] = []
        while let m = try reader.next() { read.append(m) }
        #expect(read.map(\.0) == expected.map(\.0))
        #expect(read.map(\.1) == expected.map(\.1))
        #expect(reader.position == Int64(file.count))
    }

    /// A file cut at every part of a member (its header, its deflate data, its trailer) fails
    /// as truncated at that member's offset, after the whole members before it; a damaged CRC
    /// fails as malformed at its offset.
    @Test func cutOrDamagedMemberIsReportedAtItsOffset() throws {
        let first = try ArchiveCompression.default.member(Self.bytes(5000))
        let second = try ArchiveCompression.default.member(Data(String(repeating: "berita ", count: 30_000).utf8))
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cut.gz").path
        for cut in [1, 5, 10, 11, 200, second.count / 2, second.count - 8, second.count - 1] {
            try (first + second.prefix(cut)).write(to: URL(fileURLWithPath: path))
            let handle = try #require(FileHandle(forReadingAtPath: path))
            defer { try? handle.close() }
            let reader = GzipMemberReader(handle: handle, path: path, offset: 0)
            #expect(try reader.next()?.offset == 0)
            #expect(throws: WARCError.truncated(file: path, offset: Int64(first.count), why: "gzip member ends before its end (file cut short?)"),
                    "cut at \(cut)") { try reader.next() }
        }
        var damaged = first + second
        damaged[damaged.count - 6] ^= 0xFF  // in the CRC-32
        try damaged.write(to: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let reader = GzipMemberReader(handle: handle, path: path, offset: 0)
        #expect(try reader.next()?.offset == 0)
        #expect(throws: WARCError.malformed(file: path, offset: Int64(first.count), why: "bad gzip data: incorrect data check")) { try reader.next() }
    }

    /// Small records at ISA-L levels 1-3 are compressed with the shared tables
    /// (`ISALDeflatePool.smallRecordTables`): any bytes (every byte value, random bytes, WARC
    /// heads) inflate back with zlib, up to the limit and past it.
    @Test func smallRecordsWithTheSharedTablesInflateBack() throws {
        let head = Data(ISALDeflatePool.smallRecordSample.utf8)
        var inputs = [Data(), Data([0]), Data((0...255).map { UInt8($0) }), Self.bytes(ISALDeflatePool.smallRecord),
                      Self.bytes(ISALDeflatePool.smallRecord + 1), head.prefix(ISALDeflatePool.smallRecord)]
        inputs.append(Data("schedule: berita\r\nredirect: https://contoh.example/é/ü?q=ß\r\n".utf8))
        for level in 1...3 {
            for input in inputs {
                let member = try ArchiveCompression(codec: .isal, level: level).member(input)
                #expect(GzipCodec.isGzip(member))
                #expect(try GzipCodec.inflate(member) == input, "level \(level), \(input.count) bytes")
            }
        }
        // One path for small records whatever the level: the shared tables, not each record's own.
        let record = head.prefix(600)
        let members = try (1...3).map { try ArchiveCompression(codec: .isal, level: $0).member(record) }
        #expect(Set(members).count == 1)
        #expect(members[0].count < record.count * 9 / 10)
    }

    /// The request target, as `URLComponents` gave it (the way it was computed before the
    /// byte-level cut), for URIs of every shape the cut takes and the ones it leaves to
    /// `URLComponents`.
    @Test func requestTargetIsURLComponentsTarget() {
        func reference(_ uri: String) -> String {
            var target = "/"
            if let c = URLComponents(string: uri) {
                target = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
                if let q = c.percentEncodedQuery { target += "?" + q }
            }
            return target
        }
        let uris = ["https://nasional.tempo.co/read/1234567/judul-berita", "http://127.0.0.1:8080/a/b?c=d&e=f", "https://a.example",
                    "https://a.example?x=1", "https://a.example/?", "https://a.example/p?", "http://a.example//double//slash",
                    "https://a.example/%E2%80%93-dash?q=%20", "https://a.example/x%zz", "https://a.example/x%4", "https://a.example/#frag",
                    "https://a.example/p#frag", "https://a.example/p?q#f", "https://user:pw@a.example/p", "https://a.example:abc/p",
                    "https://[::1]:8080/p", "HTTPS://A.EXAMPLE/P", "https://a.example/p q", "https://a.example/é", "ftp://a.example/p",
                    "https://a.example/!$&'()*+,;=:~_.-", "https://a.example/p?a=/b?c", "http://", "https://a.example:/p",
                    "https://a.example:8080", "https://a-b.c_d.example/p", "not a uri", "", "/relative/path?x"]
        for uri in uris {
            #expect(WARCExchange.requestTarget(uri) == reference(uri), "\(uri)")
        }
    }

    /// The response head, with the field names checked on their bytes, is the head as built before
    /// (with a lower-cased copy of each name; the reference here).
    @Test func responseHeadIsTheHeadAsBuiltBefore() {
        func reference(_ x: WARCExchange, includeLength: Bool) -> Data {
            let version = x.httpVersion == "1.0" ? "HTTP/1.0" : "HTTP/1.1"
            var head = "\(version) \(x.status) \(x.reason ?? WARCExchange.reasons[x.status] ?? "Status")\r\n"
            for f in x.responseHeaders {
                let lower = f.name.lowercased()
                if lower.hasPrefix(":") { continue }
                head += WARCExchange.decodedAway.contains(lower) ? "X-Kabar-Orig-\(f.name): \(f.value)\r\n" : "\(f.name): \(f.value)\r\n"
            }
            if includeLength { head += "Content-Length: \(x.body.count)\r\n" }
            return Data((head + "\r\n").utf8)
        }
        var x = exchange(3)
        x.responseHeaders += [(":status", "200"), ("TRANSFER-ENCODING", "chunked"), ("content-length", "5"), ("Content-Lengths", "x"),
                              ("X-Ünïcode", "välue"), ("Content-Encodinh", "gzip"), ("", "")]
        for (version, status, reason) in [("1.1", 200, nil), ("1.0", 404, nil), ("2", 299, nil), ("1.1", 200, "Fine")] as [(String, Int, String?)] {
            x.httpVersion = version
            x.status = status
            x.reason = reason
            #expect(x.responseHead() == reference(x, includeLength: true))
            #expect(x.responseHead(includeLength: false) == reference(x, includeLength: false))
        }
        #expect(WARCExchange.isDecodedAway("Content-Encoding") && WARCExchange.isDecodedAway("TRANSFER-encoding"))
        #expect(!WARCExchange.isDecodedAway("Content-Encodinh") && !WARCExchange.isDecodedAway("Content-Type"))
    }
}
