import Foundation
import KabarCore
import KabarHTML

/// S1: the 2013–2019 design (old CMS). Headline `.article h1`, byline `.article .reporter p a`,
/// body `.article #content` (text runs split at `<br><br>`, editor initials such as "(ian)" on
/// the last line), tags `.article-tags a`. No JSON-LD; when no date is printed, the publication
/// time is the Unix time that ends the URL's slug.
enum SindonewsS1: DesignVariant {
    static let id = "S1"

    static let headlineSelector = ".article h1"
    static let bodySelector = ".article #content, div#content"

    static func matches(_ document: HTMLDocument) -> Bool {
        document.first(headlineSelector) != nil || document.first(bodySelector) != nil
    }

    static func extract(_ page: Page) throws -> Extraction {
        let reader = SindonewsPage(page)
        let document = page.document
        var e = Extraction()
        e.headline = document.first(headlineSelector)?.text.nilIfEmpty ?? document.metaTags["og:title"]
        guard e.headline?.isEmpty == false else {
            throw ExtractionError(url: page.url, "2013–19 design (S1): no headline (.article h1, og:title)")
        }
        let containers = HTMLNode.outermost(document.select(bodySelector))
        guard !containers.isEmpty else {
            throw ExtractionError(url: page.url, "2013–19 design (S1): no body (.article #content)")
        }
        var editor: String?
        var strayImages: [ImageRef] = []
        e.body = SindonewsPage.body(of: containers, column: document.first(".article"), editor: &editor, images: &strayImages)
        guard !e.body.isEmpty else {
            throw ExtractionError(url: page.url, "2013–19 design (S1): the body (#content) has no text")
        }
        if let editor { e.metadata["editor"] = editor }
        let imageBox = document.first(".article .article-image, .article figure, .article .detail-img")
        if let image = SindonewsPage.leadImage(in: imageBox) {
            e.images = [image]
        } else if let og = document.metaTags["og:image"] {
            e.images = [ImageRef(url: og, role: .lead)]
        }
        e.images += strayImages
        e.authors = reader.authors(printed: ".article .reporter p a")
        let canonical = reader.canonicalURL()
        e.published = reader.published(printed: [".detail-date-artikel", ".article .reporter time", ".article time"], canonical: canonical)
        e.modified = reader.modified
        e.section = reader.section(breadcrumb: ".breadcrumb a, .breadcrumbs a")
        e.tags = reader.tags()
        e.language = document.language ?? "id"
        e.canonicalURL = canonical
        return e
    }
}
