import Foundation
@testable import KabarRun
import Testing

/// `PageSniffer` reads the first 1 KB of every fetched page in place; what it says of each kind
/// of body (constructed bytes here), including a body that is a slice of a larger buffer.
@Suite struct PageSnifferTests {
    static let html = Data("<!doctype html><html><head><title>t</title></head><body><p>text</p></body></html>".utf8)

    @Test func pagesPassAndBinariesAreNamed() {
        #expect(PageSniffer.problem(body: Self.html, contentType: "text/html; charset=utf-8") == nil)
        #expect(PageSniffer.problem(body: Data(), contentType: nil) == nil)
        #expect(PageSniffer.problem(body: Self.html, contentType: "image/png") == "not an HTML page (Content-Type: image/png)")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Self.html
        #expect(PageSniffer.problem(body: png, contentType: "text/html") == "binary content (PNG image) served as text/html")
        #expect(PageSniffer.problem(body: Data([0x1F, 0x8B, 8, 0]), contentType: nil) == "binary content (gzip data) served as a page")
        // Shorter than a signature: no match, and no read past the body.
        #expect(PageSniffer.problem(body: Data([0x89, 0x50]), contentType: "text/html") == nil)
    }

    /// The media type is what comes before the first `;`, without the blanks around it, in lower
    /// case; a value that is not ASCII is cut by Unicode's white space, as an ASCII one by its bytes.
    @Test func theMediaTypeOfAContentType() {
        #expect(PageSniffer.mediaType(nil) == "")
        #expect(PageSniffer.mediaType("") == "")
        #expect(PageSniffer.mediaType(" \t ; charset=utf-8") == "")
        #expect(PageSniffer.mediaType("text/html") == "text/html")
        #expect(PageSniffer.mediaType("  Text/HTML\t; charset=UTF-8") == "text/html")
        #expect(PageSniffer.mediaType(";;IMAGE/png ;x") == "image/png")
        #expect(PageSniffer.mediaType("\u{00A0}Image/PNG\u{2003}; q") == "image/png")
        #expect(PageSniffer.problem(body: Self.html, contentType: " Application/XHTML+XML ") == nil)
        #expect(PageSniffer.problem(body: Self.html, contentType: "\u{00A0}Image/PNG") == "not an HTML page (Content-Type: image/png)")
        #expect(PageSniffer.problem(body: Self.html, contentType: "application/rss+xml") == nil)
    }

    @Test func aNulByteInTheFirstKilobyteIsReportedAtItsOffset() {
        var body = Self.html
        body[body.startIndex + 30] = 0
        #expect(PageSniffer.problem(body: body, contentType: "text/html") == "binary content (a NUL byte at offset 30) served as text/html")
        // Past the first 1 KB: not looked at.
        let late = Data(repeating: UInt8(ascii: "a"), count: 1024) + Data([0]) + Self.html
        #expect(PageSniffer.problem(body: late, contentType: "text/html") == nil)
        // UTF-16 with a byte order mark is text, NUL bytes and all.
        let utf16 = Data([0xFF, 0xFE]) + Data("<html>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(PageSniffer.problem(body: utf16, contentType: "text/html") == nil)
        // And without one, little- and big-endian: markup every other byte of which is NUL.
        let page = "  <!doctype html><html lang=\"id\"><head><title>Berita café</title></head><body><p>Kabar 日本</p></body></html>"
        let le = Data(page.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let be = Data(page.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(PageSniffer.problem(body: le, contentType: "text/html") == nil)
        #expect(PageSniffer.problem(body: be, contentType: "text/html; charset=utf-16be") == nil)
        // Bytes that only begin like it are still binary: UTF-32, a NUL unit, text that is no markup.
        let utf32 = Data(page.unicodeScalars.flatMap { s in [UInt8(s.value & 0xFF), UInt8(s.value >> 8 & 0xFF), 0, 0] })
        #expect(PageSniffer.problem(body: utf32, contentType: "text/html") == "binary content (a NUL byte at offset 1) served as text/html")
        var nulUnit = le
        nulUnit[40] = 0
        #expect(PageSniffer.problem(body: nulUnit, contentType: "text/html") == "binary content (a NUL byte at offset 1) served as text/html")
        let prose = Data("Berita hari ini: banjir di Demak.".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(PageSniffer.problem(body: prose, contentType: "text/html") == "binary content (a NUL byte at offset 1) served as text/html")
        let control = Data([0x3C, 0, 0x01, 0x02] + Array(repeating: 0x41, count: 40))
        #expect(PageSniffer.problem(body: control, contentType: nil) == "binary content (a NUL byte at offset 1) served as a page")
    }

    @Test func aSliceIsReadFromItsOwnStart() {
        // A body that is a slice of a larger buffer: offsets count from the slice's start.
        let buffer = Data([0x89, 0x50, 0x4E, 0x47]) + Data(repeating: UInt8(ascii: "a"), count: 100) + Data([0]) + Self.html
        let slice = buffer[4...]
        #expect(PageSniffer.problem(body: slice, contentType: "text/html") == "binary content (a NUL byte at offset 100) served as text/html")
        let png = buffer[0..<50]
        #expect(PageSniffer.problem(body: png, contentType: nil) == "binary content (PNG image) served as a page")
    }
}
