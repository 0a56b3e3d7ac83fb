import Foundation
@testable import GenericExtractor
import KabarCore
import KabarFixtures
import KabarHTML
import KabarTesting
import Testing

/// The generic extractor's byte-level fast paths give what the `String` and `Dictionary` code
/// they replaced gives: separator search, the headline key, the attribute pass, the tag cache
/// and the node table. Pages here are constructed, plus real pages of the corpus where present.
struct GenericFastPathTests {
    static let separators = HeadlineFinder.separators

    /// Titles built to catch a byte search that differs from `String`'s: overlapping matches,
    /// a combining mark after a separator's space, U+0387 (canonically "·"), emoji, no match.
    static let trickyTitles = [
        "Headline - Site", "a - - b", " - ", "Kicker: Headline | Site | Section", "Title \u{2013} Site", "Title | ",
        "Title -\u{0301} Site", "Title - \u{0301}Site", "Title \u{0387} Site", "Title · Site", "Title \u{00B7}\u{0301} Site",
        "Title 👍🏽 | 🇮🇩 Site", "主标题｜网站名", "标题：副标题", "", "No separator at all", "e\u{301} | e\u{301}", "Title  |  Site",
        "Title\r\n| Site", "x » y « z", "a / b / c", "a ~ b * c • d :: e",
    ]

    /// Random titles over an alphabet of separator parts, spaces, combining marks and letters.
    static func randomTitles(_ count: Int) -> [String] {
        let alphabet: [String] = [" ", "-", "|", "·", "\u{0387}", "\u{0301}", "a", "é", "–", "—", ":", "｜", "：", "/", "»", "«", "•", "~", "*", "👍", "\u{200D}"]
        var random = SeededRandom(seed: 16)
        return (0..<count).map { _ in
            let length = Int(random.next() % 24)
            return (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
        }
    }

    @Test func separatorSearchFindsWhatStringSearchFinds() {
        for title in Self.trickyTitles + Self.randomTitles(3000) {
            for sep in Self.separators {
                #expect(SeparatorSearch.lastRange(of: sep, in: title) == title.ranges(of: sep).last, "last \(sep.debugDescription) in \(title.debugDescription)")
                #expect(SeparatorSearch.firstRange(of: sep, in: title) == title.firstRange(of: sep), "first \(sep.debugDescription) in \(title.debugDescription)")
            }
        }
    }

    @Test func creditMarkSearchFindsWhatStringSearchFinds() {
        let captions = ["Ein Bild. Foto: dpa", "Zdjęcie: PAP", "Fotó: MTI", "Foto\u{301}: decomposed", "Zdje\u{328}cie: decomposed",
                        "Picture: x © y", "Photo:\u{301} mark", "© 2024", "キャプション Photo: 共同", "no mark", ""]
        for caption in captions + Self.randomTitles(2000).map { "Foto: " + $0 + "Fotó:" + $0 } {
            for mark in ImageFinder.creditMarks {
                #expect(SeparatorSearch.firstRange(ofAny: mark, in: caption) == caption.firstRange(of: mark), "\(mark) in \(caption.debugDescription)")
            }
        }
    }

    @Test func boundedCountsAndVisibleText() {
        let texts = ["", "short", "e\u{301}e\u{301}e\u{301}", "a\r\nb", String(repeating: "ab", count: 200) + "\r\n", "x\u{301}" + String(repeating: "y", count: 300), "👍🏽🇮🇩", String(repeating: "Paragraph text. ", count: 40), "  \u{A0}\u{3000} ", " \u{200B}x "]
        for text in texts {
            for limit in [0, 1, 3, 20, 40, 251] { #expect(TextMeasure.count(text, upTo: limit) == min(text.count, limit), "\(text.debugDescription) up to \(limit)") }
            #expect(TextMeasure.hasVisible(text) == !text.trimmed.isEmpty, "\(text.debugDescription)")
        }
        for text in ["Copyright © 2024 The AP", "\u{A9}\u{301} with a mark", "(c) 2024", "Zdjęcie © PAP", "Фото ©", ""] where TextMeasure.isLatin(text) {
            #expect(TextMeasure.holdsCopyrightSign(text) == text.contains("©"), "\(text.debugDescription)")
        }
        #expect(!TextMeasure.isLatin("\u{A9}\u{301}") && TextMeasure.isLatin("Zdjęcie © PAP"))
    }

    @Test func asciiFoldAndTrimAreFoundations() {
        for text in ["  Title \t of\r\n the   page ", "Title", "", "   ", "\tTab\t", "Caf\u{E9} | Site", "\u{A0}Title\u{A0}", "Title\u{2003}"] {
            #expect((HeadlineFinder.asciiFolded(text) ?? text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
                    == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(text.debugDescription)")
            #expect(HeadlineFinder.trimmedSpaces(text) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
        #expect(HeadlineFinder.asciiFolded("Caf\u{E9}") == nil)
    }

    @Test func asciiKeyIsTheCharacterKey() {
        // An "é" at the end sends `key` down its Character-by-Character path; what comes before
        // it is then that path's key of the ASCII text.
        let texts = ["  Hello   WORLD  ", "Tab\tand\nnew\r\nlines\u{0B}\u{0C}", "A-B: c|d \"quoted\" 'single'", "", "   ", "MiXeD 123 !?"]
        for text in texts {
            var slow = HeadlineFinder.key(text + "\u{E9}")
            slow.removeLast()
            if slow.hasSuffix(" ") { slow.removeLast() }
            #expect(HeadlineFinder.asciiKey(text) == slow, "\(text.debugDescription)")
        }
        #expect(HeadlineFinder.asciiKey("caf\u{E9}") == nil)
    }

    /// A constructed page whose elements carry every attribute the page index reads, spelled
    /// in ways that trip a byte-level reading.
    static let constructedPage = """
        <html><head><title>Constructed page</title></head><body class="Page">
        <div CLASS="Main  Article-Body\tprint:hidden x[y]" ID="Top">text</div>
        <div class="" id="only-id">a</div><div class="only-class" id="">b</div><div class="   ">c</div>
        <p class="caf&eacute; &amp; more" id="a&amp;b">entities</p>
        <span rel="author">By A</span><span itemprop="author">By B</span><span rel="Author">Not</span><a rel="nofollow author">Not</a>
        <div hidden>h</div><div hidden="">h2</div><div aria-hidden="true">h3</div><div aria-hidden="TRUE">v</div>
        <div style="DISPLAY: None">s</div><div style="visibility : hidden">s2</div><div style="color:red">v2</div>
        <div style="d&#x130;splay:none">v3</div><div style="displ\u{212A}y:none">v4</div><div style="display:none;content:'é'">s3</div>
        <section class="one" class="two" id="x" id="y">dup</section>
        <div data-x="1" title="t">other</div><img src="a.jpg" alt=""><br class="br">
        </body></html>
        """

    static func pages() throws -> [HTMLDocument] {
        var documents = [try HTMLDocument(html: constructedPage)]
        if Corpus.isAvailable {
            let folder = Corpus.file("fundus/de")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in files.filter({ $0.hasSuffix(".html") }).sorted().prefix(5) {
                documents.append(try HTMLDocument(data: Data(contentsOf: folder.appendingPathComponent(name))))
            }
        }
        return documents
    }

    @Test func attributePassReadsWhatLookupsRead() throws {
        for document in try Self.pages() {
            for node in document.select("*") {
                let attributes = ElementAttributes(node)
                #expect(attributes.names == PageIndex.names(of: node), "names of \(node.outerHTML.prefix(120))")
                #expect(attributes.hidden == PageIndex.isHidden(node), "hidden of \(node.outerHTML.prefix(120))")
                #expect(attributes.author == (node["rel"] == "author" || node["itemprop"] == "author"), "author of \(node.outerHTML.prefix(120))")
            }
        }
        // The constructed page's spellings, read as the lookups read them.
        let document = try HTMLDocument(html: Self.constructedPage)
        #expect(document.select("div").first.map { ElementAttributes($0).names } == "main article-body top")
        #expect(ElementAttributes(document.first("p")!).names == "café & more a&b")
        #expect(document.select("div").filter { ElementAttributes($0).hidden }.count == 6)
    }

    @Test func tagCacheAndNodeTableAnswerAsTheTreeDoes() throws {
        for document in try Self.pages() {
            let nodes = document.select("*")
            var cache = TagCache()
            for _ in 0..<2 {
                for node in nodes {
                    let (tag, kind) = cache.lookup(node)
                    #expect(tag == node.tag)
                    #expect(kind == (PageIndex.tagKinds[node.tag] ?? []))
                }
            }
            let elements = Array(nodes.dropFirst(3))
            let table = NodeTable(elements)
            for (i, node) in elements.enumerated() { #expect(table[node] == i) }
            for node in nodes.prefix(3) { #expect(table[node] == nil) }
            #expect(NodeTable()[nodes[0]] == nil)
        }
    }
}
