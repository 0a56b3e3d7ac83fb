import Foundation
import KabarCore
import KabarHTML

/// T2: the 2017–2020 design (`<kanal>.tempo.co/read/<id>/<slug>`, `<html id="tempoco-2017">`).
/// Head meta carries headline, author, image, URL and an ISO publish time; the body is
/// `div[itemprop=articleBody]` (later `div#isi`), with ads and related links inside it.
enum TempoT2: DesignVariant {
    static let id = "T2"

    static let bodySelectors = ["div[itemprop=articleBody]", "div#isi"]

    static func matches(_ document: HTMLDocument) -> Bool {
        document.root?["id"] == "tempoco-2017" || bodySelectors.contains { document.first($0) != nil }
    }

    /// Noise inside the body: ad slots, related links, share bars, scripts' placeholders.
    static func isNoise(_ node: HTMLNode) -> Bool {
        if node.hasClass("newsAds") || node.hasClass("related") || node.hasClass("baca-juga") || node.hasClass("share")
            || node.hasClass("share-bar") || node.hasClass("tags") || node.hasClass("comments") { return true }
        if let id = node["id"], id.hasPrefix("div-gpt-ad") || id.hasPrefix("ads") { return true }
        if node.tag == "ins" { return true }
        return TempoCommon.isReadAlsoParagraph(node)
    }

    static func extract(_ page: Page) throws -> Extraction {
        let doc = page.document
        var e = Extraction()
        e.headline = TempoCommon.stripSiteSuffix(doc.metaTags["og:title"])
            ?? TempoCommon.firstText(doc, ["h1[itemprop=headline]", "article h1", "h1"])
        guard e.headline != nil else { throw ExtractionError(url: page.url, "T2 (2017–20) page without a headline (og:title, h1)") }

        guard let body = bodySelectors.lazy.compactMap({ doc.first($0) }).first else {
            throw ExtractionError(url: page.url, "T2 (2017–20) page without a body (div[itemprop=articleBody], div#isi)")
        }
        // The article's column: its <article> element when it has one, else the body's parent.
        var column = body.parent
        while let c = column, c.tag != "article" { column = c.parent }
        let read = TempoCommon.body(of: [body], column: column, isNoise: isNoise)
        e.body = read.blocks
        guard !e.body.isEmpty else { throw ExtractionError(url: page.url, "T2 (2017–20) page with an empty body") }

        e.published = TempoCommon.date([doc.metaTags["article:published_time"], doc.first("span#date")?.text])
        e.modified = TempoCommon.date([doc.metaTags["article:modified_time"]])
        e.lead = doc.metaTags["og:description"] ?? doc.metaTags["description"]
        if let author = TempoCommon.clean(doc.metaTags["author"]) {
            e.authors = author.split(separator: ",").compactMap { TempoCommon.clean(String($0)).map(TextNormalizer.personName) }
        }
        if let lead = doc.metaTags["og:image"] {
            let figure = doc.select("figure").first { fig in
                fig.select("img").contains { TempoCommon.imageSource($0) == lead } && !body.contains(fig)
            }
            let (caption, credit) = TempoCommon.splitCaption(figure?.first("figcaption")?.text)
            e.images.append(ImageRef(url: lead, caption: caption, credit: credit, role: .lead))
        }
        e.images += read.images
        e.section = TempoCommon.section(doc, selectors: [".breadcrumbs li a", ".breadcrumb li a", "ul.breadcrumbs a"])
        e.tags = TempoCommon.keywordTags(doc)
        e.language = TempoCommon.language(page)
        e.canonicalURL = ArticleAssembler.declaredURL(of: doc)
        return e
    }
}
