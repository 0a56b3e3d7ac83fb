import Foundation
import KabarCore
import KabarPlugins
import Testing

/// Pages constructed for these tests (inline, named as such), one per class of loss found on
/// pages where the generic extractor read clearly less than trafilatura (issue 15, the round
/// of collapse hunting on the A halves of both corpora).
struct GenericCollapseClassTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
    static let url = URL(string: "https://constructed.example/garden/a-winter-garden-step-by-step-for-beginners")

    func extract(_ html: String) throws -> Article {
        try Self.pipeline.extract(data: Data(html.utf8), url: Self.url, site: "generic")
    }

    static let paragraphs = GenericFallbackTests.paragraphs

    /// Keyword links inside the sentences (`<a class="tag-link">`, linking a name to its tag
    /// page): "tag" names furniture, but a link in the middle of a sentence is a word of it,
    /// and the body must not lose it ("the former talent Nakai's" read as "the former talent 's").
    @Test func keywordLinksInsideSentencesAreKept() throws {
        let linked = [
            "Golf is no exception: the <a class=\"tag-link\" href=\"/tags/1\">Constructed Ladies Open</a> in April is hosted by the broadcaster, and its sponsors are weighing their options.",
            "The <a class=\"tag-link\" href=\"/tags/2\">skating federation</a> said that the contract for the world championships was signed by the international union, not by itself.",
        ]
        let html = """
        <html><head><title>Sports bodies weigh the broadcaster's crisis</title></head><body>
        <header><nav><a href="/">Home</a></nav></header>
        <main><article><h1>Sports bodies weigh the broadcaster's crisis</h1>
        <div class="article-text"><p>\(Self.paragraphs[0])</p><p>\(linked[0])</p><p>\(Self.paragraphs[1])</p><p>\(linked[1])</p><p>\(Self.paragraphs[2])</p></div>
        <div class="tags"><a class="tag-link" href="/tags/1">Constructed Ladies Open</a> <a class="tag-link" href="/tags/3">Broadcasting</a></div>
        </article></main></body></html>
        """
        let article = try extract(html)
        #expect(article.text.contains("Golf is no exception: the Constructed Ladies Open in April is hosted by the broadcaster"), "\(article.text)")
        #expect(article.text.contains("The skating federation said that the contract"), "\(article.text)")
        #expect(!article.text.contains("Broadcasting"), "the tag list was taken as text")
    }

    /// The page's search title (og:title) reused as one of the article's section headings, an
    /// h2 half-way down, while the h1 above the text says something else: the article starts
    /// at the h1, and the sections before that h2 are the article's too.
    @Test func aSectionHeadingShowingTheSearchTitleIsNoStart() throws {
        let html = """
        <html><head><title>How a winter garden works - Constructed Garden</title>
        <meta property="og:title" content="How a winter garden works"></head><body>
        <header><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav></header>
        <main><div class="blog-detail"><h1>What makes a garden grow through the winter?</h1><p class="date">2024-11-06</p>
        <div class="content">
        <p>\(Self.paragraphs[0])</p><p>\(Self.paragraphs[1])</p>
        <h2>How the soil stays warm</h2><p>\(Self.paragraphs[2])</p><p>\(Self.paragraphs[3])</p>
        <h2>How a winter garden works</h2><p>\(Self.paragraphs[4])</p><p>\(Self.paragraphs[5])</p>
        </div></div></main>
        <footer><p>Constructed Garden, all rights reserved.</p></footer></body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs { #expect(article.text.contains(p), "dropped: \(p.prefix(20))") }
        #expect(article.text.contains("How the soil stays warm"))
    }

    /// A listicle whose entries each end in a list of facts with their sources linked
    /// ("Official website: <link>", "Flagship garden: <link> in Kent"): half their text is
    /// links, but every item has words of its own, so they are the article's lists, not link
    /// lists. A list of links and nothing else after the article (related posts) is not.
    @Test func listsOfFactsWithLinkedSourcesAreKept() throws {
        let entries = Self.paragraphs.prefix(4).enumerated().map { n, p in
            """
            <h3>\(n + 1). Constructed Garden \(n + 1)</h3><p>\(p)</p>
            <ul><li><strong>Official website</strong>: <a href="https://garden\(n).example">Constructed Garden \(n + 1)</a></li>
            <li><strong>Flagship garden</strong>: <a href="https://garden\(n).example/flagship">The Walled Garden Number \(n + 1)</a> in Kent</li>
            <li>Read my review of this garden <a href="/reviews/\(n)">here</a>.</li></ul>
            """
        }.joined()
        let html = """
        <html><head><title>The best constructed gardens</title></head><body>
        <header><nav><a href="/">Home</a> <a href="/gardens">Gardens</a></nav></header>
        <main><article><h1>The best constructed gardens</h1><div class="entry-content">\(entries)
        <h3>More from the blog</h3>
        <ul><li><a href="/p/1">The ten best winter gardens of the constructed world</a></li><li><a href="/p/2">Why every garden needs a wall, and how to build one</a></li><li><a href="/p/3">Twelve gardens to see before you are too old to dig</a></li></ul>
        </div></article></main></body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs.prefix(4) { #expect(article.text.contains(p)) }
        for n in 1...4 {
            #expect(article.text.contains("Official website: Constructed Garden \(n)"), "entry \(n)'s facts dropped")
            #expect(article.text.contains("The Walled Garden Number \(n) in Kent"), "entry \(n)'s facts dropped")
        }
        #expect(!article.text.contains("The ten best winter gardens"), "a list of links was taken")
    }

    /// A meal plan whose days are short paragraphs wholly in bold ("Monday"): subheadings of
    /// the article, not labels ("Advertisement", "Liveblog") to drop.
    @Test func shortBoldLinesAreSubheadings() throws {
        let days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
        let plan = zip(days, Self.paragraphs).map { d, p in "<p><strong>\(d)</strong></p><p>\(p)</p>" }.joined()
        let html = """
        <html><head><title>A week in the winter garden</title></head><body>
        <header><nav><a href="/">Home</a></nav></header>
        <main><article><h1>A week in the winter garden</h1><div class="article-body">
        <p>\(Self.paragraphs[5])</p>\(plan)</div></article></main></body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs.prefix(4) + [Self.paragraphs[5]] { #expect(article.text.contains(p)) }
        for d in days { #expect(article.body.contains { $0.text == d }, "\(d) dropped") }
    }
}
