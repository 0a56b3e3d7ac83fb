import Foundation
import KabarCore
import KabarFixtures
import Testing
@testable import KabarHTML

/// Constructed pages for mojibake: UTF-8 text encoded twice by the publisher (`DoubleEncoding`)
/// and a server's Latin-1 header over UTF-8 bytes (`CharsetDetector`).
struct DoubleEncodingTests {
    /// "’" (E2 80 99) read as Latin-1 and written again as UTF-8: "â" + two C1 controls.
    static let latin1Apostrophe = "\u{E2}\u{80}\u{99}"
    /// The same read as Windows-1252: "â€™".
    static let windows1252Apostrophe = "\u{E2}\u{20AC}\u{2122}"

    @Test func constructedPageEncodedTwiceThroughLatin1IsRepaired() throws {
        let html = "<html><head><meta charset=\"utf-8\"><title>A DIY Investor\(Self.latin1Apostrophe)s Guide</title></head>"
            + "<body><h1>A DIY Investor\(Self.latin1Apostrophe)s Guide</h1><p>Fran\u{C3}\u{A7}ais, I won\(Self.latin1Apostrophe)t \u{E2}\u{80}\u{94} no.</p></body></html>"
        let doc = try HTMLDocument(data: Data(html.utf8))
        #expect(doc.first("title")?.text == "A DIY Investor’s Guide")
        // With the page's evidence, "Ã§" (no C1 control of its own) is "ç" too.
        #expect(doc.first("p")?.text == "Français, I won’t — no.")
        #expect(doc.notes.contains { $0.contains("encoded twice") })
    }

    @Test func constructedPageEncodedTwiceThroughWindows1252IsRepaired() throws {
        let html = "<html><body><p>If I\(Self.windows1252Apostrophe)d only known \u{E2}\u{20AC}\u{153}then\u{E2}\u{20AC}\u{9D}.</p></body></html>"
        let doc = try HTMLDocument(data: Data(html.utf8))
        #expect(doc.first("p")?.text == "If I’d only known “then”.")
    }

    /// Text that only looks like mojibake is kept: a page writing about "Ã¤" (no C1 control, no
    /// "â€" anywhere), German quotes after "ß" and "Ä" (DF 93 would be a valid character).
    @Test func constructedPageWithoutEvidenceIsLeftAlone() throws {
        let text = "I saw \u{C3}\u{A4} instead of ä, and „Gruß“ and „BÄ“ in German."
        let doc = try HTMLDocument(data: Data("<html><body><p>\(text)</p></body></html>".utf8))
        #expect(doc.first("p")?.text == text)
        #expect(!doc.notes.contains { $0.contains("encoded twice") })
        #expect(DoubleEncoding.repaired(Data(text.utf8)) == nil)
    }

    @Test func latin1HeaderOverMultibyteUTF8YieldsToTheBytes() throws {
        let html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Investor’s café</p></body></html>"
        for header in ["iso-8859-1", "windows-1252", "us-ascii"] {
            let d = CharsetDetector.detect(Data(html.utf8), headerCharset: header)
            #expect(d.isUTF8 && d.source == .utf8Bytes, "header \(header)")
            let doc = try HTMLDocument(data: Data(html.utf8), charset: header)
            #expect(doc.first("p")?.text == "Investor’s café", "header \(header)")
        }
        // Bytes that are not UTF-8, or plain ASCII, keep the header's charset.
        let latin1: [UInt8] = Array("<p>caf".utf8) + [0xE9] + Array("</p>".utf8)
        #expect(CharsetDetector.detect(Data(latin1), headerCharset: "iso-8859-1").source == .header)
        #expect(CharsetDetector.detect(Data("<p>cafe</p>".utf8), headerCharset: "iso-8859-1").source == .header)
        // Other single-byte charsets are not second-guessed.
        #expect(CharsetDetector.detect(Data(html.utf8), headerCharset: "koi8-r").charset == "koi8-r")
    }

    /// A Windows-1252 byte read as Latin-1 leaves a C1 control on its own: it is the character
    /// Windows-1252 has for the byte (0x92 is "’"); the five bytes it leaves undefined stay.
    @Test func constructedPageWithStrayC1ControlsIsRepaired() throws {
        let doc = try HTMLDocument(data: Data("<html><body><p>Because we\u{92}re used to it \u{81}</p></body></html>".utf8))
        #expect(doc.first("p")?.text == "Because we’re used to it \u{81}")
    }

    /// The parse learns whether a page holds the double encoding's evidence from its UTF-8
    /// validation (`CharsetDetector.scanUTF8`) instead of `DoubleEncoding.hasEvidence`'s own
    /// passes, kept as the reference: both agree on constructed strings with each piece of
    /// evidence, and near misses, at every offset of a long ASCII run (ends included), on random
    /// valid strings, and on every corpus page that is valid UTF-8.
    @Test func evidenceFoundWhileValidatingIsTheReferences() throws {
        var disagreements: [[UInt8]] = []
        func check(_ bytes: [UInt8]) {
            let scan = CharsetDetector.scanUTF8(Data(bytes))
            guard scan.valid else { return }
            if scan.doubleEncodingEvidence != DoubleEncoding.hasEvidence(Data(bytes)) { disagreements.append(bytes) }
        }
        let pieces: [[UInt8]] = [[0xC2, 0x80], [0xC2, 0x9F], [0xC2, 0xA0], [0xC3, 0xA2, 0xE2, 0x82, 0xAC], [0xC3, 0xA2, 0xE2, 0x82, 0xAD],
                                 [0xC3, 0xA2, 0xE2, 0x80, 0x99], [0xC3, 0xA9, 0xE2, 0x82, 0xAC], [0xC3, 0xA2], [0xE2, 0x82, 0xAC]]
        for length in [0, 1, 7, 40] {
            for k in 0...length {
                for piece in pieces {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes.insert(contentsOf: piece, at: k)
                    check(bytes)
                }
            }
        }
        var random = SeededRandom(seed: 1252)
        let characters = ["a", " ", "\u{80}", "\u{9F}", "\u{A0}", "â", "€", "â€", "é", "Ã", "’", "日"]
        for _ in 0..<3000 {
            check(Array((0..<Int(random.next() % 20)).map { _ in characters[Int(random.next() % UInt64(characters.count))] }.joined().utf8))
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        if Corpus.isAvailable {
            let files = FileManager.default.enumerator(at: Corpus.root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" } ?? []
            var pages: [String] = []
            for file in files.prefix(1000) {
                let data = try Data(contentsOf: file)
                let scan = CharsetDetector.scanUTF8(data)
                if scan.valid, scan.doubleEncodingEvidence != DoubleEncoding.hasEvidence(data) { pages.append(file.lastPathComponent) }
            }
            #expect(pages.isEmpty, "\(pages.prefix(5))")
        }
    }
}
