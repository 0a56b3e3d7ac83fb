import Foundation
@testable import KabarArchive
import KabarRun
import KabarTesting
import Testing

/// One damaged gzip member in the middle of a WARC file loses only itself: the reader reports
/// the range (file, offset, what was wrong) and goes on at the next member that begins a WARC
/// record; re-extraction stores every page that could be read and counts the damage as a
/// failure. Constructed files: five articles written by the archive's own writer, then the
/// response member of the third one damaged in four ways, and a last member cut short.
@Suite struct WARCResyncTests {
    /// A constructed archive: its bytes, each record's member (offset, end), and the response
    /// members' indexes.
    struct Archive {
        var bytes: Data
        var members: [(offset: Int, end: Int, type: String, target: String?)]
        /// The response member of the third article, the one damaged.
        var damaged: (offset: Int, end: Int) {
            let responses = members.filter { $0.type == "response" }
            return (responses[2].offset, responses[2].end)
        }
    }

    static let pages = 5

    static func archive(in dir: URL) throws -> Archive {
        let writer = try WARCWriter(directory: dir, site: "resync", locationPrefix: "")
        for k in 0..<pages { _ = try writer.archive(ArchiveFaultTests.article(k)) }
        try writer.close()
        let path = dir.appendingPathComponent(writer.filesWritten[0]).path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let records = try ArchiveFaultTests.readAll(path)
        var members: [(offset: Int, end: Int, type: String, target: String?)] = []
        for (i, r) in records.enumerated() {
            let end = i + 1 < records.count ? Int(records[i + 1].offset) : bytes.count
            members.append((Int(r.offset), end, r.type, r.targetURI))
        }
        try FileManager.default.removeItem(atPath: path)
        return Archive(bytes: bytes, members: members)
    }

    /// What a recovering reader gives: the records, and the damage reported (in order).
    static func read(_ path: String) throws -> (records: [WARCRecord], damage: [WARCError], tornTail: WARCError?) {
        let reader = try WARCReader(path: path)
        reader.resyncs = true
        reader.skipsTornTail = true
        var records: [WARCRecord] = []
        var damage: [WARCError] = []
        var calls = 0
        while calls < 1000 {
            calls += 1
            do {
                guard let r = try reader.next() else { break }
                records.append(r)
            } catch let e as WARCError {
                guard case .damaged = e else { throw e }
                damage.append(e)
            }
        }
        return (records, damage, reader.tornTail)
    }

    enum Damage: String, CaseIterable {
        case flippedDeflateBytes, zeroedHeader, cutShort, garbageBetweenMembers
    }

    /// The file with `damage` done to the third article's response member (or, for garbage,
    /// 3000 bytes after it), and the damaged range the reader must report.
    static func damaged(_ a: Archive, _ damage: Damage) -> (bytes: Data, range: Range<Int>) {
        let (offset, end) = a.damaged
        var bytes = a.bytes
        switch damage {
        case .flippedDeflateBytes:
            // Inside the deflate data, past the 10-byte gzip header, short of the trailer.
            let middle = offset + (end - offset) / 2
            for i in middle..<(middle + 16) { bytes[i] ^= 0xA5 }
            return (bytes, offset..<end)
        case .zeroedHeader:
            for i in offset..<(offset + 10) { bytes[i] = 0 }
            return (bytes, offset..<end)
        case .cutShort:
            let kept = (end - offset) / 2
            bytes = a.bytes.prefix(offset + kept) + a.bytes.suffix(from: end)
            return (bytes, offset..<(offset + kept))
        case .garbageBetweenMembers:
            // Text, then bytes that begin as a gzip header but inflate to no record, then text.
            var garbage = Data(String(repeating: "not a gzip member \r\n", count: 100).utf8)
            garbage += Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF]) + Data(repeating: 0x5A, count: 990)
            bytes = a.bytes.prefix(end) + garbage + a.bytes.suffix(from: end)
            return (bytes, end..<(end + garbage.count))
        }
    }

    /// `damaged.warc.gz` in `dir`: the constructed archive with `damage` done, and the range.
    static func damagedFile(_ damage: Damage, in dir: URL) throws -> (Archive, URL, Range<Int>) {
        let a = try archive(in: dir)
        let (bytes, range) = damaged(a, damage)
        let file = dir.appendingPathComponent("damaged.warc.gz")
        try bytes.write(to: file)
        return (a, file, range)
    }

    @Test(arguments: Damage.allCases)
    func aDamagedMemberLosesOnlyItself(_ damage: Damage) throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, file, range) = try Self.damagedFile(damage, in: dir)

        let (records, reported, tornTail) = try Self.read(file.path)
        #expect(tornTail == nil)
        #expect(reported.count == 1, "\(reported)")
        guard case .damaged(let name, let offset, let end, let why)? = reported.first else { Issue.record("no damage reported"); return }
        #expect(name == file.path)
        #expect(offset == Int64(range.lowerBound) && end == Int64(range.upperBound), "\(reported[0])")
        #expect(!why.isEmpty && why.contains("reading resumed"), "\(why)")
        // Every record but the damaged one (none lost to garbage between members), in order.
        let lost = damage == .garbageBetweenMembers ? nil : a.members.firstIndex { $0.offset == a.damaged.offset }
        let expected = a.members.indices.filter { $0 != lost }.map { a.members[$0].type + " " + (a.members[$0].target ?? "") }
        #expect(records.map { $0.type + " " + ($0.targetURI ?? "") } == expected)
        let responses = records.filter { $0.type == "response" }.compactMap(\.targetURI)
        let articles = (0..<Self.pages).map { LocalTestSite.articles[$0].url }
        #expect(responses == (damage == .garbageBetweenMembers ? articles : articles.enumerated().filter { $0.offset != 2 }.map(\.element)))
        // The records after the damage are at their offsets in the damaged file.
        for r in records where r.offset > range.lowerBound {
            #expect(try WARCReader.record(path: file.path, offset: r.offset).recordID == r.recordID)
        }

        // Without `resyncs` the reader stops at the damage, as before.
        let strict = try WARCReader(path: file.path)
        var n = 0
        #expect(throws: WARCError.self) { while try strict.next() != nil { n += 1 } }
        #expect(n < records.count)
    }

    /// Re-extraction over the damaged file stores the four pages it can read, names the damage
    /// (file, offset, why) and counts it as a failure (exit status 1).
    @Test(arguments: Damage.allCases)
    func reextractionReadsPastTheDamage(_ damage: Damage) async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, file, range) = try Self.damagedFile(damage, in: dir)

        let summary = try await ArchiveFaultTests.reextract([file])
        let readable = damage == .garbageBetweenMembers ? Self.pages : Self.pages - 1
        #expect(summary.pages == readable, "\(summary)")
        #expect(summary.damaged == 1 && summary.damagedBytes == Int64(range.count), "\(summary)")
        #expect(summary.failed == 1, "\(summary.problems)")
        #expect(summary.description.contains("1 failed (1 damaged range in WARC files, \(range.count) bytes skipped)"), "\(summary)")
        let problem = summary.problems.first ?? ""
        #expect(problem.contains("damaged.warc.gz: damaged bytes skipped at offset \(range.lowerBound) to \(range.upperBound)"), "\(problem)")
        #expect(summary.warned == 0, "\(summary.warnings)")
        let report = ReextractionReport(summary, workers: 2).jsonLine
        #expect(report.hasPrefix(#"{"damaged":1,"damaged_bytes":\#(range.count),"duplicates":"#), "\(report)")
    }

    /// `kabar reextract` over a damaged file: the four readable pages extracted, the damage named
    /// on standard error with the file and its offsets, counted in the summary, exit status 1.
    @Test func theCommandNamesTheDamageAndFails() async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, file, range) = try Self.damagedFile(.flippedDeflateBytes, in: dir)
        let data = dir.appendingPathComponent("data")
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let r = try await Executables.launch(kabar, ["reextract", "--data", data.path, "--quiet", file.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("damaged.warc.gz: damaged bytes skipped at offset \(range.lowerBound) to \(range.upperBound) "), "\(r.stderr)")
        #expect(r.stdout.contains(", \(Self.pages - 1) pages extracted ("), "\(r.stdout)")
        #expect(r.stdout.contains(" 1 failed (1 damaged range in WARC files, \(range.count) bytes skipped) in "), "\(r.stdout)")
        // `kabar extract` reads saved pages only, and says which command reads a WARC file.
        let extract = try await Executables.launch(kabar, ["extract", file.path])
        #expect(extract.status == 1)
        #expect(extract.stderr.contains("damaged.warc.gz: not an HTML page: binary content (gzip data); a WARC file: `kabar reextract` reads the pages in it"),
                "\(extract.stderr)")
    }

    /// The saved fuzz case: a whole member, one with flipped deflate bytes, one cut short (its
    /// header and first bytes good, but the damage within the first inflate of a candidate, so
    /// it is no place to resume), garbage with gzip-like headers that inflate to no record, then
    /// a whole member: both whole ones read, the rest one damaged range between them.
    @Test func theSavedFuzzCaseReadsBothWholeMembers() throws {
        let path = Corpus.packageRoot.appendingPathComponent("Tests/FuzzCases/warc/damaged-members-between-whole-ones.warc.gz").path
        let (records, reported, tornTail) = try Self.read(path)
        #expect(records.map(\.targetURI) == ["https://example.com/0", "https://example.com/3"])
        #expect(tornTail == nil)
        #expect(reported == [.damaged(file: path, offset: 188, end: 649,
                                      why: "bad gzip data: invalid distance too far back; reading resumed at the next record's gzip member")])
        #expect(records.map(\.offset) == [0, 649])
    }

    /// A last member cut short: the records before it are kept, the cut named as a torn tail
    /// (not damage: nothing after it was lost), with or without a damaged member before it.
    @Test(arguments: [false, true])
    func aTruncatedLastMemberKeepsTheRecordsBeforeIt(damagedBefore: Bool) throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Self.archive(in: dir)
        var bytes = damagedBefore ? Self.damaged(a, .flippedDeflateBytes).bytes : a.bytes
        let last = a.members[a.members.count - 1]
        bytes = bytes.prefix(last.offset + (last.end - last.offset) / 2)
        let file = dir.appendingPathComponent("cut.warc.gz")
        try bytes.write(to: file)

        let (records, reported, tornTail) = try Self.read(file.path)
        #expect(records.count == a.members.count - 1 - (damagedBefore ? 1 : 0))
        #expect(records.last?.offset == Int64(a.members[a.members.count - 2].offset))
        #expect(reported.count == (damagedBefore ? 1 : 0), "\(reported)")
        guard case .truncated(_, let offset, _)? = tornTail else { Issue.record("no torn tail: \(String(describing: tornTail))"); return }
        #expect(offset == Int64(last.offset))
    }

    /// Damage in the last member with nothing readable after it: reported to the file's end.
    @Test func damageWithNothingAfterItRunsToTheEnd() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Self.archive(in: dir)
        var bytes = a.bytes
        let last = a.members[a.members.count - 1]
        for i in last.offset..<(last.offset + 10) { bytes[i] = 0 }
        let file = dir.appendingPathComponent("end.warc.gz")
        try bytes.write(to: file)

        let (records, reported, tornTail) = try Self.read(file.path)
        #expect(records.count == a.members.count - 1)
        #expect(tornTail == nil)
        #expect(reported == [.damaged(file: file.path, offset: Int64(last.offset), end: Int64(bytes.count),
                                      why: "bad gzip data: incorrect header check; no WARC record after it")])
    }
}
