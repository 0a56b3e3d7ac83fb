import Foundation
import KabarCore
import KabarHTML

/// Evaluates field sources on one page: elements by CSS or XPath, `<meta>` tags, the JSON-LD
/// article. Values come back as text (attribute or node text), split and matched against the
/// source's pattern, empty ones dropped.
struct FieldReader {
    let document: HTMLDocument
    /// The JSON-LD object describing the article (a news type first, else a web page with a headline).
    let article: JSONValue?

    static let newsTypes: Set<String> = HTMLDocument.articleTypes.subtracting(["WebPage"])

    init(document: HTMLDocument) {
        self.document = document
        let objects = document.jsonLD
        article = objects.first { $0.isType(Self.newsTypes) } ?? objects.first { $0.isType(["WebPage"]) && $0["headline"] != nil }
    }

    /// Elements (or XPath nodes) a css/xpath source selects; empty for meta and jsonld.
    func nodes(_ source: FieldSource) -> [HTMLNode] {
        switch source.kind {
        case .css(let css): return document.select(css)
        case .xpath(let x): return (try? document.xpath(x)) ?? []
        case .jsonld, .meta: return []
        }
    }

    /// The source's values, in page order; a text field takes the first, a list field all.
    func values(_ source: FieldSource, list: Bool) -> [String] {
        var raw: [String]
        switch source.kind {
        case .css, .xpath:
            raw = nodes(source).map { node in
                if let attr = source.attr { return node.isElement ? node[attr] ?? "" : "" }
                return node.isElement ? node.text : node.rawText
            }
        case .meta(let name):
            raw = list ? document.metaTags.all(name) : document.metaTags[name].map { [$0] } ?? []
        case .jsonld(let path):
            raw = Self.strings(at: path, in: article)
        }
        for separator in source.separators {
            raw = raw.flatMap { $0.components(separatedBy: separator) }
        }
        if let pattern = source.pattern {
            raw = raw.compactMap { pattern.capture(in: $0) }
        }
        return raw.compactMap { TextNormalizer.clean($0) }
    }

    /// The strings at a dotted path (`author.name`, `image.0.url`): arrays are walked into
    /// (every element, or the one a number names); an object at the end gives its `name`,
    /// else its `url`, else its `@id`.
    static func strings(at path: String, in root: JSONValue?) -> [String] {
        guard let root else { return [] }
        var current: [JSONValue] = [root]
        for part in path.split(separator: ".").map(String.init) {
            var next: [JSONValue] = []
            for value in current {
                if case .array(let items) = value {
                    if let i = Int(part) { if i >= 0 && i < items.count { next.append(items[i]) } } else {
                        next += items.compactMap { $0[part] }
                    }
                } else if let v = value[part] {
                    next.append(v)
                }
            }
            current = next
        }
        return current.flatMap(scalarStrings)
    }

    static func scalarStrings(_ value: JSONValue) -> [String] {
        switch value {
        case .array(let items): return items.flatMap(scalarStrings)
        case .object:
            for key in ["name", "url", "@id", "@value"] { if let s = value[key]?.string { return [s] } }
            return []
        default:
            return value.string.map { [$0] } ?? []
        }
    }
}
