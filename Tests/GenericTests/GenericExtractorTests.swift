import Foundation
import GenericExtractor
import KabarCore
import KabarPlugins
import KabarTesting
import Testing

/// Small pages constructed for these tests (inline, named as such): one rule each.
struct GenericExtractorTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)

    static let storyParagraphs = """
    <p>The regional government announced on Monday that it will spend two billion on new railway lines over the next ten years, the largest such plan in decades.</p>
    <p>Officials said the money would go first to the lines in the north, where trains are slowest and the stations are in the worst repair, and then to the coast.</p>
    <p>Opposition parties welcomed the plan but said it came too late for the towns that lost their stations in the cuts of the last twenty years.</p>
    """

    func extract(_ html: String, url: String = "https://example.org/news/railway-plan-announced-by-the-government") throws -> Article {
        try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: url))
    }

    func constructedPage(head: String = "", lang: String? = "en", beforeBody: String = "", body: String = storyParagraphs) -> String {
        """
        <html\(lang.map { " lang=\"\($0)\"" } ?? "")><head><title>Railway plan announced | Example News</title>\(head)</head>
        <body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Railway plan announced</h1>\(beforeBody)
        <div class="story">\(body)</div></article><footer>© Example News</footer></body></html>
        """
    }

    @Test func isTheRegistryFallback() throws {
        let registry = BuiltinExtractors.registry
        #expect(registry.extractor(for: URL(string: "https://unknown.example.net/a/b")!)?.id == "generic")
        #expect(registry.extractor(for: URL(string: "https://en.tempo.co/read/1")!)?.id == "tempo")
        #expect(registry.extractor(id: "generic") != nil)
        #expect(registry.plugin(forHost: "unknown.example.net") == nil)
        #expect(Generic().hosts.isEmpty)
    }

    @Test func datePrecedenceJSONLDThenMetaThenTimeThenURL() throws {
        let url = "https://example.org/2021/07/09/railway-plan-announced"
        let ld = #"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Railway plan announced","datePublished":"2024-01-02T10:00:00+01:00"}</script>"#
        let meta = #"<meta property="article:published_time" content="2023-05-06T07:08:00-04:00">"#
        let time = #"<time datetime="2022-03-04T05:06:00+09:00">4 March 2022</time>"#
        #expect(try extract(constructedPage(head: ld + meta, beforeBody: time), url: url).publishedAt == "2024-01-02T10:00:00+01:00")
        #expect(try extract(constructedPage(head: meta, beforeBody: time), url: url).publishedAt == "2023-05-06T07:08:00-04:00")
        #expect(try extract(constructedPage(beforeBody: time), url: url).publishedAt == "2022-03-04T05:06:00+09:00")
        #expect(try extract(constructedPage(), url: url).publishedAt == "2021-07-09T00:00:00+00:00")
        #expect(try extract(constructedPage()).publishedAt == nil)
    }

    @Test func printedDateNearTheHeadline() throws {
        let page = constructedPage(beforeBody: "<div class=\"meta\">Published 12.10.2023, 14:30</div>")
        #expect(try extract(page).publishedAt == "2023-10-12T14:30:00+00:00")
    }

    @Test func languageFromDeclarationsThenContent() throws {
        #expect(try extract(constructedPage(lang: "pt-BR")).language == "pt")
        #expect(try extract(constructedPage(head: #"<meta property="og:locale" content="nl_NL">"#, lang: nil)).language == "nl")
        let french = """
        <p>Le gouvernement régional a annoncé lundi qu'il allait consacrer deux milliards à de nouvelles lignes de chemin de fer dans les dix prochaines années.</p>
        <p>Les responsables ont précisé que l'argent irait d'abord aux lignes du nord, où les trains sont les plus lents et les gares dans le plus mauvais état.</p>
        """
        #expect(try extract(constructedPage(lang: nil, body: french)).language == "fr")
        let german = """
        <p>Die Landesregierung hat am Montag angekündigt, in den nächsten zehn Jahren zwei Milliarden für neue Bahnstrecken auszugeben, das größte Programm seit Jahrzehnten.</p>
        <p>Das Geld soll zuerst in die Strecken im Norden fließen, wo die Züge am langsamsten sind und die Bahnhöfe in dem schlechtesten Zustand.</p>
        """
        #expect(try extract(constructedPage(lang: nil, body: german)).language == "de")
        let japanese = "<p>地方政府は月曜日、今後十年間で新しい鉄道路線に二十億を投じると発表した。これは数十年で最大の計画である。</p><p>当局者によると、資金はまず北部の路線に使われる。</p>"
        #expect(try extract(constructedPage(lang: nil, body: japanese)).language == "ja")
    }

    @Test func headlineWithoutTheSiteName() throws {
        // No og:title, no JSON-LD: the <title> without its site suffix agrees with the h1.
        #expect(try extract(constructedPage()).headline == "Railway plan announced")
        let noH1 = """
        <html><head><title>Council approves budget for 2025 – Example News</title><meta property="og:site_name" content="Example News"></head>
        <body><div class="story">\(Self.storyParagraphs)</div></body></html>
        """
        #expect(try extract(noH1).headline == "Council approves budget for 2025")
    }

    /// A page with only a `<title>` to name the article (no og:title, JSON-LD or h1).
    func titleOnlyPage(_ title: String, siteName: String) -> String {
        """
        <html><head><title>\(title)</title><meta property="og:site_name" content="\(siteName)"></head>
        <body><div class="story">\(Self.storyParagraphs)</div></body></html>
        """
    }

    @Test func fullWidthSeparatorsBeforeTheSiteName() throws {
        #expect(try extract(titleOnlyPage("南海トラフ、一時調査　巨大地震、基準達せず：中日新聞Web", siteName: "中日新聞Web")).headline
            == "南海トラフ、一時調査 巨大地震、基準達せず")
        #expect(try extract(titleOnlyPage("協賛企業で各競技団体のビジネスモデル崩壊へ｜日刊ゲンダイDIGITAL", siteName: "日刊ゲンダイDIGITAL")).headline
            == "協賛企業で各競技団体のビジネスモデル崩壊へ")
        // Without spaces around it, a full-width colon before words that are not the site's
        // name is part of the headline.
        #expect(try extract(titleOnlyPage("首相：来年度予算案を閣議決定", siteName: "中日新聞Web")).headline == "首相：来年度予算案を閣議決定")
    }

    @Test func asteriskSeparatedSiteNameAndByline() throws {
        #expect(try extract(titleOnlyPage("Court rules on the port merger after two years * Example News * by Jane Doe", siteName: "Example News")).headline
            == "Court rules on the port merger after two years")
    }

    @Test func kickerInsideTheH1IsNotPartOfTheTitle() throws {
        // The h1 sets a kicker ("overline") and a screen-reader separator apart from the title.
        let h1 = """
        <h1><span class="article-title__overline">Minderheit in Syrien</span><span class="h-offscreen"> - </span>\
        <span class="article-title__text">Drusen fordern Teilhabe statt Schutzgarantien</span></h1>
        """
        func page(head: String) -> String {
            """
            <html lang="de"><head><title>Example News</title>\(head)</head>
            <body><article>\(h1)<div class="story">\(Self.storyParagraphs)</div></article></body></html>
            """
        }
        // Only the h1 names the article: its title without the kicker.
        #expect(try extract(page(head: "")).headline == "Drusen fordern Teilhabe statt Schutzgarantien")
        // og:title is another wording and the JSON-LD headline the title alone: the h1's title
        // part sides with JSON-LD, two against one.
        let both = #"<meta property="og:title" content="Syrien: Drusen wollen mitreden">"#
            + #"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Drusen fordern Teilhabe statt Schutzgarantien"}</script>"#
        #expect(try extract(page(head: both)).headline == "Drusen fordern Teilhabe statt Schutzgarantien")
        // Other class words that merely contain a kicker word are not kickers.
        let plain = "<h1><span class=\"toplinesque\">Drusen fordern Teilhabe</span></h1>"
        let plainPage = "<html><head><title>Example News</title></head><body><article>\(plain)<div class=\"story\">\(Self.storyParagraphs)</div></article></body></html>"
        #expect(try extract(plainPage).headline == "Drusen fordern Teilhabe")
    }

    @Test func boilerplateStaysOut() throws {
        let body = Self.storyParagraphs + """
        <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
        <div class="related-posts"><h3>Related stories</h3><ul><li><a href="/x">Bus fares to rise in spring for all the lines in the region</a></li></ul></div>
        <div class="cookie-notice">This site uses cookies. By continuing you accept our cookie policy and the terms of use.</div>
        <div id="comments"><p>Great news, about time somebody did something about the trains round here honestly.</p></div>
        <p class="read-more"><a href="/y">Read more: the history of the northern line</a></p>
        """
        let article = try extract(constructedPage(body: body))
        for junk in ["Share on", "Tweet", "Related stories", "Bus fares", "cookies", "Great news", "Read more", "Home", "© Example"] {
            #expect(!article.text.contains(junk), "\(junk) leaked into the body")
        }
        #expect(article.body.count == 3)
    }

    @Test func headingsQuotesAndListsAreKept() throws {
        let body = """
        <p>The regional government announced on Monday that it will spend two billion on new railway lines over the next ten years.</p>
        <h2>Where the money goes</h2>
        <p>Officials said the money would go first to the lines in the north, where trains are slowest and the stations in the worst repair.</p>
        <blockquote>This is the largest investment in our railways for a generation, and it is overdue.</blockquote>
        <ol><li>Northern main line</li><li>Coastal branch</li><li>Airport link</li></ol>
        <p>Opposition parties welcomed the plan but said it came too late for the towns that lost their stations in the cuts.</p>
        """
        let article = try extract(constructedPage(body: body))
        #expect(article.body.map(\.type) == [.paragraph, .heading, .paragraph, .quote, .list, .paragraph])
        #expect(article.body[4].text == "Northern main line\nCoastal branch\nAirport link")
    }

    @Test func logosAvatarsIconsAndPixelsAreNotArticleImages() throws {
        let body = """
        <img src="/img/site-logo.png" alt="logo"><img class="avatar" src="/u/12.jpg" alt="">
        <figure><img src="/photos/train.jpg" alt="A train"><figcaption>A regional train near the coast. Photo: Ana Silva</figcaption></figure>
        \(Self.storyParagraphs)
        <img src="/icons/share.svg"><img src="/t/p.gif" width="1" height="1">
        """
        let article = try extract(constructedPage(body: body))
        #expect(article.images.map(\.url) == ["https://example.org/photos/train.jpg"])
        #expect(article.images.first?.caption == "A regional train near the coast.")
        #expect(article.images.first?.credit == "Photo: Ana Silva")
    }

    @Test func authorsFromABylineAreSplit() throws {
        let page = constructedPage(beforeBody: #"<p class="byline">By Ana Silva and Tom Berg</p>"#)
        #expect(try extract(page).authors == ["Ana Silva", "Tom Berg"])
        let meta = constructedPage(head: #"<meta name="author" content="Lea Kramer, Ole Hansen">"#)
        #expect(try extract(meta).authors == ["Lea Kramer", "Ole Hansen"])
    }
}

extension GenericExtractorTests {
    @Test func javaStyleDateInJSONLD() throws {
        let ld = #"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"Fri Apr 28 19:20:36 CEST 2023"}</script>"#
        #expect(try extract(constructedPage(head: ld)).publishedAt == "2023-04-28T19:20:36+02:00")
    }

    @Test func datesInABylineAreNotAuthors() throws {
        let page = constructedPage(beforeBody: #"<div class="author-name">Von Lea Kramer, 05.01.2025, 15:23</div>"#)
        #expect(try extract(page).authors == ["Lea Kramer"])
    }
}
