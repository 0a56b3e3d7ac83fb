import Foundation
import KabarCore
import KabarHTML

/// What Tempo's designs share: text helpers, caption credits, bylines, breadcrumbs, tags and
/// the boilerplate that never belongs in a body.
enum TempoCommon {
    // MARK: Text

    /// Folded, trimmed text; nil when empty.
    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        var acc = LineAccumulator()
        acc.append(text)
        let folded = acc.finish().joined(separator: " ")
        return folded.isEmpty ? nil : folded
    }

    /// Text of the first node matching one of `selectors`.
    static func firstText(_ document: HTMLDocument, _ selectors: [String]) -> String? {
        for selector in selectors {
            for node in document.select(selector) {
                if let text = clean(node.text) { return text }
            }
        }
        return nil
    }

    /// Whether `text` is printed wholly in capitals (at least two letters).
    static func isAllCaps(_ text: String) -> Bool {
        let letters = text.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy { $0.isUppercase }
    }

    /// News agencies whose name closes a story as its source credit rather than its author.
    static let agencies: Set<String> = [
        "ANTARA", "ANTARA NEWS", "REUTERS", "AP", "AFP", "XINHUA", "BLOOMBERG", "BBC", "CNN", "KYODO", "YONHAP",
        "ABC", "AL JAZEERA", "ALJAZEERA", "THE GUARDIAN", "NEW YORK TIMES", "THE STRAITS TIMES", "STRAITS TIMES",
        "JAKARTA POST", "THE JAKARTA POST", "DPA", "ANADOLU", "NHK", "TASS", "SPUTNIK", "ANTARANEWS", "TEMPO",
    ]

    /// A closing byline in bold capitals ("DINI TEJA", "ANTARA", "DINI TEJA | ANTARA") read as
    /// authors and source credits.
    static func readByline(_ text: String) -> (authors: [String], credits: [String]) {
        var authors: [String] = []
        var credits: [String] = []
        for part in text.split(whereSeparator: { $0 == "|" }) {
            guard let p = clean(String(part)) else { continue }
            let key = p.uppercased().trimmingCharacters(in: CharacterSet(charactersIn: " .,"))
            if agencies.contains(key) { credits.append(p) } else { authors.append(TextNormalizer.personName(p)) }
        }
        return (authors, credits)
    }

    // MARK: Captions

    /// Splits a printed caption per the record convention (`CaptionCredit`), after dropping
    /// the trailing "| Tempo" site label of the 2021–23 figcaption; with that label and no
    /// marked credit, the last sentence ("… 4 Maret 2021. Name | Tempo") is the photographer.
    static func splitCaption(_ raw: String?) -> (caption: String?, credit: String?) {
        guard var text = clean(raw) else { return (nil, nil) }
        var hadSiteLabel = false
        if let bar = text.lastIndex(of: "|") {
            if isSiteLabel(text[text.index(after: bar)...]) {
                text = String(text[..<bar])
                hadSiteLabel = true
            }
        }
        let split = CaptionCredit.split(text)
        if split.credit == nil, hadSiteLabel, let caption = split.caption, let dot = caption.range(of: ". ", options: .backwards) {
            return (CaptionCredit.trimmedCaption(String(caption[..<dot.upperBound])), clean(String(caption[dot.upperBound...])))
        }
        return split
    }

    /// Whether `label`, without the spaces and full stops at its ends, is "tempo" in any case:
    /// Foundation's `trimmingCharacters(in: " .")` and `lowercased() == "tempo"` on the bytes
    /// (only the ASCII letters lower-case to "t", "e", "m", "p", "o").
    static func isSiteLabel(_ label: Substring) -> Bool {
        var utf8 = label.utf8[...]
        while let first = utf8.first, first == 0x20 || first == 0x2E { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last == 0x20 || last == 0x2E { utf8 = utf8.dropLast() }
        return utf8.count == 5 && zip(utf8, "tempo".utf8).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
    }

    // MARK: Page furniture

    /// Starts of body paragraphs that are never article text (related links, prompts, paywall).
    static let boilerplatePrefixes = [
        "baca juga", "pilihan editor", "scroll ke bawah untuk melanjutkan membaca",
        "baca berita dengan sedikit iklan", "berlangganan untuk lanjutkan membaca", "baca selengkapnya",
        "no comments:", "post a comment",
    ]

    /// Whole paragraphs that are only an ad label.
    static let boilerplateLines: Set<String> = ["iklan", "advertisement", "scroll untuk melanjutkan membaca"]

    static func isBoilerplate(_ text: String) -> Bool {
        if startsNoBoilerplate(text) { return false }
        let lower = (clean(text) ?? "").lowercased()
        guard !lower.isEmpty else { return false }
        return boilerplateLines.contains(lower) || boilerplatePrefixes.contains { lower.hasPrefix($0) }
    }

    /// The first two letters of each boilerplate line and prefix (all ASCII).
    static let boilerplateStarts: Set<UInt16> = Set((boilerplatePrefixes + boilerplateLines).map { line in
        line.utf8.prefix(2).reduce(0) { $0 << 8 | UInt16($1) }
    })

    /// Whether `text` surely is not boilerplate, told from its first two bytes after white
    /// space: ASCII and, lower-cased, not how any boilerplate starts ("te" of "TEMPO.CO,
    /// Jakarta"). Most paragraphs are turned away here, before the whole text is folded and
    /// lower-cased. (What `clean` and `lowercased` make of two ASCII bytes is the bytes, a
    /// capital lower-cased, and a space for white space, which no boilerplate has there.)
    static func startsNoBoilerplate(_ text: String) -> Bool { startsNoBoilerplate(text, ofAPrefix: false)! }

    /// `ofAPrefix`: `text` is the start of a longer text (whole scalars), and nil is the answer
    /// when the two bytes read are not in it.
    static func startsNoBoilerplate(_ text: String, ofAPrefix: Bool) -> Bool? {
        var text = text
        return text.withUTF8 { b -> Bool? in
            var i = 0
            while i < b.count {
                let width = LineAccumulator.spaceWidth(b, i, b.count)
                if width == 0 { break }
                i += width
            }
            // One byte or none left: a text shorter than any boilerplate.
            guard i + 1 < b.count else { return ofAPrefix ? nil : true }
            guard b[i] < 0x80, b[i + 1] < 0x80 else { return false }
            let lower = { (c: UInt8) -> UInt8 in c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            return !boilerplateStarts.contains(UInt16(lower(b[i])) << 8 | UInt16(lower(b[i + 1])))
        }
    }

    /// Drops boilerplate blocks (paragraphs and headings alike).
    static func withoutBoilerplate(_ blocks: [Block]) -> [Block] {
        blocks.filter { !isBoilerplate($0.text) }
    }

    /// Whether an element in a body is an inline "Baca juga:" paragraph.
    static func isReadAlsoParagraph(_ node: HTMLNode) -> Bool {
        guard node.tag == "p" else { return false }
        // Most paragraphs are told from the start of their text, not all of it.
        let start = node.textStart(bytes: 2)
        if !start.isWhole, startsNoBoilerplate(start.text, ofAPrefix: true) == true { return false }
        return isBoilerplate(start.isWhole ? start.text : node.text)
    }

    // MARK: Metadata

    /// The first breadcrumb item after Home: JSON-LD `BreadcrumbList` first (unnumbered items
    /// first), then `selectors` one at a time; names folded with `clean`.
    static func section(_ document: HTMLDocument, selectors: [String]) -> String? {
        BreadcrumbSection(homeNames: homeNames, selectors: selectors, unnumbered: .first,
                          jsonLDName: { clean($0) }, printedName: { clean($0) }).section(of: document)
    }

    static let homeNames: Set<String> = ["home", "beranda", "tempo", "tempo.co", "index", "indeks"]

    /// Keywords from `news_keywords`, else `keywords`, split at commas.
    static func keywordTags(_ document: HTMLDocument, names: [String] = ["news_keywords", "keywords"]) -> [String] {
        for name in names {
            if let value = document.metaTags[name] {
                let tags = value.split(separator: ",").compactMap { clean(String($0)) }
                if !tags.isEmpty { return tags }
            }
        }
        return []
    }

    /// The first date one of `texts` gives.
    static func date(_ texts: [String?]) -> NewsDate? {
        for text in texts {
            if let text = clean(text), let date = NewsDateParser.parse(text) { return date }
        }
        return nil
    }

    /// Language from the page, else from the edition's host.
    static func language(_ page: Page) -> String {
        if page.url.host?.lowercased().hasPrefix("en.") == true { return "en" }
        if let lang = page.document.language?.lowercased(), lang.hasPrefix("en") { return "en" }
        return "id"
    }

    /// A headline without the site suffix og:title and `<title>` carry (" | Tempo Gaya", " - Tempo.co").
    static func stripSiteSuffix(_ title: String?) -> String? {
        guard var t = clean(title) else { return nil }
        // " | Tempo Gaya", " - Tempo.co": the last " | " or " - " followed by a Tempo label.
        for separator in [" | ", " - ", " – "] {
            guard let range = t.range(of: separator, options: .backwards) else { continue }
            let rest = t[range.upperBound...]
            if rest.lowercased().hasPrefix("tempo"), !rest.contains("|") {
                t.removeSubrange(range.lowerBound...)
                break
            }
        }
        return clean(t)
    }

    // MARK: Body

    /// The body of `containers` and of the article's blocks that lie outside them in
    /// `column` (figures, paragraphs, lists and subheadings between or after them, found by
    /// KabarCore's `ArticleColumn`), in reading order, with the inline images of both;
    /// `isNoise` is the design's noise; `strays` are the blocks found outside the containers. With `containerImages` false, only the images of the
    /// blocks outside the containers are taken (T1 has none in its text).
    static func body(of containers: [HTMLNode], column: HTMLNode?, builder: BodyBuilder = BodyBuilder(),
                     isNoise: @escaping (HTMLNode) -> Bool, containerImages: Bool = true) -> (blocks: [Block], images: [ImageRef], strays: [HTMLNode]) {
        let found = ArticleColumn(containers: containers, column: column, isNoise: isNoise)
        let skip: (HTMLNode) -> Bool = found.map { $0.skips } ?? isNoise
        var builder = builder
        builder.skip = skip
        let nodes = found?.nodes ?? containers
        let strays = Set(found?.strays ?? [])
        var images: [ImageRef] = []
        for node in nodes where containerImages || strays.contains(node) {
            images += inlineImages(in: node, skip: skip, captionInBlock: strays.contains(node))
        }
        return (withoutBoilerplate(builder.blocks(of: nodes)), images, found?.strays ?? [])
    }

    /// A caption printed beside its picture in a block of its own (not a `figcaption`).
    static let blockCaptionSelector = "figcaption, .deskripsi, .caption, [class*=caption], [class*=keterangan]"

    /// Images inside a body container, as inline images (ads and logos left out). With
    /// `captionInBlock`, a container holding one picture is its figure: its caption may be
    /// any caption-like element in it, not only a `figcaption`.
    static func inlineImages(in container: HTMLNode, skip: (HTMLNode) -> Bool, captionInBlock: Bool = false) -> [ImageRef] {
        var images: [ImageRef] = []
        for img in container.select("img") {
            var node: HTMLNode? = img
            var skipped = false
            while let n = node, n != container {
                if skip(n) { skipped = true; break }
                node = n.parent
            }
            guard !skipped, let src = imageSource(img), !isAdImage(src) else { continue }
            var caption: String?
            var credit: String?
            if let figure = ancestor(of: img, tag: "figure", within: container), let fc = figure.first("figcaption") {
                (caption, credit) = splitCaption(fc.text)
            } else if captionInBlock, container.select("img").count == 1, let fc = container.first(blockCaptionSelector) {
                (caption, credit) = splitCaption(fc.text)
            }
            images.append(ImageRef(url: src, caption: caption, credit: credit, role: .inline))
        }
        return images
    }

    static func imageSource(_ img: HTMLNode) -> String? {
        for attr in ["data-src", "data-original", "src"] {
            if let v = img[attr]?.trimmed, !v.isEmpty, !v.hasPrefix("data:") { return v }
        }
        return nil
    }

    static func isAdImage(_ src: String) -> Bool {
        if let s = ASCIIBytes.lowercased(src) { return adImageWords.contains { ASCIIBytes.contains(s, $0) } }
        let s = src.lowercased()
        return s.contains("logo-tempo-ads") || s.contains("/ads/") || s.contains("doubleclick")
    }

    /// `isAdImage`'s words, as bytes.
    static let adImageWords = ["logo-tempo-ads", "/ads/", "doubleclick"].map { Array($0.utf8) }

    static func ancestor(of node: HTMLNode, tag: String, within container: HTMLNode) -> HTMLNode? {
        var n = node.parent
        while let c = n {
            if c.tag == tag { return c }
            if c == container { return nil }
            n = c.parent
        }
        return nil
    }
}
