import Foundation
import KabarArchive
import KabarTesting
import Testing

/// A writer killed mid-write leaves its file named `.open`, perhaps with a torn last gzip
/// member; the next writer of the folder cuts it back to its last whole member and renames it.
@Suite struct WARCRecoveryTests {
    @Test func aFileBeingWrittenIsNamedOpenUntilClosed() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "s", locationPrefix: "")
        let location = try #require(try writer.archive(exchange(1)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [location.file + WARCWriter.openSuffix])
        try writer.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [location.file])
        #expect(try WARCReader.record(path: dir.appendingPathComponent(location.file).path, offset: location.offset).type == "response")
    }

    @Test func rotationFinishesTheFileBefore() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "r", maxFileSize: 2_000, locationPrefix: "")
        for n in 0..<6 { try writer.archive(exchange(n, body: String(repeating: "x\(n) ", count: 300))) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count == writer.filesWritten.count)
        #expect(names.filter { $0.hasSuffix(WARCWriter.openSuffix) } == [writer.filesWritten.last! + WARCWriter.openSuffix])
        try writer.close()
    }

    /// Every cut of a file a killed writer could leave: inside any member, or at a member's end.
    @Test func tornFilesAreCutBackToTheirLastWholeRecord() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "t", locationPrefix: "")
        var locations: [WARCLocation] = []
        for n in 0..<4 { locations.append(try #require(try writer.archive(exchange(n)))) }
        try writer.close()
        let name = writer.filesWritten[0]
        let path = dir.appendingPathComponent(name).path
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let memberStarts = try Self.memberStarts(path) + [Int64(whole.count)]
        try FileManager.default.removeItem(atPath: path)

        var cuts: Set<Int> = [0, 5]
        for start in memberStarts {
            for delta in [-7, -1, 0, 3] {
                let cut = Int(start) + delta
                if cut >= 0 && cut <= whole.count { cuts.insert(cut) }
            }
        }
        for cut in cuts.sorted() {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: path + WARCWriter.openSuffix))
            let recovered = try WARCWriter.recoverUnfinished(in: dir)
            // Whole members before the cut are kept, the torn one goes.
            let kept = memberStarts.filter { $0 <= Int64(cut) }.last ?? 0
            #expect(recovered.count == 1)
            #expect(recovered.first?.keptBytes == kept, "cut at \(cut)")
            #expect(recovered.first?.cutBytes == Int64(cut) - kept, "cut at \(cut)")
            #expect(!FileManager.default.fileExists(atPath: path + WARCWriter.openSuffix))
            if kept == 0 {
                #expect(recovered.first?.file == nil)
                #expect(!FileManager.default.fileExists(atPath: path), "cut at \(cut): nothing whole, the file is removed")
                continue
            }
            #expect(recovered.first?.file == name)
            let reader = try WARCReader(path: path)
            var records = 0
            while try reader.next() != nil { records += 1 }
            #expect(records == memberStarts.filter { $0 > 0 && $0 <= Int64(cut) }.count, "cut at \(cut)")
            // A response before the cut still reads at its recorded offset.
            for l in locations where memberStarts.first(where: { $0 > l.offset })! <= Int64(cut) {
                #expect(try WARCReader.record(path: path, offset: l.offset).type == "response")
            }
            try FileManager.default.removeItem(atPath: path)
        }
        // Finished files are left alone.
        try whole.write(to: URL(fileURLWithPath: path))
        #expect(try WARCWriter.recoverUnfinished(in: dir).isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole)
    }

    static func memberStarts(_ path: String) throws -> [Int64] {
        let reader = try WARCReader(path: path)
        var out: [Int64] = []
        while let r = try reader.next() { out.append(r.offset) }
        return out
    }
}

@Suite struct WARCLengthTests {
    /// Found by fuzzing: a Content-Length near Int.max overflowed the reader's arithmetic (a trap).
    @Test func aLengthPastTheFileIsATruncatedRecord() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.warc").path
        try Data("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 9223372036854775807\r\n\r\nx".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: WARCError.truncated(file: path, offset: 0, why: "the block should be 9223372036854775807 bytes, the file has 1")) {
            try WARCReader(path: path).next()
        }
    }
}

@Suite struct WARCDateParsingTests {
    /// Read by hand since fuzzing found ICU's ISO 8601 parser dying of SIGFPE on long digit runs.
    @Test func iso8601FormsWithoutAFormatter() throws {
        #expect(WARCDate.parse("2014-08-02T09:52Z") == Date(timeIntervalSince1970: 1_406_973_120))
        #expect(WARCDate.parse("2014-08-02T16:52:13+0700") == Date(timeIntervalSince1970: 1_406_973_133))
        #expect(WARCDate.parse("2014-08-02T04:52:13-05:00") == Date(timeIntervalSince1970: 1_406_973_133))
        #expect(WARCDate.parse("2014-08-02T16:52:13+07") == Date(timeIntervalSince1970: 1_406_973_133))
        #expect(WARCDate.parse("2014-08-02T09:52:13,5Z") == Date(timeIntervalSince1970: 1_406_973_133.5))
        for bad in ["2014-13-02", "2014-08-32T00:00:00Z", "2014-08-02T25:00:00Z", "2014-08-02T09:52:13", "2014-08-02T09:52:13.Z",
                    "2014-08-02T09:52:13+7", "2014-08-02T09:52:13Zx", String(repeating: "9", count: 40) + "2014-08-02T09:52:13Z",
                    "2014-08-02T09:52:13." + String(repeating: "9", count: 80) + "Z"] {
            #expect(WARCDate.parse(bad) == nil, "\(bad)")
        }
        let crash = try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Tests/FuzzCases/date/crash-56b195058b3565db3426ad3da65ac7397e4b481a"))
        #expect(WARCDate.parse(String(decoding: crash, as: UTF8.self)) == nil)
    }
}
