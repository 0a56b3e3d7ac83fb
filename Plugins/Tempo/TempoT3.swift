import Foundation
import KabarCore
import KabarHTML

/// T3: the 2021–2023/24 design (`<kanal>.tempo.co/read/<id>/<slug>`). The article is
/// `article.detail-artikel`; the infinite scroll appends the next stories as
/// `article.detail-artikel.berikutnya`, which are not this page's article.
enum TempoT3: DesignVariant {
    static let id = "T3"

    static func matches(_ document: HTMLDocument) -> Bool {
        article(in: document) != nil
    }

    static func article(in document: HTMLDocument) -> HTMLNode? {
        document.first("article.detail-artikel:not(.berikutnya)")
    }

    static func isNoise(_ node: HTMLNode) -> Bool {
        if node.hasClass("banner728") || node.hasClass("baca-juga") || node.hasClass("parallax-box")
            || node.hasClass("cls728") || node.hasClass("btn-selengkapnya") { return true }
        if let id = node["id"], id.hasPrefix("div-gpt-ad") { return true }
        if node.tag == "ins" { return true }
        return TempoCommon.isReadAlsoParagraph(node)
    }

    static func extract(_ page: Page) throws -> Extraction {
        let doc = page.document
        guard let article = article(in: doc) else {
            throw ExtractionError(url: page.url, "T3 (2021–24) page without article.detail-artikel")
        }
        var e = Extraction()
        e.headline = TempoCommon.clean(article.first("div.detail-title h1.title")?.text ?? article.first("h1")?.text)
            ?? TempoCommon.stripSiteSuffix(doc.metaTags["og:title"])
        guard e.headline != nil else { throw ExtractionError(url: page.url, "T3 (2021–24) page without a headline (div.detail-title h1.title)") }

        guard let body = article.first("div.detail-in#isi") ?? article.first("#isi") ?? article.first("div.detail-in") else {
            throw ExtractionError(url: page.url, "T3 (2021–24) page without a body (div.detail-in#isi)")
        }
        let read = TempoCommon.body(of: [body], column: article, isNoise: isNoise)
        e.body = read.blocks
        guard !e.body.isEmpty else { throw ExtractionError(url: page.url, "T3 (2021–24) page with an empty body") }

        e.published = TempoCommon.date([
            doc.metaTags["article:published_time"],
            article.first("div.detail-title p.date")?.text, article.first("div.detail-title h4.date")?.text,
            article.first(".date")?.text,
        ])
        e.lead = doc.metaTags["description"] ?? doc.metaTags["og:description"]

        // Bylines: one box per person, role then name; Reporter and Editor are both authors.
        var editors: [String] = []
        for box in article.select("div.block-avatar div.box-avatar") {
            guard let name = TempoCommon.clean(box.first("h4.title.bold a")?.text ?? box.first("h4.bold")?.text) else { continue }
            let author = TextNormalizer.personName(name)
            e.authors.append(author)
            let role = box.select("h4.title").first { !$0.hasClass("bold") }.flatMap { TempoCommon.clean($0.text) }
            if role?.lowercased() == "editor" { editors.append(author) }
        }
        if !editors.isEmpty { e.metadata["editor"] = editors.joined(separator: ", ") }

        if let img = article.first("div.foto-detail figure img") ?? article.first("div.foto-detail img"),
           let src = TempoCommon.imageSource(img) {
            let (caption, credit) = TempoCommon.splitCaption(article.first("div.foto-detail figcaption")?.text)
            e.images.append(ImageRef(url: src, caption: caption, credit: credit, role: .lead))
        } else if let og = doc.metaTags["og:image"] {
            e.images.append(ImageRef(url: og, role: .lead))
        }
        e.images += read.images

        e.section = TempoCommon.section(doc, selectors: [".breadcrumbs li a", ".breadcrumb li a", "ul.breadcrumbs a"])
        e.tags = TempoCommon.keywordTags(doc)
        e.language = TempoCommon.language(page)
        e.canonicalURL = ArticleAssembler.declaredURL(of: doc)
        return e
    }
}
