import Foundation
import KabarCore
import KabarHTML

/// The extractor for sites without a plugin: metadata (JSON-LD, OpenGraph, `<meta>`) plus
/// content scoring of the page. The page is walked once (`PageIndex`); each field has its own
/// finder: `HeadlineFinder`, `ContentScorer`, `ImageFinder`, `AuthorFinder`, `DateFinder`,
/// `LanguageGuesser`, with `PageMetadata` for description, tags, section and canonical URL.
public struct Generic: Extractor {
    public static let identifier = "generic"
    public let id = Generic.identifier
    public let version = 1
    public let hosts: [String] = []

    public init() {}

    /// Where a byline is cut into names ("A and B", "A, B"): what a declarative `split:` needs
    /// to read authors as this extractor does.
    public static var authorSeparators: [String] {
        var seen = Set<String>()
        return ([",", ";"] + AuthorFinder.joiners).filter { seen.insert($0).inserted }
    }

    /// Without site knowledge: a path that looks like a story (a long slug, or a numeric id
    /// in a path of two or more parts), not a listing, tag or author page.
    public func isArticle(_ url: URL) -> Bool {
        let parts = url.path.split(separator: "/").map { $0.lowercased() }
        guard let last = parts.last else { return false }
        let listing: Set<String> = ["tag", "tags", "topic", "topics", "author", "authors", "category", "categories", "search", "page", "archive", "video", "videos", "rss", "feed"]
        if parts.contains(where: { listing.contains($0) }) { return false }
        if last.split(separator: "-").count >= 4 { return true }
        let digits = last.filter(\.isNumber).count
        return parts.count >= 2 && digits >= 5
    }

    /// The second opinion: the page read again, relaxed (`PageIndex.Reading.relaxed`: class and
    /// id names and furniture tags mark nothing, hidden elements and swallowing buttons are
    /// read) and scored the same way. Criterion: the relaxed result replaces the strict one
    /// when it has at least 500 characters of text and twice as many as the strict one, that is
    /// when the strict reading lost most of the article to a wrapper named like furniture
    /// ("widget", "embed", "comments" around the whole article), to a hidden container (tabs,
    /// accordions, streamed rendering), or to markup that put it in a menu or a button.
    /// Otherwise the strict result stays, furniture left out. Only pages where that can happen
    /// are read twice: the strict result has under 200 characters, or the strict reading set
    /// aside as furniture at least as much paragraph text (runs of 80+ characters, link share
    /// under 0.2) as it kept, not counting comment threads beside the article (a long thread
    /// under a short post is not a lost article) nor `<footer>` elements (a page footer's
    /// disclaimers and addresses under a short post are not one either), or it passed over
    /// hidden elements holding blocks and at least as much text.
    static func relaxedReading(of document: HTMLDocument, meta: PageMetadata, strictIndex: PageIndex, strict: ContentScorer.Result) -> (PageIndex, HeadlineFinder.Result, ContentScorer.Result)? {
        let strictChars = strict.blocks.reduce(0) { $0 + $1.text.count }
        if strictChars >= 200 {
            // Only a page where the strict reading set aside paragraph text as furniture can
            // gain twice as much from the relaxed one.
            var setAside = 0
            for run in strictIndex.runs where run.chars >= 80 && run.linkDensity < 0.2 && strictIndex.elements[run.element].inBoilerplate {
                if Self.besideArticle(strictIndex, run.element) { continue }
                setAside += run.chars
            }
            guard setAside >= strictChars || strictIndex.hiddenChars >= strictChars else { return nil }
        }
        var index = PageIndex(document: document, reading: .relaxed)
        let headline = HeadlineFinder.find(index, meta)
        if let e = headline.element { index.exemptAncestors(of: e) }
        var scorer = ContentScorer(index: index, headline: headline, hint: ArticleBodyHint(meta.articleBody))
        let content = scorer.find()
        let chars = content.blocks.reduce(0) { $0 + $1.text.count }
        guard chars >= 500, chars >= 2 * strictChars else { return nil }
        return (index, headline, content)
    }

    /// Class/id fragments of a reader comment thread (`comments`, WordPress's `respond` form,
    /// Disqus), in the languages of `BoilerplateNames`.
    static let commentThreadNames = ["comment", "kommentar", "comentario", "commentaire", "commenti", "komentar", "disqus", "respond"]

    /// Whether the furniture mark of element `e` comes from a comment thread, a footer or a
    /// consent wall: its nearest furniture-marked ancestor (or itself) is named like a thread, is a
    /// `<footer>`, or is a cookie or consent dialog (`PageIndex.isConsentWall`).
    /// One around the headline is no longer marked (`exemptAncestors`), so this is a thread or
    /// footer beside the article: its text, however long, is not article text the strict
    /// reading lost.
    static func besideArticle(_ index: PageIndex, _ e: Int) -> Bool {
        var a = e
        while a >= 0 {
            let el = index.elements[a]
            if el.boilerplate { return el.tag == "footer" || commentThreadNames.contains { el.names.contains($0) } || PageIndex.isConsentWall(el) }
            a = el.parent
        }
        return false
    }

    /// When neither reading finds a container: the page's own lines of text outside figures,
    /// after the headline when there is one, that are not mostly links (15 characters or more
    /// each, 50 in all), furniture or not (on such pages the markup has put everything in it).
    /// A page of short lines (a landing page, a portfolio) still gives what it says instead of
    /// no record.
    static func lastResort(_ index: PageIndex, headline: HeadlineFinder.Result) -> [Block] {
        var blocks: [Block] = []
        var chars = 0
        for (i, run) in index.runs.enumerated() {
            if let anchor = headline.run, i <= anchor { continue }
            let owner = index.elements[run.element]
            guard !owner.inFigure, run.chars >= 15, run.linkDensity < 0.5 else { continue }
            blocks.append(.paragraph(run.text))
            chars += run.chars
        }
        return chars >= 50 ? blocks : []
    }

    public func extract(_ page: Page) throws -> Extraction {
        try findings(page).extraction
    }

    /// The extraction and where on the page it was found (the headline element, the body
    /// containers), for tools that turn the generic extractor's findings into selectors.
    public func findings(_ page: Page) throws -> GenericFindings {
        let document = page.document
        let meta = PageMetadata(document: document, url: page.url)
        var index = PageIndex(document: document)
        var headline = HeadlineFinder.find(index, meta)
        if let e = headline.element { index.exemptAncestors(of: e) }
        var scorer = ContentScorer(index: index, headline: headline, hint: ArticleBodyHint(meta.articleBody))
        var content = scorer.find()
        if let relaxed = Self.relaxedReading(of: document, meta: meta, strictIndex: index, strict: content) {
            (index, headline, content) = relaxed
        }
        if content.blocks.reduce(0, { $0 + $1.text.count }) < 200, let body = meta.articleBody,
           body.count > 2 * max(200, content.blocks.reduce(0, { $0 + $1.text.count })) {
            // The page shows (almost) nothing the scorer trusts, but its metadata has the text.
            content.blocks = [.paragraph(body)]
        }
        if !content.blocks.contains(where: { TextMeasure.hasVisible($0.text) }) {
            content.blocks = Self.lastResort(index, headline: headline)
        }
        guard content.blocks.contains(where: { TextMeasure.hasVisible($0.text) }) else {
            // A record with no text is no article: fail the page instead (the run goes on).
            throw ExtractionError(url: page.url, "no article text found on the page (generic extractor)")
        }
        if let problem = ReadableText.problem(content.blocks.map(\.text)) {
            // Bytes that only decode to characters (random data, a binary file) are no article.
            throw ExtractionError(url: page.url, "no article text found on the page (generic extractor): \(problem)")
        }
        let dates = DateFinder.find(index, meta, headlineRun: headline.run)

        var e = Extraction()
        e.headline = HeadlineFinder.afterBody(headline, index, meta, bodyStart: content.containers.map { index.elements[$0].firstRun }.min(),
                                              bodyEnd: content.containers.map { index.elements[$0].endRun }.max())
        e.metadata = TitleChoice.otherTitles(meta, headline: e.headline)
        e.lead = meta.description
        e.body = content.blocks
        e.images = ImageFinder.find(index, meta, containers: content.containers, document: document)
        e.authors = AuthorFinder.find(index, meta)
        e.published = dates.published
        e.modified = dates.modified
        e.section = meta.section
        e.tags = meta.tags
        e.language = LanguageGuesser.declared(document.language, meta)
            ?? LanguageGuesser.guess(content.blocks.map(\.text).joined(separator: " "))
        e.canonicalURL = meta.canonicalURL
        if let free = meta.article?["isAccessibleForFree"]?.bool { e.paywalled = !free }
        return GenericFindings(extraction: e, headlineElement: headline.element.map { index.elements[$0].node },
                               bodyContainers: content.containers.map { index.elements[$0].node })
    }
}
