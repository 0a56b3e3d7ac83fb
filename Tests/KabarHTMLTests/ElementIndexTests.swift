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
        #expect(found >= 15)
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
        #expect(found > 100)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
