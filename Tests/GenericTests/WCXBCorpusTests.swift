import Foundation
import KabarCore
import KabarEval
import KabarPlugins
import KabarTesting
import Testing

/// The generic extractor on the real article pages of WCXB's development split
/// (`wcxb/`: html/NNNN.html.gz and ground-truth/NNNN.json), scored by WCXB's metric (word F1
/// over a bag of `\w+` tokens) as `kabar eval` does. The pages are split by host into halves
/// (`EvalPage.half`): rules were developed on half A's failures, half B was held back. The
/// floors are a little under what was measured when they were set (docs/ARCHITECTURE.md,
/// "The generic extractor"), so a change that loses ground fails here.
@Suite(.enabled(if: Corpus.isAvailable && FileManager.default.fileExists(atPath: Corpus.file("wcxb/ground-truth").path),
                Comment(rawValue: Corpus.missingReason + " (or it has no wcxb/ folder)")))
struct WCXBCorpusTests {
    static func scores() throws -> [(EvalPage, PageScore)] {
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        let pages = try EvalPage.load(corpus: Corpus.file("wcxb"))
        return try pages.map { page in
            let prediction: Prediction
            do {
                prediction = Prediction(try pipeline.extract(data: page.html(), url: page.url, site: "generic"))
            } catch {
                // No record: scored as an empty prediction, as `kabar eval` does.
                prediction = Prediction(title: nil, text: "", authors: [], date: nil)
            }
            return (page, Scorer.score(prediction, against: page))
        }
    }

    @Test func wholeSetAndHalvesByHost() throws {
        let scored = try Self.scores()
        #expect(scored.count == 707)
        #expect(scored.allSatisfy { $0.0.format == .wcxb })
        let all = EvalSummary(label: "generic", scores: scored.map(\.1))
        let a = EvalSummary(label: "A", scores: scored.filter { $0.0.half == "A" }.map(\.1))
        let b = EvalSummary(label: "B", scores: scored.filter { $0.0.half == "B" }.map(\.1))
        #expect(a.pages == 340 && b.pages == 367)
        // Measured when set: 0.947 (A 0.945, B 0.948; 0.941, A 0.942, B 0.940 before the
        // table cells, footers and forms of issue 15's third round); trafilatura 2.3.1 scores
        // 0.935 on them (A 0.938, B 0.933).
        #expect(all.f1 >= 0.942, "mean word F1 \(all.f1)")
        #expect(a.f1 >= 0.940 && b.f1 >= 0.940, "word F1 A \(a.f1) B \(b.f1)")
        // 90.1 % when last raised (A 89.4 %, B 90.7 %, the twelfth titles round); 89.0 % when
        // set (A 87.6 %, B 90.2 %), titles compared as `Scorer.titleKey` reads them
        // (typographic quotes, dashes and "…" as typed ones, a final ". ? !" left out); by the
        // strict comparison before it 85.8 % (A 84.1 %, B 87.5 %). Before that:
        // 84.7 % (A 82.1 %, B 87.2 %; 83.9 % (A 80.9 %, B 86.6 %) before an h1 that a
        // furniture-named wrapper holds above the body counted as shown; 84.0 % (A 81.2 %) when
        // the floors before these were set; 82.9 % (A 78.8 %) before a subheading showing
        // a metadata title was taken over a section h1 and a domain before the <title> dropped;
        // 81.6 % (A 77.1 %, B 85.8 %) before masthead h1s
        // stopped voting, an h1 showing a metadata title's part before its tail or with a label
        // or date around it was taken as such, 77.2 % before the displayed headline was
        // preferred on pages that are not news articles, TitleChoice).
        #expect(all.titleExact >= 0.895, "exact titles \(all.titleExact)")
        #expect(a.titleExact >= 0.885 && b.titleExact >= 0.9, "exact titles A \(a.titleExact) B \(b.titleExact)")
        // No page comes back empty when its ground truth has text (25 did before issue 15).
        #expect(all.emptyPages == 0, "empty pages \(scored.filter { $0.1.empty }.map(\.0.name))")
    }

    /// Real pages, one per class of failure, that gave no record or under a fifth of their text
    /// before issue 15: the article hidden until a script shows it (0155), a page swallowed by
    /// an unclosed button (0044), a page inside an unclosed menu (4858), paragraphs each in a
    /// wrapper named like furniture (4581, page builder widgets; 4540, a "meta_field" wrapper),
    /// a headline matched after the text (0273), a listicle whose entries sit in "embed"
    /// blocks (0140), a review cut into sections and product boxes (4078); and two blog posts
    /// whose comment threads, several times longer than the post, were taken with it by the
    /// relaxed second reading (0479, 4660: precision 0.24 and 0.14 before).
    @Test func pagesThatUsedToCollapse() throws {
        _ = try Self.readWell(["0155", "0044", "4858", "4581", "4540", "0273", "0140", "4078", "0479", "4660"])
    }

    /// Real pages whose h1 shows no metadata title while an h2 or h3 shows one (the post's
    /// title under a blog's masthead h1 with h1s for its sections, a guide under a category
    /// h1: 0079, 0379, 0441, 1657, 4177, 4809), and one whose `<title>` is the domain, a space
    /// and the headline (0452): the headline is the ground truth's.
    @Test func titlesOfTheFourthRound() throws {
        try Self.expectTitles(["0079", "0379", "0441", "1657", "4177", "4809", "0452"])
    }

    /// The generic extractor's headline is the ground truth's title on each of these pages of
    /// `corpus` (a folder of the shared corpus: "wcxb", "fundus").
    static func expectTitles(_ wanted: Set<String>, in corpus: String = "wcxb") throws {
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        let pages = try EvalPage.load(corpus: Corpus.file(corpus)).filter { wanted.contains($0.name) }
        #expect(pages.count == wanted.count)
        for page in pages {
            let article = try pipeline.extract(data: page.html(), url: page.url, site: "generic")
            #expect(article.headline.map(Scorer.fold) == page.title.map(Scorer.fold), "\(page.name): \(article.headline ?? "no headline")")
        }
    }

    /// Real pages whose h1 prints the `<title>`'s headline while og:title and a twitter:title
    /// copied from it give another wording (found on half A: 0060, 4193; half B, checked
    /// after: 4014): the copy is not a second source, and the h1's headline is the ground truth's.
    @Test func aTwitterTitleCopiedFromOgTitleDoesNotOutvoteTheShownHeadline() throws {
        try Self.expectTitles(["0060", "4193", "4014"])
    }

    /// A real page whose h1 names the site and a noun ("Austin Hardware Catalog" on
    /// austinhardware.com) without linking anywhere: the page's own heading, not its masthead,
    /// and the ground truth's title (4531, half A; no page of half B or Fundus changed).
    @Test func anUnlinkedH1NamingTheSiteAndANounIsNoMasthead() throws {
        try Self.expectTitles(["4531"])
    }

    /// Real pages of the twelfth titles round (half A; no page of half B or Fundus changed):
    /// an h1 printing a headline and a subtitle in two spans that og:title joins with " - "
    /// (0137), a post's title in an h2 marked itemprop="headline" under the blog's masthead h1
    /// (4450): the headline is the ground truth's.
    @Test func titlesOfTheTwelfthRound() throws {
        try Self.expectTitles(["0137", "4450"])
    }

    /// Real pages whose metadata title is the h1 with a count or a year added ("15 Best Online
    /// Tutoring Platforms 2025" over the h1 without the year: 0246 on half A; "8 Recent Trends
    /// in Photography" over the h1 without the count: 0008 on half B): the metadata title is
    /// the ground truth's.
    @Test func aMetadataTitleAddingACountOrYearToTheH1() throws {
        try Self.expectTitles(["0246", "0008"])
    }

    /// Real pages whose only h1 a wrapper named like furniture holds ("banner", a page
    /// builder's "widget"), right above the body, while the metadata carries a title written for
    /// search engines: the headline is the h1 the page shows above its text, the ground truth's
    /// (half A: 0017, 0040, 0283, 4233, 4476, 4796; half B, checked after: 0006, 0372, 4070, 4259,
    /// 4526).
    @Test func anH1InFurnitureAboveTheBodyIsTheHeadline() throws {
        try Self.expectTitles(["0017", "0040", "0283", "4233", "4476", "4796", "0006", "0372", "4070", "4259", "4526"])
    }

    /// Real pages of issue 15's fourth round, where trafilatura read clearly more (recall 0.41
    /// to 0.64 before): an article whose parts sit each in a page builder's module named like
    /// furniture ("hs_cos_wrapper_widget": 0164, 0275), and an AsciiDoc post whose lists of
    /// links and tables the text introduces ("Many patches were sent for review:"), cut into
    /// sections with their headings outside the chosen chunks (0389).
    @Test func partsOfTheArticleTheStrictReadingLeftOut() throws {
        _ = try Self.readWell(["0164", "0275"])
        let page = try #require(try EvalPage.load(corpus: Corpus.file("wcxb")).first { $0.name == "0389" })
        let article = try ArticleAssembler(registry: BuiltinExtractors.registry).extract(data: page.html(), url: page.url, site: "generic")
        let score = Scorer.score(Prediction(article), against: page)
        #expect(score.body.recall >= 0.7 && score.body.precision >= 0.9, "0389: P \(score.body.precision) R \(score.body.recall)")
        #expect(article.text.contains("libgccjit: Allow casts between integers and pointers"))
        #expect(article.body.contains { $0.text == "GCC patches status" })
    }

    /// The generic extractor's records of the WCXB pages `wanted`, each expected to have body
    /// precision and recall of at least 0.8.
    static func readWell(_ wanted: Set<String>) throws -> [(page: EvalPage, article: Article)] {
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        let pages = try EvalPage.load(corpus: Corpus.file("wcxb")).filter { wanted.contains($0.name) }
        #expect(pages.count == wanted.count)
        return try pages.map { page in
            let article = try pipeline.extract(data: page.html(), url: page.url, site: "generic")
            let score = Scorer.score(Prediction(article), against: page)
            #expect(score.body.recall >= 0.8 && score.body.precision >= 0.8,
                    "\(page.name) \(page.url?.absoluteString ?? ""): P \(score.body.precision) R \(score.body.recall)")
            return (page, article)
        }
    }

    /// Real pages of the classes fixed in issue 15's second round: a study whose data tables
    /// lost their short cells as date lines and labels (0243: recall 0.34 before), a short
    /// guide above a page footer of disclaimers that was taken with it (0362: precision 0.21
    /// before), a page whose text was encoded twice (4656: "Investorâ\u{80}\u{99}s" in its title
    /// and body) and one with stray Windows-1252 bytes read as C1 controls (0273: "we\u{92}re").
    @Test func pagesOfTheSecondRound() throws {
        for (page, article) in try Self.readWell(["0243", "0362", "4656", "0273"]) {
            let text = (article.headline ?? "") + "\n" + article.text
            #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) } && !text.contains("\u{E2}\u{20AC}"),
                    "\(page.name): mojibake left")
            if page.name == "4656" { #expect(article.headline == "A DIY Investor’s Guide to Retirement Calculators in 2025") }
        }
    }

    /// A real guide whose sections carry ids of their topic ("best-beginner-podcast-equipment",
    /// "podcast-gear-tips"), the targets of its table of contents, and which the furniture word
    /// "podcast" in them made the strict reading drop (4665: recall 0.63 before), and one page
    /// of the same kind (0038: recall 0.97 before).
    @Test func sectionsTheTableOfContentsLinksTo() throws {
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        let pages = try EvalPage.load(corpus: Corpus.file("wcxb")).filter { ["4665", "0038"].contains($0.name) }
        #expect(pages.count == 2)
        for page in pages {
            let article = try pipeline.extract(data: page.html(), url: page.url, site: "generic")
            let score = Scorer.score(Prediction(article), against: page)
            if page.name == "4665" {
                #expect(article.body.contains { $0.text == "Tips for using podcast equipment" })
                #expect(article.text.contains("Gear can only solve so many issues."))
                #expect(score.body.recall >= 0.7, "4665: R \(score.body.recall)")
            } else {
                #expect(score.body.recall >= 0.99, "0038: R \(score.body.recall)")
            }
        }
    }

    /// Real pages where the widener climbed out of the `<article>` holding the headline and the
    /// text and took what is beside it: a river of teasers of other stories (0392: precision
    /// 0.43 before) and a list of related links (4703: precision 0.81 before).
    @Test func nothingBesideTheArticleElement() throws {
        let pages = try Self.readWell(["0392", "4703"])
        for (page, article) in pages {
            let score = Scorer.score(Prediction(article), against: page)
            #expect(score.body.precision >= 0.95, "\(page.name): P \(score.body.precision)")
        }
    }
}
