import Foundation
import GenericExtractor
import KabarCore
import KabarPlugins
import Testing

/// The headline between the displayed h1 and the metadata titles (`TitleChoice`), on small
/// pages constructed for these tests: one class each.
struct TitleChoiceTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)

    static let paragraphs = """
    <p>The regional government announced on Monday that it will spend two billion on new railway lines over the next ten years, the largest such plan in decades.</p>
    <p>Officials said the money would go first to the lines in the north, where trains are slowest and the stations are in the worst repair, and then to the coast.</p>
    <p>Opposition parties welcomed the plan but said it came too late for the towns that lost their stations in the cuts of the last twenty years.</p>
    """

    /// A constructed page: `head` in the head, `header` before the article, `h1` in it.
    func extract(title: String, head: String = "", header: String = "", h1: String) throws -> Article {
        let html = """
        <html lang="en"><head><title>\(title)</title>\(head)</head>
        <body><div class="top">\(header)</div><article><h1>\(h1)</h1>
        <div class="story">\(Self.paragraphs)</div></article><footer>© Example</footer></body></html>
        """
        return try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: "https://example.org/blog/railway-plan-announced-by-the-government"))
    }

    static func jsonLD(_ type: String, headline: String) -> String {
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"\(type)\",\"headline\":\"\(headline)\"}</script>"
    }

    @Test func theDisplayedHeadlineWinsOverASearchTitle() throws {
        // og:title, JSON-LD and <title> agree on a title written for search engines; the page
        // shows another headline. The reader's headline is taken, the others kept in metadata.
        let a = try extract(title: "Railway Plan 2026: Costs and Lines | Example",
                            head: "<meta property=\"og:title\" content=\"Railway Plan 2026: Costs and Lines\">" + Self.jsonLD("BlogPosting", headline: "Railway Plan 2026: Costs and Lines"),
                            h1: "Two billion for new railway lines")
        #expect(a.headline == "Two billion for new railway lines")
        #expect(a.metadata["og_title"] == "Railway Plan 2026: Costs and Lines")
        #expect(a.metadata["jsonld_headline"] == "Railway Plan 2026: Costs and Lines")
    }

    @Test func aNewsArticleKeepsItsMetadataHeadline() throws {
        // A NewsArticle: the newsroom's headline in the metadata, the h1 a shorter display line.
        let a = try extract(title: "Government plans two billion for new railway lines | Example",
                            head: "<meta property=\"og:title\" content=\"Government plans two billion for new railway lines\">" + Self.jsonLD("NewsArticle", headline: "Government plans two billion for new railway lines"),
                            h1: "Two billion for railways")
        #expect(a.headline == "Government plans two billion for new railway lines")
        #expect(a.metadata["og_title"] == nil)
        #expect(a.metadata["jsonld_headline"] == nil)
    }

    @Test func aMastheadH1IsNotTheHeadline() throws {
        // The first h1 is the site's name (in the header); the next one is the headline.
        let a = try extract(title: "Railway plan explained – Example Travel Blog",
                            head: "<meta property=\"og:title\" content=\"Railway plan explained – Example Travel Blog\">",
                            header: "<h1><a href=\"/\">Example Travel Blog</a></h1>",
                            h1: "Two billion for new railway lines")
        #expect(a.headline == "Two billion for new railway lines")
        #expect(a.metadata["og_title"] == "Railway plan explained – Example Travel Blog")
    }

    @Test func aMetadataTitleWithAKickerBeforeTheH1IsTaken() throws {
        // og:title is "Kicker: Headline" and the page shows the kicker apart from the h1.
        let a = try extract(title: "Rail: Two billion for new lines | Example",
                            head: "<meta property=\"og:title\" content=\"Rail: Two billion for new lines\">",
                            h1: "Two billion for new lines")
        #expect(a.headline == "Rail: Two billion for new lines")
    }

    @Test func aMetadataTitleThatGoesOnAfterTheH1IsTaken() throws {
        // og:title is "H1: more"; the page shows the rest apart from the h1.
        let a = try extract(title: "Railway plan: two billion for new lines",
                            head: "<meta property=\"og:title\" content=\"Railway plan: two billion for new lines\">",
                            h1: "Railway plan")
        #expect(a.headline == "Railway plan: two billion for new lines")
    }

    @Test func anH1InCapitalsTakesTheMetadataSpelling() throws {
        let a = try extract(title: "Weekend Railway Plan | Example", h1: "WEEKEND RAILWAY PLAN")
        #expect(a.headline == "Weekend Railway Plan")
    }

    @Test func withoutAnH1TheMetadataTitle() throws {
        let html = """
        <html lang="en"><head><title>Railway plan announced | Example</title></head>
        <body><article><div class="story">\(Self.paragraphs)</div></article></body></html>
        """
        let a = try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: "https://example.org/blog/railway-plan-announced-by-the-government"))
        #expect(a.headline == "Railway plan announced")
    }
}
