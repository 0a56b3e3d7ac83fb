import Foundation
@testable import KabarArchive
import Testing

/// Record ids and the metadata's seconds, made without Foundation's `UUID()` and
/// `String(format:)` on the archive's per-fetch path: the same forms as before.
@Suite struct WARCRecordIDTests {
    @Test func idsAreRandomVersion4UUIDsInLowerCase() throws {
        var seen = Set<String>()
        for _ in 0..<5_000 {
            let id = WARCWriter.newRecordID()
            #expect(id.hasPrefix("<urn:uuid:") && id.hasSuffix(">"))
            let uuid = String(id.dropFirst("<urn:uuid:".count).dropLast())
            // Foundation reads it back as a UUID, and writes it the same way (in lower case).
            let parsed = try #require(UUID(uuidString: uuid))
            #expect(parsed.uuidString.lowercased() == uuid)
            let hex = Array(uuid.utf8)
            #expect(hex[14] == UInt8(ascii: "4"))                       // version 4
            #expect("89ab".utf8.contains(hex[19]))                      // variant 1
            seen.insert(id)
        }
        #expect(seen.count == 5_000)
    }

    @Test func bytesAreFormattedAsFoundationFormatsThem() {
        let bytes: [UInt8] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]
        #expect(WARCRecordID.format(bytes) == "<urn:uuid:00112233-4455-4677-8899-aabbccddeeff>")
        #expect(WARCRecordID.format([UInt8](repeating: 0xFF, count: 16)) == "<urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff>")
    }

    @Test func secondsAreWrittenAsPrintfWritesThem() {
        var values: [Double] = [0, 1, 0.5, 0.00004, 0.00006, 0.12345, 0.9999, 0.99996, 12.3456789, 59.99999, 1234.5, 86_399.0001]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { values.append(Double(generator.next() % 100_000_000) / 1_000_000 + 0.0000013) }
        for v in values {
            #expect(WARCExchange.seconds(v) == String(format: "%.4f", v), "\(v)")
        }
        #expect(WARCExchange.seconds(-1.25) == "-1.2500")
        #expect(WARCExchange.seconds(.infinity) == String(format: "%.4f", Double.infinity))
    }
}

/// WARC dates are written digit by digit: the same text as `%04d-%02d-%02dT%02d:%02d:%02dZ`.
@Suite struct WARCDateWritingTests {
    @Test func datesAreWrittenAsPrintfWritesThem() {
        var times: [Double] = [0, 1, 59, 86_399, 951_782_400, 1_406_973_133.9, 1_700_000_000, 4_102_444_799, 253_402_300_799]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { times.append(Double(generator.next() % 4_102_444_800)) }
        for t in times {
            var seconds = time_t(t.rounded(.down))
            var tm = tm()
            gmtime_r(&seconds, &tm)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                                  Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
            #expect(WARCDate.string(Date(timeIntervalSince1970: t)) == expected, "\(t)")
        }
        #expect(WARCDate.string(Date(timeIntervalSince1970: 1_406_973_133)) == "2014-08-02T09:52:13Z")
    }
}
