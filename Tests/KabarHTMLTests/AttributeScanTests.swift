import CLibXML2
import Foundation
import KabarTesting
import Testing
@testable import KabarHTML

/// Alternatives that are one attribute test alone merged into one scan
/// (`SelectorMatcher.mergingAttributeScans`, `Program(anyOf:)`), the meta tags' keys read on
/// bytes (`MetaTags.key`) and the `&` test of `HTMLEntities`, each against the code it
/// replaced, on the plugins' fixture pages and on random constructed pages.
struct AttributeScanTests {
    /// Selectors with two or more attribute-only alternatives: SINDOnews' noise selector,
    /// and one mixing names, operators, the i flag, bare presence and a repeated test.
    static let selectors = [
        "ins, iframe, script, noscript, style, form, [id^=\"ads_\"], .adsbygoogle, [class^=\"v-\"], [class*=\" v-\"], .v-youtube, .paging-artikel, .paging-all, .editor, [class^=\"ads-\"], [class*=\" ads-\"], [class*=\"loading\"], [class*=\"baca-juga\"]",
        "[data-x], [class$=\"-box\" i], [id=main], [rel~=next], [lang|=en], p, [title=\"\"], [class*=ads], [class*=ads], [data-x^=Foo i], div > [class*=v-]",
        "[class*=\"a\"], [class*=\"b\"]",
        "[href]",
    ]

    /// A small deterministic generator (the tests' own: KabarHTML has no random source).
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    /// A page of random nested elements whose class, id and other attributes are made of
    /// the pieces the selectors look for, in any case, with white space, empty values and
    /// repeated attributes (the parser keeps the first).
    static func randomPage(_ random: inout Random) -> String {
        let pieces = ["v-", " v-", "ads-", " ads-", "ads_", "loading", "baca-juga", "V-", "ADS-", "x", "main", "-box", "-BOX", "foo",
                      "Foo-Bar", "en", "en-GB", "next", " ", "\t", "a", "b", "editor", "adsbygoogle", "&amp;", "é"]
        let names = ["class", "id", "data-x", "rel", "lang", "title", "href", "CLASS"]
        let tags = ["div", "p", "span", "ins", "section", "a", "b", "li", "ul", "figure"]
        var html = "<html><head><title>r</title></head><body>"
        var open: [String] = []
        for _ in 0..<(40 + random.next(80)) {
            if !open.isEmpty, random.next(3) == 0 {
                html += "</\(open.removeLast())>"
                continue
            }
            let tag = random.pick(tags)
            html += "<\(tag)"
            for _ in 0..<random.next(4) {
                let name = random.pick(names)
                if random.next(8) == 0 { html += " \(name)"; continue }
                var value = ""
                for _ in 0..<random.next(4) { value += random.pick(pieces) }
                html += " \(name)=\"\(value)\""
            }
            html += ">t"
            open.append(tag)
        }
        return html + "</body></html>"
    }

    static func fixturePages() throws -> [String] {
        var pages: [String] = []
        for folder in ["Plugins/Sindonews/Fixtures", "Plugins/Tempo/Fixtures"] {
            let url = Corpus.packageRoot.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name.hasSuffix(".html") {
                pages.append(try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8))
            }
        }
        return pages
    }

    static func pages() throws -> [String] {
        var random = Random(state: 0x5EED)
        return try fixturePages() + [SelectorProgramTests.constructedPage] + (0..<200).map { _ in randomPage(&random) }
    }

    @Test func selectorsWithSeveralAttributeTestsAreMerged() throws {
        let noise = try SelectorMatcher.forSelector(Self.selectors[0])
        #expect(noise.alternatives.count == 12)   // 18, the seven attribute tests as one
        #expect(noise.alternatives.filter { !$0.members.isEmpty }.map(\.members.count) == [7])
        let mixed = try SelectorMatcher.forSelector(Self.selectors[1])
        // `p` and `div > [class*=v-]` stay apart; the nine others are one scan.
        #expect(mixed.alternatives.count == 3)
        #expect(try SelectorMatcher.forSelector(Self.selectors[3]).alternatives[0].members.isEmpty)
    }

    /// Element by element: the merged program against each member's own program and against
    /// the reference (the compounds' Swift values).
    @Test func mergedScanMatchesItsAlternativesApart() throws {
        var matched = 0, tested = 0
        for html in try Self.pages() {
            let doc = try HTMLDocument(html: html)
            let elements = doc.select("*").map(\.ptr)
            for selector in Self.selectors {
                let matcher = try SelectorMatcher.forSelector(selector)
                for alternative in matcher.alternatives where !alternative.members.isEmpty {
                    for element in elements {
                        let merged = matcher.matches(alternative, 0, element, scope: doc.documentNode)
                        let apart = alternative.members.contains { $0.program.matches(step: 0, element, scope: doc.documentNode) }
                        let reference = matcher.referenceMatches(alternative, 0, element, scope: doc.documentNode)
                        #expect(merged == apart && merged == reference,
                                "\(selector) on <\(String(cString: element.pointee.name))>: merged \(merged), apart \(apart), reference \(reference)")
                        tested += 1
                        if merged { matched += 1 }
                    }
                }
            }
        }
        #expect(tested > 20_000)
        #expect(matched > 2_000)   // the pages are not ones nothing matches
    }

    /// Whole selections, from the document and below an element, against libxml2's XPath of
    /// the same selector.
    @Test func mergedScanSelectsAsXPath() throws {
        for html in try Self.pages() {
            let doc = try HTMLDocument(html: html)
            let scopes = [doc.first("body"), doc.first("div"), doc.first("p")].compactMap { $0 }
            for selector in Self.selectors {
                #expect(try doc.selectOrThrow(selector) == doc.selectWithXPath(selector), "\(selector)")
                for scope in scopes {
                    #expect(try scope.selectOrThrow(selector) == scope.xpath(CSSSelector.xpath(for: selector)), "\(selector) below <\(scope.tag)>")
                }
            }
        }
    }

    @Test func metaKeysOnBytesAgreeWithTheStrings() throws {
        var random = Random(state: 42)
        let pieces = ["og:", "Title", "KEYWORDS", " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "a", "Z", "-", "_", "@", "[", "`", "{",
                      "é", "\u{A0}", "İ", "ß", "article:published_time", "0", "9"]
        var values: [String] = ["", " ", "Keywords", " og:URL ", "\u{A0}og:url", "X-UA-Compatible"]
        for _ in 0..<3000 {
            var s = ""
            for _ in 0..<random.next(6) { s += random.pick(pieces) }
            values.append(s)
        }
        for value in values {
            let (fast, reference) = value.withCString { (MetaTags.key($0), MetaTags.referenceKey($0)) }
            #expect(fast == reference, "\(value.debugDescription): \(fast.debugDescription), reference \(reference.debugDescription)")
        }
        // Whole pages: every entry as the Strings made it.
        var entries = 0
        for html in try Self.fixturePages() + [SelectorProgramTests.constructedPage] {
            let doc = try HTMLDocument(html: html)
            var reference: [(String, String)] = []
            for node in doc.select("meta") {
                guard let content = node["content"] else { continue }
                for name in ["name", "property", "http-equiv", "itemprop"] {
                    if let key = node[name].map({ $0.trimmed.lowercased() }), !key.isEmpty { reference.append((key, content)) }
                }
            }
            #expect(doc.metaTags.entries.map(\.key) == reference.map(\.0))
            #expect(doc.metaTags.entries.map(\.value) == reference.map(\.1))
            entries += reference.count
        }
        #expect(entries > 100)
    }

    /// `MetaTags`' one walk over each meta element's attributes against the lookups by name
    /// it replaced (`MetaTags.referenceEntries`): on the fixture pages and on random pages of
    /// meta elements with the key attributes in any order, repeated, empty, upper-case,
    /// entity-escaped or absent, with names that share a first letter with them.
    @Test func metaTagsWalkAgreesWithTheLookups() throws {
        var random = Random(state: 0x3E7A)
        let names = ["content", "name", "property", "http-equiv", "itemprop", "NAME", "Content", "charset", "class", "nam", "names",
                     "contents", "prop", "http", "item", "itemscope", "id", "c", "n"]
        let values = ["", " ", "og:title", " OG:URL ", "keywords", "Berita, Politik", "a &amp; b", "X-UA-Compatible", "é", "\u{A0}x"]
        var pages = try Self.fixturePages()
        for _ in 0..<300 {
            var html = "<html><head><title>m</title>"
            for _ in 0..<random.next(8) {
                html += "<meta"
                for _ in 0..<random.next(5) {
                    let name = random.pick(names)
                    html += random.next(5) == 0 ? " \(name)" : " \(name)=\"\(random.pick(values))\""
                }
                html += ">"
            }
            pages.append(html + "</head><body><p>x</p><meta name=\"late\" content=\"in body\"></body></html>")
        }
        var entries = 0
        for html in pages {
            let doc = try HTMLDocument(html: html)
            let reference = MetaTags.referenceEntries(document: doc)
            #expect(doc.metaTags.entries.map(\.key) == reference.map(\.key), "\(html)")
            #expect(doc.metaTags.entries.map(\.value) == reference.map(\.value), "\(html)")
            entries += reference.count
        }
        #expect(entries > 400, "\(entries) entries")
    }

    @Test func ampersandTestAgreesWithTheUTF8View() {
        var random = Random(state: 7)
        let pieces = ["a", "&", "&amp;", "é", "漢", " ", "\u{0}", "x;", "🙂"]
        for _ in 0..<2000 {
            var s = ""
            for _ in 0..<random.next(12) { s += random.pick(pieces) }
            #expect(HTMLEntities.hasReference(s) == s.utf8.contains(UInt8(ascii: "&")), "\(s.debugDescription)")
            #expect(HTMLEntities.hasReference(s) || HTMLEntities.decode(s) == s)
        }
    }
}
