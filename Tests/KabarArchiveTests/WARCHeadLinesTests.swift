import Foundation
import Testing
@testable import KabarArchive

/// `WARCReader.lines` cuts a record head on its bytes; it must give the lines that decoding the
/// whole head and `components(separatedBy: "\r\n")` gave, whatever the head holds.
struct WARCHeadLinesTests {
    static func foundation(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    @Test func sameLinesAsFoundation() {
        let heads: [[UInt8]] = [
            [], Array("WARC/1.1".utf8), Array("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 10".utf8),
            Array("\r\n".utf8), Array("\r\n\r\n".utf8), Array("a\r\r\nb\n\rc\r".utf8), Array("x\r\n\r\ny\r\n".utf8),
            Array("WARC/1.1\r\nKabar-Page-URI: https://a.example/é\u{301}\r\n folded\tvalue \r\n".utf8),
            [0x57, 0xC3, 0x0D, 0x0A, 0xE2, 0x82, 0x0D, 0x0A, 0xFF, 0x80, 0x41], // invalid UTF-8 before and after CR LF
            [0xF0, 0x9F, 0x99, 0x82, 0x0D, 0x0A, 0xCC, 0x81, 0x0D], // an emoji; a combining mark after CR LF
        ]
        for head in heads {
            #expect(WARCReader.lines(ArraySlice(head)) == Self.foundation(head), "\(head)")
            // Also as a slice that does not start at index 0, as the reader's buffer is.
            let padded = [UInt8](repeating: 0x41, count: 3) + head
            #expect(WARCReader.lines(padded[3...]) == Self.foundation(head), "\(head)")
        }
    }
}
