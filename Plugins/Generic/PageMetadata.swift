import Foundation
import KabarCore
import KabarHTML

/// What the page says about itself outside the visible text: the JSON-LD article object,
/// `<meta>` tags, the `<title>`, the canonical link. Read once per page.
struct PageMetadata {
    let meta: MetaTags
    /// The JSON-LD object describing the article (a news or article type first, else a web page).
    let article: JSONValue?
    /// Every JSON-LD object, for the finders that look further.
    let jsonLD: [JSONValue]
    let title: String?
    let url: URL
    let canonicalURL: URL?
    let siteName: String?

    static let newsTypes: Set<String> = HTMLDocument.articleTypes.subtracting(["WebPage"])

    init(document: HTMLDocument, url: URL) {
        meta = document.metaTags
        jsonLD = document.jsonLD
        article = jsonLD.first { $0.isType(Self.newsTypes) } ?? jsonLD.first { $0.isType(["WebPage"]) && $0["headline"] != nil }
        title = document.title
        self.url = url
        canonicalURL = ArticleAssembler.declaredURL(of: document)
        var site = meta["og:site_name"] ?? meta["application-name"]
        if site == nil, let publisher = article?["publisher"] { site = publisher["name"]?.string ?? publisher.array.first?["name"]?.string }
        siteName = site
    }

    /// A string field of the article object (a plain string, or the first of a list).
    func articleString(_ key: String) -> String? {
        guard let value = article?[key] else { return nil }
        if let s = value.string { return Self.clean(s) }
        return value.array.first?.string.flatMap(Self.clean)
    }

    /// The article's description: JSON-LD, OpenGraph, then `<meta name=description>`.
    var description: String? {
        articleString("description") ?? meta["og:description"] ?? meta["description"] ?? meta["twitter:description"]
    }

    /// Tags and keywords: `article:tag`, `news_keywords`, `keywords`, JSON-LD `keywords`.
    var tags: [String] {
        var result = meta.all("article:tag")
        if result.isEmpty, let k = meta["news_keywords"] ?? meta["keywords"] { result = Self.splitList(k) }
        if result.isEmpty, let k = article?["keywords"] {
            if let s = k.string { result = Self.splitList(s) } else { result = k.array.compactMap(\.string) }
        }
        return Array(result.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty && $0.count <= 80 }.prefix(40))
    }

    /// The section: `article:section`, else JSON-LD `articleSection`.
    var section: String? { meta["article:section"] ?? articleString("articleSection") }

    /// The JSON-LD `articleBody` as plain text, when it is long enough to be a hint.
    var articleBody: String? {
        guard let body = article?["articleBody"]?.string, body.count >= 200 else { return nil }
        return Self.clean(body)
    }

    static func splitList(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == "," || $0 == ";" }).map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// Entities decoded and tags removed (publishers put both into JSON-LD strings).
    static func clean(_ s: String) -> String? {
        var text = s
        if text.contains("<") {
            var out = ""
            var inTag = false
            for c in text.unicodeScalars {
                if c == "<" { inTag = true; out.append(" ") } else if c == ">" && inTag { inTag = false } else if !inTag { out.unicodeScalars.append(c) }
            }
            text = out
        }
        if text.contains("&") { text = HTMLEntities.decode(text) }
        var folder = TextFolder()
        folder.append(text)
        let folded = folder.take().text
        return folded.isEmpty ? nil : folded
    }
}
