import Foundation
import KabarCore
import KabarHTML

/// T4: the 2024–present Nuxt design (`www.tempo.co/<rubrik>/<slug>-<id>`). JSON-LD
/// `NewsArticle` is complete and comes first; the page's `#content-wrapper` paragraphs (the id
/// repeats, one wrapper per paragraph) give the body, JSON-LD `articleBody` when there are none.
enum TempoT4: DesignVariant {
    static let id = "T4"

    static func matches(_ document: HTMLDocument) -> Bool {
        !document.select("[id=content-wrapper]").isEmpty || newsArticle(in: document) != nil
    }

    static func newsArticle(in document: HTMLDocument) -> JSONValue? {
        document.jsonLD(ofType: ["NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle"])
    }

    static func isNoise(_ node: HTMLNode) -> Bool {
        if node.tag == "img", let src = node["src"], TempoCommon.isAdImage(src) { return true }
        if node.tag == "span", node.hasClass("inline-flex"), node.hasClass("bg-primary-main") { return true }
        if node.tag == "ins" { return true }
        return TempoCommon.isReadAlsoParagraph(node)
    }

    static func extract(_ page: Page) throws -> Extraction {
        let doc = page.document
        let ld = newsArticle(in: doc)
        var e = Extraction()

        e.headline = TempoCommon.clean(ld?["headline"]?.string)
            ?? TempoCommon.firstText(doc, ["main h1", "h1"])
            ?? TempoCommon.stripSiteSuffix(doc.metaTags["og:title"])
        guard e.headline != nil else { throw ExtractionError(url: page.url, "T4 (2024+) page without a headline (JSON-LD headline, h1)") }

        // Body: the top-level #content-wrapper elements, in page order.
        let wrappers = doc.select("[id=content-wrapper]")
        let outer = HTMLNode.outermost(wrappers)
        let read = TempoCommon.body(of: outer, column: nil, isNoise: isNoise)
        e.body = read.blocks
        if e.body.isEmpty, let text = ld?["articleBody"]?.string {
            let lines = text.split(whereSeparator: \.isNewline).compactMap { TempoCommon.clean(String($0)) }
            e.body = TempoCommon.withoutBoilerplate(lines.map { Block.paragraph($0) })
        }
        guard !e.body.isEmpty else { throw ExtractionError(url: page.url, "T4 (2024+) page without a body (#content-wrapper, JSON-LD articleBody)") }

        e.lead = ld?["description"]?.string ?? doc.metaTags["description"] ?? doc.metaTags["og:description"]
        e.published = TempoCommon.date([ld?["datePublished"]?.string, doc.metaTags["article:published_time"], doc.metaTags["publish-date"]])
        e.modified = TempoCommon.date([ld?["dateModified"]?.string])
        if let free = ld?["isAccessibleForFree"]?.bool { e.paywalled = !free }

        // Authors: JSON-LD (the same person may be listed twice), else the /penulis/ links with text.
        for author in ld?["author"]?.array ?? [] {
            if let name = TempoCommon.clean(author["name"]?.string ?? author.string) {
                let n = TextNormalizer.personName(name)
                if !e.authors.contains(n) { e.authors.append(n) }
            }
        }
        if e.authors.isEmpty {
            for a in doc.select("a[href*=\"/penulis/\"]") {
                if let name = TempoCommon.clean(a.text) {
                    let n = TextNormalizer.personName(name)
                    if !e.authors.contains(n) { e.authors.append(n) }
                }
            }
        }

        // Lead image: JSON-LD image, its caption from the figure showing it.
        let ldImage = ld?["image"].flatMap { $0.string ?? $0["url"]?.string ?? $0.array.first?.string ?? $0.array.first?["url"]?.string }
        // Figures inside the body, or found around it, are inline images, not the lead's.
        let outerSet = Set(outer + read.strays)
        let figures = doc.select("figure").filter { !$0.isWithin(outerSet) }
        if let src = ldImage ?? doc.metaTags["og:image"] ?? figures.first?.first("img").flatMap(TempoCommon.imageSource) {
            let figure = figures.first { fig in
                fig.select("img").contains { TempoCommon.imageSource($0).map { sameImage($0, src) } ?? false }
            } ?? figures.first { $0.first("img").flatMap(TempoCommon.imageSource).map { !TempoCommon.isAdImage($0) } ?? false }
            let (caption, credit) = TempoCommon.splitCaption(figure?.first("figcaption")?.text)
            e.images.append(ImageRef(url: src, caption: caption, credit: credit, role: .lead))
        }
        e.images += read.images

        e.section = TempoCommon.section(doc, selectors: [])
        // Tags: the tag list's relative links; body links to tags are absolute and left out.
        e.tags = doc.select("a[href^=\"/tag/\"]").compactMap { TempoCommon.clean($0.text) }
        e.language = TempoCommon.language(page)
        e.canonicalURL = ArticleAssembler.declaredURL(of: doc) ?? ld?["url"]?.string.flatMap { doc.absoluteURL($0) }
        return e
    }

    /// Whether two image URLs show the same picture (same file name, any host or size folder).
    static func sameImage(_ a: String, _ b: String) -> Bool {
        a == b || (URL(string: a)?.lastPathComponent == URL(string: b)?.lastPathComponent && URL(string: a)?.lastPathComponent.isEmpty == false)
    }
}
