import Foundation
import KabarHTML

/// The headline: the JSON-LD `headline`, `og:title`, the main `h1` and the `<title>` without the
/// site's name, reconciled: when `og:title` is the JSON-LD headline plus " - Something", the
/// shorter; else the text most of `og:title`, JSON-LD and the main `h1` agree on (a tie goes to
/// `og:title`, then JSON-LD); else `twitter:title` or the `<title>`. The main `h1` is the one
/// showing a metadata title (with or without a kicker set inside it, or in a line of its own
/// inside it), else one showing the part
/// of `og:title` or the `<title>` before their last separator (then it is the headline), else
/// the first outside page furniture, read without its kicker; an h1 that is the site's
/// masthead or a file's name does not vote, and one that ends a breadcrumb trail or is for
/// screen readers only is not read as shown. When no h1 shows a metadata title but an h2–h6 does, that heading
/// is the one the page shows; when no h1 is shown at all, so is an h2–h6 showing the part of
/// `og:title` or the `<title>` before their first separator. `TitleChoice` then chooses between the h1 and the metadata. Also
/// finds where the headline sits in the page, which the body scorer uses.
struct HeadlineFinder {
    struct Result {
        var headline: String?
        /// The element showing the headline (the main `h1`, or a heading with the same text).
        var element: Int?
        /// The index of the run holding the headline.
        var run: Int?
        /// The heading text the page shows that `TitleChoice` weighed against the metadata
        /// (nil when no h1 or subheading outside furniture shows one).
        var shown: String?
        /// The h1 read as shown when it shows no metadata title (nil otherwise).
        var shownH1: Int?
    }

    static let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " / ", " ~ ", " * ", "｜", "："]
    /// Separators written without spaces (full-width, in Chinese and Japanese titles): only a
    /// site name after them is removed, never a short tail of unknown words.
    static let tightSeparators: Set<String> = ["｜", "："]
    /// Dashes also join parts of a headline ("Brexit – what now"): a tail after one is only
    /// removed when it is the site's name.
    static let dashes: Set<String> = [" - ", " – ", " — "]

    /// `bodyStart`, once the body is chosen (the first run of its containers): the last h1
    /// before it (or its first run) is read as shown even when a wrapper named like furniture
    /// ("banner", "widget", "header") holds it (`afterBody`).
    /// `sectionH1s`: the h1s are the body's section headings, none is read as shown.
    static func find(_ index: PageIndex, _ meta: PageMetadata, bodyStart: Int? = nil, sectionH1s: Bool = false) -> Result {
        let ld = meta.articleString("headline") ?? meta.articleString("name")
        let og = meta.meta["og:title"].map { strip($0, site: meta.siteName, host: meta.url.host) }
        let twitter = meta.meta["twitter:title"].map { strip($0, site: meta.siteName, host: meta.url.host) }
        let title = meta.title.map { strip($0, site: meta.siteName, host: meta.url.host) }
        let metaTitles = [ld, og, twitter, title].compactMap { $0 }.filter { !$0.isEmpty }
        let metaKeys = Set(metaTitles.map(key))
        // The metadata titles as independent sources: a twitter:title that repeats og:title is
        // the CMS copying one field into the other, not a second source for it.
        let backers = [ld, og, twitter.flatMap { t in og.map(key) == key(t) ? nil : t }, title].compactMap { $0 }.filter { !$0.isEmpty }
        // The first part of `og:title` and the `<title>` before their last separator, whatever
        // follows it ("Headline - Section Name"): an h1 showing it is the headline, confirmed by
        // two sources (the tail was a site or section name too long to be recognised as one).
        let headKeys = Set([meta.meta["og:title"], meta.title].compactMap { $0.flatMap(head) }.map(key)).subtracting(metaKeys)
        var headH1: (Int, String)?

        // The main h1: one whose text is a metadata title, else the first outside furniture.
        var h1: Int?
        var h1Text: String?
        var firstH1: (Int, String)?
        // The first h1 outside furniture that is not the site's masthead.
        var shownH1: String?
        var shownElement: Int?
        // The kicker the shown h1 sets inside itself, when it has one.
        var shownKicker: String?
        var trailH1: Int?
        let aboveBody = bodyStart.flatMap { start in index.h1s.last { index.elements[$0].firstRun <= start } }
        for e in index.h1s {
            let el = index.elements[e]
            guard el.chars >= 3, let run = linesText(el.node) ?? runText(index, e) else { continue }
            // The last item of a breadcrumb trail, or an h1 for screen readers only, is not the
            // headline shown; it still marks where the headline sits when it holds a metadata
            // title (`trailH1`).
            if isBreadcrumb(el.node) || isScreenReaderOnly(el.node) {
                if trailH1 == nil, metaKeys.contains(key(run)) { trailH1 = e }
                continue
            }
            let furniture = el.inBoilerplate && e != aboveBody
            if metaKeys.contains(key(run)) { h1 = e; h1Text = run; break }
            // A kicker set inside the h1 ("overline", "dachzeile"...) is not part of the title.
            let titlePart = withoutKicker(el.node)
            if let titlePart, metaKeys.contains(key(titlePart)) { h1 = e; h1Text = titlePart; break }
            // A line of the h1 set in an element of its own, the rest a line the page styles
            // apart (a kicker or tagline without a kicker's name): that line when it is a
            // metadata title.
            if let line = lineShowingTitle(el.node, metaKeys) { h1 = e; h1Text = line; break }
            // The h1's lines (elements of their own or text split by `<br>`: a headline and its
            // subtitle) that a metadata title joins with a separator ("Headline - Subtitle"):
            // that title, which prints both lines with the mark between them.
            if let joined = linesJoined(el.node, metaTitles) { h1 = e; h1Text = joined; break }
            if firstH1 == nil, !furniture { firstH1 = (e, titlePart ?? run) }
            if headH1 == nil, headKeys.contains(key(titlePart ?? run)), !isMasthead(titlePart ?? run, meta, linked: isLinked(el.node)) { headH1 = (e, titlePart ?? run) }
            if shownH1 == nil, !sectionH1s, !furniture, !isMasthead(titlePart ?? run, meta, linked: isLinked(el.node)), !isFileName(titlePart ?? run) {
                shownH1 = titlePart ?? run
                shownElement = e
                if titlePart != nil { shownKicker = kickerText(el.node) }
            }
        }
        var result = Result()
        // A subheading (h2–h6) showing a metadata title when no h1 does: the page shows that
        // title as its headline (a blog whose post titles are h2 or h3 under a masthead h1,
        // with h1s for the post's sections), not the h1.
        var shownHeading: String?
        if let h1 {
            result.element = h1
        } else {
            result.element = trailH1
            // Another element showing a metadata title (sites that use h2 for the headline).
            // No h1 is shown: a subheading may show the part of `og:title` or the `<title>`
            // before their first separator ("Headline | Section | Site").
            let firstParts = shownH1 == nil ? [meta.meta["og:title"], meta.title].compactMap { $0.flatMap(firstPart) } : []
            let firstKeys = Set(firstParts.map(key)).subtracting(metaKeys)
            if !metaKeys.isEmpty {
                let lengths = (metaTitles + firstParts).map(\.utf8.count)
                for (i, run) in index.runs.enumerated() where run.chars >= 10 && run.chars <= 400 {
                    let n = run.text.utf8.count
                    guard lengths.contains(where: { abs($0 - n) <= 8 }) else { continue }
                    let runKey = key(run.text)
                    if firstKeys.contains(runKey) {
                        if subheadings.contains(index.elements[run.element].tag) {
                            if result.element == nil { result.element = run.element; result.run = i }
                            shownHeading = run.text
                            break
                        }
                        continue
                    }
                    if metaKeys.contains(runKey) {
                        if result.element == nil {
                            result.element = run.element
                            result.run = i
                        }
                        if subheadings.contains(index.elements[run.element].tag) {
                            shownHeading = run.text
                            break
                        }
                    }
                }
            }
            // No h1 is shown (the site's masthead only) and no heading shows a metadata title:
            // a heading the page marks as its headline (microdata `itemprop="headline"` on an
            // h2–h6 outside furniture, as blog themes mark the post's title under the site's
            // h1) is the headline shown.
            if shownH1 == nil, shownHeading == nil, headH1 == nil, let marked = markedHeadline(index) {
                shownHeading = marked
            }
            if result.element == nil, let headH1 {
                result.element = headH1.0
            }
            if result.element == nil, let firstH1 {
                result.element = firstH1.0
            }
            // A subheading showing a metadata title below the shown h1, with the article's
            // paragraphs between them, is one of the article's section headings (the search
            // title reused for a section), not where the article starts: the h1 is.
            if let h1 = shownElement, let e = result.element, let run = result.run, subheadings.contains(index.elements[e].tag),
               index.paragraphChars(in: index.elements[h1].endRun..<max(index.elements[h1].endRun, run)) >= 400 {
                result.element = h1
                result.run = nil
            }
        }
        // A masthead h1 (the site's name) does not vote for the headline.
        let visible = h1Text ?? shownHeading ?? shownH1
        result.shown = visible
        if h1Text == nil, shownHeading == nil { result.shownH1 = shownElement }
        // A JSON-LD headline cut with "..." votes for the title it is the start of (the h1 or
        // the `<title>` that print it whole), not for nothing.
        let ldVote = ld.flatMap { notTruncated($0) ?? completion(of: $0, among: [visible, title, og]) }
        let agreed = shorterOfPrefixed(ld, og) ?? vote([og, ldVote, visible]) ?? twitter ?? title ?? ld
        let chosen = h1Text == nil && headH1 != nil ? headH1?.1 :
            TitleChoice.choose(agreed: agreed, shown: visible, shownKicker: h1Text == nil && shownHeading == nil ? shownKicker : nil,
                               subheading: h1Text == nil && shownHeading != nil, metaTitles: metaTitles, backers: backers,
                               kickerSources: [og, ld].compactMap { $0 }, isNews: meta.article?.isType(TitleChoice.newsTypes) ?? false,
                               isSiteName: { isSiteName($0, site: meta.siteName.map(simple), host: hostKey(meta.url.host)) })
        result.headline = chosen.map { TitleChoice.latinPunctuation(withoutInvisibles($0)) }
        if result.run == nil, let e = result.element {
            let el = index.elements[e]
            result.run = el.firstRun < el.endRun ? el.firstRun : nil
        }
        return result
    }

    /// The headline once the body is chosen (`bodyStart`: the first run of its containers).
    /// When no h1 outside furniture was shown, an h1 that a wrapper named like furniture holds
    /// ("banner", "widget", "header": page builders wrap their title module so) and that is the
    /// last h1 before the body, or its first run, is the headline the page shows above its
    /// text, weighed against the metadata as any shown h1 (`TitleChoice`). Otherwise, or
    /// without such an h1, the headline found before the body was chosen.
    ///
    /// When the h1 read as shown (one showing no metadata title) lies inside the body (after
    /// its first run, before `bodyEnd`) with another h1 there too, the h1s are the article's
    /// section headings ("Day 7", "Day 8", ... under a post's title printed elsewhere), not
    /// its headline: none is read as shown, and the metadata title is the headline.
    static func afterBody(_ result: Result, _ index: PageIndex, _ meta: PageMetadata, bodyStart: Int?, bodyEnd: Int? = nil) -> String? {
        if let shown = result.shownH1, let bodyStart, let bodyEnd {
            let inBody = index.h1s.filter { index.elements[$0].firstRun > bodyStart && index.elements[$0].firstRun < bodyEnd }
            if inBody.count >= 2, inBody.contains(shown) { return find(index, meta, bodyStart: bodyStart, sectionH1s: true).headline }
        }
        guard result.shown == nil, let bodyStart,
              let e = index.h1s.last(where: { index.elements[$0].firstRun <= bodyStart }), index.elements[e].inBoilerplate
        else { return result.headline }
        return find(index, meta, bodyStart: bodyStart).headline
    }

    /// Whether an h1 is the last item of a breadcrumb trail (its class, id or an attribute's
    /// name says "breadcrumb": `class="c-breadcrumb__title"`, `data-breadcrumb-headline`), or
    /// is set inside the trail's element (its parent's class or id has the word "crumb" or
    /// "breadcrumb": `<div class="article__header__crumb"><a>Section</a> <h1>...</h1></div>`).
    /// Newsrooms print the page's search title there, small, above the article, and set the
    /// headline the reader sees in another heading below it; the trail's h1 is not it.
    static func isBreadcrumb(_ node: HTMLNode) -> Bool {
        if node.hasAttributes, node.attributes.contains(where: { attribute in
            attribute.name.lowercased().contains("breadcrumb")
                || (attribute.name == "class" || attribute.name == "id") && attribute.value.lowercased().contains("breadcrumb")
        }) { return true }
        guard let parent = node.parent else { return false }
        if isTrailEnd(node) { return true }
        guard parent.hasAttributes else { return false }
        return parent.attributes.contains { attribute in
            guard attribute.name == "class" || attribute.name == "id" else { return false }
            return attribute.value.lowercased().split(whereSeparator: { !$0.isLetter }).contains { trailWords.contains(String($0)) }
        }
    }

    /// Whether a heading is the last item of a trail written as a list without a trail's name:
    /// the last `li` of an `ol` or `ul` whose items before it each hold a link and a short
    /// name ("Home › News › Politics › h1"). The section links lead to the page's search title.
    static func isTrailEnd(_ node: HTMLNode) -> Bool {
        guard let item = node.parent, item.isElement, item.tag == "li",
              let list = item.parent, list.isElement, list.tag == "ol" || list.tag == "ul" else { return false }
        var next = item.nextSibling
        while let sibling = next {
            if sibling.isElement, sibling.tag == "li" { return false }
            next = sibling.nextSibling
        }
        var before = 0
        var previous = item.previousSibling
        while let sibling = previous {
            previous = sibling.previousSibling
            guard sibling.isElement, sibling.tag == "li" else { continue }
            guard holdsLink(sibling), sibling.text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").count <= 40 else { return false }
            before += 1
        }
        return before >= 1
    }

    /// Whether a heading holds a link or sits in one (up to three levels up).
    static func isLinked(_ node: HTMLNode) -> Bool {
        var up = node.parent
        for _ in 0..<3 {
            guard let n = up, n.isElement else { break }
            if n.tag == "a" { return true }
            up = n.parent
        }
        return holdsLink(node)
    }

    static func holdsLink(_ node: HTMLNode) -> Bool {
        var next = node.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isElement, child.tag == "a" || holdsLink(child) { return true }
        }
        return false
    }

    /// Class or id words of a breadcrumb trail's element.
    static let trailWords: Set<String> = ["crumb", "crumbs", "breadcrumb", "breadcrumbs"]

    /// Whether a heading is set for screen readers only (`sr-only`, `visually-hidden`...):
    /// the reader does not see it.
    static func isScreenReaderOnly(_ node: HTMLNode) -> Bool {
        guard node.hasAttributes else { return false }
        let names = PageIndex.names(of: node)
        return !names.isEmpty && screenReaderNames.contains(where: { names.contains($0) })
    }

    /// Whether a heading is a file's name or path and nothing else ("owner/notes.md",
    /// "report_2025.pdf"): a code host's or file viewer's caption, not a headline.
    static func isFileName(_ text: String) -> Bool {
        guard !text.contains(where: { $0.isWhitespace }), let dot = text.lastIndex(of: ".") else { return false }
        let ext = text[text.index(after: dot)...].lowercased()
        return dot > text.startIndex && fileExtensions.contains(ext)
    }

    static let fileExtensions: Set<String> = [
        "md", "markdown", "txt", "rst", "adoc", "pdf", "doc", "docx", "odt", "rtf", "csv", "tsv", "json", "yaml", "yml",
        "xml", "toml", "ini", "ipynb", "py", "rb", "go", "rs", "swift", "java", "kt", "c", "h", "cpp", "cs", "sh",
        "ps1", "sql", "png", "jpg", "jpeg", "gif", "webp", "svg", "zip",
    ]

    /// The title before its first separator (spaced ones only), when there is one.
    static func firstPart(_ raw: String) -> String? {
        let title = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        var cut: String.Index?
        for sep in separators where !tightSeparators.contains(sep) {
            if let r = title.range(of: sep), cut.map({ r.lowerBound < $0 }) ?? true { cut = r.lowerBound }
        }
        guard let cut else { return nil }
        let part = title[..<cut].trimmingCharacters(in: .whitespaces)
        return part.count >= 10 ? part : nil
    }

    /// Headings below h1.
    static let subheadings: Set<String> = ["h2", "h3", "h4", "h5", "h6"]

    /// Class/id words of a kicker (the line above a headline) set inside the heading.
    static let kickerWords: Set<String> = [
        "kicker", "overline", "dachzeile", "spitzmarke", "topline", "eyebrow", "roofline", "supertitle",
        "pretitle", "overtitle", "surtitre", "antetitulo", "occhiello", "nadtytul", "topic",
    ]
    /// Class/id fragments of text for screen readers only (often a separator after the kicker).
    static let screenReaderNames = ["sr-only", "sr_only", "visually-hidden", "visuallyhidden", "offscreen", "a11y-hidden", "screen-reader", "screenreader"]

    /// How `headingText` reads an element inside a heading: left out, read, or read as a line
    /// of its own (a space before and after it).
    enum HeadingStep { case skip, read, line }

    /// The heading's text (white space folded), each element inside it read as `step` says;
    /// elements that hold no text (`skippedTags`) are left out.
    static func headingText(_ heading: HTMLNode, _ step: (HTMLNode) -> HeadingStep) -> String {
        var parts: [String] = []
        func walk(_ node: HTMLNode) {
            var next = node.firstChildNode
            while let child = next {
                next = child.nextSibling
                if child.isText {
                    parts.append(child.rawText)
                } else if child.isElement, !PageIndex.skippedTags.contains(child.tag) {
                    switch step(child) {
                    case .skip: continue
                    case .read: walk(child)
                    case .line:
                        parts.append(" ")
                        walk(child)
                        parts.append(" ")
                    }
                }
            }
        }
        walk(heading)
        return parts.joined().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The heading's text without the kicker and screen-reader parts set inside it; nil when
    /// it has no kicker part or nothing else.
    static func withoutKicker(_ heading: HTMLNode) -> String? {
        guard heading.firstChildNode != nil else { return nil }
        var kicker = false
        let text = headingText(heading) { child in
            if child.hasAttributes {
                if PageIndex.isHidden(child) { return .skip }
                let names = PageIndex.names(of: child)
                if !names.isEmpty {
                    if screenReaderNames.contains(where: { names.contains($0) }) { return .skip }
                    let words = names.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                    if words.contains(where: { kickerWords.contains(String($0)) }) {
                        kicker = true
                        return .skip
                    }
                }
            }
            return child.tag == "br" ? .line : .read
        }
        guard kicker else { return nil }
        let title = text.trimmingCharacters(in: CharacterSet(charactersIn: " :|-–—·•"))
        return title.count >= 3 ? title : nil
    }

    /// The text of the kicker parts set inside a heading (named like `kickerWords`), nil when
    /// it has none.
    static func kickerText(_ heading: HTMLNode) -> String? {
        var parts: [String] = []
        func walk(_ node: HTMLNode) {
            var next = node.firstChildNode
            while let child = next {
                next = child.nextSibling
                guard child.isElement, !PageIndex.skippedTags.contains(child.tag) else { continue }
                if child.hasAttributes, !PageIndex.isHidden(child) {
                    let words = PageIndex.names(of: child).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                    if words.contains(where: { kickerWords.contains(String($0)) }) { parts.append(child.text); continue }
                }
                walk(child)
            }
        }
        walk(heading)
        let text = parts.joined(separator: " ").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .trimmingCharacters(in: CharacterSet(charactersIn: " :|-–—·•"))
        return text.isEmpty ? nil : text
    }

    /// The text of the heading's child element that is a metadata title (compared by `key`),
    /// when the heading holds more than that element ("<h1><div>Get that tech stack</div>
    /// <span>Klatch Coffee</span></h1>" beside og:title "Klatch Coffee": the page shows the
    /// first line small above the headline). nil when no child is one, or the child is all
    /// the heading holds.
    static func lineShowingTitle(_ heading: HTMLNode, _ metaKeys: Set<String>) -> String? {
        var parts = 0
        var found: String?
        var next = heading.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isText {
                if child.rawText.contains(where: { !$0.isWhitespace }) { parts += 1 }
                continue
            }
            guard child.isElement, !PageIndex.skippedTags.contains(child.tag), !(child.hasAttributes && PageIndex.isHidden(child)) else { continue }
            let text = child.text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            guard !text.isEmpty else { continue }
            parts += 1
            if found == nil, metaKeys.contains(key(text)) { found = text }
        }
        return parts >= 2 ? found : nil
    }

    /// The text of the first h2–h6 outside furniture marked `itemprop="headline"` (10 to 300
    /// characters), nil when there is none.
    static func markedHeadline(_ index: PageIndex) -> String? {
        for (e, el) in index.elements.enumerated() where subheadings.contains(el.tag) && !el.inBoilerplate && el.chars >= 10 && el.chars <= 300 {
            guard el.node.hasAttributes, el.node["itemprop"]?.lowercased() == "headline", let text = runText(index, e) else { continue }
            return text
        }
        return nil
    }

    /// The metadata title that is the heading's lines joined by a separator
    /// (`TitleChoice.kickerSeparators`), compared by `key`: `<h1><span>Headline.</span>
    /// <span class="subtitle">Subtitle</span></h1>` beside og:title "Headline. - Subtitle". A
    /// line is each element child holding text, or the text between `<br>`s; nil when the
    /// heading has fewer than two lines or no metadata title joins them.
    static func linesJoined(_ heading: HTMLNode, _ metaTitles: [String]) -> String? {
        var lines: [String] = []
        var pending = ""
        func flush() {
            let line = pending.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !line.isEmpty { lines.append(line) }
            pending = ""
        }
        var next = heading.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isText {
                pending += child.rawText
                continue
            }
            guard child.isElement, !PageIndex.skippedTags.contains(child.tag), !(child.hasAttributes && PageIndex.isHidden(child)) else { continue }
            flush()
            if child.tag == "br" { continue }
            pending = child.text
            flush()
        }
        flush()
        guard lines.count >= 2 else { return nil }
        let keys = TitleChoice.kickerSeparators.map { key(lines.joined(separator: $0)) }
        return metaTitles.first { keys.contains(key($0)) }
    }

    /// Class names that make an inline element a block of its own, as utility-class CSS
    /// frameworks write them (Tailwind's `block`, `flex`, `grid`; Bootstrap's `d-block`...).
    static let blockDisplayNames: Set<String> = ["block", "flex", "grid", "table", "flow-root", "list-item", "d-block", "d-flex", "d-grid", "d-table"]

    /// Whether an inline element is drawn as a block of its own: a utility class or an inline
    /// style that says so (`<span class="block">`, `style="display:block"`).
    static func displaysAsBlock(_ node: HTMLNode) -> Bool {
        guard node.hasAttributes else { return false }
        if let cls = node["class"], cls.split(whereSeparator: { $0.isWhitespace }).contains(where: { blockDisplayNames.contains(String($0)) }) { return true }
        if let style = node["style"] {
            let compact = style.lowercased().filter { !$0.isWhitespace }
            return ["display:block", "display:flex", "display:grid", "display:table"].contains(where: compact.contains)
        }
        return false
    }

    /// The heading's text with its lines apart, when an inline element inside it is drawn as a
    /// block (`<h1>The Best Notion Alternatives<span class="block">Top Tools</span></h1>`: two
    /// lines on the page, "AlternativesTop" in the markup's text); nil when none is, and the
    /// heading's runs say what it shows.
    static func linesText(_ heading: HTMLNode) -> String? {
        var lines = false
        let text = headingText(heading) { child in
            if child.hasAttributes, PageIndex.isHidden(child) { return .skip }
            if displaysAsBlock(child) {
                lines = true
                return .line
            }
            return child.tag == "br" || PageIndex.blockTags.contains(child.tag) ? .line : .read
        }
        return lines && !text.isEmpty ? text : nil
    }

    /// The text of a heading element (all its runs joined).
    static func runText(_ index: PageIndex, _ e: Int) -> String? {
        let el = index.elements[e]
        guard el.firstRun < el.endRun else { return nil }
        let text = index.runs[el.firstRun..<el.endRun].map(\.text).joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The title most of the sources give (compared by `key`); on a tie the earliest in the list.
    static func vote(_ candidates: [String?]) -> String? {
        let present = candidates.compactMap { $0 }.filter { !$0.isEmpty }
        guard !present.isEmpty else { return nil }
        let keys = present.map(key)
        var best = 0
        var bestCount = 0
        for (i, k) in keys.enumerated() {
            let count = keys.filter { $0 == k }.count
            if count > bestCount { best = i; bestCount = count }
        }
        return present[best]
    }

    /// When one title is the other plus a separator and more ("Headline - Local News"), the
    /// shorter one: the rest is a site or section name.
    static func shorterOfPrefixed(_ a: String?, _ b: String?) -> String? {
        guard let a, let b, a.count != b.count else { return nil }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.hasPrefix(short) else { return nil }
        let rest = long.dropFirst(short.count)
        return separators.contains(where: { rest.hasPrefix($0) }) ? short : nil
    }

    /// The title before its last separator (`separators`, spaced ones only), when both parts
    /// are there: "Headline - Anything" gives "Headline".
    static func head(_ raw: String) -> String? {
        let title = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        var cut: String.Index?
        for sep in separators where !tightSeparators.contains(sep) {
            if let r = title.ranges(of: sep).last, cut.map({ r.lowerBound > $0 }) ?? true { cut = r.lowerBound }
        }
        guard let cut else { return nil }
        let part = title[..<cut].trimmingCharacters(in: .whitespaces)
        return part.count >= 3 ? part : nil
    }

    static func notTruncated(_ s: String) -> String? {
        s.hasSuffix("...") || s.hasSuffix("…") ? nil : s
    }

    /// The first of `candidates` that a title cut with "..." or "…" is the start of (compared
    /// by `key`; the cut keeps at least 20 characters and four words, so a stub does not pick
    /// a title), nil when none is: "Who is the club's new coach and what did he..." is the
    /// start of "Who is the club's new coach and what did he say?".
    static func completion(of truncated: String, among candidates: [String?]) -> String? {
        var cut = Substring(truncated)
        for mark in ["...", "…"] where cut.hasSuffix(mark) { cut = cut.dropLast(mark.count) }
        let start = key(String(cut))
        guard start.count >= 20, start.split(separator: " ").count >= 4 else { return nil }
        return candidates.compactMap { $0 }.first { key($0).hasPrefix(start) }
    }

    /// Characters a browser draws as nothing inside a word: the soft hyphen (a break
    /// opportunity, drawn only at a line's end), the word joiner, the zero-width space and
    /// the zero-width no-break space (U+FEFF). The zero-width (non-)joiners are kept: they
    /// change how letters join in Arabic, Persian and Indic scripts.
    static let invisibles: Set<Unicode.Scalar> = ["\u{00AD}", "\u{2060}", "\u{200B}", "\u{FEFF}"]

    /// The title without `invisibles`: as the page shows it ("Bundes&shy;tag" is "Bundestag").
    static func withoutInvisibles(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { invisibles.contains($0) }) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.filter { !invisibles.contains($0) }))
    }

    /// Comparison key: lower-cased, white space folded, quotes unified, `invisibles` left out.
    static func key(_ s: String) -> String {
        if let ascii = asciiKey(s) { return ascii }
        var out = ""
        var space = false
        for c in withoutInvisibles(s).lowercased() {
            if c.isWhitespace { space = true; continue }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            switch c {
            case "“", "”", "„", "«", "»", "″": out.append("\"")
            case "‘", "’", "‚", "′": out.append("'")
            default: out.append(c)
            }
        }
        return out
    }

    /// The title without the site's name before or after a separator ("Headline | Site"), or
    /// the site's domain and a space before it.
    static func strip(_ raw: String, site: String?, host: String?) -> String {
        var title = asciiFolded(raw) ?? raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        let siteKey = site.map(simple)
        let hostKey = hostKey(host)
        for _ in 0..<2 {
            var changed = false
            for sep in separators {
                guard let r = SeparatorSearch.lastRange(of: sep, in: title) else { continue }
                let tail = String(title[r.upperBound...])
                let head = String(title[..<r.lowerBound])
                let short = tail.split(separator: " ").count <= 3 && head.count > 3 * tail.count && tail.count <= 30 && !tail.contains(where: { "?!.".contains($0) })
                if isSiteName(tail, site: siteKey, host: hostKey) || short && !tightSeparators.contains(sep) && !dashes.contains(sep) {
                    title = head
                    changed = true
                    break
                }
                if let f = SeparatorSearch.firstRange(of: sep, in: title) {
                    let first = String(title[..<f.lowerBound])
                    if isSiteName(first, site: siteKey, host: hostKey) {
                        title = String(title[f.upperBound...])
                        changed = true
                        break
                    }
                }
            }
            if !changed { break }
        }
        return trimmedSpaces(withoutLeadingDomain(title, host: host))
    }

    /// The title without the site's domain written before it with a space only ("example.com
    /// Headline": a title template that joins the two without a separator).
    static func withoutLeadingDomain(_ title: String, host: String?) -> String {
        guard let host, let space = title.firstIndex(of: " ") else { return title }
        func bare(_ s: Substring) -> Substring { s.hasPrefix("www.") ? s.dropFirst(4) : s }
        let first = title[..<space].lowercased()
        guard first.contains("."), bare(Substring(first)) == bare(Substring(host.lowercased())) else { return title }
        let rest = title[space...].trimmingCharacters(in: .whitespaces)
        return rest.count >= 3 ? rest : title
    }

    /// The host's name without its domain ("example" for www.example.co).
    static func hostKey(_ host: String?) -> String? {
        host.map { h -> String in
            let parts = h.lowercased().split(separator: ".")
            let name = parts.count >= 2 ? parts[parts.count - 2] : parts.first ?? ""
            return String(name)
        }
    }

    /// Whether an h1 is the site's masthead rather than a headline: its text is the site's name
    /// (og:site_name, the publisher, the host), or one of the parts of the `<title>` or
    /// `og:title` other than the first ("Headline – Masthead"), or it ends with a colon (a label).
    /// `linked`: the h1 holds a link or sits in one (a masthead links to the home page). An
    /// h1 that is not linked and holds the host's name with a noun after it ("Austin Hardware
    /// Catalog" on austinhardware.com) is the page's own heading, not the masthead.
    static func isMasthead(_ text: String, _ meta: PageMetadata, linked: Bool = true) -> Bool {
        if text.hasSuffix(":") { return true }
        if isSiteName(text, site: meta.siteName.map(simple), host: hostKey(meta.url.host), hostWithWords: linked) { return true }
        let k = key(text)
        for raw in [meta.title, meta.meta["og:title"]].compactMap({ $0 }) {
            let whole = key(raw)
            guard whole != k else { continue }
            // The h1 is the first part and the rest is the page's other metadata title
            // ("Site Blog: Headline" beside og:title "Headline").
            for sep in separators + [": "] where whole.hasPrefix(k + sep) {
                let rest = String(whole.dropFirst(k.count + sep.count))
                let others = [meta.title, meta.meta["og:title"], meta.articleString("headline")].compactMap { $0.map(key) }
                if others.contains(rest) { return true }
            }
            for sep in separators where whole.contains(sep) {
                let parts = whole.components(separatedBy: sep).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.first != k, parts.dropFirst().contains(k) { return true }
            }
        }
        return false
    }

    static func simple(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// `hostWithWords`: a part holding the host's name with up to twelve letters more counts
    /// ("examplenews" for example.com), not only the name or a short tail after it.
    static func isSiteName(_ part: String, site: String?, host: String?, hostWithWords: Bool = true) -> Bool {
        let p = simple(part)
        guard !p.isEmpty else { return false }
        if let site, !site.isEmpty, p == site || (p.count >= 4 && site.contains(p)) || (site.count >= 4 && p.contains(site) && p.count <= site.count + 12) { return true }
        if let host, host.count >= 3, p == host || p.hasPrefix(host) && p.count <= host.count + 6 || (hostWithWords && p.contains(host) && p.count <= host.count + 12) { return true }
        return false
    }
}
