import Foundation
import KabarCore
import KabarHTML

/// T1: the 2013–2016 design (`<kanal>.tempo.co/read/news/YYYY/MM/DD/<id>/<slug>`), with the
/// English edition of the same years (en.tempo.co, `…/<id>,uk.html/<Slug>`). No machine-readable
/// date or author: the date is printed, and the byline is the bold capitals closing the body.
enum TempoT1: DesignVariant {
    static let id = "T1"

    static func matches(_ document: HTMLDocument) -> Bool {
        document.first("div.artikel > h1") != nil || document.first("h1.judul-artikel") != nil
            || document.first("div.news-detail") != nil || isEnglish(document)
    }

    static func isEnglish(_ document: HTMLDocument) -> Bool {
        document.first("div.tubuh-berita") != nil && document.first("div.judul-konten") != nil
    }

    static func extract(_ page: Page) throws -> Extraction {
        isEnglish(page.document) ? try english(page) : try indonesian(page)
    }

    // MARK: Indonesian edition

    static func indonesian(_ page: Page) throws -> Extraction {
        let doc = page.document
        var e = Extraction()
        e.headline = TempoCommon.firstText(doc, ["div.artikel > h1", "h1.judul-artikel", "div.news-detail h2 a"])
            ?? TempoCommon.stripSiteSuffix(doc.metaTags["og:title"])
        guard e.headline != nil else { throw ExtractionError(url: page.url, "T1 (2013–16) page without a headline (div.artikel > h1)") }

        e.published = TempoCommon.date([
            TempoCommon.firstText(doc, ["div.artikel div.block-tanggal", "h5.tanggal", "span.date-news-detail"]),
        ])

        // Lead image: the picture in div.single-img (not the share buttons' icons beside it).
        let leadImage = doc.select("div.block-display div.single-img img").first { img in
            !isInside(img, classNamed: "share-display")
        }
        if let src = leadImage.flatMap(TempoCommon.imageSource) ?? doc.metaTags["twitter:image:src"] ?? doc.metaTags["og:image"] {
            let (caption, credit) = TempoCommon.splitCaption(doc.first("div.block-display div.deskripsi")?.text)
            e.images.append(ImageRef(url: src, caption: caption, credit: credit, role: .lead))
        }

        // Body: one <p> (sometimes several) in div.artikel; paragraphs split at <br><br>, bold
        // lines as subheadings; the closing bold capitals are the byline.
        let paragraphs = doc.select("div.artikel > p")
        guard !paragraphs.isEmpty else { throw ExtractionError(url: page.url, "T1 (2013–16) page without a body (div.artikel > p)") }
        let byline = takeClosingByline(from: paragraphs)
        e.authors = byline.authors
        if !byline.credits.isEmpty { e.metadata["credit"] = byline.credits.joined(separator: ", ") }
        // Blocks the page moved out of those paragraphs, inside div.artikel, are read with them.
        let read = TempoCommon.body(of: paragraphs, column: doc.first("div.artikel"), builder: BodyBuilder(boldLineHeadings: true),
                                    isNoise: TempoCommon.isReadAlsoParagraph, containerImages: false)
        e.body = read.blocks
        e.images += read.images
        guard !e.body.isEmpty else { throw ExtractionError(url: page.url, "T1 (2013–16) page with an empty body") }

        e.section = TempoCommon.section(doc, selectors: ["ul.block-kanal-map li a"])
        e.tags = TempoCommon.keywordTags(doc)
        if e.tags.isEmpty { e.tags = doc.select("ul.topik-terkait a").compactMap { TempoCommon.clean($0.text) } }
        e.language = TempoCommon.language(page)
        e.canonicalURL = ArticleAssembler.declaredURL(of: doc)
        return e
    }

    // MARK: English edition

    static func english(_ page: Page) throws -> Extraction {
        let doc = page.document
        var e = Extraction()
        e.headline = TempoCommon.firstText(doc, ["div.judul-konten"]) ?? TempoCommon.stripSiteSuffix(doc.metaTags["og:title"])
        guard e.headline != nil else { throw ExtractionError(url: page.url, "T1 English page without a headline (div.judul-konten)") }

        // The printed date sits just before the headline (the side column has dates of its own).
        var dateText: String?
        if let title = doc.first("div.judul-konten") {
            var sibling = title.previousSibling
            while let s = sibling, !s.isElement { sibling = s.previousSibling }
            if let s = sibling, s.hasClass("tanggal") { dateText = s.text }
        }
        e.published = TempoCommon.date([dateText, TempoCommon.firstText(doc, ["div.kolom-2-kolom div.tanggal"])])

        if let src = doc.first("div.foto-konten img").flatMap(TempoCommon.imageSource) ?? doc.metaTags["og:image"] {
            let (caption, credit) = TempoCommon.splitCaption(doc.first("div.foto-desc")?.text)
            e.images.append(ImageRef(url: src, caption: caption, credit: credit, role: .lead))
        }

        guard let body = doc.first("div.tubuh-berita") else {
            throw ExtractionError(url: page.url, "T1 English page without a body (div.tubuh-berita)")
        }
        let paragraphs = body.select("p")
        let byline = takeClosingByline(from: paragraphs)
        e.authors = byline.authors
        if !byline.credits.isEmpty { e.metadata["credit"] = byline.credits.joined(separator: ", ") }
        let read = TempoCommon.body(of: [body], column: nil, isNoise: TempoCommon.isReadAlsoParagraph, containerImages: false)
        e.body = read.blocks
        e.images += read.images
        guard !e.body.isEmpty else { throw ExtractionError(url: page.url, "T1 English page with an empty body") }

        e.section = TempoCommon.section(doc, selectors: ["#blok-sitemap a"])
        // The English pages have no news_keywords, and their `keywords` is the description cut
        // into words; the topic links under the story are the page's real tags.
        e.tags = doc.select("div.mlta li a, ul.topik-terkait a").compactMap { TempoCommon.clean($0.text) }
        if e.tags.isEmpty { e.tags = TempoCommon.keywordTags(doc, names: ["news_keywords"]) }
        e.language = "en"
        e.canonicalURL = ArticleAssembler.declaredURL(of: doc)
        return e
    }

    // MARK: Byline

    /// Finds the bold capitals closing the body ("DINI TEJA", "ANTARA"), removes them from the
    /// page, and reads them as authors and source credits.
    static func takeClosingByline(from paragraphs: [HTMLNode]) -> (authors: [String], credits: [String]) {
        for p in paragraphs.reversed() {
            let text = TempoCommon.clean(p.text) ?? ""
            if text.isEmpty { continue }
            let bolds = p.select("strong, b").filter { TempoCommon.clean($0.text) != nil }
            guard let last = bolds.last, let name = TempoCommon.clean(last.text), TempoCommon.isAllCaps(name),
                  name.count <= 80, text.hasSuffix(name) else { return ([], []) }
            // A whole paragraph of bold text (English edition) goes; in a single-<p> body only the <strong> does.
            if text == name { p.remove() } else { last.remove() }
            return TempoCommon.readByline(name)
        }
        return ([], [])
    }

    static func isInside(_ node: HTMLNode, classNamed name: String) -> Bool {
        var n = node.parent
        while let c = n {
            if c.hasClass(name) { return true }
            n = c.parent
        }
        return false
    }
}
