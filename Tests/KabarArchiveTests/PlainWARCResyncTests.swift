import Foundation
@testable import KabarArchive
import KabarRun
import KabarTesting
import Testing

/// A damaged record in the middle of a plain (uncompressed) `.warc` file loses only itself, as
/// a damaged member of a `.warc.gz` does: the reader reports the range and goes on at the next
/// line that begins `WARC/1.`. And a `.warc.gz` whose first member's gzip signature is damaged
/// is read from its next member, not refused as "not a WARC file". Constructed files: the five
/// articles of `WARCResyncTests`' archive, inflated member by member for the plain file.
@Suite struct PlainWARCResyncTests {
    /// The archive as a plain WARC file: its bytes and each record's (offset, end).
    static func plain(in dir: URL) throws -> (bytes: Data, records: [(offset: Int, end: Int, type: String)]) {
        let a = try WARCResyncTests.archive(in: dir)
        var bytes = Data()
        var records: [(offset: Int, end: Int, type: String)] = []
        for m in a.members {
            let start = bytes.count
            bytes += try GzipCodec.inflate(a.bytes.subdata(in: m.offset..<m.end))
            records.append((start, bytes.count, m.type))
        }
        return (bytes, records)
    }

    enum Damage: String, CaseIterable {
        case garbledVersionLine, cutShort, garbledFirstRecord, garbageBetweenRecords, garbledLastRecord
    }

    @Test(arguments: Damage.allCases)
    func aDamagedRecordLosesOnlyItself(_ damage: Damage) throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (clean, records) = try Self.plain(in: dir)
        let responses = records.indices.filter { records[$0].type == "response" }
        let third = records[responses[2]]
        var bytes = clean
        var lost: Int? = responses[2]
        let range: Range<Int>
        switch damage {
        case .garbledVersionLine:
            bytes.replaceSubrange(third.offset..<(third.offset + 4), with: Data("XXXX".utf8))
            range = third.offset..<third.end
        case .cutShort:
            // Its Content-Length now runs into the records after it.
            let kept = (third.end - third.offset) / 2
            bytes = clean.prefix(third.offset + kept) + clean.suffix(from: third.end)
            range = third.offset..<(third.offset + kept)
        case .garbledFirstRecord:
            bytes.replaceSubrange(0..<4, with: Data("XXXX".utf8))
            lost = 0
            range = 0..<records[0].end
        case .garbledLastRecord:
            // Nothing readable after it: the range runs to the file's end, reported once.
            let last = records[records.count - 1]
            bytes.replaceSubrange(last.offset..<(last.offset + 4), with: Data("XXXX".utf8))
            lost = records.count - 1
            range = last.offset..<last.end
        case .garbageBetweenRecords:
            let garbage = Data(String(repeating: "no record here \r\n", count: 50).utf8)
            bytes = clean.prefix(third.end) + garbage + clean.suffix(from: third.end)
            lost = nil
            range = third.end..<(third.end + garbage.count)
        }
        let file = dir.appendingPathComponent("damaged.warc")
        try bytes.write(to: file)

        let (read, reported, tornTail) = try WARCResyncTests.read(file.path)
        #expect(tornTail == nil)
        #expect(reported.count == 1, "\(reported)")
        guard case .damaged(let name, let offset, let end, let why)? = reported.first else { Issue.record("no damage reported"); return }
        #expect(name == file.path && offset == Int64(range.lowerBound) && end == Int64(range.upperBound), "\(reported)")
        #expect(why.hasSuffix(Self.why(damage)), "\(why)")
        let expected = records.indices.filter { $0 != lost }.count
        #expect(read.count == expected, "\(read.map(\.type))")
        let lostResponse = lost.map { records[$0].type == "response" } ?? false
        #expect(read.filter { $0.type == "response" }.count == WARCResyncTests.pages - (lostResponse ? 1 : 0))
        for r in read where r.offset > range.lowerBound {
            #expect(try WARCReader.record(path: file.path, offset: r.offset).recordID == r.recordID)
        }
        // Without `resyncs` the reader stops at the damage, as before.
        let strict = try WARCReader(path: file.path)
        var n = 0
        #expect(throws: WARCError.self) { while try strict.next() != nil { n += 1 } }
        #expect(n < read.count || damage == .garbledLastRecord, "\(n) \(read.count)")
    }

    static func why(_ damage: Damage) -> String {
        switch damage {
        case .garbledVersionLine, .garbledFirstRecord:
            return "expected a WARC/1.x version line, found 'XXXX/1.1'; reading resumed at the next record's version line"
        case .garbledLastRecord:
            return "expected a WARC/1.x version line, found 'XXXX/1.1'; no WARC record after it"
        case .cutShort:
            // Its block runs into the next records (or past the file's end: a truncated block).
            return "; reading resumed at the next record's version line"
        case .garbageBetweenRecords:
            return "expected a WARC/1.x version line, found 'no record here '; reading resumed at the next record's version line"
        }
    }

    /// Re-extraction over a plain file with a damaged record: the other four pages extracted,
    /// the damage counted (exit status 1 in `kabar reextract`).
    @Test func reextractionReadsPastAPlainDamagedRecord() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (clean, records) = try Self.plain(in: dir)
        let third = records[records.indices.filter { records[$0].type == "response" }[2]]
        var bytes = clean
        bytes.replaceSubrange(third.offset..<(third.offset + 4), with: Data("XXXX".utf8))
        let file = dir.appendingPathComponent("damaged.warc")
        try bytes.write(to: file)
        let summary = try await ArchiveFaultTests.reextract([file])
        #expect(summary.pages == WARCResyncTests.pages - 1, "\(summary)")
        #expect(summary.damaged == 1 && summary.damagedBytes == Int64(third.end - third.offset), "\(summary)")
        #expect(summary.failed == 1, "\(summary.problems)")
    }

    /// A `.warc.gz` whose first member's gzip signature is damaged was "not a WARC file" and
    /// none of its pages was read; now the first member is the damage and every page is read.
    @Test func aDamagedFirstGzipSignatureLosesOnlyTheFirstMember() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try WARCResyncTests.archive(in: dir)
        // The members after the first stored (deflate level 0), as a writer may store a small
        // or incompressible one: their bytes hold `WARC/1.1` and CR LF as they are, which a
        // scan for a plain record's version line would take for one.
        var bytes = a.bytes.prefix(a.members[1].offset)
        for m in a.members.dropFirst() {
            bytes += try GzipCodec.member(try GzipCodec.inflate(a.bytes.subdata(in: m.offset..<m.end)), level: 0)
        }
        bytes[0] = 0x00
        let file = dir.appendingPathComponent("first.warc.gz")
        try bytes.write(to: file)
        let (read, reported, tornTail) = try WARCResyncTests.read(file.path)
        #expect(tornTail == nil)
        #expect(reported.count == 1, "\(reported)")
        guard case .damaged(_, 0, let end, let why)? = reported.first else { Issue.record("\(reported)"); return }
        #expect(end == Int64(a.members[1].offset) && why.contains("reading resumed at the next record's gzip member"), "\(reported)")
        #expect(read.count == a.members.count - 1)
        #expect(read.filter { $0.type == "response" }.count == WARCResyncTests.pages)
        let summary = try await ArchiveFaultTests.reextract([file])
        #expect(summary.pages == WARCResyncTests.pages && summary.damaged == 1, "\(summary) \(summary.problems)")
        #expect(!summary.problems.contains { $0.contains("not a WARC file") }, "\(summary.problems)")
    }
}
