import Foundation
import KabarCore
import KabarHTML

/// S2: the 2020–now design ("pena" CMS). `h1.detail-title`, body in `#detail-desc` (no `<p>`:
/// text runs split at `<br><br>`), lazy lead image in `.detail-img`, byline in
/// `.detail-nama-redaksi`, printed date in `.detail-date-artikel`; JSON-LD `NewsArticle` and
/// `BreadcrumbList` on the bare page-1 URL only.
enum SindonewsS2: DesignVariant {
    static let id = "S2"

    static let headlineSelector = "h1.detail-title, .detail-title h1"
    static let bodySelector = "#detail-desc, .detail-desc"

    static func matches(_ document: HTMLDocument) -> Bool {
        document.first(bodySelector) != nil || document.first(headlineSelector) != nil
    }

    static func extract(_ page: Page) throws -> Extraction {
        let reader = SindonewsPage(page)
        let document = page.document
        var e = Extraction()
        e.headline = document.first(headlineSelector)?.text.nilIfEmpty ?? reader.article?["headline"]?.string
        guard e.headline?.isEmpty == false else {
            throw ExtractionError(url: page.url, "2020– design (S2): no headline (h1.detail-title, JSON-LD headline)")
        }
        let containers = HTMLNode.outermost(document.select(bodySelector))
        guard !containers.isEmpty else {
            throw ExtractionError(url: page.url, "2020– design (S2): no body (#detail-desc)")
        }
        var editor: String?
        var strayImages: [ImageRef] = []
        e.body = SindonewsPage.body(of: containers, column: document.first("div.left-section"), editor: &editor, images: &strayImages)
        guard !e.body.isEmpty else {
            throw ExtractionError(url: page.url, "2020– design (S2): the body (#detail-desc) has no text")
        }
        if let editor { e.metadata["editor"] = editor }
        if let image = SindonewsPage.leadImage(in: document.first(".detail-img")) { e.images = [image] }
        e.images += strayImages
        e.authors = reader.authors(printed: ".detail-nama-redaksi a[rel=author]")
        let canonical = reader.canonicalURL()
        e.published = reader.published(printed: [".detail-date-artikel"], canonical: canonical)
        e.modified = reader.modified
        e.section = reader.section(breadcrumb: ".breadcrumb a, .breadcrumbs a, .detail-breadcrumb a")
        e.tags = reader.tags()
        e.language = document.language ?? "id"
        e.canonicalURL = canonical
        return e
    }
}
