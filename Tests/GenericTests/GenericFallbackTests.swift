import Foundation
import KabarCore
import KabarPlugins
import Testing

/// Small pages constructed for these tests (inline, named as such), one per class of failure
/// where the generic extractor used to lose the article or most of it: the relaxed second
/// reading, the widening of a partial container, the headline anchor, tables in figures.
struct GenericFallbackTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
    static let url = "https://constructed.example/guides/how-to-start-a-winter-vegetable-garden"

    /// Six paragraphs of constructed article text, each with a word that names it.
    static let paragraphs = [
        "Alpha: a winter garden starts in late summer, when the soil is still warm enough for seeds of kale, spinach and leeks to sprout quickly.",
        "Bravo: choose a bed that gets at least six hours of sun in December, because the low sun of winter leaves most of a garden in shade all day long.",
        "Charlie: cover the young plants with a fleece on frosty nights, and take it off again in the morning so that they do not rot under it.",
        "Delta: water less than in summer, but never let the soil dry out completely, since frozen dry soil damages roots more than wet soil does.",
        "Echo: harvest the outer leaves first and leave the heart of each plant standing, so that it keeps growing slowly through the cold weeks.",
        "Foxtrot: in spring, dig the remains of the winter crops into the bed, where they feed the soil for the tomatoes and beans that follow them.",
    ]

    func extract(_ html: String) throws -> Article {
        try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: Self.url))
    }

    func page(_ body: String) -> String {
        """
        <html lang="en"><head><title>How to start a winter vegetable garden | Constructed Garden</title></head>
        <body>\(body)</body></html>
        """
    }

    func expectAllParagraphs(_ article: Article, sourceLocation: SourceLocation = #_sourceLocation) {
        for p in Self.paragraphs {
            let word = String(p.prefix { $0 != ":" })
            #expect(article.text.contains(p), "missing paragraph \(word)", sourceLocation: sourceLocation)
        }
    }

    /// Every paragraph in its own wrapper named like furniture ("widget", page builders do
    /// this): the strict reading finds nothing; the relaxed one finds the article.
    @Test func paragraphsEachInAFurnitureNamedWrapper() throws {
        let blocks = Self.paragraphs.map { "<div class=\"builder-widget widget-text\"><div class=\"widget-container\"><p>\($0)</p></div></div>" }
        let html = page("""
        <nav><a href="/">Home</a> <a href="/guides">Guides</a></nav>
        <div class="page"><h1>How to start a winter vegetable garden</h1>\(blocks.joined(separator: "\n"))</div>
        <footer><p>Copyright Constructed Garden. All rights reserved.</p></footer>
        """)
        let article = try extract(html)
        expectAllParagraphs(article)
        #expect(!article.text.contains("All rights reserved"))
    }

    /// A wrapper named "comments" around the whole article (a theme's naming, not a comment
    /// section) must not remove the article.
    @Test func articleInsideAWrapperNamedLikeComments() throws {
        let ps = Self.paragraphs.map { "<div class=\"comment-block\"><p>\($0)</p></div>" }
        let html = page("""
        <div id="comments-layout"><h1>How to start a winter vegetable garden</h1>\(ps.joined(separator: "\n"))</div>
        """)
        expectAllParagraphs(try extract(html))
    }

    /// A short post followed by a comment thread five times as long (a blog's comments under
    /// the post, not a wrapper around it): the relaxed reading must not take the thread for
    /// the article the strict reading lost.
    @Test func aLongCommentThreadAfterAShortPostIsNotTheArticle() throws {
        let post = Self.paragraphs.prefix(3).map { "<p>\($0)</p>" }.joined(separator: "\n")
        let comments = (1...12).map { i in
            """
            <li class="comment even depth-1" id="comment-\(i)"><div class="comment-author">Reader \(i)</div>
            <div class="comment-content"><p>Comment \(i): I tried this last winter in a cold corner of the allotment and the kale did well, but the spinach bolted as soon as the days grew longer in March.</p>
            <p>Reply \(i): next year I will sow it later and cover it earlier, and I will let you know here how it went for the leeks as well.</p></div></li>
            """
        }.joined(separator: "\n")
        let html = page("""
        <div class="site"><article class="post"><h1>How to start a winter vegetable garden</h1>
        <div class="entry-content">\(post)</div></article>
        <div id="comments" class="comments-area"><h2>12 thoughts on this post</h2><ol class="comment-list">\(comments)</ol></div></div>
        """)
        let article = try extract(html)
        for p in Self.paragraphs.prefix(3) { #expect(article.text.contains(p)) }
        #expect(!article.text.contains("Comment 1:"), "the comment thread was taken as the article")
    }

    /// The whole article in a `hidden` element that a script reveals (streamed server
    /// rendering), the visible page only a shell.
    @Test func articleInAHiddenContainer() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let html = page("""
        <div id="root"><p>Loading…</p></div>
        <div hidden id="S:0"><main><article><h1>How to start a winter vegetable garden</h1>\(ps)</article></main></div>
        """)
        expectAllParagraphs(try extract(html))
    }

    /// An unclosed `<button>` (a menu toggle) that the HTML parser lets swallow the page.
    @Test func articleSwallowedByAnUnclosedButton() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let html = page("""
        <header><button class="menu-toggle">Menu
        <main><article><h1>How to start a winter vegetable garden</h1>\(ps)</article></main>
        """)
        expectAllParagraphs(try extract(html))
    }

    /// A menu left unclosed (`nav`, its list item and dropdown) that holds the rest of the page,
    /// the headline above it.
    @Test func articleInsideAnUnclosedNav() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let html = page("""
        <header><h1>How to start a winter vegetable garden</h1></header>
        <nav class="main-menu"><ul><li><a href="/">Home</a><div class="dropdown"><a href="/guides">Guides</a>
        <div class="content">\(ps)</div>
        """)
        expectAllParagraphs(try extract(html))
    }

    /// A page of short lines and no article container, all of it inside a menu (a landing
    /// page): it still gives a record of what it says rather than none.
    @Test func pageOfShortLinesGivesARecord() throws {
        let html = page("""
        <nav class="site-menu"><ul><li><a href="/services">Services</a></li><li><a href="/work">Our work</a></li></ul>
        <div class="hero"><div>Experience real results with us</div><p>Partner with our agency and scale your business.</p>
        <p>In a hurry? Give us a call now.</p></div>
        """)
        let article = try extract(html)
        #expect(article.text.contains("Partner with our agency and scale your business."))
        #expect(article.text.contains("Experience real results with us"))
        #expect(!article.text.contains("Our work"))
    }

    /// The title heading printed after the text (or repeated at the very end of the page): the
    /// text before it is the article, not teasers above it.
    @Test func headlineAfterTheText() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let html = page("""
        <div class="post"><div class="text">\(ps)</div></div>
        <div class="tail"><h1>How to start a winter vegetable garden</h1></div>
        """)
        expectAllParagraphs(try extract(html))
    }

    /// A guide cut into sections, each with its own heading, fact box and text, the sections
    /// unlike each other: the best-scoring section is only part of the article.
    @Test func sectionsOfAGuideAreAllTaken() throws {
        var sections: [String] = []
        for (i, p) in Self.paragraphs.enumerated() {
            let facts = "<ul class=\"facts\"><li>Sow: August</li><li>Harvest: January</li></ul>"
            // Sections differ: the one with the most text scores best on its own.
            let extra = i == 2 ? "<p>\(p.replacingOccurrences(of: "Charlie:", with: "More:"))</p><p>Charlie again: the longest section has two more sentences than the others, and it wins the score.</p>" : ""
            sections.append("<section class=\"step step-\(i)\"><h2>Step \(i + 1)</h2>\(facts)<div class=\"step-text-\(i)\"><p>\(p)</p>\(extra)</div></section>")
        }
        let html = page("""
        <nav><a href="/">Home</a></nav>
        <main><div class="guide"><h1>How to start a winter vegetable garden</h1><div class="steps">\(sections.joined(separator: "\n"))</div></div></main>
        <div class="more"><a href="/a">Another guide</a> <a href="/b">And another</a></div>
        """)
        let article = try extract(html)
        expectAllParagraphs(article)
        #expect(!article.text.contains("Another guide"))
    }

    /// A table in a `figure` wrapper (as WordPress writes tables) is text, not a picture; the
    /// figure's image caption stays out.
    @Test func tableInAFigureIsText() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }
        let table = """
        <figure class="wp-block-table"><table><tr><td>Crop</td><td>Sowing month</td></tr><tr><td>Winter kale, curly or flat-leaved</td><td>August or early September</td></tr></table></figure>
        <figure class="wp-block-image"><img src="/kale.jpg"><figcaption>Kale under fleece in January</figcaption></figure>
        """
        let html = page("""
        <article><h1>How to start a winter vegetable garden</h1><div class="entry">\(ps[0..<3].joined())\(table)\(ps[3...].joined())</div></article>
        """)
        let article = try extract(html)
        expectAllParagraphs(article)
        #expect(article.text.contains("Winter kale, curly or flat-leaved"))
        #expect(article.text.contains("August or early September"))
        #expect(!article.text.contains("Kale under fleece"))
    }

    /// A data table's short cells ("Date", "1/1/2013", "+13.1%"), each a paragraph of its own,
    /// are the table's text, not date lines or labels to drop.
    @Test func shortCellsOfADataTableAreText() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }
        let rows = ["1/1/2013": "+13.1%", "2/1/2013": "+12.9%", "3/1/2013": "+11.2%"]
            .sorted { $0.key < $1.key }.map { "<tr><td>\($0.key)</td><td>\($0.value)</td></tr>" }.joined()
        let table = "<figure class=\"wp-block-table\"><table><thead><tr><th>Date</th><th>Frost days</th></tr></thead><tbody>\(rows)</tbody></table></figure>"
        let html = page("""
        <article><h1>How to start a winter vegetable garden</h1><div class="entry">\(ps[0..<3].joined())\(table)\(ps[3...].joined())</div></article>
        """)
        let article = try extract(html)
        expectAllParagraphs(article)
        for cell in ["Date", "Frost days", "1/1/2013", "+13.1%", "3/1/2013", "+11.2%"] {
            #expect(article.text.contains(cell), "cell \(cell) dropped")
        }
    }

    /// A short post above a page `<footer>` whose disclaimers hold more long paragraphs than
    /// the post: the footer is neither unmarked as the article's wrapper nor taken by the
    /// relaxed second reading as text the strict one lost.
    @Test func aPageFooterOutweighingAShortPostIsNotTheArticle() throws {
        let post = Self.paragraphs.prefix(3).map { "<p>\($0)</p>" }.joined()
        let disclaimers = (1...5).map { i in
            "<p>Disclaimer \(i): this material is not intended to replace the advice of a qualified advisor. Information has been obtained from sources believed to be reliable and is not guaranteed as to accuracy.</p>"
        }.joined()
        let html = page("""
        <div class="site"><main><h1>How to start a winter vegetable garden</h1><div class="text">\(post)</div></main>
        <footer class="site-footer"><div class="col">\(disclaimers)</div></footer></div>
        """)
        let article = try extract(html)
        for p in Self.paragraphs.prefix(3) { #expect(article.text.contains(p)) }
        #expect(!article.text.contains("Disclaimer 1:"), "the page footer was taken as the article")
    }

    /// A download form between the article and the page's end (a field hint, labels): its text
    /// is not the article's; a page that is one form (ASP.NET) still gives its article.
    @Test func aFormInsideTheBodyIsNotText() throws {
        let ps = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let form = """
        <form method="post"><div class="field"><label>Number of gardens you look after*</label><input name="n"></div>
        <div class="field"><div class="description">This field is for validation purposes and should be left unchanged.</div><input name="v"></div></form>
        """
        let article = try extract(page("<main><h1>How to start a winter vegetable garden</h1><div class=\"text\">\(ps)\(form)</div></main>"))
        expectAllParagraphs(article)
        #expect(!article.text.contains("validation purposes"), "the form's text was taken")
        let whole = try extract(page("<form id=\"aspnetForm\"><main><h1>How to start a winter vegetable garden</h1><div class=\"text\">\(ps)</div></main></form>"))
        expectAllParagraphs(whole)
    }
}
