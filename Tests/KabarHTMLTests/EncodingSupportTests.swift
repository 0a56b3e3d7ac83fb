import Foundation
import Testing
@testable import KabarHTML

@Suite struct EncodingSupportTests {
    @Test func knownAndUnknownCharsets() {
        #expect(EncodingSupport.isSupported("windows-1252"))
        #expect(EncodingSupport.isSupported("WINDOWS-1252"))
        #expect(EncodingSupport.isSupported("iso-8859-1"))
        #expect(!EncodingSupport.isSupported("x-no-such-charset"))
        let page = try? HTMLDocument(data: Data("<meta charset=x-no-such-charset><p>caf\u{E9}</p>".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 }))
        #expect(page?.charset == "windows-1252")
    }

    /// Found by the HTML fuzzer under LeakSanitizer: every page not in UTF-8 leaked the iconv
    /// converters libxml2 opened to check its charset (about 32 KB a page). 6 000 such pages
    /// took about 70 MB more resident memory; growth must now stay far below that.
    @Test func parsingLegacyCharsetPagesDoesNotLeak() throws {
        let html = Data("<html><head><meta charset=windows-1252></head><body><p>Caf\u{E9} \u{AB}news\u{BB}</p></body></html>".unicodeScalars.map { UInt8($0.value) })
        for _ in 0..<100 { _ = try HTMLDocument(data: html) }
        guard let before = Self.residentKiB() else { return }
        for _ in 0..<6000 {
            let doc = try HTMLDocument(data: html)
            #expect(doc.charset == "windows-1252")
        }
        let grown = (Self.residentKiB() ?? 0) - before
        print("encoding leak check: resident memory grew by \(grown) KiB over 6 000 windows-1252 pages")
        #expect(grown < 20 << 10, "resident memory grew by \(grown) KiB over 6 000 windows-1252 pages")
    }

    /// VmRSS of this process (Linux; nil elsewhere).
    static func residentKiB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }
}
