import KabarCore
import KabarHTML

/// Finds the article's text by scoring the page's containers, the way Readability does, with
/// news pages in mind:
///
/// - every run of text that looks like a paragraph (long enough, few links, not in furniture or a
///   figure) scores by its length and punctuation, less its link share; the score goes to the
///   element above it and, decaying, to a few ancestors;
/// - runs before the headline count a quarter (teasers and menus come before articles); runs
///   found in the JSON-LD `articleBody` count double, runs that are not count less;
/// - a container's score is cut by its own link density and raised by article-like names;
/// - the best container wins, with its siblings that score well or are plain paragraphs;
/// - when an ancestor adds mostly article-like text, it replaces them (`ContainerWidener`);
/// - the winners become typed blocks (`BodyBuilder`: headings, quotes and lists kept) with
///   furniture, link lists, figures, forms holding under half of the text and everything
///   before the headline passed over;
/// - a teaser paragraph between the headline and the container is put first.
struct ContentScorer {
    let index: PageIndex
    let headline: HeadlineFinder.Result
    var hint: ArticleBodyHint?
    /// For each run of 40 characters or more, whether the hint holds it (looked up once).
    private var hintHits: [Bool] = []
    /// Lists and tables the text introduces, with their wrappers and items (`introducedLists`).
    private var introduced = Set<Int>()

    /// The headline's run, where the article starts: text before it counts less and is not
    /// taken. nil when there is no headline, or when it sits after almost all of the page's
    /// paragraph text (a heading repeating the title at the end of the page, or a page that
    /// prints its title below the text): then nothing on the page is "before the headline".
    let anchor: Int?

    init(index: PageIndex, headline: HeadlineFinder.Result, hint: ArticleBodyHint?) {
        self.index = index
        self.headline = headline
        self.hint = hint
        anchor = headline.run.flatMap { Self.plausibleAnchor($0, index) }
    }

    /// `run` unless under a fifth of the page's paragraph-like text (runs of 80 characters or
    /// more with a link share under 0.2, outside furniture) comes after it.
    static func plausibleAnchor(_ run: Int, _ index: PageIndex) -> Int? {
        let split = min(max(run, 0), index.runs.count)
        let before = index.paragraphChars(in: 0..<split)
        let after = index.paragraphChars(in: split..<index.runs.count)
        return before > 0 && 5 * after < before + after ? nil : run
    }

    struct Result {
        var blocks: [Block]
        /// The elements the body was taken from.
        var containers: [Int]
    }

    static let paragraphTags: Set<String> = ["p", "pre", "blockquote", "li", "td", "h2", "h3", "h4", "h5", "h6", "dd"]

    // Long: the scoring pass over one page index; its arrays (scores per element, hint hits) are built
    // and read by the same loops, which is where the generic extractor spends its time.
    mutating func find() -> Result {
        let elements = index.elements
        guard !elements.isEmpty else { return Result(blocks: [], containers: []) }
        var scores = [Double](repeating: 0, count: elements.count)
        let anchor = self.anchor
        if let hint { hintHits = index.runs.map { $0.chars >= 40 && hint.contains($0.text) } }
        for (i, run) in index.runs.enumerated() {
            let owner = elements[run.element]
            guard !owner.inBoilerplate, !owner.inFigure, run.chars >= 25 else { continue }
            let density = run.linkDensity
            guard density < 0.34 else { continue }
            var s = 1 + Double(min(Self.punctuation(run.text), 12)) + min(Double(run.chars) / 100, 3)
            s *= 1 - density
            if let anchor, i < anchor { s *= 0.25 }
            if hint != nil, run.chars >= 40 { s *= hintHits[i] ? 2 : 0.6 }
            var target = Self.paragraphTags.contains(owner.tag) ? owner.parent : run.element
            var level = 0
            while target >= 0 && level < 5 {
                scores[target] += s / (level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3)
                target = elements[target].parent
                level += 1
            }
        }
        var best = -1
        var bestScore = 0.0
        var final = [Double](repeating: 0, count: elements.count)
        for i in elements.indices where scores[i] > 0 {
            let e = elements[i]
            var s = scores[i] * (1 - e.linkDensity) * (1 + 0.25 * Double(e.contentWeight))
            if e.inBoilerplate { s *= 0.2 }
            final[i] = s
            if s > bestScore { bestScore = s; best = i }
        }
        guard best >= 0 else { return Result(blocks: [], containers: []) }
        if hint != nil {
            var found = 0
            var all = 0
            for i in elements[best].firstRun..<elements[best].endRun {
                let run = index.runs[i]
                guard run.chars >= 40, !elements[run.element].inBoilerplate else { continue }
                all += run.chars
                if hintHits[i] { found += run.chars }
            }
            hint!.coverage = all > 0 ? Double(found) / Double(all) : 0
        }

        var containers = [best]
        let parent = elements[best].parent
        if parent >= 0 {
            containers = []
            let threshold = max(10, bestScore * 0.2)
            let topNames = elements[best].names
            for child in siblings(of: best, parent: parent) {
                if child == best { containers.append(child); continue }
                let e = elements[child]
                if e.inBoilerplate || e.inFigure || e.chars == 0 { continue }
                if let anchor, e.endRun <= anchor { continue }
                var s = final[child]
                if !topNames.isEmpty && e.names == topNames { s += bestScore * 0.2 }
                if s >= threshold { containers.append(child); continue }
                if e.tag == "p" || e.tag == "blockquote" || e.tag == "ul" || e.tag == "ol" || e.tag.hasPrefix("h") && e.tag.count == 2 {
                    let ld = e.linkDensity
                    if e.chars > 80 && ld < 0.25 { containers.append(child); continue }
                    if e.chars > 0 && ld == 0 && (e.tag != "p" || e.chars >= 20) && child > best { containers.append(child); continue }
                }
            }
        }
        // Articles cut into chunks ("body__inner-container" after each ad): elements named as
        // the winner, elsewhere after the headline and holding paragraph text, join it.
        let topNames = elements[best].names
        if !topNames.isEmpty {
            for i in elements.indices where i != best && scores[i] > 0 && elements[i].names == topNames && elements[i].tag == elements[best].tag {
                let e = elements[i]
                if e.inBoilerplate || containers.contains(where: { index.isAncestor($0, of: i) || index.isAncestor(i, of: $0) }) { continue }
                if let anchor, e.firstRun < anchor { continue }
                containers.append(i)
            }
            containers.sort()
        }
        introduced = Self.introducedLists(index, anchor: anchor)
        containers = ContainerWidener(index: index, anchor: anchor, introduced: introduced).widen(containers)
        var blocks = body(of: containers)
        blocks = teaser(before: containers) + blocks
        return Result(blocks: blocks, containers: containers)
    }

    /// Element children of `parent`, in order (from the index, without touching the tree).
    func siblings(of e: Int, parent: Int) -> [Int] {
        var result: [Int] = []
        let depth = index.elements[parent].depth + 1
        var i = parent + 1
        while i < index.elements.count, index.elements[i].depth >= depth {
            if index.elements[i].depth == depth { result.append(i) }
            i += 1
        }
        return result
    }

    func body(of containers: [Int]) -> [Block] {
        let index = self.index
        let anchorRun = anchor
        let anchorElement = headline.element
        let hint = self.hint
        let hintHits = self.hintHits
        // The lead paragraph is often left out of `articleBody`: only text after the first
        // paragraph the hint holds is checked against it.
        let firstHit = hintHits.indices.first { hintHits[$0] && (anchorRun == nil || $0 > anchorRun!) } ?? Int.max
        // A form inside the body (a download or contact form: labels, field hints) is no text,
        // unless it holds most of the body (ASP.NET pages put the whole page in one form).
        let formLimit = containers.reduce(0) { $0 + index.elements[$1].chars } / 2
        var introduced = self.introduced
        Self.insertAnnotatedLists(index, in: containers, into: &introduced)
        let strict = index.reading.skipHidden
        var builder = BodyBuilder(skip: { node in
            // An element the strict reading passed over as hidden is not shown to a reader.
            guard let i = index.indexByNode[node] else { return strict && PageIndex.isHidden(node) }
            let e = index.elements[i]
            if e.boilerplate || e.inFigure { return true }
            if i == anchorElement { return true }
            if e.tag == "form", e.chars < formLimit { return true }
            if let anchorRun, e.endRun <= anchorRun, e.chars > 0 { return true }
            if e.chars > 0, !introduced.contains(i) {
                var ld = e.linkDensity
                if ld > 0.3, !introduced.isEmpty {
                    // The links of lists and tables the text introduces are the article's.
                    var links = 0
                    for r in e.firstRun..<e.endRun where !introduced.contains(index.runs[r].element) { links += index.runs[r].linkChars }
                    ld = Double(links) / Double(e.chars)
                }
                if ld > 0.5 { return true }
                if ld > 0.3 && e.chars < 300 && e.tag != "p" { return true }
            }
            if let hint, e.chars >= 40, e.chars < 400, e.tag == "p" || e.tag == "div", e.endRun - e.firstRun == 1, e.firstRun > firstHit, !hintHits[e.firstRun], hint.coverage > 0.8 {
                return true
            }
            return false
        })
        // Figures are passed over by the index's mark (a figure holding a table is text).
        builder.skippedTags.remove("figure")
        // A short line wholly in bold ("Monday", "Shelter") is a subheading, not a label to drop.
        builder.boldLineHeadings = true
        var blocks = builder.blocks(of: containers.map { index.elements[$0].node })
        if let headlineText = headline.headline {
            // The headline again (often with its kicker: "Kicker: Headline").
            let key = Array(HeadlineFinder.key(headlineText).utf8)
            let limit = headlineText.count + 60
            blocks.removeAll { ($0.text.utf8.count <= limit || $0.text.count <= limit) && ByteSearch.contains(Array(HeadlineFinder.key($0.text).utf8), key) }
        }
        // Date lines ("21.04.2024, 20:24 Uhr") and a trailing "Read more:" are not text; a data
        // table's cells ("1/1/2013", "+13.1%", "Date"), each a paragraph of its own, are.
        let cells = tableCells(in: containers)
        blocks.removeAll { $0.type == .paragraph && (Self.isDateline($0.text) || Self.isLabel($0.text)) && !cells.contains($0.text) }
        while let last = blocks.last, last.type != .list, TextMeasure.count(last.text, upTo: 40) < 40, last.text.hasSuffix(":") { blocks.removeLast() }
        return blocks
    }

    /// Lists and tables (and `dl`) that the text before them introduces: the run just before
    /// one is a sentence of 25 characters or more (spaces not counted), mostly not a link, ending in a colon ("Many
    /// patches were sent for review:", "Here are the results of the tests:"). They are the
    /// article's, however short their items or however much of them is links (the changes,
    /// sources or downloads the text speaks of); a label ("Related:", "Read more:") is too
    /// short to introduce one. The result holds each such element, everything inside it, and
    /// the wrappers that hold only it ("div.ulist").
    static let introducible: Set<String> = ["ul", "ol", "dl", "table"]

    static func introducedLists(_ index: PageIndex, anchor: Int?) -> Set<Int> {
        var result = Set<Int>()
        let elements = index.elements
        var i = 0
        while i < elements.count {
            let e = elements[i]
            if introducible.contains(e.tag), e.firstRun > 0, e.endRun > e.firstRun, anchor.map({ e.firstRun > $0 + 1 }) ?? true {
                let before = index.runs[e.firstRun - 1]
                if before.chars >= 25, before.linkDensity < 0.5, before.text.last == ":" {
                    let j = index.subtreeEnd(of: i)
                    result.formUnion(i..<j)
                    var a = e.parent
                    while a > 0, elements[a].firstRun == e.firstRun, elements[a].endRun == e.endRun {
                        result.insert(a)
                        a = elements[a].parent
                    }
                    i = j
                    continue
                }
            }
            i += 1
        }
        return result
    }

    /// A list (`ul`, `ol`) of two or more items each of which has text of its own besides its
    /// links, 10 characters or more ("Official website: <link>", "<link> in Venice, Italy"):
    /// the article's list with its sources linked, not a list of links (related stories, a
    /// menu), whose items are links and nothing else.
    static func isAnnotatedList(_ index: PageIndex, _ list: Int) -> Bool {
        let e = index.elements[list]
        guard e.tag == "ul" || e.tag == "ol" else { return false }
        var items = 0
        for item in index.elements[(list + 1)..<index.subtreeEnd(of: list)] where item.depth == e.depth + 1 {
            guard item.tag == "li", item.chars - item.linkChars >= 10 else { return false }
            items += 1
        }
        return items >= 2
    }

    /// The annotated lists inside `containers` with a link share over 0.3 and up to 0.7
    /// (`isAnnotatedList`), and everything inside them, added to `set`: like the lists the text
    /// introduces, their links are the article's, and the body keeps them whatever their link
    /// share (their items too, each of which may be mostly a link).
    static func insertAnnotatedLists(_ index: PageIndex, in containers: [Int], into set: inout Set<Int>) {
        for c in containers {
            var i = c
            let end = index.subtreeEnd(of: c)
            while i < end {
                let e = index.elements[i]
                if e.tag == "ul" || e.tag == "ol", !set.contains(i), e.linkDensity > 0.3, e.linkDensity <= 0.7, isAnnotatedList(index, i) {
                    let j = index.subtreeEnd(of: i)
                    set.formUnion(i..<j)
                    i = j
                    continue
                }
                i += 1
            }
        }
    }

    /// The texts of the table cells (`td`, `th`) inside `containers`.
    func tableCells(in containers: [Int]) -> Set<String> {
        var cells = Set<String>()
        for c in containers {
            let e = index.elements[c]
            for i in e.firstRun..<e.endRun {
                let tag = index.elements[index.runs[i].element].tag
                if tag == "td" || tag == "th" { cells.insert(index.runs[i].text) }
            }
        }
        return cells
    }

    /// Paragraph-like runs between the headline and the body (a standfirst outside the body's container).
    func teaser(before containers: [Int]) -> [Block] {
        guard let anchor, let first = containers.first else { return [] }
        let start = index.elements[first].firstRun
        guard anchor + 1 < start else { return [] }
        var blocks: [Block] = []
        for i in (anchor + 1)..<start {
            let run = index.runs[i]
            let e = index.elements[run.element]
            if e.inBoilerplate || e.inFigure || run.chars < 60 || run.linkDensity > 0.2 { continue }
            if containers.contains(where: { index.isAncestor($0, of: run.element) }) { continue }
            blocks.append(.paragraph(run.text))
            if blocks.count == 3 { break }
        }
        return blocks
    }

    /// A few words with no sentence end, outside any heading: a label ("Specs:", "Liveblog",
    /// "Auch interessant"), not text.
    static func isLabel(_ text: String) -> Bool {
        guard TextMeasure.count(text, upTo: 20) < 20, let last = text.last else { return false }
        return !".!?:\"”»«)".contains(last)
    }

    static let creditPrefixes = ["photo:", "foto:", "bild:", "image:", "credit:", "fotos:", "photos:", "quelle:", "source:", "fuente:"]
    static let creditAgencies = ["getty images", "shutterstock", "imago images", "picture alliance", "picture-alliance", "istockphoto"]

    /// A short line that is mostly a date and time, or a date line with no sentence end
    /// ("Do 25.04.24 | 14:07 Uhr | Von Eva Muster"), or a credit line ("Copyright 2024 The AP").
    static func isDateline(_ text: String) -> Bool {
        // The length, counted up to 251: enough for every test below.
        let count = TextMeasure.count(text, upTo: 251)
        guard count <= 250 else { return false }
        // Lower-cased once for the tests below (a line over 200 characters needs neither).
        let lower = count <= 200 ? text.lowercased() : ""
        if count <= 200, (TextMeasure.isLatin(text) ? TextMeasure.holdsCopyrightSign(text) : text.contains("©")) || ByteSearch.contains(lower, "copyright") || ByteSearch.contains(lower, "all rights reserved") {
            return true
        }
        if count <= 160 {
            if creditPrefixes.contains(where: { lower.hasPrefix($0) }) || creditAgencies.contains(where: { ByteSearch.contains(lower, $0) }) { return true }
        }
        guard count <= 80 else { return false }
        var letters = 0
        var digits = 0
        for c in text {
            if c.isLetter { letters += 1 } else if c.isNumber { digits += 1 }
        }
        guard digits >= 4, NewsDateParser.parse(text) != nil else { return false }
        if count <= 60 && letters <= 25 && letters < 2 * digits + 6 { return true }
        guard let last = text.last else { return false }
        return !".!?\"”»«".contains(last)
    }

    static func punctuation(_ text: String) -> Int {
        var n = 0
        for s in text.unicodeScalars {
            switch s {
            case ",", "、", "，", "。", ".", "؛", "،": n += 1
            default: break
            }
        }
        return n
    }
}

/// The JSON-LD `articleBody`, reduced to lower-case letters and digits, so that a run of the page
/// can be looked up in it whatever the spacing and punctuation.
struct ArticleBodyHint {
    let key: [UInt8]
    /// Share of the page's paragraph-like text found in the hint (set after scoring the page).
    var coverage: Double = 0

    init?(_ text: String?) {
        guard let text, text.count >= 200 else { return nil }
        key = Array(Self.key(text, limit: .max).utf8)
    }

    /// Whether `text` (its first 60 letters and digits) occurs in the article body.
    func contains(_ text: String) -> Bool {
        let k = Array(Self.key(text, limit: 60).utf8)
        guard k.count >= 12 else { return false }
        return ByteSearch.contains(key, k)
    }

    static func key(_ text: String, limit: Int) -> String {
        var out = String.UnicodeScalarView()
        var n = 0
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                // ASCII fast path: letters lower-cased, digits kept, the rest dropped.
                if v >= 0x61 && v <= 0x7A || v >= 0x30 && v <= 0x39 { out.append(s) }
                else if v >= 0x41 && v <= 0x5A { out.append(Unicode.Scalar(v + 0x20)!) }
                else { continue }
            } else if s.properties.isAlphabetic {
                for l in s.properties.lowercaseMapping.unicodeScalars { out.append(l) }
            } else {
                continue
            }
            n += 1
            if n >= limit { break }
        }
        return String(out)
    }
}

