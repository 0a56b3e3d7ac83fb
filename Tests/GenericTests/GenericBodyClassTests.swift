import Foundation
import KabarCore
import KabarPlugins
import Testing

/// Pages constructed for these tests (inline, named as such), one per class of failure found
/// on pages where trafilatura read clearly more than the generic extractor (issue 15's fourth
/// round): a list of links the article's own text introduces, an article cut into sections
/// whose headings sit outside each section's body, and bytes that are no text at all.
struct GenericBodyClassTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
    static let url = URL(string: "https://constructed.example/reports/progress-report-number-39-of-the-compiler")

    func extract(_ html: String) throws -> Article {
        try Self.pipeline.extract(data: Data(html.utf8), url: Self.url, site: "generic")
    }

    static let paragraphs = GenericFallbackTests.paragraphs

    /// A report whose lists of changes are all links, each list introduced by a sentence
    /// ending in a colon: the lists are the article's. A list of links after a label
    /// ("Related:") is not.
    @Test func aListOfLinksTheTextIntroducesIsKept() throws {
        let changes = (1...6).map { "<li><a href=\"/changes/\($0)\">Constructed change number \($0) to the code generator</a></li>" }.joined()
        let html = """
        <html><head><title>Progress report 39</title></head><body>
        <nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
        <main><article><h1>Progress report 39</h1><div class="content">
        <p>\(Self.paragraphs[0])</p><p>\(Self.paragraphs[1])</p>
        <p>Many patches were sent for review this month:</p>
        <ul>\(changes)</ul>
        <p>\(Self.paragraphs[2])</p><p>\(Self.paragraphs[3])</p>
        <p>Related:</p>
        <ul><li><a href="/r/1">Progress report 38, from the constructed archive</a></li><li><a href="/r/2">Progress report 37, from the constructed archive</a></li></ul>
        </div></article></main></body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs.prefix(4) { #expect(article.text.contains(p)) }
        for n in 1...6 { #expect(article.text.contains("Constructed change number \(n) to the code generator"), "change \(n) dropped") }
        #expect(!article.text.contains("Progress report 38"), "a related-links list was taken")
    }

    /// An article cut into sections (AsciiDoc's output: `div.sect1` > `h2` + `div.sectionbody`):
    /// the section bodies, named alike, are chosen; their headings are the article's too.
    @Test func theHeadingsOfAnArticleCutIntoSectionsAreKept() throws {
        let headings = ["Where the garden starts", "Sun in December", "Frost at night", "Water in winter", "The harvest", "After the winter"]
        let sections = zip(headings, Self.paragraphs).map { h, p in
            "<div class=\"sect1\"><h2 id=\"\(h.lowercased().replacingOccurrences(of: " ", with: "_"))\">\(h)</h2><div class=\"sectionbody\"><div class=\"paragraph\"><p>\(p)</p></div></div></div>"
        }.joined(separator: "\n")
        let html = """
        <html><head><title>A winter garden</title></head><body>
        <div id="container"><main><article id="post-page"><h2>A winter garden, step by step</h2>
        <time datetime="2025-12-17">17 Dec 2025</time><div class="content">\(sections)</div></article></main></div>
        <footer><p>Constructed Garden, all rights reserved.</p></footer></body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs { #expect(article.text.contains(p)) }
        for h in headings { #expect(article.body.contains { $0.text == h }, "heading \(h) dropped") }
        #expect(!article.text.contains("all rights reserved"))
    }

    /// Bytes that are no text (random data saved as .html) give no record but a failed page
    /// with the reason; a text in capitals, or one with a table of figures, is still text.
    @Test func randomBytesAreNoArticle() throws {
        var generator = SeededRandom(seed: 15)
        for size in [20_000, 200_000] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            do {
                let article = try Self.pipeline.extract(data: Data(bytes), url: Self.url, site: "generic")
                Issue.record("\(size) random bytes gave a record: \(article.text.prefix(80))")
            } catch {
                #expect("\(error)".contains("no article text found"), "\(error)")
                #expect("\(error)".contains("not words"), "\(error)")
            }
        }
        let shouting = Self.paragraphs.map { "<p>\($0.uppercased())</p>" }.joined()
        let capitals = try extract("<html><body><article><h1>A WINTER GARDEN</h1>\(shouting)</article></body></html>")
        #expect(capitals.text.contains(Self.paragraphs[0].uppercased()))
        let rows = (1...40).map { "<tr><td>\($0)/1/2013</td><td>+\($0).1%</td><td>-\($0 * 3).25</td></tr>" }.joined()
        let figures = try extract("<html><body><article><h1>Frost days, 2013</h1><p>\(Self.paragraphs[0])</p><table>\(rows)</table></article></body></html>")
        #expect(figures.text.contains("+40.1%"))
    }
}
