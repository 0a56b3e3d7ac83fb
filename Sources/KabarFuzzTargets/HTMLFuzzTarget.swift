import Foundation
import KabarCore
import KabarHTML
import KabarPlugins

/// HTML input: the first line is a CSS selector, the rest a page. The selector is compiled
/// (to XPath, and to the native matcher) and run on the page; the page is parsed, its
/// metadata, JSON-LD and text read, its links resolved, and it is extracted by the generic
/// extractor and by the plugin its URL names.
enum HTMLFuzzTarget {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
    static let base = URL(string: "https://www.tempo.co/read/1199180/a-b-c-d")!

    static func run(_ data: Data) {
        let (selector, page) = FuzzSurface.split(data)
        _ = try? CSSSelector.xpath(for: selector)
        guard let document = try? HTMLDocument(data: page, url: base) else { return }
        if let nodes = try? document.selectOrThrow(selector) {
            for node in nodes.prefix(20) {
                _ = node.text
                _ = node.attributes
                _ = node.select("a, p")
            }
        }
        _ = try? document.selectWithXPath(selector)
        _ = document.metaTags
        _ = document.jsonLD
        _ = document.title
        _ = document.body?.text
        for a in document.select("a[href]").prefix(50) { _ = document.absoluteURL(a["href"]) }
        _ = try? pipeline.extract(data: page, url: base, site: "generic")
        _ = try? pipeline.extract(data: page, url: base)
    }
}
