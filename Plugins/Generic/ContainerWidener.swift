/// Widens the scorer's choice when it holds only part of the article. The container that
/// scores best is often one section of a long article (a listicle's entries, a guide cut into
/// `section`s, text interleaved with product boxes), and its siblings are not always alike
/// enough to join it. The criterion: the parent of the chosen text replaces it while what the
/// parent adds (after the headline) is mostly article-like text, that is
///
/// - it adds paragraph-like text (runs of 25 characters or more, with a link share under a
///   third, outside furniture and figures) of at least a fifth of what is chosen, or 300
///   characters, whichever is less but at least 80;
/// - that paragraph-like text is at least half of all the text it adds (a block of teasers,
///   link lists or a footer fails this);
/// - its link share is under 0.3;
///
/// and never above `<body>`'s direct children. A parent that adds only section headings (and
/// under 80 characters besides) is taken: the chosen containers were the bodies of an
/// article's sections. Wrappers that add under 80 characters, good or
/// not, are climbed through (a section's own heading and fact line); the first ancestor that
/// adds more and fails the criterion ends the climb. Furniture inside the parent (share bars,
/// related stories, comments by name) is still left out when the body is built.
struct ContainerWidener {
    let index: PageIndex
    /// The run index of the headline: text before it neither counts nor is taken.
    let anchor: Int?

    /// Paragraph-like characters after the headline inside each element.
    private(set) var good: [Int]
    /// All characters after the headline inside each element, and link characters.
    private(set) var all: [Int]
    private(set) var links: [Int]
    /// Characters of section headings (`h2`-`h6`, not links) after the headline inside each element.
    private(set) var headings: [Int]

    init(index: PageIndex, anchor: Int?, introduced: Set<Int> = []) {
        self.index = index
        self.anchor = anchor
        let n = index.elements.count
        good = [Int](repeating: 0, count: n)
        all = [Int](repeating: 0, count: n)
        links = [Int](repeating: 0, count: n)
        headings = [Int](repeating: 0, count: n)
        for (i, run) in index.runs.enumerated() {
            if let anchor, i <= anchor { continue }
            let owner = index.elements[run.element]
            // Text in furniture is not taken when the body is built: it neither helps nor hurts.
            if owner.inBoilerplate { continue }
            // A list or table the text introduces is article text, links or not (`ContentScorer.introducedLists`).
            let isList = introduced.contains(run.element)
            let isGood = !owner.inFigure && (run.chars >= 25 && run.linkDensity < 0.34 || isList)
            let isHeading = Self.sectionHeadings.contains(owner.tag) && run.linkDensity < 0.34
            var e = run.element
            while e >= 0 {
                all[e] += run.chars
                if !isList { links[e] += run.linkChars }
                if isGood { good[e] += run.chars }
                if isHeading { headings[e] += run.chars }
                e = index.elements[e].parent
            }
        }
    }

    static let sectionHeadings: Set<String> = ["h2", "h3", "h4", "h5", "h6"]

    /// Whether every section heading that `parent` adds to `chosen` (after the headline,
    /// outside furniture) is followed by text of `chosen`: the headings of the chosen sections,
    /// not those of other blocks (an accordion's questions, whose answers are hidden).
    func headingsLead(into chosen: [Int], within parent: Int) -> Bool {
        let e = index.elements[parent]
        for i in e.firstRun..<e.endRun {
            if let anchor, i <= anchor { continue }
            let run = index.runs[i]
            let owner = index.elements[run.element]
            guard Self.sectionHeadings.contains(owner.tag), !owner.inBoilerplate,
                  !chosen.contains(where: { index.isAncestor($0, of: run.element) }) else { continue }
            guard i + 1 < e.endRun, chosen.contains(where: { index.isAncestor($0, of: index.runs[i + 1].element) }) else { return false }
        }
        return true
    }

    /// `containers` (siblings, or chunks named alike, in document order) widened to an ancestor when the criterion
    /// holds; unchanged otherwise.
    func widen(_ containers: [Int]) -> [Int] {
        guard let first = containers.first else { return containers }
        let elements = index.elements
        // Several containers (siblings, or chunks named alike): their nearest common ancestor
        // is the first candidate; one container: its parent.
        var probe = first
        var candidate: Int?
        if containers.count > 1 {
            var lca = elements[first].parent
            while lca >= 0, !containers.allSatisfy({ index.isAncestor(lca, of: $0) }) { lca = elements[lca].parent }
            guard lca >= 0 else { return containers }
            candidate = lca
        }
        var chosenGood = containers.reduce(0) { $0 + good[$1] }
        var chosenAll = containers.reduce(0) { $0 + all[$1] }
        var chosenHeadings = containers.reduce(0) { $0 + headings[$1] }
        var chosen = containers
        var current = first
        var widened = false
        /// `parent` becomes the chosen container.
        func take(_ parent: Int) {
            chosen = [parent]
            current = parent
            chosenGood = good[parent]
            chosenAll = all[parent]
            chosenHeadings = headings[parent]
            widened = true
        }
        // Wrappers that add (almost) nothing are climbed through; the first ancestor that adds
        // text failing the criterion ends the climb.
        while true {
            let parent = candidate ?? elements[probe].parent
            candidate = nil
            // Never the body itself, nor anything above it.
            guard parent >= 0, elements[parent].parent >= 0 else { break }
            if elements[parent].inBoilerplate { break }
            // Never out of an `<article>` that holds the headline and the chosen text: what is
            // beside it is other stories (a river of teasers under the article).
            if elements[probe].tag == "article", let anchor, elements[probe].firstRun <= anchor, anchor < elements[probe].endRun { break }
            probe = parent
            let addedGood = good[parent] - chosenGood
            let addedAll = all[parent] - chosenAll
            let minimum = max(80, min(300, chosenGood / 5))
            // Too little to judge (a section's own heading and fact line): climb on.
            if addedAll < 80 { continue }
            // Only the headings of the sections chosen (an article cut into sections, the
            // body of each chosen): taken, with them.
            let addedHeadings = headings[parent] - chosenHeadings
            if addedHeadings > 0, addedAll - addedHeadings < 80, headingsLead(into: chosen, within: parent) {
                take(parent)
                continue
            }
            guard Double(addedGood) >= 0.5 * Double(addedAll),
                  all[parent] > 0, Double(links[parent]) / Double(all[parent]) < 0.3 else { break }
            guard addedGood >= minimum else { break }
            take(parent)
        }
        return widened ? [current] : containers
    }
}
