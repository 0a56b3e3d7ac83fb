import Foundation
import KabarCore
import KabarHTML

/// A site extractor read from a declarative file: the same `Extractor` protocol as the Swift
/// plugins, and the same building blocks (`BodyBuilder`, `CaptionCredit`, `NewsDateParser`,
/// `TextNormalizer`), so `RecordBuilder` makes the same record from it.
public struct DeclarativeExtractor: Extractor {
    public let spec: DeclarativeSpec
    /// `.kept` when the file names a script or style element (`ScriptReading`).
    public let scriptText: ScriptText

    public init(spec: DeclarativeSpec) {
        self.spec = spec
        scriptText = ScriptReading.scriptText(of: spec)
    }

    public var id: String { spec.id }
    public var version: Int { spec.version }
    public var hosts: [String] { spec.hosts }
    public var expectations: FieldExpectations { spec.expect }

    /// On one of the hosts, and matching `article_url` when given (else any path but `/`).
    public func isArticle(_ url: URL) -> Bool {
        guard claims(url) else { return false }
        if let pattern = spec.articleURL { return pattern.matches(url.absoluteString) }
        return url.path.count > 1
    }

    public func extract(_ page: Page) throws -> Extraction {
        try extractWithTrace(page).extraction
    }

    /// Extracts the page and says how: the variant, the removals, the source of each field.
    public func extractWithTrace(_ page: Page) throws -> (extraction: Extraction, trace: ExtractionTrace) {
        let document = page.document
        // Metadata is read before anything is removed (a `remove: script` must not lose the JSON-LD).
        let reader = FieldReader(document: document)
        _ = document.metaTags
        var trace = ExtractionTrace()

        let variant = spec.variants.first { !reader.nodes($0.when).isEmpty }
        trace.variant = variant?.name

        // Removal: every selector's matches first, then the outermost of them unlinked.
        var doomed: [HTMLNode] = []
        for selector in spec.remove + (variant?.remove ?? []) {
            var found = reader.nodes(selector).filter(\.isElement)
            if !selector.startingWith.isEmpty {
                found = found.filter { TextStart.matches($0, anyOf: selector.startingWith) }
            }
            trace.removed.append(.init(selector: selector, count: found.count))
            doomed += found
        }
        for node in HTMLNode.outermost(doomed) { node.remove() }

        var e = Extraction()
        let paragraphs = variant?.paragraphs ?? spec.paragraphs
        for field in DeclarativeField.allCases {
            let fromVariant = variant?.fields[field] != nil
            guard let rule = variant?.fields[field] ?? spec.fields[field] else { continue }
            var misses: [FieldSource] = []
            var reasons: [String] = []
            var winner: FieldSource?
            for source in rule.sources {
                if read(field, source, reader: reader, paragraphs: paragraphs, page: page, into: &e) {
                    winner = source
                    break
                }
                misses.append(source)
                reasons.append(whyNothing(field, source, reader: reader, paragraphs: paragraphs))
            }
            trace.fields.append(.init(field: field, source: winner, misses: misses, reasons: reasons, variant: fromVariant ? variant?.name : nil))
        }

        if spec.leadInBody, let lead = e.lead {
            // Every value of the lead's source opens the body (a standfirst of several
            // paragraphs); the record's lead stays the first.
            let source = trace.fields.first { $0.field == .lead }?.source
            var paragraphs = source.map { reader.values($0, list: true) } ?? []
            if paragraphs.first != lead { paragraphs = [lead] }
            if !e.body.starts(with: paragraphs.map(Block.paragraph)) {
                e.body.insert(contentsOf: paragraphs.map(Block.paragraph), at: 0)
            }
        }
        if e.language == nil { e.language = spec.language ?? document.language.map { String($0.prefix(2)).lowercased() } }
        e.canonicalURL = ArticleAssembler.declaredURL(of: document)
        if let free = reader.article?["isAccessibleForFree"]?.bool { e.paywalled = !free }
        if let variant { e.metadata["design"] = variant.name }
        if e.headline == nil {
            throw ExtractionError(url: page.url, "\(spec.id): no headline (\(describe(trace.field(.headline))))")
        }
        // A block with any character outside `.whitespaces` (what trimming it would keep),
        // found from the front without Foundation trimming every block.
        if !e.body.contains(where: { $0.text.unicodeScalars.contains { !CharacterSet.whitespaces.contains($0) } }) {
            throw ExtractionError(url: page.url, "\(spec.id): no body text (\(describe(trace.field(.body))))")
        }
        return (e, trace)
    }

    /// The sources a required field tried, each with why it gave nothing:
    /// `css: h1.title (Plugins/x.yaml:11) matched nothing`.
    func describe(_ field: ExtractionTrace.Field?) -> String {
        guard let field else { return "not in the file" }
        return zip(field.misses, field.reasons).map { "\($0.description) (\(spec.file):\($0.line.map(String.init) ?? "?")) \($1)" }
            .joined(separator: ", ")
    }

    /// Why `source` gave `field` nothing on the page: it matched nothing, or what it matched and
    /// where its values were lost (no text or attribute, the pattern, not a date, no image
    /// address), with an example value, so that a selector that is right is not taken for wrong.
    func whyNothing(_ field: DeclarativeField, _ source: FieldSource, reader: FieldReader, paragraphs: ParagraphMode) -> String {
        var found: String
        switch source.kind {
        case .css, .xpath:
            let nodes = reader.nodes(source)
            if nodes.isEmpty { return "matched nothing" }
            found = "matched \(nodes.count) \(nodes.count == 1 ? "node" : "nodes")"
            if nodes.allSatisfy(\.isElement) { found = "matched \(nodes.count) \(nodes.count == 1 ? "element" : "elements")" }
            if field == .body {
                return paragraphs == .p ? "\(found), with no text in their p, h2-h6, blockquote, lists or pre (paragraphs: p)" : "\(found), with no text"
            }
            if field.isImage, source.attr == nil, source.pattern == nil {
                return "\(found), with no image address (data-src, data-lazy-src, data-original, src or srcset)"
            }
        case .meta(let name):
            var plain = source
            plain.pattern = nil
            if reader.values(plain, list: true).isEmpty { return "matched nothing" }
            found = "found <meta> \(name)"
        case .jsonld:
            var plain = source
            plain.pattern = nil
            if reader.values(plain, list: true).isEmpty {
                return reader.article == nil ? "matched nothing (the page has no JSON-LD article)" : "matched nothing"
            }
            found = "found it in the JSON-LD article"
        }
        var plain = source
        plain.pattern = nil
        let values = reader.values(plain, list: true)
        guard let first = values.first else {
            return source.attr.map { "\(found), with no \($0) attribute (or an empty one)" } ?? "\(found), with no text"
        }
        let patterned = source.pattern == nil ? values : reader.values(source, list: true)
        guard let value = patterned.first else {
            return "\(found), but the pattern matches no value, e.g. \(Self.quoted(first))"
        }
        if field == .published || field == .modified {
            let formats = spec.dateFormat.map { "neither date_format '\($0)' nor a built-in form" } ?? "no built-in form; add date_format:"
            return "\(found), but no value reads as a date (\(formats)), e.g. \(Self.quoted(value))"
        }
        return "\(found), giving nothing"
    }

    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 80 ? String(text.prefix(79)) + "…" : text) + "\""
    }

    /// Reads one field from one source into `e`; false when the source yields nothing.
    func read(_ field: DeclarativeField, _ source: FieldSource, reader: FieldReader, paragraphs: ParagraphMode,
              page: Page, into e: inout Extraction) -> Bool {
        switch field {
        case .headline, .lead, .section, .language:
            guard let value = reader.values(source, list: false).first else { return false }
            switch field {
            case .headline: e.headline = value
            case .lead: e.lead = value
            case .section: e.section = value
            default: e.language = value.lowercased()
            }
        case .published, .modified:
            guard let date = reader.values(source, list: true).lazy.compactMap(parseDate).first else { return false }
            if field == .published { e.published = date } else { e.modified = date }
        case .authors:
            let names = reader.values(source, list: true).map(Self.authorName)
            guard !names.isEmpty else { return false }
            e.authors = names
        case .tags:
            let tags = reader.values(source, list: true)
            guard !tags.isEmpty else { return false }
            e.tags = tags
        case .body:
            let blocks = body(source, reader: reader, paragraphs: paragraphs)
            guard blocks.contains(where: { !$0.text.isEmpty }) else { return false }
            e.body = blocks
        case .leadImage:
            guard let image = images(source, reader: reader, role: .lead).first else { return false }
            e.images.removeAll { $0.url == image.url }
            e.images.insert(image, at: 0)
        case .images:
            let found = images(source, reader: reader, role: .inline).filter { image in !e.images.contains { $0.url == image.url } }
            guard !found.isEmpty else { return false }
            e.images += found
        }
        return true
    }

    /// A name printed in capitals is title-cased (`TextNormalizer.personName`), except agency
    /// initials: one word of two or three capitals (AP, AFP, DPA, EFE) stays as printed.
    static func authorName(_ name: String) -> String {
        if (2...3).contains(name.count), name.allSatisfy({ $0.isLetter && $0.isUppercase }) { return name }
        return TextNormalizer.personName(name)
    }

    // MARK: Body

    static let paragraphElements = "p, h2, h3, h4, h5, h6, blockquote, ul, ol, pre"

    func body(_ source: FieldSource, reader: FieldReader, paragraphs: ParagraphMode) -> [Block] {
        var builder = BodyBuilder(boldLineHeadings: spec.boldHeadings)
        builder.singleBreakEndsParagraph = paragraphs == .br
        switch source.kind {
        case .css, .xpath:
            let containers = reader.nodes(source).filter(\.isElement)
            let outermost = HTMLNode.outermost(containers)
            guard paragraphs == .p else { return Self.blocks(of: outermost, builder) }
            var parts: [HTMLNode] = []
            for container in outermost {
                // The container may itself be a paragraph (`div.article p`).
                if container.matchesTag(in: ["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "pre"]) {
                    parts.append(container)
                    continue
                }
                for node in container.select(Self.paragraphElements) where !(parts.last?.contains(node) ?? false) {
                    parts.append(node)
                }
            }
            return Self.blocks(of: parts, builder)
        case .jsonld, .meta:
            // Text from metadata: one paragraph per line.
            return reader.values(source, list: false).first.map { text in
                text.components(separatedBy: "\n").compactMap { TextNormalizer.clean($0) }.map { Block.paragraph($0) }
            } ?? []
        }
    }

    /// Blocks of the matched elements in order. An element that is itself a heading, quote or
    /// list (`div.body p, div.body h2`) is that kind of block: `BodyBuilder` reads only what is
    /// inside the element it is given.
    static func blocks(of nodes: [HTMLNode], _ builder: BodyBuilder) -> [Block] {
        var result: [Block] = []
        for node in nodes {
            let inner = builder.blocks(of: node)
            let kind: Block.Kind?
            switch node.tag {
            case "h1", "h2", "h3", "h4", "h5", "h6": kind = .heading
            case "blockquote": kind = .quote
            case "ul", "ol": kind = .list
            default: kind = nil
            }
            if let kind, !inner.isEmpty {
                let items = kind == .list ? node.select("li").compactMap { TextNormalizer.clean($0.text) } : inner.map(\.text)
                result.append(Block(kind, items.joined(separator: kind == .list ? "\n" : " ")))
            } else {
                result += inner
            }
        }
        return result
    }

    // MARK: Images

    func images(_ source: FieldSource, reader: FieldReader, role: ImageRef.Role) -> [ImageRef] {
        var result: [ImageRef] = []
        var urls = Set<String>()
        switch source.kind {
        case .css, .xpath:
            for node in reader.nodes(source) {
                let raw: String?
                if let attr = source.attr { raw = node.isElement ? node[attr] : nil } else if node.isElement {
                    raw = Self.imageURL(of: node)
                } else {
                    raw = node.rawText
                }
                guard var url = raw.flatMap({ TextNormalizer.clean($0) }) else { continue }
                if let pattern = source.pattern { guard let captured = pattern.capture(in: url) else { continue }; url = captured }
                guard urls.insert(url).inserted else { continue }
                let holder = node.isElement ? Self.figure(of: node) : nil
                let printed = source.caption.flatMap { holder?.first($0)?.text }
                var (caption, credit) = CaptionCredit.split(printed)
                if let creditSelector = source.credit {
                    credit = TextNormalizer.clean(holder?.first(creditSelector)?.text)
                    caption = TextNormalizer.clean(printed).map(CaptionCredit.trimmedCaption)
                    if let c = caption, let cr = credit, c.hasSuffix(cr) {
                        caption = TextNormalizer.clean(CaptionCredit.trimmedCaption(String(c.dropLast(cr.count))))
                    }
                }
                result.append(ImageRef(url: url, caption: caption, credit: credit, role: role))
            }
        case .jsonld, .meta:
            for url in reader.values(source, list: true) where urls.insert(url).inserted {
                result.append(ImageRef(url: url, role: role))
            }
        }
        return role == .lead ? Array(result.prefix(1)) : result
    }

    /// An image element's address: lazy-loading attributes first, then `src`, then the first of `srcset`.
    public static func imageURL(of node: HTMLNode) -> String? {
        for attr in ["data-src", "data-lazy-src", "data-original", "src"] {
            if let v = node[attr], !v.isEmpty, !v.hasPrefix("data:") { return v }
        }
        if let srcset = node["srcset"] ?? node["data-srcset"] {
            return srcset.split(separator: ",").first?.split(separator: " ").first.map(String.init)
        }
        return nil
    }

    /// Where an image's caption is looked for: its `figure`, else its parent.
    static func figure(of node: HTMLNode) -> HTMLNode? {
        var current = node.parent
        while let n = current, n.isElement {
            if n.tag == "figure" { return n }
            current = n.parent
        }
        return node.parent
    }

    // MARK: Dates

    func parseDate(_ text: String) -> NewsDate? {
        if let format = spec.dateFormat, let date = DateFormat.parse(text, format: format, language: spec.language, offset: spec.timezone) {
            return date
        }
        return NewsDateParser.parse(text, defaultOffset: spec.timezone)
    }
}

extension HTMLNode {
    func matchesTag(in tags: Set<String>) -> Bool { isElement && tags.contains(tag) }
}

extension DeclarativeExtractor {
    /// What one source alone yields for one field on a page (nil: nothing), read as `extract`
    /// reads it; for tools that try candidate selectors (`kabar new-extractor --from`).
    public func probe(_ field: DeclarativeField, _ source: FieldSource, page: Page) -> Extraction? {
        var e = Extraction()
        let reader = FieldReader(document: page.document)
        return read(field, source, reader: reader, paragraphs: spec.paragraphs, page: page, into: &e) ? e : nil
    }
}
