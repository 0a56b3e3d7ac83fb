import Foundation
import KabarCore
import KabarHTML

/// What both SINDOnews designs share: the head (JSON-LD, meta), the body clean-up (inline
/// "Baca Juga", editor initials, ads, video embeds, pager), images with their credit, dates,
/// authors, tags and the section.
struct SindonewsPage {
    let page: Page
    var document: HTMLDocument { page.document }
    /// JSON-LD `NewsArticle` (S2, page 1 only).
    let article: JSONValue?

    init(_ page: Page) {
        self.page = page
        self.article = page.document.jsonLD(ofType: ["NewsArticle", "Article", "ReportageNewsArticle"])
    }

    // MARK: Head

    /// The article's canonical address: `<link rel=canonical>` or `og:url` when they name an
    /// article, else the page's own URL (the plugin folds either to page 1).
    ///
    /// The document's `declaredURL` (worked out once a page: `kabar extract` and the record
    /// builder ask for it too) is that answer when it names an article and was read where this
    /// reads first: a link whose `rel` is exactly `canonical` (every earlier link naming
    /// `canonical` had no usable address, so neither had any earlier `rel=canonical` one), or
    /// `og:url` (no link naming `canonical` had a usable address). Otherwise
    /// `referenceCanonicalURL` reads the links again.
    func canonicalURL() -> URL {
        if let declared = document.declaredURL, Sindonews().isArticle(declared) {
            guard let link = document.declaredLink else { return declared }
            if link["rel"] == "canonical" { return declared }
        }
        return referenceCanonicalURL()
    }

    /// `canonicalURL` read from the page itself: the code it replaced, kept for the pages
    /// `declaredURL` does not answer for and as the tests' reference.
    func referenceCanonicalURL() -> URL {
        let site = Sindonews()
        for link in document.select("link[rel=canonical]") {
            if let url = document.absoluteURL(link["href"]), site.isArticle(url) { return url }
        }
        if let url = document.absoluteURL(document.metaTags["og:url"]), site.isArticle(url) { return url }
        return page.url
    }

    /// `meta[name=keywords]` split at commas, else the tag links.
    func tags(fallback selector: String = ".article-tags a") -> [String] {
        if let keywords = document.metaTags["keywords"] {
            let tags = keywords.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
            if !tags.isEmpty { return tags }
        }
        return document.select(selector).map(\.text).filter { !$0.isEmpty }
    }

    /// JSON-LD `BreadcrumbList` (unnumbered items in place, names trimmed): the first item
    /// after Home; else the printed breadcrumb (`selector`, in document order).
    func section(breadcrumb selector: String) -> String? {
        BreadcrumbSection(homeNames: Self.homeNames, selectors: [selector], unnumbered: .inPlace,
                          jsonLDName: { $0.trimmed }, printedName: { $0 }).section(of: document)
    }

    static let homeNames: Set<String> = ["home", "beranda", "sindonews", "sindonews.com", "index"]

    /// JSON-LD `author` names, else the printed byline; ALL-CAPS names in title case.
    func authors(printed selector: String) -> [String] {
        var names: [String] = []
        for author in article?["author"]?.array ?? [] where !author.isType(["Organization", "NewsMediaOrganization"]) {
            if let name = author.string ?? author["name"]?.string { names.append(name) }
        }
        if names.isEmpty { names = document.select(selector).map(\.text) }
        return names.map { $0.trimmed }.filter { !$0.isEmpty }.map(TextNormalizer.personName)
    }

    /// JSON-LD `datePublished`; else the printed date (`printed` selectors in order); else
    /// `article:published_time`; else the Unix time the URL's slug ends with (WIB): of
    /// `canonical` (the page's `canonicalURL()`, worked out once by the caller) or the page's URL.
    func published(printed selectors: [String], canonical: URL) -> NewsDate? {
        if let raw = article?["datePublished"]?.string, let date = NewsDateParser.parse(raw) { return date }
        for selector in selectors {
            if let text = document.first(selector)?.text, let date = NewsDateParser.parse(text) { return date }
        }
        if let raw = document.metaTags["article:published_time"], let date = NewsDateParser.parse(raw) { return date }
        for url in [canonical, page.url] {
            if let address = ArticleAddress(url) {
                return NewsDate(date: Date(timeIntervalSince1970: TimeInterval(address.timestamp)), utcOffset: 7 * 3600)
            }
        }
        return nil
    }

    var modified: NewsDate? {
        article?["dateModified"]?.string.flatMap { NewsDateParser.parse($0) }
    }

    /// `total_page` from the page's scripts, when it says.
    static func totalPages(in document: HTMLDocument) -> Int? { scriptNumber("total_page", in: document) }

    /// The names `scriptNumber` is asked for: the parse keeps the scripts holding them.
    static let scriptWords: Set<String> = ["total_page", "current_page"]

    /// The number a page script assigns to `name` (`var total_page = 3;`), when one does.
    /// `name` is one of `scriptWords`.
    static func scriptNumber(_ name: String, in document: HTMLDocument) -> Int? {
        for script in document.select("script") {
            let code = script.rawText
            guard let range = code.range(of: name) else { continue }
            let digits = code[range.upperBound...].drop { !$0.isNumber && ($0 == " " || $0 == "=" || $0 == ":" || $0 == "\"" || $0 == "'") }
                .prefix { $0.isASCII && $0.isNumber }
            if let n = Int(digits) { return n }
        }
        return nil
    }

    // MARK: Images

    /// The lead image inside `container`: the real URL from `data-src` (lazy loading), else
    /// `src` unless that is the placeholder; the caption with its credit split off.
    static func leadImage(in container: HTMLNode?) -> ImageRef? {
        guard let container, let img = container.first("img") else { return nil }
        // The attributes read in order until one holds a real URL (most pages: the first).
        guard let url = imageAttributes.lazy.compactMap({ img[$0]?.trimmed })
            .first(where: { !$0.isEmpty && !isPlaceholder($0) }) else { return nil }
        var captionText: String?
        if let node = container.first("figcaption, .caption, [class*=caption]") {
            captionText = node.text
        } else {
            let lines = container.text.split(separator: "\n").map(String.init).filter { !isLoading($0) }
            captionText = lines.joined(separator: " ")
        }
        let (caption, credit) = CaptionCredit.split(captionText)
        return ImageRef(url: url, caption: caption, credit: credit, role: .lead)
    }

    /// Where the lead image's URL may be, in order: lazy loading's attributes, then `src`.
    static let imageAttributes = ["data-src", "data-original", "data-lazy-src", "src"]

    static func isPlaceholder(_ src: String) -> Bool {
        if let s = ASCIIBytes.lowercased(src) {
            return ASCIIBytes.hasPrefix(s, placeholderBytes[0]) || placeholderBytes.dropFirst().contains { ASCIIBytes.contains(s, $0) }
        }
        let s = src.lowercased()
        return s.hasPrefix("data:") || s.contains("pre-images") || s.contains("/loading") || s.contains("blank.")
    }

    /// `isPlaceholder`'s prefix and words, as bytes.
    static let placeholderBytes = ["data:", "pre-images", "/loading", "blank."].map { Array($0.utf8) }

    static func isLoading(_ text: String) -> Bool {
        let t = text.trimmed.lowercased()
        return t == "loading" || t == "loading..." || t == "loading…" || t == "loading gif"
    }

    // MARK: Body

    /// A link, or an element holding nothing but a link (`<strong><a>…</a></strong>`).
    static func isLink(_ node: HTMLNode) -> Bool {
        if node.tag == "a" { return true }
        guard node.isElement, let a = node.first("a") else { return false }
        return node.text == a.text
    }

    /// Noise inside a body container: ads, embeds, video players, the pager, the editor line.
    static let noiseSelector = [
        "ins", "iframe", "script", "noscript", "style", "form", "[id^=\"ads_\"]", ".adsbygoogle",
        "[class^=\"v-\"]", "[class*=\" v-\"]", ".v-youtube", ".paging-artikel", ".paging-all", ".editor",
        "[class^=\"ads-\"]", "[class*=\" ads-\"]", "[class*=\"loading\"]", "[class*=\"baca-juga\"]",
    ].joined(separator: ", ")

    /// The body blocks of `containers` (the body's text containers, in page order) and of
    /// the article's blocks outside them in `column` (figures, text, lists and subheadings
    /// between or after them, found by KabarCore's `ArticleColumn`), cleaned, in reading
    /// order; `editor` gets the editor's initials, and `images` the pictures of the blocks
    /// found outside the containers, as inline images.
    static func body(of containers: [HTMLNode], column: HTMLNode?, editor: inout String?, images: inout [ImageRef]) -> [Block] {
        guard let last = containers.last else { return [] }
        editor = editorInitials(in: last)
        let scope = column ?? last.parent ?? last
        let inScope = scope.select(noiseSelector)
        let noise = Set(inScope)
        let found = ArticleColumn(containers: containers, column: column, isNoise: { noise.contains($0) })
        let nodes = found?.nodes ?? containers
        let noiseBelow = NoiseBelow(inScope, nodes: nodes, scope: scope)
        // Block-level noise (an ad box, a video embed between two text runs) still ends the
        // paragraph before it, as it does on screen: it is emptied, not skipped.
        var skipped = Set<HTMLNode>()
        for (i, node) in nodes.enumerated() {
            removeBacaJuga(in: node)
            for noisy in noiseBelow.noise(below: i, of: node) {
                if TextFlow.blocks.contains(noisy.tag) {
                    for child in noisy.childNodes { child.remove() }
                } else {
                    skipped.insert(noisy)
                }
            }
        }
        // Pictures of the blocks found outside the containers: a figure, or a block of only a
        // picture (a block of text with a picture in it is not a caption of it).
        for stray in found?.strays ?? [] {
            let text = TextNormalizer.clean(stray.text)
            guard let box = stray.tag == "figure" ? stray : stray.first("figure") ?? (text == nil ? stray : nil) else { continue }
            if var image = leadImage(in: box) {
                image.role = .inline
                images.append(image)
            }
        }
        let builder = BodyBuilder(skip: { skipped.contains($0) || (found?.skips($0) ?? false) })
        return builder.blocks(of: nodes).filter { block in
            guard block.type == .paragraph, !cannotBeFurniture(block.text), let text = TextNormalizer.clean(block.text) else { return true }
            return !isFurniture(text)
        }
    }

    /// Whether `isFurniture` is false for the clean form of `text` whatever the rest of it is:
    /// it starts with an ASCII letter or digit that no furniture starts with (every furniture
    /// text starts with l, h or b, either case). Cleaning keeps such a first character
    /// (no entity, no white space to drop; a mark composing with it makes a letter that is not
    /// l, h or b either), so most paragraphs are neither cleaned nor lower-cased here.
    static func cannotBeFurniture(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        let lower = first | 0x20
        let alphanumeric = (lower >= 0x61 && lower <= 0x7A) || (first >= 0x30 && first <= 0x39)
        return alphanumeric && lower != 0x6C /* l */ && lower != 0x68 /* h */ && lower != 0x62 /* b */
    }

    /// The noise selector's matches below each of the body's nodes (disjoint subtrees, in
    /// page order), taken from its one selection over the column instead of selecting again
    /// in each node: the column's matches are shared out to the node holding them. A node
    /// outside the column is selected in as before. What `removeBacaJuga` took out of a node
    /// after the column's selection is left out (no longer inside it), as a selection made
    /// after it would leave it out.
    struct NoiseBelow {
        let scope: HTMLNode
        /// Per node, the column's matches inside it, in document order.
        var lists: [[HTMLNode]]

        init(_ inScope: [HTMLNode], nodes: [HTMLNode], scope: HTMLNode) {
            self.scope = scope
            lists = Array(repeating: [], count: nodes.count)
            guard !inScope.isEmpty else { return }
            var position: [HTMLNode: Int] = [:]
            for (i, node) in nodes.enumerated() { position[node] = i }
            for noisy in inScope {
                // The nearest node above it (a node itself is not below itself).
                var above = noisy.parent
                while let a = above, a != scope {
                    if let i = position[a] { lists[i].append(noisy); break }
                    above = a.parent
                }
            }
        }

        /// `node.select(noiseSelector)`, where `node` is the `i`th of the nodes.
        func noise(below i: Int, of node: HTMLNode) -> [HTMLNode] {
            guard node != scope, scope.contains(node) else { return node.select(SindonewsPage.noiseSelector) }
            return lists[i].filter { node.contains($0) }
        }
    }

    /// Paragraphs that are page furniture, not text: "loading...", the "Halaman :" label of
    /// the pager, "Baca Selengkapnya", a lone "Baca Juga".
    static func isFurniture(_ text: String) -> Bool {
        if isLoading(text) { return true }
        let t = text.lowercased()
        // "Halaman :", "Halaman: 1 2 3"
        if t.hasPrefix("halaman"), t.dropFirst("halaman".count).allSatisfy({ $0 == ":" || $0 == " " || $0.isNumber }) { return true }
        return isBacaLabel(t, allowing: "selengkapnya") || isBacaLabel(t, allowing: "juga")
    }

    /// "baca juga", "baca juga:", "baca juga :" (or "baca selengkapnya"), lower-cased.
    static func isBacaLabel(_ t: String, allowing word: String) -> Bool {
        let prefix = "baca " + word
        guard t.hasPrefix(prefix) else { return false }
        return t.dropFirst(prefix.count).allSatisfy { $0 == ":" || $0 == " " }
    }

    /// Editor initials: `<div class="editor">(rca)</div>` (S2), or a last text line "(ian)"
    /// (S1). The line is taken out of the tree.
    static func editorInitials(in container: HTMLNode) -> String? {
        if let node = container.first(".editor") ?? container.document.first("div.editor") {
            let text = node.text.trimmed
            let inner = text.hasPrefix("(") && text.hasSuffix(")") ? String(text.dropFirst().dropLast()) : text
            if !inner.isEmpty { return inner.trimmed }
        }
        guard let last = lastText(in: container) else { return nil }
        let text = last.rawText.trimmed
        guard let initials = editorInitials(fromLine: text) else { return nil }
        last.remove()
        return initials
    }

    /// The container's last text in document order that is not only white space, outside
    /// scripts, styles and noscript: what `lastTextExpression` selects, found by walking back
    /// from the container's end (a few nodes) instead of an XPath evaluation over all of it.
    static func lastText(in container: HTMLNode) -> HTMLNode? {
        var above: HTMLNode? = container
        while let a = above {
            if hiddenTags.contains(a.tag) { return nil }
            above = a.parent
        }
        var node = container.childNodes.last
        while let n = node {
            if n.isElement {
                if !hiddenTags.contains(n.tag), let last = n.childNodes.last { node = last; continue }
            } else if n.isText, n.rawText.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                return n
            }
            // Back to the previous sibling of this node or of its nearest ancestor that has one.
            var at = n
            while true {
                if let previous = at.previousSibling { node = previous; break }
                guard let up = at.parent, up != container else { return nil }
                at = up
            }
        }
        return nil
    }

    static let hiddenTags: Set<String> = ["script", "style", "noscript"]

    /// The XPath `lastText(in:)` stands in for (kept as its reference in the tests).
    static let lastTextExpression = "(.//text()[normalize-space()][not(ancestor::script)][not(ancestor::style)][not(ancestor::noscript)])[last()]"

    /// "(ian)" or "(ian/rca)": 2–6 lower-case letters per initials group, in parentheses.
    static func editorInitials(fromLine text: String) -> String? {
        guard text.hasPrefix("("), text.hasSuffix(")") else { return nil }
        let inner = text.dropFirst().dropLast()
        let groups = inner.split(separator: "/", omittingEmptySubsequences: false)
        let valid = groups.allSatisfy { g in (2...6).contains(g.count) && g.allSatisfy { $0.isASCII && $0.isLowercase } }
        return valid ? String(inner) : nil
    }

    /// Inline "Baca Juga:" links: the bold label (with or without a colon) and the link after
    /// it, or a bold label wrapping the link. They are not in a container of their own.
    static func removeBacaJuga(in container: HTMLNode) {
        for label in container.select("strong, b") {
            let text = label.text.trimmed.lowercased()
            guard text.hasPrefix("baca juga") else { continue }
            let labelOnly = isBacaLabel(text, allowing: "juga")
            if !labelOnly {
                if label.first("a") != nil { label.remove() }
                continue
            }
            // Between the label and its link: white space, a colon outside the bold, at most one <br>.
            var between: [HTMLNode] = []
            var breaks = 0
            var next = label.nextSibling
            while let node = next {
                if node.isText, node.rawText.allSatisfy({ $0.isWhitespace || $0 == ":" }) {
                    between.append(node)
                } else if node.tag == "br", breaks == 0 {
                    breaks += 1
                    between.append(node)
                } else {
                    break
                }
                next = node.nextSibling
            }
            label.remove()
            if let link = next, isLink(link) {
                between.forEach { $0.remove() }
                link.remove()
            } else {
                between.filter(\.isText).forEach { $0.remove() }
            }
        }
    }
}
