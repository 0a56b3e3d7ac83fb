import Foundation

/// A WARC problem, naming the file and the byte offset of the record (or gzip member) at fault.
public enum WARCError: Error, CustomStringConvertible, Equatable {
    case truncated(file: String, offset: Int64, why: String)
    case malformed(file: String, offset: Int64, why: String)
    case io(file: String, why: String)
    /// A record (or its gzip member) over the reader's cap: skipped, the reader is past it.
    case tooLarge(file: String, offset: Int64, why: String)
    /// Damaged bytes in the middle of a gzip WARC file (a member that does not inflate, or does
    /// not hold a WARC record, or bytes between members), from `offset` to `end`: skipped, the
    /// reader is at `end`, the next member that begins a record (or at the file's end).
    /// Thrown only by a reader that `resyncs`.
    case damaged(file: String, offset: Int64, end: Int64, why: String)

    public var description: String {
        switch self {
        case .tooLarge(let file, let offset, let why): return "\(file): WARC record at offset \(offset) skipped: \(why)"
        case .truncated(let file, let offset, let why): return "\(file): truncated WARC record at offset \(offset): \(why)"
        case .malformed(let file, let offset, let why): return "\(file): malformed WARC record at offset \(offset): \(why)"
        case .io(let file, let why): return "\(file): \(why)"
        case .damaged(let file, let offset, let end, let why):
            return "\(file): damaged bytes skipped at offset \(offset) to \(end) (\(end - offset) bytes): \(why)"
        }
    }
}

/// One WARC record: its version line, its named fields in order, and its block.
public struct WARCRecord: Sendable {
    /// "WARC/1.1" or "WARC/1.0".
    public var version: String
    public var fields: [(name: String, value: String)]
    public var block: Data
    /// Where the record begins in its file (for a gzip file: where its member begins).
    public var offset: Int64 = 0
    /// The file it was read from.
    public var file: String = ""

    public init(version: String = "WARC/1.1", fields: [(name: String, value: String)], block: Data) {
        self.version = version
        self.fields = fields
        self.block = block
    }

    public subscript(name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name.lowercased() == lower }?.value
    }

    public var type: String { self["WARC-Type"] ?? "" }
    public var recordID: String { self["WARC-Record-ID"] ?? "" }
    public var targetURI: String? { self["WARC-Target-URI"].map { $0.hasPrefix("<") && $0.hasSuffix(">") ? String($0.dropFirst().dropLast()) : $0 } }
    public var date: Date? { self["WARC-Date"].flatMap(WARCDate.parse) }
    public var contentType: String? { self["Content-Type"] }

    /// The record as bytes: version line, fields, blank line, block, two CRLFs.
    public func serialized() -> Data { Self.serialized(version: version, fields: fields, block: [block]) }

    /// A `WARC-Block-Digest` or `WARC-Payload-Digest` value to be computed by `serialized`:
    /// as long as every SHA-1 digest value (`sha1:` + 32 base32 characters), so the head is
    /// written first and the digest put in its place once the block has been read.
    public static let pendingDigest = "sha1:" + String(repeating: "?", count: 32)

    /// How much of a block part both digests read in turn: small enough that the second reads
    /// the chunk from the first level cache.
    static let digestChunk = 8 * 1024

    /// A record as bytes from its block's parts, each copied once into a buffer of the
    /// record's size. A `WARC-Block-Digest` field whose value is `pendingDigest` gets the
    /// SHA-1 of the block, and a `WARC-Payload-Digest` one the SHA-1 of the block's last part
    /// (an HTTP response's body): both digests are updated chunk by chunk in one pass, each
    /// chunk read by the second while it is in cache from the first.
    public static func serialized(version: String = "WARC/1.1", fields: [(name: String, value: String)], block: [Data]) -> Data {
        var head = version + "\r\n"
        var blockDigestAt: Int?
        var payloadDigestAt: Int?
        for f in fields {
            head += f.name
            head += ": "
            if f.value == pendingDigest {
                if f.name == "WARC-Block-Digest" { blockDigestAt = head.utf8.count }
                if f.name == "WARC-Payload-Digest" { payloadDigestAt = head.utf8.count }
            }
            head += f.value
            head += "\r\n"
        }
        head += "\r\n"
        var out = Data()
        out.reserveCapacity(head.utf8.count + block.reduce(0) { $0 + $1.count } + 4)
        out.append(contentsOf: head.utf8)
        var blockHash = SHA1()
        var payloadHash = SHA1()
        for (i, part) in block.enumerated() {
            out.append(part)
            let isPayload = payloadDigestAt != nil && i == block.count - 1
            guard blockDigestAt != nil || isPayload else { continue }
            part.withUnsafeBytes { bytes in
                var at = 0
                while at < bytes.count {
                    let chunk = UnsafeRawBufferPointer(rebasing: bytes[at..<min(at + digestChunk, bytes.count)])
                    if blockDigestAt != nil { blockHash.update(chunk) }
                    if isPayload { payloadHash.update(chunk) }
                    at += chunk.count
                }
            }
        }
        out.append(contentsOf: [13, 10, 13, 10])
        if let at = blockDigestAt { fill(&out, at: at, with: "sha1:" + WARCDigest.base32(blockHash.finish())) }
        if let at = payloadDigestAt { fill(&out, at: at, with: "sha1:" + WARCDigest.base32(payloadHash.finish())) }
        return out
    }

    /// Writes a computed digest over its `pendingDigest` placeholder (the same length).
    private static func fill(_ out: inout Data, at offset: Int, with digest: String) {
        let bytes = Array(digest.utf8)
        precondition(bytes.count == pendingDigest.utf8.count, "a SHA-1 digest value is 37 bytes")
        out.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }

    /// The HTTP message of a `response`, `request` or `revisit` record with an HTTP block.
    public func http() throws -> HTTPMessage {
        do {
            return try HTTPMessage(block)
        } catch let e as HTTPMessage.Failure {
            throw WARCError.malformed(file: file, offset: offset, why: "HTTP block: \(e.description)")
        }
    }
}

extension WARCRecord {
    /// A `resource` record holding a page: HTML (its Content-Type says so) saved without its
    /// HTTP exchange (warcio's, a browser extension's), read as a page (docs/ARCHIVE.md).
    public var isPageResource: Bool {
        type == "resource" && contentType?.lowercased().contains("html") == true
    }

    /// The page a record holds, as an HTTP response: a `response` record's HTTP block; a
    /// `resource` record's block (no HTTP headers: the block is the body) as a 200 response
    /// with the record's Content-Type.
    public func page() throws -> HTTPMessage {
        guard type == "resource" else { return try http() }
        return HTTPMessage(startLine: "HTTP/1.1 200 OK", headers: contentType.map { [("Content-Type", $0)] } ?? [], rawBody: block)
    }
}

/// WARC-Date: UTC, ISO 8601, to the second (or finer, when read).
public enum WARCDate {
    public static func string(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        let year = Int(tm.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                          Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
        }
        // Digit by digit: `String(format:)` (Foundation's formatter) cost more than the rest of
        // a record's header, and every archived fetch writes one date.
        var out = [UInt8]()
        out.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 { out.append(UInt8(48 + (value / divisor) % 10)); divisor /= 10 }
        }
        digits(year, 4); out.append(45); digits(Int(tm.tm_mon) + 1, 2); out.append(45); digits(Int(tm.tm_mday), 2)
        out.append(84); digits(Int(tm.tm_hour), 2); out.append(58); digits(Int(tm.tm_min), 2); out.append(58)
        digits(Int(tm.tm_sec), 2); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.f...]]` with `Z` or an offset (`+07:00`, `+0700`).
    /// Read by hand, without a formatter: creating one per record costs more than reading the
    /// record, and ICU's ISO 8601 parser died of an arithmetic fault (SIGFPE) on hostile
    /// strings of long digit runs (found by fuzzing; Tests/FuzzCases/date).
    public static func parse(_ s: String) -> Date? {
        let b = Array(s.utf8.prefix(64))
        guard s.utf8.count <= 64 else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 10, b[4] == 45, b[7] == 45, let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var t = tm()
        t.tm_year = Int32(y - 1900); t.tm_mon = Int32(mo - 1); t.tm_mday = Int32(d)
        var fraction = 0.0
        var offset = 0
        if b.count > 10 {
            guard b[10] == 84 || b[10] == 116 || b[10] == 32, b.count >= 16, b[13] == 58, let h = num(11, 2), let mi = num(14, 2),
                  h <= 24, mi <= 59 else { return nil }
            t.tm_hour = Int32(h); t.tm_min = Int32(mi)
            var i = 16
            if i < b.count, b[i] == 58 {
                guard let se = num(17, 2), se <= 60 else { return nil }
                t.tm_sec = Int32(se)
                i = 19
                if i < b.count, b[i] == 46 || b[i] == 44 {
                    var scale = 0.1
                    i += 1
                    let digits = i
                    while i < b.count, b[i] >= 48 && b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                    guard i > digits else { return nil }
                }
            }
            guard i < b.count else { return nil }
            if b[i] == 90 || b[i] == 122 {
                guard i == b.count - 1 else { return nil }
            } else if b[i] == 43 || b[i] == 45 {
                let sign = b[i] == 45 ? -1 : 1
                guard let oh = num(i + 1, 2), oh <= 23 else { return nil }
                var om = 0
                if i + 3 == b.count {
                    om = 0
                } else if i + 6 == b.count, b[i + 3] == 58, let m = num(i + 4, 2) {
                    om = m
                } else if i + 5 == b.count, let m = num(i + 3, 2) {
                    om = m
                } else {
                    return nil
                }
                guard om <= 59 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        return Date(timeIntervalSince1970: Double(timegm(&t) - offset) + fraction)
    }
}
