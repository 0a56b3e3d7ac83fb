import Foundation
import KabarArchive

/// WARC input: the bytes as a WARC file (gzip or plain), read record by record; each record's
/// HTTP block parsed and its body decoded. The bytes are also inflated as an HTTP payload.
enum WARCFuzzTarget {
    static let path = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-fuzz-\(getpid()).warc").path

    static func run(_ data: Data) {
        _ = try? GzipCodec.inflate(data, limit: 1 << 24)
        guard FileManager.default.createFile(atPath: path, contents: data) else { return }
        defer { unlink(path) }
        guard let reader = try? WARCReader(path: path) else { return }
        // Damage in a gzip file is skipped to the next record's member, as re-extraction reads.
        reader.resyncs = true
        reader.skipsTornTail = true
        var records = 0
        while records < 1000 {
            records += 1
            let record: WARCRecord
            do {
                guard let r = try reader.next() else { break }
                record = r
            } catch WARCError.damaged, WARCError.tooLarge {
                continue
            } catch {
                break
            }
            _ = record.type
            _ = record.targetURI
            _ = record.date
            if let http = try? record.http() {
                _ = http.status
                _ = try? http.decodedBody(limit: 1 << 24)
            }
        }
    }
}
