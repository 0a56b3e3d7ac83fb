import Foundation
import GenericExtractor
import KabarCore
import KabarDeclarative
import KabarHTML

/// Turns the generic extractor's findings on one page into a declarative file's sources: for
/// each field, the candidate sources (JSON-LD, `<meta>`, CSS paths of the elements the generic
/// extractor chose) that give the same value on this page, best first.
struct SelectorProposer {
    let page: Page
    let findings: GenericFindings
    /// A throwaway extractor used to read candidates exactly as the real one will.
    let probe: DeclarativeExtractor

    init(page: Page, findings: GenericFindings, id: String, host: String, language: String?) {
        self.page = page
        self.findings = findings
        var spec = DeclarativeSpec(id: id, version: 1, hosts: [host], file: "(proposal)")
        spec.language = language
        probe = DeclarativeExtractor(spec: spec)
    }

    /// Sources per field (at most two each, the first matching the generic extractor's value).
    func propose() -> [(DeclarativeField, [FieldSource])] {
        let g = findings.extraction
        var result: [(DeclarativeField, [FieldSource])] = []
        func add(_ field: DeclarativeField, _ candidates: [FieldSource], same: (Extraction) -> Bool) {
            var chosen: [FieldSource] = []
            for c in candidates where chosen.count < 2 {
                guard let e = probe.probe(field, c, page: page), same(e) else { continue }
                if !chosen.contains(where: { $0.description == c.description }) { chosen.append(c) }
            }
            if !chosen.isEmpty { result.append((field, chosen)) }
        }
        let headlineCSS = findings.headlineElement.flatMap { cssPath(for: [$0]) }
        add(.headline, [jsonld("headline"), headlineCSS.map(css), meta("og:title"), css("h1")].compactMap { $0 }) { $0.headline == g.headline }
        add(.lead, [jsonld("description"), meta("description"), meta("og:description")]) { $0.lead == g.lead && g.lead != nil }
        // A byline in one string ("A and B") is cut where the generic extractor cuts it.
        func names(_ f: FieldSource) -> FieldSource { var f = f; f.separators = Generic.authorSeparators; return f }
        add(.authors, [jsonld("author.name"), jsonld("author"), names(jsonld("author.name")), names(jsonld("author")),
                       meta("author"), meta("author", split: ","), names(meta("author")), meta("article:author"),
                       css("[rel=author]"), css(".author a"), css(".byline a"), css("[itemprop=author] [itemprop=name]"),
                       css(".author"), css(".byline"), css(".author", split: ","), css(".byline", split: ",")]) {
            !g.authors.isEmpty && $0.authors.map { $0.lowercased() } == g.authors.map { $0.lowercased() }
        }
        add(.published, [jsonld("datePublished"), meta("article:published_time"), css("time[itemprop=datePublished]", attr: "datetime"),
                         css("time[datetime]", attr: "datetime"), meta("date"), meta("pubdate")]) {
            g.published != nil && $0.published?.date == g.published?.date
        }
        add(.modified, [jsonld("dateModified"), meta("article:modified_time"), css("time[itemprop=dateModified]", attr: "datetime")]) {
            g.modified != nil && $0.modified?.date == g.modified?.date
        }
        add(.section, [meta("article:section"), jsonld("articleSection")]) { g.section != nil && $0.section == g.section }
        add(.tags, [meta("article:tag"), meta("news_keywords", split: ","), meta("keywords", split: ","), jsonld("keywords"), jsonld("keywords", split: ",")]) {
            !g.tags.isEmpty && $0.tags == g.tags
        }
        let leadURL = g.images.first { $0.role == .lead }?.url
        let doc = page.document
        // Where the generic extractor looks for the lead picture (`ImageFinder`), in its order.
        var leadCandidates = [meta("og:image"), meta("og:image:url"), meta("twitter:image"), jsonld("image.url"), jsonld("image")]
        if let leadURL, let img = doc.select("img").first(where: { img in
            DeclarativeExtractor.imageURL(of: img).flatMap(doc.absoluteURL)?.absoluteString == leadURL
        }), let path = cssPath(for: [img]) {
            var source = css(path)
            source.caption = "figcaption"
            leadCandidates.insert(source, at: 0)
        }
        add(.leadImage, leadCandidates) { e in
            leadURL != nil && e.images.first.flatMap { doc.absoluteURL($0.url) }?.absoluteString == leadURL
        }
        if let body = cssPath(for: findings.bodyContainers) {
            result.append((.body, [css(body)]))
            if g.images.contains(where: { $0.role == .inline }) {
                var figure = css("\(body) figure img")
                figure.caption = "figcaption"
                if probe.probe(.images, figure, page: page) != nil { result.append((.images, [figure])) }
            }
        }
        return result
    }

    /// Elements inside the body containers the generic extractor left out (ads, share bars,
    /// related links) as selectors to remove: class or id names that match nothing holding
    /// body text.
    func removals(bodySelector: String) -> [String] {
        let bodyText = findings.extraction.body.map(\.text).joined(separator: "\n")
        let doc = page.document
        let imageURLs = Set(findings.extraction.images.map(\.url))
        // An element around a picture the generic extractor took (a figure's wrapper with its
        // caption, a layout column with the lead picture) stays: removing it loses the picture.
        func holdsImage(_ n: HTMLNode) -> Bool {
            n.select("img").contains { img in
                DeclarativeExtractor.imageURL(of: img).flatMap(doc.absoluteURL).map { imageURLs.contains($0.absoluteString) } ?? false
            }
        }
        var proposals: [String] = []
        for container in page.document.select(bodySelector) {
            for node in container.select("*") where !["p", "h2", "h3", "h4", "h5", "h6", "figure", "img", "figcaption", "picture", "a", "strong", "em", "b", "i", "span", "blockquote", "ul", "ol", "li", "br"].contains(node.tag) {
                let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty, !bodyText.contains(String(text.prefix(40))) else { continue }
                guard let selector = simpleSelector(node), !proposals.contains(selector) else { continue }
                // Never remove something that holds body text or a picture elsewhere.
                let holdsBody = doc.select(selector).contains { n in
                    let t = n.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    return !t.isEmpty && bodyText.contains(String(t.prefix(40))) || holdsImage(n)
                }
                if !holdsBody { proposals.append(selector) }
            }
        }
        return proposals
    }

    // MARK: CSS paths

    /// A selector matching exactly `nodes` on the page: `tag#id`, `tag.class`, or such a step
    /// under a parent's; nil when none is found within four levels.
    func cssPath(for nodes: [HTMLNode]) -> String? {
        guard !nodes.isEmpty else { return nil }
        let doc = page.document
        func exact(_ selector: String) -> Bool { (try? doc.selectOrThrow(selector)) == nodes }
        // One selector for all of them (a body cut in chunks with one class).
        if let first = nodes.first {
            for step in steps(first) where exact(step) { return step }
        }
        if nodes.count > 1 {
            let parts = nodes.compactMap { cssPath(for: [$0]) }
            if parts.count == nodes.count, exact(parts.joined(separator: ", ")) { return parts.joined(separator: ", ") }
            return nil
        }
        var node = nodes[0]
        var suffix = ""
        for _ in 0..<4 {
            let own = steps(node).first ?? node.tag
            guard let parent = node.parent, parent.isElement, parent.tag != "html" else { break }
            suffix = suffix.isEmpty ? own : "\(own) > \(suffix)"
            for step in steps(parent) {
                let candidate = "\(step) > \(suffix)"
                if exact(candidate) { return candidate }
            }
            node = parent
        }
        return nil
    }

    /// Candidate selectors for one element, most specific names first.
    func steps(_ node: HTMLNode) -> [String] {
        var out: [String] = []
        if let id = node["id"], Self.isIdent(id) { out.append("\(node.tag)#\(id)") }
        let classes = node.classes.map(String.init).filter(Self.isIdent)
        for c in classes { out.append("\(node.tag).\(c)") }
        if classes.count > 1 { out.append(node.tag + classes.map { ".\($0)" }.joined()) }
        out.append(node.tag)
        return out
    }

    func simpleSelector(_ node: HTMLNode) -> String? {
        if let id = node["id"], Self.isIdent(id) { return "#\(id)" }
        if let c = node.classes.map(String.init).first(where: Self.isIdent) { return "\(node.tag).\(c)" }
        return nil
    }

    static func isIdent(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, CharacterSet.letters.contains(first) || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
    }

    // MARK: Sources

    func css(_ s: String) -> FieldSource { FieldSource(.css(s), key: "") }
    func css(_ s: String, attr: String? = nil, split: String? = nil) -> FieldSource {
        var f = FieldSource(.css(s), key: "")
        f.attr = attr
        f.split = split
        return f
    }
    func meta(_ s: String, split: String? = nil) -> FieldSource {
        var f = FieldSource(.meta(s), key: "")
        f.split = split
        return f
    }
    func jsonld(_ s: String, split: String? = nil) -> FieldSource {
        var f = FieldSource(.jsonld(s), key: "")
        f.split = split
        return f
    }
}
