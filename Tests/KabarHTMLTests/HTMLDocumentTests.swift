import Foundation
import KabarCore
import KabarTesting
import Testing
@testable import KabarHTML

struct CharsetTests {
    @Test func headerCharsetWins() {
        let d = CharsetDetector.detect(Data("<meta charset=iso-8859-1>abc".utf8), headerCharset: "UTF-8")
        #expect(d.charset == "utf-8" && d.source == .header)
    }

    @Test func validUTF8BeatsDeclaration() {
        let d = CharsetDetector.detect(Data("<meta charset=windows-1252>é".utf8), headerCharset: nil)
        #expect(d.isUTF8 && d.source == .utf8Bytes)
    }

    @Test func declaredCharsetForNonUTF8Bytes() throws {
        // "café" in ISO-8859-1: é is the single byte 0xE9.
        var bytes = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>caf".utf8)
        bytes.append(0xE9)
        bytes += Array("</p></body></html>".utf8)
        let doc = try HTMLDocument(data: Data(bytes))
        #expect(doc.charset == "iso-8859-1")
        #expect(doc.first("p")?.text == "café")
    }

    @Test func windows1252Fallback() throws {
        // 0x93/0x94 are curly quotes in Windows-1252 and invalid as UTF-8.
        let bytes: [UInt8] = Array("<p>".utf8) + [0x93, 0x68, 0x69, 0x94] + Array("</p>".utf8)
        let doc = try HTMLDocument(data: Data(bytes))
        #expect(doc.charset == "windows-1252")
        #expect(doc.first("p")?.text == "\u{201C}hi\u{201D}")
    }

    /// A constructed Windows-1252 page with a byte the charset leaves undefined (0x9D): the
    /// text after it is kept (libxml2's iconv stopped there, and the rest of the page was lost),
    /// the byte reads as the C1 control of its value, as browsers read it, and the other bytes
    /// as Windows-1252's and Latin-1's characters.
    @Test func windows1252PageKeepsTheTextAfterAnUndefinedByte() throws {
        for charset in ["windows-1252", "iso-8859-1"] {
            let bytes: [UInt8] = Array("<html><head><meta charset=\"\(charset)\"></head><body><p>caf".utf8) + [0xE9, 0x20, 0x80, 0x35]
                + Array("</p><p>stray ".utf8) + [0x9D, 0x81] + Array(" byte</p><p>after the stray byte</p></body></html>".utf8)
            let doc = try HTMLDocument(data: Data(bytes))
            #expect(doc.charset == charset)
            #expect(doc.select("p").map(\.text) == ["café €5", "stray \u{9D}\u{81} byte", "after the stray byte"], "\(charset)")
        }
        // Declared by the HTTP header only.
        let bytes: [UInt8] = Array("<p>a ".utf8) + [0x8D] + Array(" b</p><p>c</p>".utf8)
        let doc = try HTMLDocument(data: Data(bytes), charset: "windows-1252")
        #expect(doc.select("p").map(\.text) == ["a \u{8D} b", "c"])
    }

    /// Constructed pages in legacy charsets libxml2 hands to iconv, each with a byte iconv
    /// cannot read: the byte becomes U+FFFD and the text after it is kept (iconv stopped there
    /// and the rest of the page was lost).
    @Test func legacyCharsetPageKeepsTheTextAfterAnUnreadableByte() throws {
        let cases: [(charset: String, encoding: String.Encoding, bad: [UInt8], first: String, last: String)] = [
            ("shift_jis", .shiftJIS, [0x85, 0x40], "日本語のテキスト", "後の段落です"),
            ("windows-1251", .windowsCP1251, [0x98], "Русский текст", "После"),
        ]
        for c in cases {
            var bytes = Array("<html><head><meta charset=\"\(c.charset)\"></head><body><p>".utf8)
            bytes += Array(try #require(c.first.data(using: c.encoding))) + Array("</p><p>X".utf8) + c.bad
            bytes += Array("Y</p><p>".utf8) + Array(try #require(c.last.data(using: c.encoding))) + Array("</p></body></html>".utf8)
            let doc = try HTMLDocument(data: Data(bytes))
            #expect(doc.charset == c.charset)
            let texts = doc.select("p").map(\.text)
            #expect(texts.count == 3 && texts.first == c.first && texts.last == c.last, "\(c.charset): \(texts)")
            #expect(texts.count == 3 && texts[1].hasPrefix("X\u{FFFD}") && texts[1].hasSuffix("Y"), "\(c.charset): \(texts)")
        }
    }

    @Test func invalidBytesUnderUTF8HeaderAreReplacedNotFatal() throws {
        let bytes: [UInt8] = Array("<p>ok ".utf8) + [0xFF, 0xFE] + Array(" é</p>".utf8)
        let doc = try HTMLDocument(data: Data(bytes), charset: "utf-8")
        #expect(doc.first("p")?.text == "ok \u{FFFD}\u{FFFD} é")
        #expect(doc.notes.contains { $0.contains("invalid UTF-8") })
    }

    @Test func utf8Validation() {
        #expect(CharsetDetector.isValidUTF8(Data("héllo 日本 🎉".utf8)))
        #expect(!CharsetDetector.isValidUTF8(Data([0xC0, 0xAF])))        // overlong
        #expect(!CharsetDetector.isValidUTF8(Data([0xED, 0xA0, 0x80])))  // surrogate
        #expect(!CharsetDetector.isValidUTF8(Data([0xE2, 0x82])))        // truncated
    }

    /// The in-place validator agrees with the standard library's validating decoder on every
    /// sequence of up to three bytes drawn from the boundaries of the UTF-8 table (lead bytes,
    /// continuation bytes at the edges of each range, ASCII), and on random byte strings long
    /// enough to take the eight-byte ASCII path, at every alignment, and on long ASCII runs (the
    /// 32-byte path) with a bad or good sequence at every offset.
    /// The 32-byte path stops at the end of the bytes: an ASCII page whose length is a multiple
    /// of 32 is valid whatever lies past its end (the scan once read the byte after it, found by
    /// fuzzing with AddressSanitizer; a byte 0x80 or more there made a UTF-8 page "invalid").
    @Test func utf8ValidationReadsNothingPastTheEnd() {
        for length in [32, 64, 96, 320] {
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: length + 1)
            defer { buffer.deallocate() }
            buffer.initialize(repeating: 0x61, count: length)
            (buffer + length).initialize(to: 0xFF)
            #expect(CharsetDetector.isValidUTF8(UnsafePointer(buffer), count: length), "\(length)")
        }
    }

    @Test func utf8ValidationAgreesWithStandardLibrary() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                              0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        func agrees(_ bytes: [UInt8]) -> Bool {
            CharsetDetector.isValidUTF8(Data(bytes)) == (String(validating: bytes, as: UTF8.self) != nil)
        }
        var disagreements: [[UInt8]] = []
        for a in edges {
            for b in edges {
                for c in edges where !agrees([a, b, c]) { disagreements.append([a, b, c]) }
                if !agrees([a, b]) { disagreements.append([a, b]) }
                for d in [UInt8(0x80), 0xBF] where !agrees([a, b, 0x80, d]) { disagreements.append([a, b, 0x80, d]) }
            }
        }
        var random = SeededRandom(seed: 16)
        let alphabet = Array("plain ascii text ".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0x9C, 0xF0, 0x9F, 0x8E, 0x89, 0xED, 0xFF]
        for length in [9, 17, 40, 200] {
            for _ in 0..<500 {
                let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                if !agrees(bytes) { disagreements.append(bytes) }
            }
        }
        // Long ASCII runs (the 32-byte path) with one bad or good sequence at every offset.
        for length in [31, 32, 33, 100] {
            for k in 0..<length {
                for sequence: [UInt8] in [[0xFF], [0x80], [0xC3, 0xA9], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x8E, 0x89]] {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes.replaceSubrange(k..<min(k + sequence.count, length), with: sequence)
                    if !agrees(bytes) { disagreements.append(bytes) }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    /// UTF-16 with a byte order mark, little- and big-endian: decoded, whatever the header or
    /// the page's meta says (the mark wins, as in browsers). Before, libxml2 read the bytes as
    /// ASCII and the page came out empty.
    @Test func utf16PagesWithAByteOrderMarkAreDecoded() throws {
        let html = "<html><head><meta charset=\"utf-16\"><title>Berita</title></head><body><h1>Kabar café 日本</h1><p>Paragraf 🎉</p></body></html>"
        for littleEndian in [true, false] {
            var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            for unit in html.utf16 {
                bytes += littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            }
            for header in [nil, "iso-8859-1", "utf-16"] as [String?] {
                let doc = try HTMLDocument(data: Data(bytes), charset: header)
                #expect(doc.first("h1")?.text == "Kabar café 日本", "\(littleEndian) \(header ?? "-")")
                #expect(doc.first("p")?.text == "Paragraf 🎉")
                #expect(doc.charset == "utf-8")
            }
        }
    }

    /// UTF-16 without a byte order mark, little- and big-endian, white space before the markup:
    /// decoded (libxml2 read it as ASCII, every other byte NUL, and the page came out empty).
    /// Text in UTF-16 that is no markup, and UTF-8 pages, are left alone.
    @Test func utf16PagesWithoutAByteOrderMarkAreDecoded() throws {
        let html = "\r\n <html><head><title>Berita</title></head><body><h1>Kabar café 日本</h1><p>Paragraf 🎉</p></body></html>"
        for littleEndian in [true, false] {
            let bytes = Data(html.utf16.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
            #expect(CharsetDetector.utf16WithoutBOMIsLittleEndian(bytes) == littleEndian)
            for header in [nil, "iso-8859-1"] as [String?] {
                let doc = try HTMLDocument(data: bytes, charset: header)
                #expect(doc.first("h1")?.text == "Kabar café 日本", "\(littleEndian) \(header ?? "-")")
                #expect(doc.first("p")?.text == "Paragraf 🎉")
                #expect(doc.charset == "utf-8")
            }
        }
        #expect(CharsetDetector.utf16WithoutBOMIsLittleEndian(Data(html.utf8)) == nil)
        #expect(CharsetDetector.utf16WithoutBOMIsLittleEndian(Data("just some words, no markup".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) == nil)
        // A lone low surrogate is no text.
        #expect(CharsetDetector.utf16WithoutBOMIsLittleEndian(Data(([0x3C, 0x61, 0xDC00, 0x62] + Array(repeating: 0x61, count: 10) as [UInt16]).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) == nil)
    }

    /// libxml2 compares every attribute of a tag with every earlier one: an element with
    /// n attributes cost n² (minutes for 200 000). Attributes past the first 256 are dropped
    /// before parsing; what follows the element is parsed as before. Not a speed target: one
    /// element with 40 000 attributes is compared with the same attributes spread over 5 000
    /// elements (the same bytes); linear, they take about as long (the bar is 8 times).
    @Test func manyAttributesOnOneElementAreCappedBeforeParsing() throws {
        let tail = "<script>var s = '<b " + String(repeating: "x=1 ", count: 300) + ">';</script><p id=\"after\">after</p></body></html>"
        var one = "<html><body><div id=\"first\""
        for i in 0..<40_000 { one += " data-a\(i)=\"v\(i)\"" }
        one += "><p>inside</p></div>" + tail
        var spread = "<html><body><div id=\"first\">"
        for i in 0..<40_000 { spread += (i % 8 == 0 ? "</div><div" : "") + " data-a\(i)=\"v\(i)\"" + (i % 8 == 7 ? ">" : "") }
        spread += "<p>inside</p></div>" + tail
        func seconds(_ html: String, check: (HTMLDocument) throws -> Void) throws -> Double {
            let data = Data(html.utf8)
            var parsed: HTMLDocument?
            let least = try GrowthTiming.leastCPUSeconds { parsed = try HTMLDocument(data: data) }
            let doc = try #require(parsed)
            try check(doc)
            #expect(doc.first("p#after")?.text == "after")
            #expect(doc.first("script")?.rawText.contains(String(repeating: "x=1 ", count: 300)) == true, "script text is not markup")
            return least
        }
        let capped = try seconds(one) { doc in
            let div = try #require(doc.first("div#first"))
            #expect(div["data-a254"] == "v254" && div["data-a255"] == nil && div.first("p")?.text == "inside")
            #expect(doc.notes.contains { $0.contains("attributes past the first 256") })
        }
        let linear = try seconds(spread) { doc in #expect(doc.select("div").count > 5_000) }
        #expect(capped / linear < 8, "one element of 40 000 attributes: \(capped) s, 5 000 elements of 8: \(linear) s")
    }

    @Test func emptyInputIsAnError() {
        #expect(throws: HTMLError.self) { try HTMLDocument(data: Data()) }
    }
}

struct NodeTextTests {
    @Test func blockAwareWhitespace() throws {
        let doc = try HTMLDocument(html: """
        <div id=a>  One&nbsp;&nbsp; two<br>three <b>four</b><p>five</p>
        <ul><li>six</li><li>seven</li></ul><script>var x = 1;</script><style>p{}</style><h2>eight</h2></div>
        """)
        #expect(doc.first("#a")?.text == "One two\nthree four\nfive\nsix\nseven\neight")
    }

    @Test func attributesAndClasses() throws {
        let doc = try HTMLDocument(html: #"<img class=" a  b " data-src="x.jpg" src="y.jpg">"#)
        let img = try #require(doc.first("img"))
        #expect(img["data-src"] == "x.jpg")
        #expect(img["missing"] == nil)
        #expect(img.hasClass("b") && !img.hasClass("c"))
        #expect(img.attributes.map(\.name) == ["class", "data-src", "src"])
    }

    @Test func removeTakesNodeOutOfText() throws {
        let doc = try HTMLDocument(html: "<div id=x><p>keep</p><div class=ad>buy now</div><p>also</p></div>")
        for ad in doc.select(".ad") { ad.remove() }
        #expect(doc.first("#x")?.text == "keep\nalso")
    }

    @Test func absoluteURLs() throws {
        let doc = try HTMLDocument(html: "<a href='/x y'>", url: URL(string: "https://news.example/a/b.html"))
        #expect(doc.absoluteURL("/read/1")?.absoluteString == "https://news.example/read/1")
        #expect(doc.absoluteURL("c.jpg")?.absoluteString == "https://news.example/a/c.jpg")
        #expect(doc.absoluteURL("//cdn.example/i.jpg")?.absoluteString == "https://cdn.example/i.jpg")
        #expect(doc.absoluteURL("/x y")?.absoluteString == "https://news.example/x%20y")
        #expect(doc.absoluteURL("javascript:void(0)") == nil)
        #expect(doc.absoluteURL("") == nil)
    }

    @Test func xpathDirectly() throws {
        let doc = try HTMLDocument(html: "<p>a</p><p>b</p>")
        #expect(try doc.xpath("//p[2]").first?.text == "b")
        #expect(throws: HTMLError.self) { try doc.xpath("//p[") }
    }
}

struct HTML5FixupTests {
    @Test func sourceIsVoid() throws {
        let doc = try HTMLDocument(html: """
        <article><picture><source srcset="a.webp"><img src="a.jpg"></picture><p>Text</p></article>
        """)
        #expect(doc.select("source img").isEmpty)
        #expect(doc.select("picture > img").count == 1)
        #expect(doc.first("article p")?.text == "Text")
    }

    @Test func figureClosesParagraph() throws {
        let doc = try HTMLDocument(html: """
        <div id=body><p>Before<figure><img src=x.jpg><figcaption>The caption</figcaption></figure>After</p></div>
        """)
        let paragraphs = doc.select("#body p").map(\.text)
        #expect(paragraphs == ["Before", "After"])
        #expect(!paragraphs.joined().contains("caption"))
        #expect(doc.first("#body > figure figcaption")?.text == "The caption")
    }
}

struct MetaAndJSONLDTests {
    /// The declared address is worked out once, and again when what it depends on changes: the
    /// base URL (a relative canonical link resolves only against one) and the tree (the link
    /// removed leaves og:url).
    @Test func declaredURLFollowsTheBaseAndTheTree() throws {
        let doc = try HTMLDocument(html: """
            <html><head><link rel="alternate" href="https://news.example/amp/1"><link rel="Canonical x" href="/read/1">
            <meta property="og:url" content="https://news.example/og/1"></head><body><p>text</p></body></html>
            """)
        #expect(doc.declaredURL?.absoluteString == "https://news.example/og/1")
        doc.url = URL(string: "https://news.example/section/")
        #expect(doc.declaredURL?.absoluteString == "https://news.example/read/1")
        #expect(doc.declaredURL?.absoluteString == "https://news.example/read/1")
        for link in doc.select("link[rel*=anonical]") { link.remove() }
        #expect(doc.declaredURL?.absoluteString == "https://news.example/og/1")
    }

    static let page = """
    <html lang="id-ID"><head>
    <title>Judul | Situs</title>
    <meta property="og:title" content="  Judul   Berita ">
    <meta name="Keywords" content="a, b">
    <meta property="article:tag" content="satu"><meta property="article:tag" content="dua">
    <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
    <meta itemprop="datePublished" content="2026-07-24T13:39:00+07:00">
    <script type="application/ld+json">[{"@type":"NewsArticle","headline":"H &amp; K","isAccessibleForFree":false,"author":[{"@type":"Person","name":"A"}]}]</script>
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BreadcrumbList","itemListElement":[]},{"@type":"WebSite","name":"S"}]}</script>
    <script type="application/ld+json">{"@type":"Organization","name":"Trailing",}</script>
    <script type="application/ld+json">{ this is not json </script>
    </head><body></body></html>
    """

    @Test func metaTags() throws {
        let doc = try HTMLDocument(html: Self.page)
        #expect(doc.metaTags["og:title"] == "Judul Berita")
        #expect(doc.metaTags["keywords"] == "a, b")
        #expect(doc.metaTags.all("article:tag") == ["satu", "dua"])
        #expect(doc.metaTags["content-type"] == "text/html; charset=utf-8")
        #expect(doc.metaTags["datepublished"] == "2026-07-24T13:39:00+07:00")
        #expect(doc.title == "Judul | Situs")
        #expect(doc.language == "id-ID")
    }

    @Test func jsonLDFlattenedRepairedAndSkipped() throws {
        let doc = try HTMLDocument(html: Self.page)
        let types = doc.jsonLD.flatMap(\.types)
        #expect(types == ["NewsArticle", "BreadcrumbList", "WebSite", "Organization"])
        let article = try #require(doc.jsonLD(ofType: HTMLDocument.articleTypes))
        #expect(article["headline"]?.string == "H &amp; K")
        #expect(article["isAccessibleForFree"]?.bool == false)
        #expect(article["author"]?.array.first?["name"]?.string == "A")
        #expect(doc.notes.contains { $0.contains("JSON-LD block 4") })
    }

    @Test func entities() {
        #expect(HTMLEntities.decode("H &amp; K &#8211; &#x2014; &nbsp;x &eacute; &bogus; & end") == "H & K \u{2013} \u{2014} \u{00A0}x é &bogus; & end")
    }
}

struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let v = try JSONValue.parse(Data(#"{"t":true,"f":false,"one":1,"zero":0,"pi":1.5,"s":"x","n":null,"a":[1,"b",false],"o":{"k":"v"}}"#.utf8))
        #expect(v["t"] == .bool(true))
        #expect(v["f"] == .bool(false))
        #expect(v["one"] == .number(1))
        #expect(v["zero"] == .number(0))
        #expect(v["pi"] == .number(1.5))
        #expect(v["s"] == .string("x"))
        #expect(v["n"] == .null)
        #expect(v["a"] == .array([.number(1), .string("b"), .bool(false)]))
        #expect(v["o"]?["k"]?.string == "v")
        #expect(throws: (any Error).self) { try JSONValue.parse(Data("{".utf8)) }
    }
}


/// `JSONParser` (JSON-LD's reader) must accept and build exactly what `JSONSerialization`
/// did (`JSONValue.parse`), or JSON-LD fields would change: compared on constructed edge
/// cases, valid and not, and on every JSON-LD block of the corpus's pages, as found and as
/// repaired.
struct JSONParserTests {
    static func agree(_ text: String) -> Bool {
        let data = Data(text.utf8)
        return (try? JSONParser.parse(data)) == (try? JSONValue.parse(data))
    }

    @Test func agreesWithFoundationOnEdgeCases() {
        let cases = [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"[]"#, #"{}"#, #" [ 1 , 2 ] "#, #""text""#, "12", "-0", "0.5e-3",
            "1E+2", "123456789012345678901", "-9007199254740993", #"{"a":1,"a":2}"#, #"["\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\"]"#,
            #"["é 日本 😀"]"#, #"{"a":1,}"#, #"[1,]"#, "[01]", "[+1]", "[.5]", "[1.]", "[1e]", "[-]", "NaN", "[Infinity]",
            "[tru]", "[nul]", "{\"a\":\"line\nbreak\"}", "{\"a\":\"tab\there\"}", #"["\ud800"]"#, #"["\udc00"]"#, #"["\ud800\u0041"]"#,
            #"["\x"]"#, #"["\u12"]"#, #"{"a" 1}"#, #"{a:1}"#, "[1] [2]", "", "   ", "[1", #"{"a":"#, "[\"unterminated]",
            "// comment\n[1]", "[1,2,3]x", "\u{FEFF}[1]", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            "[1,,2]", "[,]", "{,}", "[1 , ]", #"{"a":[1,],}"#, "[1]\u{FEFF}", "\u{FEFF}\u{FEFF}[1]", " \u{FEFF}[1]", "[1,\n]",
        ]
        let disagreements = cases.filter { !Self.agree($0) }
        #expect(disagreements.isEmpty, "\(disagreements.map { String($0.prefix(40)) })")
    }

    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func agreesWithFoundationOnCorpusJSONLD() throws {
        let files = FileManager.default.enumerator(at: Corpus.root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" } ?? []
        var blocks = 0
        var disagreements: [String] = []
        for file in files.prefix(400) {
            guard let doc = try? HTMLDocument(data: Data(contentsOf: file)) else { continue }
            for script in doc.select("script[type]") where script["type"]?.lowercased().trimmed == "application/ld+json" {
                let raw = script.rawText.trimmed
                blocks += 1
                if !Self.agree(raw) || !Self.agree(JSONLD.repair(raw)) { disagreements.append(file.lastPathComponent) }
            }
        }
        #expect(blocks > 50)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
