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

    /// A constructed page whose og:title is `og` and whose `<title>` is `og` and the site's name.
    func extract(og: String, h1: String) throws -> Article {
        try extract(title: "\(og) | Example", head: "<meta property=\"og:title\" content=\"\(og)\">", h1: h1)
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

    /// A constructed page with `head` in the head and `body` as the whole body.
    func extract(head: String, body: String) throws -> Article {
        let html = "<html lang=\"en\"><head>\(head)</head><body>\(body)</body></html>"
        return try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: "https://example.org/blog/railway-plan-announced-by-the-government"))
    }

    @Test func aMastheadH1DoesNotVoteForTheHeadline() throws {
        // The only h1 is the site's name (the host's); no og:title or JSON-LD. The <title> is
        // the headline, not the masthead.
        let a = try extract(head: "<title>Railway plan explained</title>",
                            body: "<header><h1>Example Blog</h1></header><article><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(a.headline == "Railway plan explained")
    }

    @Test func anUnlinkedH1NamingTheSiteAndANounIsTheHeadline() throws {
        // A constructed page on example.org: the h1 is the host's name and a noun ("Example
        // Timetable"). Linking to the home page it is the masthead and the <title> is the
        // headline; not linked, it is the page's own heading and the headline.
        let head = "<title>Railway plan explained</title>"
        let story = "<div class=\"story\">\(Self.paragraphs)</div></article>"
        let masthead = try extract(head: head, body: "<header><h1><a href=\"/\">Example Timetable</a></h1></header><article>" + story)
        #expect(masthead.headline == "Railway plan explained")
        let heading = try extract(head: head, body: "<article><h1>Example Timetable</h1>" + story)
        #expect(heading.headline == "Example Timetable")
        #expect(heading.metadata["html_title"] == "Railway plan explained")
    }

    @Test func anH1ShowingTheMetadataTitleBeforeItsTailIsTheHeadline() throws {
        // og:title and <title> are "Headline - a long section name" (too long to be taken for a
        // site name); a blog name h1 comes first, and the article's h1 shows the part before
        // the separator: that h1 is the headline.
        let a = try extract(head: "<title>Railway plan explained - The Weekly Programming Language</title><meta property=\"og:title\" content=\"Railway plan explained - The Weekly Programming Language\">",
                            body: "<header><h1>Weekly Notes</h1></header><article><h1>Railway plan explained</h1><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(a.headline == "Railway plan explained")
        #expect(a.metadata["og_title"] == "Railway plan explained - The Weekly Programming Language")
    }

    @Test func anH1BeforeTheHeadlineInTheTitleIsAMasthead() throws {
        // <title> is "Blog Name: Headline", og:title the headline alone, and the h1 shows the
        // blog's name: the headline is og:title's.
        let a = try extract(head: "<title>Weekly Notes: Railway plan explained</title><meta property=\"og:title\" content=\"Railway plan explained\">",
                            body: "<header><h1>Weekly Notes</h1></header><article><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(a.headline == "Railway plan explained")
    }

    @Test func aSubheadingShowingTheMetadataTitleIsTheHeadlineWhenNoH1Does() throws {
        // A constructed blog post: the blog's name is the h1 in the header, the post's title
        // (og:title) an h2, and the post's sections are h1s. The headline is the h2's title,
        // not the first section heading.
        let sections = "<h1>The northern lines</h1>\(Self.paragraphs)<h1>The coast</h1>\(Self.paragraphs)"
        let a = try extract(head: "<title>Weekly Notes: Railway plan explained</title><meta property=\"og:title\" content=\"Railway plan explained\">",
                            body: "<header><h1>Weekly Notes</h1></header><article><h2>Railway plan explained</h2>\(sections)</article>")
        #expect(a.headline == "Railway plan explained")
        // The same page without the post's title shown: the section h1s inside the text are
        // still no headline (`h1sThatAreTheBodysSectionHeadingsAreNotTheHeadline`); og:title is.
        let b = try extract(head: "<title>Weekly Notes: Railway plan explained</title><meta property=\"og:title\" content=\"Railway plan explained\">",
                            body: "<header><h1>Weekly Notes</h1></header><article><h2>Railway plans</h2>\(sections)</article>")
        #expect(b.headline == "Railway plan explained")
    }

    @Test func aDomainBeforeTheTitleWithoutASeparatorIsNotPartOfTheHeadline() throws {
        // A constructed page whose <title> template writes the domain, a space and the
        // headline; its only h1 is the masthead (the domain).
        let a = try extract(head: "<title>example.org Railway plan explained</title>",
                            body: "<header><h1>example.org</h1></header><article><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(a.headline == "Railway plan explained")
        // Another domain (a headline about a site) stays.
        let b = try extract(head: "<title>Nytimes.com Railway plan explained</title>",
                            body: "<article><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(b.headline == "Nytimes.com Railway plan explained")
    }

    @Test func fullWidthPunctuationInALatinTitleBecomesASCII() throws {
        let a = try extract(title: "How does the railway plan work？", h1: "How does the railway plan work？")
        #expect(a.headline == "How does the railway plan work?")
        // A Japanese title keeps its full-width question mark.
        let b = try extract(title: "鉄道計画とは？", h1: "鉄道計画とは？")
        #expect(b.headline == "鉄道計画とは？")
    }

    @Test func anOgTitleThatIsOnlyTheSiteNameDoesNotReplaceTheShownHeadline() throws {
        // og:title is the site's name alone; the h1 shows the <title>'s headline (two sources
        // against one).
        let a = try extract(title: "Which railway line is right for which town? | Example",
                            head: "<meta property=\"og:title\" content=\"Example Railways\">",
                            h1: "Which railway line is right for which town?")
        #expect(a.headline == "Which railway line is right for which town?")
    }

    @Test func aLabelOrDateAroundTheMetadataTitleInTheH1IsNotPartOfTheHeadline() throws {
        let label = try extract(title: "Two billion for new railway lines | Example",
                                head: "<meta property=\"og:title\" content=\"Two billion for new railway lines\">",
                                h1: "Blog: Two billion for new railway lines")
        #expect(label.headline == "Two billion for new railway lines")
        let date = try extract(title: "Two billion for new railway lines | Example",
                               head: "<meta property=\"og:title\" content=\"Two billion for new railway lines\">",
                               h1: "Dec 18 2025 Two billion for new railway lines")
        #expect(date.headline == "Two billion for new railway lines")
        let count = try extract(title: "Two billion for new railway lines | Example",
                                head: "<meta property=\"og:title\" content=\"Two billion for new railway lines\">",
                                h1: "Two billion for new railway lines (example.com) 87")
        #expect(count.headline == "Two billion for new railway lines")
        // A year that is part of the headline stays.
        let year = try extract(title: "Railway Price Guide | Example",
                               head: "<meta property=\"og:title\" content=\"Railway Price Guide\">",
                               h1: "2025 Railway Price Guide")
        #expect(year.headline == "2025 Railway Price Guide")
    }

    @Test func anH1InAWrapperNamedLikeFurnitureJustAboveTheBodyIsTheShownHeadline() throws {
        // A constructed page-builder page: the post's title module is an h1 inside a "banner"
        // wrapper (a name that marks furniture) right above the article; og:title and <title>
        // are a search title. The h1 is the headline the page shows above its text.
        let head = "<title>Railway Plan 2026: Costs and Lines | Example</title><meta property=\"og:title\" content=\"Railway Plan 2026: Costs and Lines\">"
        let story = "<article><div class=\"story\">\(Self.paragraphs)</div></article>"
        let a = try extract(head: head, body: "<div class=\"site\"><div class=\"hero-banner\"><h1 class=\"heading-title\">Two billion for new railway lines</h1></div>\(story)</div>")
        #expect(a.headline == "Two billion for new railway lines")
        #expect(a.metadata["og_title"] == "Railway Plan 2026: Costs and Lines")
        // The site's name in such a wrapper is a masthead, not a headline.
        let masthead = try extract(head: head, body: "<div class=\"site\"><div class=\"hero-banner\"><h1>Example</h1></div>\(story)</div>")
        #expect(masthead.headline == "Railway Plan 2026: Costs and Lines")
        // An h1 in a furniture-named wrapper after the body is not above it.
        let after = try extract(head: head, body: "<div class=\"site\">\(story)<div class=\"widget\"><h1>Two billion for new railway lines</h1></div></div>")
        #expect(after.headline == "Railway Plan 2026: Costs and Lines")
    }

    @Test func anH1InABreadcrumbTrailIsNotTheHeadline() throws {
        // A constructed news page: the breadcrumb trail ends in an h1 holding the search title
        // (og:title and <title> too); the headline the reader sees is an h2 under a kicker, the
        // JSON-LD headline. The trail's h1, whether its class or an attribute's name says
        // "breadcrumb", is passed over; the search title stays in metadata.
        let head = "<title>Railway plan: two billion for lines in the north | Example</title>"
            + "<meta property=\"og:title\" content=\"Railway plan: two billion for lines in the north\">"
            + Self.jsonLD("NewsArticle", headline: "Two billion for new railway lines")
        let story = "<article><span class=\"kicker\">Transport</span><h2>Two billion for new railway lines</h2>"
            + "<div class=\"story\">\(Self.paragraphs)</div></article>"
        for h1 in ["<h1 class=\"c-breadcrumb__title\">", "<h1 class=\"whitespace-nowrap\" data-breadcrumb-headline>"] {
            let a = try extract(head: head, body: "<div class=\"trail\"><a href=\"/\">Home</a> \(h1)Railway plan: two billion for lines in the north</h1></div>\(story)")
            #expect(a.headline == "Two billion for new railway lines", "\(h1)")
            #expect(a.metadata["og_title"] == "Railway plan: two billion for lines in the north")
        }
    }

    /// A news page's head whose JSON-LD and `<title>` give the search title a trail prints,
    /// and og:title the headline the reader sees (`headlineBelowTrail`).
    static let trailHead = "<title>MSV coach: two billion for new railway lines | Example</title>"
        + "<meta property=\"og:title\" content=\"Coach: two billion for new railway lines\">"
        + jsonLD("NewsArticle", headline: "MSV coach: two billion for new railway lines")
    static let headlineBelowTrail = "<h2>Coach: two billion for new railway lines</h2></header><div class=\"story\">\(paragraphs)</div></article>"

    @Test func anH1SetInsideABreadcrumbTrailIsNotTheHeadline() throws {
        // A constructed news page: the trail's element (its class has the word "crumb") holds
        // a section link and an h1 with the search title (JSON-LD and <title> too); the headline
        // the reader sees is the h2 below it, og:title. The h1, without a class of its own, is
        // passed over as the trail's; an h1 whose parent is named otherwise stays the headline.
        let head = Self.trailHead
        func page(_ wrapper: String) -> String {
            "<article><header><div class=\"\(wrapper)\"><a href=\"/sport\">Sport</a> <h1>MSV coach: two billion for new railway lines</h1></div>"
                + Self.headlineBelowTrail
        }
        let trail = try extract(head: head, body: page("article__header__crumb"))
        #expect(trail.headline == "Coach: two billion for new railway lines")
        #expect(trail.metadata["jsonld_headline"] == "MSV coach: two billion for new railway lines")
        let plain = try extract(head: head, body: page("article__header__top"))
        #expect(plain.headline == "MSV coach: two billion for new railway lines")
    }

    @Test func anH1EndingATrailWrittenAsAListIsNotTheHeadline() throws {
        // A constructed news page: a trail written as a list with no trail's name (section
        // links, then an li holding an h1 with the search title, JSON-LD and <title> too); the
        // headline the reader sees is the h2 below, og:title. The h1 is passed over as the
        // trail's; an h1 ending a list whose items are not links and names stays the headline.
        let head = Self.trailHead
        func page(_ items: String) -> String {
            "<article><header><ol class=\"flex\">\(items)<li><h1>MSV coach: two billion for new railway lines</h1></li></ol>" + Self.headlineBelowTrail
        }
        let trail = try extract(head: head, body: page("<li><a href=\"/\">Home</a></li><li><a href=\"/sport\">Sport</a></li>"))
        #expect(trail.headline == "Coach: two billion for new railway lines")
        #expect(trail.metadata["jsonld_headline"] == "MSV coach: two billion for new railway lines")
        let steps = try extract(head: head, body: page("<li>Step one: read the plan for the lines in the north first</li>"))
        #expect(steps.headline == "MSV coach: two billion for new railway lines")
    }

    @Test func aLineOfTheH1ThatIsTheMetadataTitleIsTheHeadline() throws {
        // A constructed page: the h1 holds two lines in elements of their own, a small line the
        // page styles apart (no kicker's name) and og:title's headline. The headline is that
        // line, not both joined.
        let a = try extract(title: "Two billion for new railway lines | Example",
                            head: "<meta property=\"og:title\" content=\"Two billion for new railway lines\">",
                            h1: "<div class=\"small\">Railway news this week</div><span class=\"big\">Two billion for new railway lines</span>")
        #expect(a.headline == "Two billion for new railway lines")
        // An h1 whose only element is the title, or whose lines show no metadata title, is read whole.
        let one = try extract(title: "Two billion for new railway lines | Example", h1: "<span>Two billion for new railway lines</span>")
        #expect(one.headline == "Two billion for new railway lines")
        let none = try extract(title: "Railway Plan 2026 | Example",
                               h1: "<div class=\"small\">Railway news this week</div><span class=\"big\">Two billion for new railway lines</span>")
        #expect(none.headline == "Railway news this week Two billion for new railway lines")
    }

    @Test func h1sThatAreTheBodysSectionHeadingsAreNotTheHeadline() throws {
        // A constructed blog post: the site's name is the first h1 (a masthead), the post's
        // sections are h1s inside its text ("Monday", "Tuesday", ...), and the post's title is
        // printed in a line that is no heading. The section headings are not the headline:
        // og:title is.
        let paragraphs = Self.paragraphs
        let head = "<title>Example: Railway week in review</title><meta property=\"og:title\" content=\"Railway week in review\">"
        let body = "<div class=\"top\"><h1>Example</h1></div><article><div class=\"story\"><p class=\"intro\">Railway week in review</p>"
        let a = try extract(head: head, body: body + "\(paragraphs)<h1>Monday</h1>\(paragraphs)<h1>Tuesday</h1>\(paragraphs)</div></article>")
        #expect(a.headline == "Railway week in review")
        #expect(a.metadata["og_title"] == nil)
        // One h1 inside the text is still read as shown.
        let one = try extract(head: head, body: body + "\(paragraphs)<h1>Monday</h1>\(paragraphs)</div></article>")
        #expect(one.headline == "Monday")
    }

    @Test func charactersThePageDrawsAsNothingAreNotPartOfTheHeadline() throws {
        // A constructed page: the h1 has a soft hyphen ("&shy;", a line-break opportunity) and
        // a word joiner inside words; og:title is the same words without them. The page shows
        // "Bundestag", so the headline is spelled so, and og:title is no other title.
        let a = try extract(title: "Bundestag beschließt Milliarden für neue Bahnstrecken | Example",
                            head: "<meta property=\"og:title\" content=\"Bundestag beschließt Milliarden für neue Bahnstrecken\">",
                            h1: "Bundes&shy;tag beschließt Milliarden für neue Bahn&#x2060;strecken")
        #expect(a.headline == "Bundestag beschließt Milliarden für neue Bahnstrecken")
        #expect(a.metadata["og_title"] == nil)
        // Without metadata titles the h1 alone, spelled as shown.
        let alone = try extract(title: "", h1: "Bundes&shy;tag beschließt Milliarden")
        #expect(alone.headline == "Bundestag beschließt Milliarden")
        // Zero-width non-joiners shape Persian words; they stay.
        let persian = try extract(title: "", h1: "می\u{200C}خواهم قطار")
        #expect(persian.headline == "می\u{200C}خواهم قطار")
    }

    @Test func everyMetadataTitleThatIsNotTheHeadlineIsKeptInMetadata() throws {
        // A constructed page whose h1 is the headline and whose og:title, twitter:title and
        // <title> each give another wording: all three are kept in metadata, as written.
        let a = try extract(title: "Railway lines: what the plan costs | Example",
                            head: "<meta property=\"og:title\" content=\"Railway Plan 2026: Costs and Lines\">"
                                + "<meta name=\"twitter:title\" content=\"The railway plan in numbers\">",
                            h1: "Two billion for new railway lines")
        #expect(a.headline == "Two billion for new railway lines")
        #expect(a.metadata["og_title"] == "Railway Plan 2026: Costs and Lines")
        #expect(a.metadata["twitter_title"] == "The railway plan in numbers")
        #expect(a.metadata["html_title"] == "Railway lines: what the plan costs | Example")
        // A twitter:title or <title> that repeats og:title (the site's name aside), or is the
        // headline, is not kept again.
        let b = try extract(title: "Railway Plan 2026: Costs and Lines | Example",
                            head: "<meta property=\"og:title\" content=\"Railway Plan 2026: Costs and Lines\">"
                                + "<meta name=\"twitter:title\" content=\"Railway Plan 2026: Costs and Lines\">",
                            h1: "Two billion for new railway lines")
        #expect(b.metadata["og_title"] == "Railway Plan 2026: Costs and Lines")
        #expect(b.metadata["twitter_title"] == nil)
        #expect(b.metadata["html_title"] == nil)
        let c = try extract(title: "Two billion for new railway lines | Example", h1: "Two billion for new railway lines")
        #expect(c.metadata["html_title"] == nil)
    }

    @Test func anH1ThatIsAFileNameIsNotTheHeadline() throws {
        // A constructed code-host page: the h1 is the file's path ("owner/notes.md"), the
        // document's title is in og:title and the <title>. The headline is the document's.
        let a = try extract(head: "<title>Railway plan explained · Example</title><meta property=\"og:title\" content=\"Railway plan explained\">",
                            body: "<div class=\"repo\"><h1>railfan/railway-plan.md</h1></div><article><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(a.headline == "Railway plan explained")
        // A one-word h1 that is no file's name is still read as shown.
        let b = try extract(head: "<title>Railway plan explained · Example</title><meta property=\"og:title\" content=\"Railway plan explained\">",
                            body: "<article><h1>Railways</h1><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(b.headline == "Railways")
    }

    @Test func aScreenReaderOnlyH1IsNotTheHeadlineTheReaderSees() throws {
        // A constructed page: the h1 is for screen readers only ("sr-only") and holds the whole
        // <title> ("Headline | Section | Site"); the reader sees an h2 with the part before the
        // first separator. That part is the headline.
        let a = try extract(head: "<title>Railway plan explained | Transport Notes | Example Regional Council</title>",
                            body: "<h1 class=\"sr-only\">Railway plan explained | Transport Notes | Example Regional Council</h1>"
                                + "<article><h2 class=\"section-title\">Railway plan explained</h2><div class=\"story\">\(Self.paragraphs)</div></article>")
        #expect(a.headline == "Railway plan explained")
        #expect(a.metadata["html_title"] == "Railway plan explained | Transport Notes | Example Regional Council")
    }

    @Test func offNewsArticlesASubheadingShowingAMetadataTitleIsTheHeadline() throws {
        // A constructed blog post: no h1 shows a title (the only one is a label ending in a
        // colon), an h3 above the text shows twitter:title, and og:title and <title> agree on
        // another wording. The reader's headline is the h3's.
        let head = "<title>Railway plan: costs and lines - Example</title><meta property=\"og:title\" content=\"Railway plan: costs and lines\">"
            + "<meta name=\"twitter:title\" content=\"How the region pays for its new railway lines\">"
        let body = "<aside><h1>A message from the editor:</h1></aside><article><h3 class=\"post-title\">How the region pays for its new railway lines</h3>"
            + "<div class=\"story\">\(Self.paragraphs)</div></article>"
        let a = try extract(head: head, body: body)
        #expect(a.headline == "How the region pays for its new railway lines")
        #expect(a.metadata["og_title"] == "Railway plan: costs and lines")
        // On a news article the newsroom's metadata headline stays.
        let news = try extract(head: head + Self.jsonLD("NewsArticle", headline: "Railway plan: costs and lines"), body: body)
        #expect(news.headline == "Railway plan: costs and lines")
    }

    @Test func anH1WithCharactersLostToItsEncodingGivesTheMetadataTitle() throws {
        // The page's h1 prints "?" where og:title and <title> have ": " and "'s" (characters lost
        // to the page's encoding): the title it meant to show. A "?" where the metadata has a
        // colon only is punctuation the page chose, and the h1 stays.
        let a = try extract(og: "The Railway Plan: Everyone's Guide", h1: "The Railway Plan? Everyone? Guide")
        #expect(a.headline == "The Railway Plan: Everyone's Guide")
        let b = try extract(og: "Why a railway plan: two billion explained", h1: "Why a railway plan? Two billion explained")
        #expect(b.headline == "Why a railway plan? Two billion explained")
    }

    @Test func aJSONLDHeadlineCutWithDotsVotesForTheTitleItBegins() throws {
        // A constructed news article: og:title is a shorter wording; the JSON-LD headline is
        // the <title>'s headline with "..." after it (the CMS cuts or marks it so); the h1
        // prints that headline whole. Two sources and the h1 against og:title: the h1's.
        let whole = "Who will pay for the new railway lines and when will the first trains run?"
        let a = try extract(title: "\(whole) | Example",
                            head: "<meta property=\"og:title\" content=\"Who will pay for the new railway lines?\">"
                                + Self.jsonLD("NewsArticle", headline: "\(whole)..."),
                            h1: whole)
        #expect(a.headline == whole)
        #expect(a.metadata["og_title"] == "Who will pay for the new railway lines?")
        #expect(a.metadata["jsonld_headline"] == "\(whole)...")
        // A stub of four words or fewer does not vote for the title it begins.
        let stub = try extract(title: "\(whole) | Example",
                               head: "<meta property=\"og:title\" content=\"Who will pay for the new railway lines?\">"
                                   + Self.jsonLD("NewsArticle", headline: "Who will pay..."),
                               h1: whole)
        #expect(stub.headline == "Who will pay for the new railway lines?")
    }

    @Test func aTwitterTitleThatRepeatsOgTitleIsNotASecondSource() throws {
        // A constructed blog post: og:title and twitter:title (a copy of it) give a search
        // title; the <title> gives the headline the h1 prints. One source against two: the h1's.
        let head = "<meta property=\"og:title\" content=\"Railway Plan 2026: Costs and Lines\">"
            + "<meta name=\"twitter:title\" content=\"Railway Plan 2026: Costs and Lines\">"
        let a = try extract(title: "Two billion for new railway lines | Example", head: head, h1: "Two billion for new railway lines")
        #expect(a.headline == "Two billion for new railway lines")
        #expect(a.metadata["og_title"] == "Railway Plan 2026: Costs and Lines")
        // With the JSON-LD headline agreeing with og:title, two sources against one: og:title's.
        let b = try extract(title: "Two billion for new railway lines | Example",
                            head: head + Self.jsonLD("BlogPosting", headline: "Railway Plan 2026: Costs and Lines"),
                            h1: "Two billion for new railway lines")
        #expect(b.headline == "Railway Plan 2026: Costs and Lines")
        #expect(b.metadata["html_title"] == "Two billion for new railway lines | Example")
    }

    @Test func anH1WithItsOwnKickerDoesNotTakeAnotherKickerFromTheMetadata() throws {
        // A constructed page: the h1 sets its own kicker inside itself ("Transport") above the
        // headline; og:title is another kicker and the headline. The page shows its kicker, not
        // og:title's: the headline is the h1's, without its kicker. When og:title's kicker is
        // the one the h1 sets, og:title is the headline as before.
        let h1 = "<span class=\"article-title__overline\">Transport</span> <span class=\"article-title__text\">Two billion for new railway lines</span>"
        let other = try extract(og: "Government budget: Two billion for new railway lines", h1: h1)
        #expect(other.headline == "Two billion for new railway lines")
        #expect(other.metadata["og_title"] == "Government budget: Two billion for new railway lines")
        let same = try extract(og: "Transport: Two billion for new railway lines", h1: h1)
        #expect(same.headline == "Transport: Two billion for new railway lines")
    }

    @Test func anInlineElementDrawnAsABlockIsALineOfItsOwn() throws {
        // A constructed blog post: the h1's second line is a span that a utility class (or an
        // inline style) draws as a block, with no space between it and the first line in the
        // markup. The page shows two lines; the headline has a space between them, not
        // "linesWhat".
        let og = "<meta property=\"og:title\" content=\"Railway Plan 2026: Costs and Lines\">"
        let a = try extract(title: "Railway Plan 2026: Costs and Lines | Example", head: og,
                            h1: "Two billion for new railway lines<span class=\"block text-sm\">What the plan means for the north</span>")
        #expect(a.headline == "Two billion for new railway lines What the plan means for the north")
        let b = try extract(title: "Railway Plan 2026: Costs and Lines | Example", head: og,
                            h1: "Two billion for new railway lines<span style=\"display: block\">What the plan means for the north</span>")
        #expect(b.headline == "Two billion for new railway lines What the plan means for the north")
        // An inline span inside a word stays inside it.
        let c = try extract(title: "Railway Plan 2026: Costs and Lines | Example", head: og,
                            h1: "Two billion for new rail<span class=\"accent\">way</span> lines")
        #expect(c.headline == "Two billion for new railway lines")
    }

    @Test func anH1WhoseLinesAMetadataTitleJoinsWithASeparatorGivesThatTitle() throws {
        // A constructed blog post: the h1 prints a headline and a subtitle as two elements (or
        // two lines split by <br>); og:title joins them with " - " (or ": "). The page shows
        // both lines; og:title is them with the mark between, not "lines. What" run together.
        let spans = "<span class=\"entry-title-primary\">Two billion for new railway lines.</span> <span class=\"entry-subtitle\">What the plan means for the north</span>"
        let a = try extract(og: "Two billion for new railway lines. - What the plan means for the north", h1: spans)
        #expect(a.headline == "Two billion for new railway lines. - What the plan means for the north")
        let b = try extract(og: "Two billion for new railway lines: what the plan means for the north",
                            h1: "Two billion for new railway lines<br>What the plan means for the north")
        #expect(b.headline == "Two billion for new railway lines: what the plan means for the north")
        // A metadata title that is another wording is not the h1's lines: the h1 as before.
        let c = try extract(og: "Railway Plan 2026: Costs and Lines", h1: spans)
        #expect(c.headline == "Two billion for new railway lines. What the plan means for the north")
    }

    @Test func aHeadingMarkedAsTheHeadlineUnderAMastheadH1IsTheHeadline() throws {
        // A constructed blog page: the only h1 is the site's name in the header; the post's
        // title is an h2 marked itemprop="headline" in the article; og:title and <title> are
        // other wordings printed nowhere. The reader sees the h2 as the headline. The same h2
        // without the mark: the metadata title, as before.
        let head = "<title>Notes on the railway plan - Example</title><meta property=\"og:title\" content=\"Notes on the railway plan\">"
        let cases = [("itemprop=\"headline\"", "Two billion for new railway lines"), ("", "Notes on the railway plan")]
        for (mark, headline) in cases {
            let a = try extract(head: head, body: """
                <header class="site"><h1 class="site-title"><a href="https://example.org/">Example</a></h1></header>
                <main><article><header class="entry-header"><h2 class="entry-title" \(mark)>Two billion for new railway lines</h2></header>
                <div class="entry-content">\(Self.paragraphs)</div></article></main><footer>© Example</footer>
                """)
            #expect(a.headline == headline)
            #expect(a.metadata["og_title"] == (mark.isEmpty ? nil : "Notes on the railway plan"))
        }
    }

    @Test func aMetadataTitleThatIsTheH1WithACountOrYearAddedIsTheHeadline() throws {
        // A constructed guide: the h1 prints "Best Railway Passes in Europe"; og:title is the
        // same headline with the count before it, or the year after it. The metadata title is
        // taken, the same headline with its number. Another word added is not a number: the h1.
        let cases = [
            ("12 Best Railway Passes in Europe", "12 Best Railway Passes in Europe"),
            ("Best Railway Passes in Europe (2026)", "Best Railway Passes in Europe (2026)"),
            ("Cheap Best Railway Passes in Europe", "Best Railway Passes in Europe"),
        ]
        for (og, headline) in cases {
            #expect(try extract(og: og, h1: "Best Railway Passes in Europe").headline == headline, "\(og)")
        }
    }
}
