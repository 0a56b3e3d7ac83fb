import CLibXML2
import Foundation
import KabarFixtures
import Testing
@testable import KabarHTML

/// The element index's walk also finds what the HTML5 fix-ups must fix (no walk of their own):
/// the same elements, in the same order, as `HTML5Fixups.candidates`, the fix-ups' own walk kept
/// as the reference; and the index after the fix-ups the same as one built afresh.
@Suite struct ElementIndexTests {
    /// Constructed pages: each fix-up alone, nested, repeated, and the near misses.
    static let constructedPages = [
        "<article><picture><source srcset=a.webp><img src=a.jpg></picture><p>Text</p></article>",
        "<video><source src=a.mp4><source src=b.webm><track src=c.vtt>fallback text</video><p>after</p>",
        "<p>long<wbr>word<wbr>again</p><div><source><source><img src=x></div>",
        "<div id=body><p>Before<figure><img src=x.jpg><figcaption>The caption</figcaption></figure>After</p></div>",
        "<p>a<section>s1</section>b<aside>s2</aside>c<nav>n</nav>d</p>",
        "<p>outer<span><figure>not a direct child</figure></span><header>h<p>inner<footer>f</footer>x</p></header>y</p>",
        "<p>x<source><figure>swallowed by the source, not a child of the paragraph</figure></p>",
        "<p><figure></figure></p><p><details>d</details></p><P>upper<MAIN>m</MAIN></P>",
        "<div><p>no block here <b>bold</b> <i>it</i></p><pre>pre</pre><source></div>",
    ]

    /// The (swallowing, paragraphs) found in a raw libxml2 parse of `html`, by the index's walk
    /// and by the reference walk, and whether the index after the fix-ups is one built afresh.
    static func check(_ bytes: Data) -> (agree: Bool, indexAfterFixesAgrees: Bool, found: Int) {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard let doc = bytes.withUnsafeBytes({ raw in
            htmlReadMemory(raw.bindMemory(to: CChar.self).baseAddress, Int32(raw.count), nil, "UTF-8", options)
        }) else { return (false, false, 0) }
        defer { xmlFreeDoc(doc) }
        let root = UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self)
        let reference = HTML5Fixups.candidates(below: root)
        let index = ElementIndex(document: root)
        let agree = index.swallowing == reference.swallowing && index.paragraphs == reference.paragraphs
        HTML5Fixups.fix(swallowing: index.swallowing, paragraphs: index.paragraphs, in: doc)
        var after = index
        if index.paragraphs.isEmpty { index.childrenHoisted(from: index.swallowing) } else { after = ElementIndex(document: root) }
        let fresh = ElementIndex(document: root)
        return (agree, after.elements == fresh.elements && after.subtreeEnd == fresh.subtreeEnd,
                reference.swallowing.count + reference.paragraphs.count)
    }

    @Test func fixupsFoundByTheIndexAreTheReferenceWalksOnConstructedPages() {
        var found = 0
        for page in Self.constructedPages {
            let result = Self.check(Data(page.utf8))
            #expect(result.agree, "\(page)")
            #expect(result.indexAfterFixesAgrees, "\(page)")
            found += result.found
        }
        // libxml2 2.15 knows `source`, `track` and `wbr` as void elements: only the paragraphs
        // are left to fix (8 of these pages' fix-ups; 15 on 2.9, whose void elements swallowed).
        #expect(found >= 8)
    }

    /// The libxml2 Kabar is built on (2.15) lets no `source`, `track` or `wbr` swallow what
    /// follows it (2.9 did).
    @Test func voidElementsSwallowNothing() throws {
        let html = "<div><source src=a.mp4><img src=x></div>"
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let doc = try #require(html.withCString { htmlReadMemory($0, Int32(strlen($0)), nil, "UTF-8", options) })
        defer { xmlFreeDoc(doc) }
        let root = UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self)
        #expect(HTML5Fixups.candidates(below: root).swallowing.isEmpty)
    }

    /// The document's tree (after the fix-ups) is the one the reference fix-ups make of the same
    /// bytes, and selection through the index sees the moved elements where they now are.
    @Test func documentTreeIsTheReferenceFixupsTree() throws {
        for page in Self.constructedPages {
            let html = "<html><body>\(page)</body></html>"
            let document = try HTMLDocument(html: html)
            let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
            let reference = try #require(html.withCString { htmlReadMemory($0, Int32(strlen($0)), nil, "UTF-8", options) })
            defer { xmlFreeDoc(reference) }
            let root = UnsafeMutableRawPointer(reference).assumingMemoryBound(to: xmlNode.self)
            HTML5Fixups.apply(below: root, in: reference)
            let expected = try #require(xmlDocGetRootElement(reference))
            let buffer = try #require(xmlBufferCreate())
            defer { xmlBufferFree(buffer) }
            htmlNodeDump(buffer, reference, expected)
            let expectedHTML = String(cString: xmlBufferContent(buffer))
            #expect(document.root?.outerHTML == expectedHTML, "\(page)")
        }
        let doc = try HTMLDocument(html: "<div><picture><source srcset=a.webp><img src=a.jpg></picture></div><p>a<figure>f</figure>b</p>")
        #expect(doc.select("picture > img").count == 1)
        #expect(doc.select("source img").isEmpty)
        #expect(doc.select("body > figure").count == 1)
        #expect(doc.select("body > p").map(\.text) == ["a", "b"])
    }

    /// Every corpus page (real pages: pictures, video sources, figures in paragraphs).
    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func fixupsFoundByTheIndexAreTheReferenceWalksOnCorpusPages() throws {
        let files = FileManager.default.enumerator(at: Corpus.root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" } ?? []
        var disagreements: [String] = []
        var found = 0
        for file in files.prefix(600) {
            let result = Self.check(try Data(contentsOf: file))
            if !result.agree || !result.indexAfterFixesAgrees { disagreements.append(file.lastPathComponent) }
            found += result.found
        }
        #expect(files.count > 100)
        #expect(found > 5)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    // MARK: The lists by tag, class and id against plain code

    /// The index's lists as plain code reads them: each element's name, the white-space separated
    /// names of its first `class` attribute (each once) and its first `id` attribute's value,
    /// through `xmlGetProp`, byte arrays and dictionaries of arrays.
    static func referenceLists(_ elements: [xmlNodePtr]) -> (tags: [UInt64: [Int32]], classes: [UInt64: [Int32]], ids: [UInt64: [Int32]]) {
        func key(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { ElementIndex.key($0) } }
        func bytes(_ p: UnsafePointer<UInt8>) -> [UInt8] {
            Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
        }
        var tags: [UInt64: [Int32]] = [:], classes: [UInt64: [Int32]] = [:], ids: [UInt64: [Int32]] = [:]
        for (i, element) in elements.enumerated() {
            let position = Int32(i)
            if let name = element.pointee.name { tags[key(bytes(name)), default: []].append(position) }
            if let value = xmlGetProp(element, "class") {
                var seen = Set<[UInt8]>()
                for word in bytes(value).split(whereSeparator: { [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) }) where seen.insert(Array(word)).inserted {
                    classes[key(Array(word)), default: []].append(position)
                }
                kabar_xml_free(value)
            }
            if let value = xmlGetProp(element, "id") {
                ids[key(bytes(value)), default: []].append(position)
                kabar_xml_free(value)
            }
        }
        return (tags, classes, ids)
    }

    /// Whether the index of a raw libxml2 parse of `bytes` lists what `referenceLists` lists.
    static func listsAgree(_ bytes: Data) -> (agree: Bool, keys: Int) {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard let doc = bytes.withUnsafeBytes({ raw in
            htmlReadMemory(raw.bindMemory(to: CChar.self).baseAddress, Int32(raw.count), nil, "UTF-8", options)
        }) else { return (false, 0) }
        defer { xmlFreeDoc(doc) }
        let index = ElementIndex(document: UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self))
        let reference = referenceLists(index.elements)
        func same(_ lists: PositionLists, _ expected: [UInt64: [Int32]]) -> Bool {
            lists.keyCount == expected.count && expected.allSatisfy { key, positions in lists[key].map(Array.init) == positions }
        }
        let agree = same(index.byTag, reference.tags) && same(index.byClass, reference.classes) && same(index.byId, reference.ids)
        return (agree, reference.tags.count + reference.classes.count + reference.ids.count)
    }

    /// Random constructed pages: nested elements with classes repeated, spaced with every
    /// separator, empty, with character references and non-ASCII names; ids repeated and empty;
    /// attributes named like class and id; duplicate class attributes (libxml2 keeps the first).
    static func randomPage(_ rng: inout some RandomNumberGenerator) -> String {
        let tags = ["div", "p", "span", "a", "ul", "li", "section", "article", "h1", "figure", "img", "br", "DIV", "x-card"]
        let words = ["a", "b", "title", "bold", "detail-title", "x", "é", "日本", "a&amp;b", "c1", ""]
        let spaces = [" ", "  ", "\t", "\n", "\u{0C}", "\r\n"]
        var html = "<html><body>"
        var open: [String] = []
        for _ in 0..<Int.random(in: 20...200, using: &rng) {
            if !open.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 { html += "</\(open.removeLast())>"; continue }
            let tag = tags.randomElement(using: &rng)!
            html += "<\(tag)"
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                switch Int.random(in: 0..<6, using: &rng) {
                case 0, 1:
                    let list = (0..<Int.random(in: 0...4, using: &rng)).map { _ in words.randomElement(using: &rng)! }
                    html += " class=\"\(spaces.randomElement(using: &rng)!)\(list.joined(separator: spaces.randomElement(using: &rng)!))\""
                case 2: html += " id=\(["main", "isi", "x", "\"\"", "'a b'", "é"].randomElement(using: &rng)!)"
                case 3: html += " \(["classes", "ids", "cls", "i", "c"].randomElement(using: &rng)!)=v"
                case 4: html += " class"
                default: html += " data-x=\"\(words.randomElement(using: &rng)!)\""
                }
            }
            html += ">text\(Int.random(in: 0..<9, using: &rng))"
            if !["img", "br"].contains(tag) { open.append(tag) }
        }
        return html + "</body></html>"
    }

    @Test func listsByTagClassAndIdAreThePlainCodesOnConstructedAndRandomPages() {
        var generator = SplitMix(seed: 2026)
        var keys = 0
        for page in Self.constructedPages + (0..<300).map({ _ in Self.randomPage(&generator) }) {
            let result = Self.listsAgree(Data(page.utf8))
            #expect(result.agree, "\(page)")
            keys += result.keys
        }
        #expect(keys > 3000)
    }

    /// The fixture pages and every corpus page.
    @Test func listsByTagClassAndIdAreThePlainCodesOnFixturesAndCorpusPages() throws {
        var files = Fixture.all().filter(\.isAvailable).map(\.pageFile)
        if Corpus.isAvailable {
            files += FileManager.default.enumerator(at: Corpus.root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" }.prefix(600) ?? []
        }
        var disagreements: [String] = []
        var keys = 0
        for file in files {
            let result = Self.listsAgree(try Data(contentsOf: file))
            if !result.agree { disagreements.append(file.lastPathComponent) }
            keys += result.keys
        }
        #expect(files.count >= 20)
        #expect(keys > 1000)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}

extension SplitMix: RandomNumberGenerator {}
