import Foundation
import KabarFetch

/// Reads a WARC file record by record in constant memory (one gzip member, or one record,
/// at a time): gzip-per-record (`.warc.gz`) and plain (`.warc`) files, WARC/1.0 and 1.1.
/// Compression is detected from the first bytes. Every error names the file and the offset.
///
/// ```swift
/// let reader = try WARCReader(path: "data/warc/tempo-20260101120000-00000.warc.gz")
/// while let record = try reader.next() { ... }
/// let one = try WARCReader.record(path: file, offset: 1234)
/// ```
public final class WARCReader: Sequence {
    public let path: String
    private let handle: FileHandle
    private var gzip: GzipMemberReader?
    private var isGzip = false
    /// Bytes read but not parsed yet, and where they came from.
    private var pending: [UInt8] = []
    private var start = 0
    /// (index in `pending` where a segment starts, its file offset, whether it is a member).
    private var segments: [(index: Int, offset: Int64)] = []
    private var plainOffset: Int64 = 0
    private var eof = false

    /// Records (and gzip members) larger than this are skipped with `WARCError.tooLarge`, never
    /// held in memory: the default is above anything Kabar archives (pages are capped at
    /// `limits.max_page_size`, 10 MB, feeds and sitemaps at `max_source_size`, 50 MB).
    public static let defaultMaxRecordBytes = 64 << 20
    public let maxRecordBytes: Int
    /// With `skipsTornTail`, where the file ends inside a record (a write cut short): `next()`
    /// then returns nil there instead of throwing, and this says where and why.
    public private(set) var tornTail: WARCError?
    /// `next()` ends at a torn tail (see `tornTail`) instead of throwing.
    public var skipsTornTail = false
    /// In a gzip file, damage in the middle (a member that does not inflate or fails its CRC,
    /// one cut short, one that holds no WARC record, bytes between members) throws
    /// `WARCError.damaged` with the range skipped, the reader already at the next member that
    /// begins a WARC record (`WARC/1.`), as warcio's and Common Crawl's recovering readers do:
    /// calling `next()` again goes on from there. A gzip file whose first member's signature is
    /// damaged is read from its next member that begins a record. In a plain `.warc`, a record
    /// that does not parse, or whose block is followed neither by its two CRLFs nor by the next
    /// record or the file's end (a wrong Content-Length, a record cut short in the middle), is
    /// skipped to the next version line (`WARC/1.0` or `WARC/1.1` and CR LF).
    /// Without it, the first such error ends the file. A cut with nothing readable after it
    /// stays a torn tail, and a file whose first member holds no record and no later one does
    /// stays "not a WARC file".
    public var resyncs = false
    /// The file offset where the record being parsed begins (its gzip member's), if one is.
    private var recordBegins: Int64?

    public init(path: String, offset: Int64 = 0, maxRecordBytes: Int = WARCReader.defaultMaxRecordBytes) throws {
        self.path = path
        self.maxRecordBytes = Swift.max(1, maxRecordBytes)
        guard let h = FileHandle(forReadingAtPath: path) else { throw WARCError.io(file: path, why: "cannot open") }
        handle = h
        try seek(to: offset)
    }

    deinit { try? handle.close() }

    /// Reads the one record at `offset`.
    public static func record(path: String, offset: Int64, maxRecordBytes: Int = WARCReader.defaultMaxRecordBytes) throws -> WARCRecord {
        let reader = try WARCReader(path: path, offset: offset, maxRecordBytes: maxRecordBytes)
        guard let r = try reader.next() else { throw WARCError.truncated(file: path, offset: offset, why: "no record at this offset") }
        return r
    }

    /// Continues reading at `offset`: a record's (or its gzip member's) start.
    public func seek(to offset: Int64) throws {
        do { try handle.seek(toOffset: UInt64(offset)) } catch { throw WARCError.io(file: path, why: "cannot seek to \(offset): \(error)") }
        let magic = try handle.read(upToCount: 2) ?? Data()
        try handle.seek(toOffset: UInt64(offset))
        isGzip = magic.count == 2 && magic[magic.startIndex] == 0x1F && magic[magic.startIndex + 1] == 0x8B
        gzip = isGzip ? GzipMemberReader(handle: handle, path: path, offset: offset) : nil
        pending = []
        start = 0
        segments = []
        plainOffset = offset
        eof = false
    }

    /// Appends more bytes to `pending`; false at the end of the file.
    private func more() throws -> Bool {
        if eof { return false }
        if start > 0 && start >= pending.count / 2 {
            pending.removeFirst(start)
            var kept: [(index: Int, offset: Int64)] = []
            for s in segments {
                if s.index >= start {
                    kept.append((s.index - start, s.offset))
                } else {
                    // Cut inside this segment: it now begins at 0 (a plain file's offset moves with it).
                    kept = [(0, isGzip ? s.offset : s.offset + Int64(start - s.index))]
                }
            }
            segments = kept
            start = 0
        }
        if let gzip {
            let member: (offset: Int64, data: Data)?
            do { member = try gzip.next(limit: maxRecordBytes) } catch let error as WARCError {
                // A member over the cap was read past: what was pending belonged to it.
                if case .tooLarge = error { pending = []; start = 0; segments = [] }
                throw error
            }
            guard let member else { eof = true; return false }
            segments.append((pending.count, member.offset))
            pending.append(contentsOf: member.data)
        } else {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw WARCError.io(file: path, why: "\(error)") }
            if chunk.isEmpty { eof = true; return false }
            segments.append((pending.count, plainOffset))
            plainOffset += Int64(chunk.count)
            pending.append(contentsOf: chunk)
        }
        return true
    }

    /// The file offset of `pending[index]`: for gzip the start of the member it is in.
    private func fileOffset(at index: Int) -> Int64 {
        var best: (index: Int, offset: Int64)? = nil
        for s in segments where s.index <= index { best = s }
        guard let best else { return plainOffset }
        return isGzip ? best.offset : best.offset + Int64(index - best.index)
    }

    /// The next record, or nil at the end of the file (or at a torn tail, with `skipsTornTail`).
    /// A record over `maxRecordBytes` throws `WARCError.tooLarge` and the reader is past it:
    /// calling `next()` again goes on with the record after it.
    public func next() throws -> WARCRecord? {
        guard tornTail == nil else { return nil }
        do { return try nextRecord() } catch let error as WARCError {
            if resyncs, let gzip, let damage = try resync(after: error, gzip) { throw damage }
            if resyncs, !isGzip, let damage = try resyncPlain(after: error) { throw damage }
            guard skipsTornTail, case .truncated = error else { throw error }
            tornTail = error
            eof = true
            return nil
        }
    }

    /// After a damaged member or record: moves past it to the next member that begins a WARC
    /// record and returns what was skipped (nil: the error stands, and the file ends here).
    private func resync(after error: WARCError, _ gzip: GzipMemberReader) throws -> WARCError? {
        let offset: Int64, why: String
        switch error {
        case .malformed(_, let o, let w), .truncated(_, let o, let w): (offset, why) = (o, w)
        default: return nil
        }
        let from = Swift.min(offset, recordBegins ?? offset)
        let resume = try gzip.resync(from: offset + 1, startingWith: Array("WARC/1.".utf8))
        pending = []
        start = 0
        segments = []
        recordBegins = nil
        guard let resume else {
            eof = true
            // A cut with nothing after it is a torn tail; a first member that is no record, with
            // none after it, is no WARC file: both stay the error they were.
            if case .truncated = error { return nil }
            if from == 0 { return nil }
            return .damaged(file: path, offset: from, end: gzip.fileSize(), why: "\(why); no WARC record after it")
        }
        return .damaged(file: path, offset: from, end: resume, why: "\(why); reading resumed at the next record's gzip member")
    }

    /// In a plain file, after a damaged record: moves to the next version line after the
    /// record's start and returns what was skipped (nil: the error stands, and the
    /// file ends here). A file that is no plain WARC from its first byte may be a gzip file
    /// whose first member's signature is damaged: it is read from its next member that begins
    /// a record.
    private func resyncPlain(after error: WARCError) throws -> WARCError? {
        let offset: Int64, why: String
        switch error {
        case .malformed(_, let o, let w), .truncated(_, let o, let w): (offset, why) = (o, w)
        default: return nil
        }
        let from = Swift.min(offset, recordBegins ?? offset)
        recordBegins = nil
        pending = []
        start = 0
        segments = []
        // A file no record of which parsed from its first byte: a gzip file with a damaged
        // first signature when named so (tried first: a gzip member can hold `WARC/1.1` and CR
        // LF among its bytes), else a plain file with a damaged first record.
        let firstIsBad: Bool
        if case .malformed = error, from == 0 { firstIsBad = true } else { firstIsBad = false }
        let gzipNamed = path.lowercased().hasSuffix(".gz")
        if firstIsBad, gzipNamed, let damage = try resyncAsGzip() { return damage }
        if let resume = try nextVersionLine(after: from) {
            try seek(to: resume)
            return .damaged(file: path, offset: from, end: resume, why: "\(why); reading resumed at the next record's version line")
        }
        if firstIsBad, !gzipNamed, let damage = try resyncAsGzip() { return damage }
        eof = true
        // A cut with nothing after it is a torn tail; a first record that is none, with none
        // after it, is no WARC file: both stay the error they were.
        if case .truncated = error { return nil }
        if from == 0 { return nil }
        var info = stat()
        let size = fstat(handle.fileDescriptor, &info) == 0 ? Int64(info.st_size) : from
        return .damaged(file: path, offset: from, end: size, why: "\(why); no WARC record after it")
    }

    /// Reads the file as gzip from its first member after offset 0 that begins a WARC record
    /// (a first member whose signature is damaged): the damage up to it, or nil when none does.
    private func resyncAsGzip() throws -> WARCError? {
        let members = GzipMemberReader(handle: handle, path: path, offset: 0)
        guard let resume = try members.resync(from: 1, startingWith: Array("WARC/1.".utf8)) else { return nil }
        isGzip = true
        gzip = members
        pending = []
        start = 0
        segments = []
        eof = false
        return .damaged(file: path, offset: 0, end: resume,
                        why: "no WARC record and no gzip member here (the first member's gzip signature damaged?); reading resumed at the next record's gzip member")
    }

    /// The offset of the first version line (`WARC/1.0` or `WARC/1.1` and CR LF) that begins
    /// after `offset` (nil: none before the file's end), read a megabyte at a time. Not only at
    /// a line's start: a record cut short is followed by the next one with no line end between.
    private func nextVersionLine(after offset: Int64) throws -> Int64? {
        let marker = Array("WARC/1.".utf8), length = marker.count + 3
        var at = offset + 1
        do { try handle.seek(toOffset: UInt64(at)) } catch { throw WARCError.io(file: path, why: "cannot seek to \(at): \(error)") }
        var window: [UInt8] = []
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw WARCError.io(file: path, why: "\(error)") }
            if chunk.isEmpty { return nil }
            window.append(contentsOf: chunk)
            var i = 0
            while let w = window[i...].firstIndex(of: 0x57), w + length <= window.count {
                if window[w..<(w + marker.count)].elementsEqual(marker), window[w + 7] == 0x30 || window[w + 7] == 0x31,
                   window[w + 8] == 13, window[w + 9] == 10 {
                    return at + Int64(w)
                }
                i = w + 1
            }
            // Keep the bytes a version line cut by the chunk's end may begin with.
            let keep = Swift.min(window.count, length - 1)
            at += Int64(window.count - keep)
            window.removeFirst(window.count - keep)
        }
    }

    // Long: a streaming parser of one record (blank lines, header up to CRLFCRLF, Content-Length,
    // block, gzip member) over a refillable buffer; each step continues from the buffer position the
    // one before left.
    private func nextRecord() throws -> WARCRecord? {
        recordBegins = nil
        // Skip blank lines between records.
        while true {
            while start < pending.count, pending[start] == 13 || pending[start] == 10 { start += 1 }
            if start < pending.count { break }
            if try !more() { return nil }
        }
        let recordOffset = fileOffset(at: start)
        recordBegins = recordOffset
        // The header ends at the first CRLFCRLF.
        var headEnd: Int? = nil
        var searchFrom = start
        while headEnd == nil {
            var i = searchFrom
            while i + 3 < pending.count {
                if pending[i] == 13, pending[i + 1] == 10, pending[i + 2] == 13, pending[i + 3] == 10 { headEnd = i; break }
                i += 1
            }
            if headEnd != nil { break }
            searchFrom = Swift.max(start, pending.count - 3)
            if pending.count - start > 4 << 20 {
                throw WARCError.malformed(file: path, offset: recordOffset, why: "no end of the header in 4 MiB")
            }
            if try !more() {
                // A header cut short begins as one does; other bytes are no WARC record at all
                // (a gzip or HTML file named .warc), not a write cut short.
                let head = pending[start..<Swift.min(pending.count, start + 5)]
                guard "WARC/".utf8.starts(with: head) else {
                    let text = String(decoding: pending[start..<Swift.min(pending.count, start + 40)], as: UTF8.self)
                    throw WARCError.malformed(file: path, offset: recordOffset, why: "expected a WARC/1.x version line, found '\(text.split(whereSeparator: \.isNewline).first ?? "")'")
                }
                throw WARCError.truncated(file: path, offset: recordOffset, why: "the file ends inside the record's header")
            }
        }
        // The head's lines, cut at CR LF on its bytes (Foundation's `components(separatedBy:)` and
        // `trimmingCharacters` were a sixth of reading an archive).
        var lines = Self.lines(pending[start..<headEnd!])
        let version = lines.removeFirst()
        guard version.hasPrefix("WARC/") else {
            throw WARCError.malformed(file: path, offset: recordOffset, why: "expected a WARC/1.x version line, found '\(version.prefix(40))'")
        }
        var fields: [(name: String, value: String)] = []
        for line in lines {
            if (line.hasPrefix(" ") || line.hasPrefix("\t")), let last = fields.popLast() {
                fields.append((last.name, last.value + " " + WhitespaceTrim.trimmed(line, newlines: false)))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw WARCError.malformed(file: path, offset: recordOffset, why: "header line without a colon: '\(line.prefix(60))'")
            }
            fields.append((String(line[..<colon]), WhitespaceTrim.trimmed(line[line.index(after: colon)...], newlines: false)))
        }
        guard let lengthText = fields.first(where: { $0.name.lowercased() == "content-length" })?.value, let length = Int(lengthText), length >= 0 else {
            throw WARCError.malformed(file: path, offset: recordOffset, why: "no valid Content-Length")
        }
        let blockStart = headEnd! + 4
        if length > maxRecordBytes {
            // Read past the block without keeping it (a segment at a time).
            var left = length
            start = blockStart
            while pending.count - start < left {
                left -= pending.count - start
                start = pending.count
                if try !more() {
                    throw WARCError.truncated(file: path, offset: recordOffset,
                                              why: "the block should be \(length) bytes, the file has \(length - left)")
                }
            }
            start += left
            throw WARCError.tooLarge(file: path, offset: recordOffset, why: "its block is \(length) bytes, over the cap of \(maxRecordBytes)")
        }
        // `pending.count - blockStart < length`, not `pending.count < blockStart + length`: a
        // Content-Length near Int.max must read as a truncated record, not overflow (fuzz case
        // Tests/FuzzCases/warc/length-past-int64.warc).
        while pending.count - blockStart < length {
            if try !more() {
                throw WARCError.truncated(file: path, offset: recordOffset,
                                          why: "the block should be \(length) bytes, the file has \(pending.count - blockStart)")
            }
        }
        var record = WARCRecord(version: version, fields: fields, block: Data(pending[blockStart..<(blockStart + length)]))
        record.offset = recordOffset
        record.file = path
        start = blockStart + length
        // The two CRLFs that end a record.
        var ends = 0
        while ends < 4 {
            if start >= pending.count, try !more() { break }
            guard pending[start] == 13 || pending[start] == 10 else { break }
            start += 1
            ends += 1
        }
        if resyncs, !isGzip, ends < 4, try !endsWhereARecordEnds() {
            // A wrong Content-Length (a record cut short, or a number damaged): the block ran
            // into, or short of, the records after it. (A block followed by its two CRLFs is
            // whole, whatever follows: bytes after it are damage of their own.)
            throw WARCError.malformed(file: path, offset: recordOffset,
                                      why: "the block of Content-Length \(length) is not followed by the next record or the file's end")
        }
        return record
    }

    /// In a plain file: whether what follows the record just read (after blank lines) is the
    /// file's end or the next record's `WARC/` line. Reads no further than that.
    private func endsWhereARecordEnds() throws -> Bool {
        var i = start
        while true {
            while i < pending.count, pending[i] == 13 || pending[i] == 10 { i += 1 }
            if pending.count - i >= 5 { break }
            // `more()` may drop the bytes before `start`: keep `i` relative to it.
            let ahead = i - start
            if try !more() { return pending.count - (start + ahead) == 0 || "WARC/".utf8.starts(with: pending[(start + ahead)...]) }
            i = start + ahead
        }
        return pending[i..<(i + 5)].elementsEqual("WARC/".utf8)
    }

    public struct Iterator: IteratorProtocol {
        let reader: WARCReader
        /// Stops at the first error; use `next()` directly to see it.
        public mutating func next() -> WARCRecord? { try? reader.next() }
    }

    public func makeIterator() -> Iterator { Iterator(reader: self) }
}

extension WARCReader {
    /// A record head's lines, cut at each CR LF, as `String(decoding:)` of the whole head cut by
    /// `components(separatedBy: "\r\n")` gave them (UTF-8 repairs never reach across an ASCII byte).
    static func lines(_ head: ArraySlice<UInt8>) -> [String] {
        var lines: [String] = []
        var from = head.startIndex
        var i = head.startIndex
        while i + 1 < head.endIndex {
            if head[i] == 13, head[i + 1] == 10 {
                lines.append(String(decoding: head[from..<i], as: UTF8.self))
                i += 2
                from = i
            } else {
                i += 1
            }
        }
        lines.append(String(decoding: head[from..<head.endIndex], as: UTF8.self))
        return lines
    }
}
