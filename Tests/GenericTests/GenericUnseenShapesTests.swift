import Foundation
import KabarCore
import KabarEval
import KabarPlugins
import Testing

/// Pages constructed for these tests (inline, named as such) in the shapes unseen sites give
/// the generic extractor: the article in a `<main>` without `<p>` (text and `<br>`), in a layout
/// table, in `<section>`s, under a comment thread longer than itself, behind a cookie wall,
/// a short article beside long teasers, and text in scripts without spaces (Chinese) or
/// written right to left (Arabic). On each, nothing may collapse: the record holds at least
/// 0.8 of the article's words (word recall, WCXB's bag of `\w+` tokens), and the furniture
/// around it is not the body.
struct GenericUnseenShapesTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
    static let url = URL(string: "https://constructed.example/2025/12/06/a-winter-garden-step-by-step")
    static let paragraphs = GenericFallbackTests.paragraphs

    func extract(_ html: String) throws -> Article {
        try Self.pipeline.extract(data: Data(html.utf8), url: Self.url, site: "generic")
    }

    /// Word recall of the record's text against `expected`.
    func recall(_ article: Article, _ expected: [String]) -> Double {
        PRF(predicted: article.text, expected: expected.joined(separator: "\n"), size: 1).recall
    }

    static let chrome = """
    <header class="site-header"><a href="/">Constructed Garden News</a></header>
    <nav><ul><li><a href="/news">News</a></li><li><a href="/garden">Garden</a></li><li><a href="/kitchen">Kitchen</a></li></ul></nav>
    """
    static let footer = "<footer><p>Constructed Garden News, 12 Example Road. All rights reserved.</p></footer>"

    /// Teasers of other stories, each a linked heading and a paragraph longer than a short
    /// article's own paragraphs, in unnamed wrappers.
    static func teasers(_ n: Int) -> String {
        (1...n).map { i in
            "<div><h3><a href=\"/story/\(i)\">Constructed teaser story number \(i)</a></h3><p>Teaser \(i): the council of the constructed town voted again on the new allotments by the river, and the gardeners who waited for a plot since spring, some for years, heard that the decision was put off until after the winter once more.</p></div>"
        }.joined(separator: "\n")
    }

    @Test func anArticleOfTextAndLineBreaksInMain() throws {
        let text = Self.paragraphs.joined(separator: "<br><br>\n")
        let html = """
        <html><head><title>A winter garden</title></head><body>\(Self.chrome)
        <main><h1>A winter garden, step by step</h1><div class="text">\(text)</div></main>
        <div class="sidebar"><a href="/a">Most read one</a><br><a href="/b">Most read two</a></div>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        #expect(recall(article, Self.paragraphs) >= 0.8, "\(article.text)")
    }

    @Test func anArticleInALayoutTable() throws {
        let text = Self.paragraphs.map { "<font face=\"Verdana\">\($0)</font>" }.joined(separator: "<br><br>\n")
        let html = """
        <html><head><title>A winter garden</title></head><body>
        <table width="100%"><tr><td colspan="2"><a href="/">Constructed Garden News</a></td></tr>
        <tr><td width="150"><a href="/news">News</a><br><a href="/garden">Garden</a><br><a href="/kitchen">Kitchen</a></td>
        <td><b><font size="5">A winter garden, step by step</font></b><br><br>\(text)</td></tr>
        <tr><td colspan="2"><font size="1">Constructed Garden News. All rights reserved.</font></td></tr></table>
        </body></html>
        """
        let article = try extract(html)
        #expect(recall(article, Self.paragraphs) >= 0.8, "\(article.text)")
    }

    @Test func anArticleInUnlikeSections() throws {
        let names = ["intro", "chapter-sun", "chapter-frost", "chapter-water", "harvest-block", "outro"]
        let sections = zip(names, Self.paragraphs).enumerated().map { i, pair in
            let heading = i == 0 ? "" : "<h2>Part \(i + 1) of the guide</h2>"
            return "<section class=\"\(pair.0)\">\(heading)<p>\(pair.1)</p></section>"
        }.joined(separator: "\n")
        let html = """
        <html><head><title>A winter garden</title></head><body>\(Self.chrome)
        <article><h1>A winter garden, step by step</h1>\(sections)</article>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        #expect(recall(article, Self.paragraphs) >= 0.8, "\(article.text)")
    }

    @Test func aShortPostUnderAHugeCommentThread() throws {
        let post = Array(Self.paragraphs.prefix(3))
        let comments = (1...80).map { i in
            "<li class=\"comment\"><div class=\"comment-author\">Reader \(i)</div><p>Comment \(i): I tried this in my own garden last winter, and the kale did well under the fleece, but the spinach bolted as soon as the days grew longer in March, so I sow it later now.</p></li>"
        }.joined(separator: "\n")
        let html = """
        <html><head><title>A winter garden</title></head><body>\(Self.chrome)
        <div class="post"><h1>A winter garden, step by step</h1>\(post.map { "<p>\($0)</p>" }.joined())</div>
        <div id="comments"><h2>80 comments</h2><ol class="commentlist">\(comments)</ol></div>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        #expect(recall(article, post) >= 0.8, "\(article.text)")
        #expect(!article.text.contains("Comment 40:"), "the thread was taken")
    }

    @Test func anArticleBehindACookieWall() throws {
        let vendors = (1...40).map { "<li>Constructed vendor \($0) stores cookies on your device to measure the reach of advertising and to build a profile of your interests.</li>" }.joined()
        let html = """
        <html><head><title>A winter garden</title></head><body>
        <div class="consent-wall" role="dialog"><h2>We value your privacy</h2><p>We and our partners store and access information on your device, such as cookies, and process personal data for personalised advertising and content.</p><ul>\(vendors)</ul><button>Accept all</button></div>
        \(Self.chrome)<article><h1>A winter garden, step by step</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        #expect(recall(article, Self.paragraphs) >= 0.8, "\(article.text)")
        #expect(!article.text.contains("Constructed vendor 20"), "the consent wall was taken")
    }

    @Test func aShortArticleBesideLongTeasers() throws {
        let post = Array(Self.paragraphs.prefix(2))
        let html = """
        <html><head><title>A winter garden</title></head><body>\(Self.chrome)
        <div class="layout"><div class="col-main"><h1>A winter garden, step by step</h1>\(post.map { "<p>\($0)</p>" }.joined())</div>
        <div class="col-more">\(Self.teasers(12))</div></div>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        // The teasers are taken with it (the widener reads them as article text): a loss of
        // precision, not of the article; left for a later round.
        #expect(recall(article, post) >= 0.8, "\(article.text)")
    }

    static let chinese = [
        "冬季花园从夏末开始，那时土壤依然温暖，羽衣甘蓝、菠菜和韭葱的种子可以很快发芽。园丁应当在八月底之前完成播种，以便植物在第一次霜冻之前长得足够强壮。",
        "选择一块在十二月每天至少有六个小时阳光的苗床，因为冬天低矮的太阳会让花园的大部分地方整天处于阴影之中，植物在阴影里几乎不会生长。",
        "在有霜冻的夜晚用无纺布覆盖幼苗，早晨再把它拿掉，这样植物就不会在下面腐烂。如果白天也很冷，可以让覆盖物多留几个小时，但要注意通风。",
        "冬天浇水要比夏天少，但绝不能让土壤完全干透，因为冻结的干燥土壤比潮湿的土壤更容易损伤根系。最好在晴朗的上午浇水，让水在夜晚之前渗入土壤。",
        "收获时先摘外面的叶子，让每株植物的中心继续生长，这样它就能在寒冷的几周里慢慢长出新叶。春天到来时，把冬季作物的残余翻进苗床，为番茄和豆类提供养分。",
    ]

    static let arabic = [
        "تبدأ الحديقة الشتوية في أواخر الصيف، عندما تكون التربة لا تزال دافئة بما يكفي لتنبت بذور الكرنب والسبانخ والكراث بسرعة قبل أن يأتي البرد الأول.",
        "اختر حوضا يحصل على ست ساعات على الأقل من الشمس في شهر ديسمبر، لأن شمس الشتاء المنخفضة تترك معظم الحديقة في الظل طوال اليوم، والنباتات في الظل لا تنمو.",
        "غط النباتات الصغيرة بقماش خفيف في الليالي الباردة، وارفعه مرة أخرى في الصباح حتى لا تتعفن تحته، واترك له فتحة صغيرة للتهوية إذا كان النهار باردا أيضا.",
        "اسق الحديقة أقل مما تفعل في الصيف، لكن لا تدع التربة تجف تماما أبدا، لأن التربة الجافة المتجمدة تضر الجذور أكثر من التربة الرطبة، والأفضل أن تسقي في الصباح.",
        "احصد الأوراق الخارجية أولا واترك قلب كل نبتة قائما، حتى تستمر في النمو ببطء خلال الأسابيع الباردة، وفي الربيع اقلب بقايا المحاصيل في التربة لتغذيها.",
    ]

    @Test func anArticleInChineseWithoutSpaces() throws {
        let related = (1...8).map { "<li><a href=\"/r/\($0)\">相关文章第\($0)篇：如何在阳台上种植冬季蔬菜</a></li>" }.joined()
        let html = """
        <html lang="zh"><head><title>冬季花园</title></head><body>\(Self.chrome)
        <div class="main"><h1>冬季花园的种植方法</h1><div class="detail">\(Self.chinese.map { "<p>\($0)</p>" }.joined())</div>
        <div class="related"><h3>相关阅读</h3><ul>\(related)</ul></div></div>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        #expect(recall(article, Self.chinese) >= 0.8, "\(article.text)")
        #expect(!article.text.contains("相关文章第5篇"))
    }

    @Test func anArticleInArabic() throws {
        let html = """
        <html lang="ar" dir="rtl"><head><title>الحديقة الشتوية</title></head><body>\(Self.chrome)
        <div class="main"><h1>الحديقة الشتوية خطوة بخطوة</h1><div class="entry">\(Self.arabic.map { "<p>\($0)</p>" }.joined())</div></div>
        \(Self.footer)</body></html>
        """
        let article = try extract(html)
        #expect(recall(article, Self.arabic) >= 0.8, "\(article.text)")
    }

    /// A guide whose sections carry ids made of their topic, two of them with words that also
    /// name furniture ("best-beginner-podcast-equipment", "video-editing-tips"), each the target
    /// of the guide's table of contents: they are the article's sections. A comment thread that
    /// a "jump to comments" link points to is still no part of it (WCXB's 4665 lost two of its
    /// sections this way).
    @Test func sectionsATableOfContentsLinksToAreKept() throws {
        let parts: [(String, [Int])] = [("where-to-start", [0, 1]), ("best-beginner-podcast-equipment", [2]), ("video-editing-tips", [3]), ("the-harvest", [4, 5])]
        let toc = parts.map { "<li><a href=\"#\($0.0)\">\($0.0.replacingOccurrences(of: "-", with: " "))</a></li>" }.joined()
        let sections = parts.map { id, ks in
            "<section id=\"\(id)\"><h2>\(id.replacingOccurrences(of: "-", with: " "))</h2>\(ks.map { "<p>\(Self.paragraphs[$0])</p>" }.joined())</section>"
        }.joined(separator: "\n")
        let comments = (1...3).map { "<li><p>Comment \($0): a constructed reader's note on the guide, long enough to count as a paragraph of text somewhere.</p></li>" }.joined()
        let html = """
        <html><head><title>A winter garden</title></head><body>\(Self.chrome)
        <article><h1>A winter garden, step by step</h1><div class="toc"><ul>\(toc)<li><a href="#comments">Jump to comments</a></li></ul></div>
        \(sections)</article>
        <section id="comments"><h2>3 comments</h2><ol>\(comments)</ol></section>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs { #expect(article.text.contains(p), "dropped: \(p.prefix(30))") }
        #expect(article.body.contains { $0.text == "video editing tips" }, "the section's heading was dropped")
        #expect(!article.text.contains("Comment 2:"), "the comment thread was taken")
    }

    /// An article in an `<article>` (headline and text) with a river of teaser cards beside it
    /// in the same wrapper: the widener used to climb out of the article and take the teasers,
    /// each a paragraph of plain text (WCXB's 0392, precision 0.43 before).
    @Test func teasersBesideTheArticleElementAreNotTaken() throws {
        let cards = (1...4).map { i in
            "<div class=\"card\"><h3><a href=\"/story/\(i)\">Constructed teaser story number \(i)</a></h3><p>Teaser \(i): the council of the constructed town voted again on the new allotments by the river, and the gardeners heard that the decision was put off.</p></div>"
        }.joined()
        let html = """
        <html><head><title>A winter garden</title></head><body>\(Self.chrome)
        <div class="layout"><article class="post"><h1>A winter garden, step by step</h1><div class="text">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div></article>
        <div class="river">\(cards)</div></div>\(Self.footer)</body></html>
        """
        let article = try extract(html)
        for p in Self.paragraphs { #expect(article.text.contains(p)) }
        #expect(!article.text.contains("Teaser 2:"), "the teasers were taken")
    }
}
