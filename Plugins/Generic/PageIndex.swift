import KabarHTML

/// One walk over the page's `<body>`: every element with its parent, class and id names and
/// whether it is page furniture, and the page's text cut into runs at block boundaries, each run
/// with its length and how much of it is link text. Every finder reads this index instead of
/// querying the tree again.
struct PageIndex {
    struct Element {
        let node: HTMLNode
        let tag: String
        let parent: Int
        let depth: Int
        /// Lower-cased class and id, space-separated.
        let names: String
        /// Its own tag or names mark it as furniture (navigation, share bar, ads, comments...).
        var boilerplate: Bool
        /// It or an ancestor is furniture.
        var inBoilerplate: Bool
        /// Inside a figure, picture or caption (never body text); a figure holding a table is not one.
        let inFigure: Bool
        /// How much the names say "article text here" (`BoilerplateNames.contentWeight`).
        let contentWeight: Int
        /// Non-space characters of text inside, and of link text inside.
        var chars = 0
        var linkChars = 0
        /// Runs inside: `firstRun..<endRun`.
        var firstRun = 0
        var endRun = 0

        var linkDensity: Double { chars > 0 ? Double(linkChars) / Double(chars) : 0 }
    }

    struct Run {
        /// The innermost block element holding the text.
        let element: Int
        let text: String
        let chars: Int
        let linkChars: Int
        var linkDensity: Double { chars > 0 ? Double(linkChars) / Double(chars) : 0 }
    }

    private(set) var elements: [Element] = []
    private(set) var runs: [Run] = []
    private(set) var h1s: [Int] = []
    private(set) var images: [Int] = []
    private(set) var times: [Int] = []
    /// Elements whose names, `rel` or `itemprop` say they hold an author.
    private(set) var authorElements: [Int] = []
    private(set) var indexByNode = NodeTable()
    private(set) var totalChars = 0
    /// Bytes of text (white space included, scripts and styles not) in the hidden elements
    /// holding blocks that the walk passed over (strict reading).
    private(set) var hiddenChars = 0
    /// The in-page targets of the page's links (`href="#part-two"`), lower-cased.
    private var fragments = Set<String>()
    /// Links named like furniture with no block inside, with the run their text falls in and
    /// its visible characters (`unmarkInlineWords`).
    private var inlineFurniture: [(element: Int, run: Int, chars: Int)] = []
    /// Name flags by class/id string (pages repeat the same names many times).
    private var nameFlags: [String: BoilerplateNames.Flags] = [:]

    mutating func flags(_ names: String) -> BoilerplateNames.Flags {
        if let f = nameFlags[names] { return f }
        let f = BoilerplateNames.flags(names)
        nameFlags[names] = f
        return f
    }

    static let skippedTags: Set<String> = TextFlow.skipped.union(["head", "link", "meta"])
    static let blockTags: Set<String> = TextFlow.blocks
    static let furnitureTags: Set<String> = ["nav", "aside", "footer", "menu", "dialog"]
    static let figureTags: Set<String> = ["figure", "figcaption", "picture"]

    /// How strictly the walk reads the page. The strict reading is the normal one; the relaxed
    /// one is the second opinion for pages where it finds little text: neither class and id names
    /// nor tags (`nav`, `aside`, `footer`...) mark furniture (an unclosed menu can hold the whole
    /// page), hidden elements are read (a page
    /// whose whole article sits in a `hidden` element until a script shows it), and a `button`
    /// that holds block elements is read (an unclosed button that swallowed the page).
    struct Reading {
        var namesMarkFurniture = true
        var tagsMarkFurniture = true
        var skipHidden = true
        static let strict = Reading()
        static let relaxed = Reading(namesMarkFurniture: false, tagsMarkFurniture: false, skipHidden: false)
    }

    let reading: Reading

    init(document: HTMLDocument, reading: Reading = .strict) {
        self.reading = reading
        guard let root = document.body ?? document.root else { return }
        var state = WalkState()
        let rootTag = root.tag
        visit(root, tag: rootTag, kind: Self.tagKinds[rootTag] ?? [], attributes: root.hasAttributes ? ElementAttributes(root) : ElementAttributes(),
              parent: -1, depth: 0, inBoilerplate: false, inFigure: false, state: &state)
        flush(&state)
        indexByNode = NodeTable(elements.map(\.node))
        // Sum text up the tree.
        for run in runs {
            var e = run.element
            while e >= 0 {
                elements[e].chars += run.chars
                elements[e].linkChars += run.linkChars
                e = elements[e].parent
            }
            totalChars += run.chars
        }
        unmarkInlineWords()
        unmarkLinkedSections()
        unmarkArticleWrappers()
    }

    /// A link named like furniture inside a sentence (`<a class="tag-link">` on a name in the
    /// text: a keyword link to its tag page) is a word of the paragraph, not furniture: when
    /// such links hold under half of the run they fall in, and that run's block is not
    /// furniture, their mark is cleared (the body would otherwise lose words from the middle
    /// of sentences). Other inline elements named like furniture (a code listing's comments,
    /// a caption's and a credit's spans, text for screen readers) keep theirs.
    private mutating func unmarkInlineWords() {
        guard !inlineFurniture.isEmpty else { return }
        var inRun: [Int: Int] = [:]
        for item in inlineFurniture where item.run < runs.count { inRun[item.run, default: 0] += item.chars }
        var changed = false
        for item in inlineFurniture where item.run < runs.count {
            let run = runs[item.run]
            guard 2 * inRun[item.run]! < run.chars, !elements[run.element].inBoilerplate else { continue }
            elements[item.element].boilerplate = false
            changed = true
        }
        if changed { recomputeInBoilerplate() }
    }

    /// A part of the page that its own links point to (`href="#best-beginner-equipment"`, a
    /// table of contents) and that starts with a heading is a section of the article, whatever
    /// words its id holds ("podcast", "social", "video" are topics as often as furniture). Its
    /// class names still count, and a comment thread stays one ("Jump to comments").
    private mutating func unmarkLinkedSections() {
        guard !fragments.isEmpty else { return }
        var changed = false
        for i in elements.indices where elements[i].boilerplate && !Self.furnitureTags.contains(elements[i].tag) {
            let names = elements[i].names
            // Most furniture has no id (its names end in the space before the id).
            guard let last = names.utf8.last, last != 0x20, let space = names.lastIndex(of: " ") else { continue }
            let id = String(names[names.index(after: space)...])
            guard !id.isEmpty, fragments.contains(id), !BoilerplateNames.isFurniture(String(names[..<space])),
                  !Generic.commentThreadNames.contains(where: { ByteSearch.contains(id, $0) }) else { continue }
            let e = elements[i]
            let first = e.firstRun < e.endRun ? elements[runs[e.firstRun].element].tag : ""
            guard Self.headingTags.contains(e.tag) || Self.headingTags.contains(first) else { continue }
            elements[i].boilerplate = false
            changed = true
        }
        if changed { recomputeInBoilerplate() }
    }

    static let headingTags: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// A wrapper named like furniture ("share-container", "widgets") that holds most of the
    /// page's long paragraphs is the article's wrapper, not furniture; comment sections, consent
    /// walls, `nav` and `footer` excepted (a page footer's disclaimers can outweigh a short
    /// post, a consent wall's vendor list a whole article). So are
    /// wrappers of one kind (tag and class) that hold most of them together, each text counted
    /// once: the article's parts, where a page builder puts each part in a module of its own.
    private mutating func unmarkArticleWrappers() {
        var long = [Int](repeating: 0, count: elements.count)
        for run in runs where run.chars >= 100 && run.linkDensity < 0.2 {
            var e = run.element
            while e >= 0 { long[e] += run.chars; e = elements[e].parent }
        }
        guard let total = long.first, total > 0 else { return }
        // Elements holding an article-body-named element with long paragraphs.
        var holdsBody = [Bool](repeating: false, count: elements.count)
        for i in elements.indices where long[i] >= 300 && !elements[i].names.isEmpty && elements[i].contentWeight == 2 {
            var a = elements[i].parent
            while a >= 0, !holdsBody[a] { holdsBody[a] = true; a = elements[a].parent }
        }
        var changed = false
        // Wrappers of one kind (tag and class, ids aside: a page builder's "widget" modules,
        // each holding a part of the article) are judged together: the long paragraphs the
        // outermost ones hold, each text counted once (a consent placeholder repeated in
        // every embed is not an article).
        var kinds: [String: [Int]] = [:]
        for i in elements.indices where elements[i].boilerplate && elements[i].tag != "nav" && elements[i].tag != "footer" {
            guard long[i] > 0, !ByteSearch.contains(elements[i].names, "comment"), !Self.isConsentWall(elements[i]) else { continue }
            if long[i] >= 300, Double(long[i]) >= 0.5 * Double(total) || holdsBody[i] {
                elements[i].boilerplate = false
                changed = true
            }
            let cls = Self.classPart(elements[i].names)
            if !cls.isEmpty { kinds[elements[i].tag + " " + cls, default: []].append(i) }
        }
        for members in kinds.values where members.count >= 2 {
            var seen = Set<String>()
            var held = 0
            for i in members where !members.contains(where: { $0 != i && isAncestor($0, of: i) }) {
                for r in elements[i].firstRun..<elements[i].endRun where runs[r].chars >= 100 && runs[r].linkDensity < 0.2 {
                    if seen.insert(runs[r].text).inserted { held += runs[r].chars }
                }
            }
            guard held >= 300, Double(held) >= 0.5 * Double(total) else { continue }
            for i in members where elements[i].boilerplate {
                elements[i].boilerplate = false
                changed = true
            }
        }
        if changed { recomputeInBoilerplate() }
    }

    /// Class/id fragments of a consent dialog, and those that make a "cookie" name one (a
    /// "cookie-banner", not a "cookie-recipe").
    static let consentNames = ["consent", "gdpr", "cmp-"]
    static let cookieDialogNames = ["banner", "notice", "bar", "wall", "popup", "modal", "dialog", "law", "policy", "accept"]

    /// A cookie or consent dialog (a `dialog`, or named like one): never the article's wrapper,
    /// however long its list of vendors and purposes, and its text is no article text the
    /// strict reading lost.
    static func isConsentWall(_ e: Element) -> Bool {
        e.tag == "dialog" || isConsentName(e.names)
    }

    static func isConsentName(_ names: String) -> Bool {
        if consentNames.contains(where: { ByteSearch.contains(names, $0) }) { return true }
        return ByteSearch.contains(names, "cookie") && cookieDialogNames.contains { ByteSearch.contains(names, $0) }
    }

    /// The class part of `names` (class names, a space, the id).
    static func classPart(_ names: String) -> Substring {
        guard let space = names.lastIndex(of: " ") else { return names[...] }
        return names[..<space]
    }

    mutating func recomputeInBoilerplate() {
        for i in elements.indices {
            let p = elements[i].parent
            elements[i].inBoilerplate = elements[i].boilerplate || (p >= 0 && elements[p].inBoilerplate)
        }
    }

    private struct WalkState {
        var acc = TextFolder()
        var linkChars = 0
        var linkDepth = 0
        var owner = 0
        var tags = TagCache()
    }

    /// What the walk needs to know about a tag, looked up once per element.
    struct TagKind: OptionSet {
        let rawValue: UInt16
        static let skipped = TagKind(rawValue: 1)
        static let block = TagKind(rawValue: 2)
        static let furniture = TagKind(rawValue: 4)
        static let figure = TagKind(rawValue: 8)
        static let lineBreak = TagKind(rawValue: 16)
        static let link = TagKind(rawValue: 32)
        static let h1 = TagKind(rawValue: 64)
        static let image = TagKind(rawValue: 128)
        static let time = TagKind(rawValue: 256)
    }

    static let tagKinds: [String: TagKind] = {
        var kinds: [String: TagKind] = [:]
        for t in skippedTags { kinds[t, default: []].insert(.skipped) }
        for t in blockTags { kinds[t, default: []].insert(.block) }
        for t in furnitureTags { kinds[t, default: []].insert(.furniture) }
        for t in figureTags { kinds[t, default: []].insert(.figure) }
        kinds["br", default: []].insert(.lineBreak)
        kinds["a", default: []].insert(.link)
        kinds["h1", default: []].insert(.h1)
        kinds["img", default: []].insert(.image)
        kinds["time", default: []].insert(.time)
        return kinds
    }()

    private mutating func visit(_ node: HTMLNode, tag: String, kind: TagKind, attributes: ElementAttributes, parent: Int, depth: Int, inBoilerplate: Bool, inFigure: Bool, state: inout WalkState) {
        let names = attributes.names
        let nameFlags = names.isEmpty ? BoilerplateNames.Flags(furniture: false, author: false, contentWeight: 0) : flags(names)
        // Names mark furniture below `<body>`'s children (a page's one wrapper is often named
        // oddly), a consent wall at any depth (it is often a child of `<body>`).
        let own = (kind.contains(.furniture) && reading.tagsMarkFurniture)
            || (nameFlags.furniture && reading.namesMarkFurniture && (depth > 1 || Self.isConsentName(names)))
        // A figure that holds a table (WordPress's `figure.wp-block-table`) is a table, not a picture.
        let figure = inFigure || kind.contains(.figure) && !(tag == "figure" && Self.holdsTable(node, depth: 3))
        let index = elements.count
        elements.append(Element(node: node, tag: tag, parent: parent, depth: depth, names: names,
                                boilerplate: own, inBoilerplate: inBoilerplate || own, inFigure: figure,
                                contentWeight: nameFlags.contentWeight))
        let isBlock = kind.contains(.block)
        let savedOwner = state.owner
        if isBlock || parent < 0 {
            flush(&state)
            state.owner = index
        }
        elements[index].firstRun = runs.count
        if kind.contains(.h1) { h1s.append(index) }
        if kind.contains(.image) { images.append(index) }
        if kind.contains(.time) { times.append(index) }
        if kind.contains(.link) {
            state.linkDepth += 1
            if let f = attributes.fragment { fragments.insert(f) }
        }
        if nameFlags.author || attributes.author {
            authorElements.append(index)
        }

        let runsBefore = runs.count
        let visibleBefore = state.acc.visible
        var next = node.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isText {
                let n = child.withTextBytes { state.acc.append(bytes: $0) }
                if state.linkDepth > 0 { state.linkChars += n }
            } else if child.isElement {
                let (childTag, childKind) = state.tags.lookup(child)
                if childKind.contains(.skipped), reading.skipHidden || childTag != "button" || !Self.holdsBlocks(child) { continue }
                let attributes = child.hasAttributes ? ElementAttributes(child) : ElementAttributes()
                if reading.skipHidden, attributes.hidden {
                    if Self.holdsBlocks(child) { hiddenChars += Self.textBytes(child) }
                    continue
                }
                if childKind.contains(.lineBreak) { state.acc.space(); continue }
                visit(child, tag: childTag, kind: childKind, attributes: attributes, parent: index, depth: depth + 1,
                      inBoilerplate: inBoilerplate || own, inFigure: figure, state: &state)
            }
        }

        if kind.contains(.link) { state.linkDepth -= 1 }
        if own, kind.contains(.link), parent >= 0, runs.count == runsBefore, state.acc.visible > visibleBefore {
            // Its text is part of the run being collected (see `unmarkInlineWords`).
            inlineFurniture.append((index, runs.count, state.acc.visible - visibleBefore))
        }
        if isBlock || parent < 0 {
            flush(&state)
            state.owner = savedOwner
        }
        elements[index].endRun = runs.count
    }

    private mutating func flush(_ state: inout WalkState) {
        let (text, chars) = state.acc.take()
        if chars > 0 {
            runs.append(Run(element: state.owner, text: text, chars: chars, linkChars: state.linkChars))
        }
        state.linkChars = 0
    }

    static func names(of node: HTMLNode) -> String {
        names(class: Array((node["class"] ?? "").utf8), id: Array((node["id"] ?? "").utf8))
    }

    /// The names from the `class` and `id` attributes' UTF-8 bytes.
    static func names(class cls: [UInt8], id: [UInt8]) -> String {
        if cls.isEmpty && id.isEmpty { return "" }
        // Lower-cased (ASCII) on bytes; utility-class variants ("print:hidden",
        // "desktop:[.x]:mt-0") say nothing about the content and are left out.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cls.count + id.count + 1)
        // Tokens at spaces, tabs, line feeds and carriage returns, read in place.
        var start = 0
        var keep = true
        for i in 0...cls.count {
            let b: UInt8 = i < cls.count ? cls[i] : 0x20
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                if i > start && keep {
                    if !bytes.isEmpty { bytes.append(0x20) }
                    for c in cls[start..<i] { bytes.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c) }
                }
                start = i + 1
                keep = true
            } else if b == 0x3A || b == 0x5B {
                keep = false
            }
        }
        bytes.append(0x20)
        for b in id { bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Bytes of text inside `node`, skipped tags left out.
    static func textBytes(_ node: HTMLNode) -> Int {
        var n = 0
        var next = node.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isText {
                n += child.withTextBytes { $0.count }
            } else if child.isElement, !(tagKinds[child.tag]?.contains(.skipped) ?? false) {
                n += textBytes(child)
            }
        }
        return n
    }

    /// Whether a `table` is among the element's descendants down to `depth` levels.
    static func holdsTable(_ node: HTMLNode, depth: Int) -> Bool {
        guard depth > 0 else { return false }
        var next = node.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isElement, child.tag == "table" || holdsTable(child, depth: depth - 1) { return true }
        }
        return false
    }

    /// Whether an element has a block element among its children.
    static func holdsBlocks(_ node: HTMLNode) -> Bool {
        var next = node.firstChildNode
        while let child = next {
            next = child.nextSibling
            if child.isElement, tagKinds[child.tag]?.contains(.block) == true { return true }
        }
        return false
    }

    static let displayNone = Array("display:none".utf8)
    static let visibilityHidden = Array("visibility:hidden".utf8)

    static func isHidden(_ node: HTMLNode) -> Bool {
        if node["hidden"] != nil { return true }
        if node["aria-hidden"] == "true" { return true }
        if let style = node["style"], styleHides(style) { return true }
        return false
    }

    static func styleHides(_ style: String) -> Bool {
        let compact = Array(style.lowercased().utf8.filter { $0 != 0x20 })
        return ByteSearch.contains(compact, displayNone) || ByteSearch.contains(compact, visibilityHidden)
    }

    /// Whether element `a` is `b` or one of its ancestors.
    func isAncestor(_ a: Int, of b: Int) -> Bool {
        var e = b
        while e >= 0 {
            if e == a { return true }
            e = elements[e].parent
        }
        return false
    }

    /// The run index where element `e` starts (its first run, or where one would be).
    func position(of e: Int) -> Int { elements[e].firstRun }

    /// The element index just past `e`'s last descendant: `e..<subtreeEnd(of: e)` is `e` and
    /// everything inside it (elements are in document order, each with its depth).
    func subtreeEnd(of e: Int) -> Int {
        var i = e + 1
        while i < elements.count, elements[i].depth > elements[e].depth { i += 1 }
        return i
    }

    /// Characters of paragraph-like text in `runs`: runs of 80 characters or more with a link
    /// share under 0.2, outside furniture.
    func paragraphChars(in range: Range<Int>) -> Int {
        var n = 0
        for i in range {
            let r = runs[i]
            if r.chars >= 80, r.linkDensity < 0.2, !elements[r.element].inBoilerplate { n += r.chars }
        }
        return n
    }

    /// Clears the furniture mark of `e` and its ancestors (the element holding the headline is
    /// never furniture, whatever its class says) and recomputes `inBoilerplate`.
    mutating func exemptAncestors(of e: Int) {
        var a = e
        var changed = false
        while a >= 0 {
            if elements[a].boilerplate { elements[a].boilerplate = false; changed = true }
            a = elements[a].parent
        }
        if changed { recomputeInBoilerplate() }
    }
}
