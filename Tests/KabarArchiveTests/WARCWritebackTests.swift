import Foundation
import KabarArchive
import KabarCore
import KabarTesting
import Testing

/// The archive hands each `writebackBytes` of a file to the kernel's writeback as it grows
/// (so the run's final fsync finds at most that much left to write), across rotations, and
/// the files read back whole.
@Suite struct WARCWritebackTests {
    /// An exchange whose body does not compress: ~64 KB in the file each.
    func incompressible(_ n: Int, rng: inout SeededRandom) -> WARCExchange {
        var x = exchange(n)
        x.responseHeaders = [("Content-Type", "application/octet-stream")]
        x.body = Data((0..<8_192).flatMap { _ in withUnsafeBytes(of: rng.next()) { Array($0) } })
        return x
    }

    @Test func everyChunkOfAGrowingFileIsHandedToWritebackAsItIsWritten() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir.appendingPathComponent("warc"), site: "wb", maxFileSize: 1_500_000)
        writer.writebackBytes = 256 << 10
        var rng = SeededRandom(seed: 7)
        var handedBefore: Int64 = 0
        for n in 0..<60 {
            _ = try writer.archive(incompressible(n, rng: &rng))
            // Never more than one chunk plus the last exchange left behind in the current file.
            #expect(writer.bytesWrittenBack >= handedBefore)
            handedBefore = writer.bytesWrittenBack
        }
        try writer.close()
        let files = writer.filesWritten.map { dir.appendingPathComponent($0).path }
        #expect(files.count >= 3, "\(files.count) files")
        let total = try files.reduce(Int64(0)) { $0 + (try FileManager.default.attributesOfItem(atPath: $1)[.size] as! Int64) }
        // ~64 KB per exchange, 256 KB chunks: about four exchanges to a writeback, in each file.
        #expect(writer.writebacksStarted >= 10, "\(writer.writebacksStarted) writebacks for \(total) bytes")
        #expect(writer.bytesWrittenBack <= total)
        #expect(total - writer.bytesWrittenBack < Int64(files.count) * (256 << 10 + 70_000),
                "\(total - writer.bytesWrittenBack) of \(total) bytes left to the final fsyncs")
        var records = 0
        for path in files {
            let reader = try WARCReader(path: path)
            while try reader.next() != nil { records += 1 }
        }
        #expect(records == files.count + 3 * 60)
    }

    /// A run syncs its archive, then closes it: the file, fsynced at its size, is not fsynced
    /// a second time when it is finished; one written to after its sync is.
    @Test func aFileSyncedAtItsSizeIsNotSyncedAgainWhenClosed() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir.appendingPathComponent("warc"), site: "sync")
        for n in 0..<3 { _ = try writer.archive(exchange(n)) }
        try writer.sync()
        #expect(writer.fsyncs == 1)
        try writer.close()
        #expect(writer.fsyncs == 1)

        let again = try WARCWriter(directory: dir.appendingPathComponent("warc2"), site: "sync")
        _ = try again.archive(exchange(0))
        try again.sync()
        _ = try again.archive(exchange(1))
        try again.close()
        #expect(again.fsyncs == 2)
        for w in [writer, again] {
            let reader = try WARCReader(path: dir.appendingPathComponent(w.filesWritten[0]).path)
            var records = 0
            while try reader.next() != nil { records += 1 }
            #expect(records > 1)
        }
    }

    @Test func noEarlyWritebackWhenSwitchedOff() throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir.appendingPathComponent("warc"), site: "wb")
        writer.writebackBytes = 0
        var rng = SeededRandom(seed: 8)
        for n in 0..<20 { _ = try writer.archive(incompressible(n, rng: &rng)) }
        try writer.close()
        #expect(writer.writebacksStarted == 0 && writer.bytesWrittenBack == 0)
    }
}
