import Foundation
import Kabar

/// A site extractor written in code: the pages of the constructed site `news.example`
/// (served by `TinySite` on 127.0.0.1 through the schedule's `mirrors:`).
struct ExampleNews: SiteExtractor {
    let id = "example"
    let version = 1
    let hosts = ["news.example"]

    func isArticle(_ url: URL) -> Bool {
        url.path.hasPrefix("/news/") && url.path.hasSuffix(".html")
    }

    func extract(_ page: ArticlePage) throws -> ExtractedArticle {
        var article = ExtractedArticle()
        article.headline = page.first("article h1")?.text
        article.lead = page.first("article p.lead")?.text
        article.paragraphs = page.select("article .body p").map(\.text)
        article.authors = page.select("article .author").map(\.text)
        article.published = page.meta("article:published_time")
        article.section = page.meta("article:section")
        article.imageURLs = page.select("article img").compactMap { $0.attribute("src") }
        return article
    }
}
