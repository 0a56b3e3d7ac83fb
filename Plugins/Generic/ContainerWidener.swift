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
/// and never above `<body>`'s direct children. Wrappers that add under 80 characters, good or
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

    init(index: PageIndex, anchor: Int?) {
        self.index = index
        self.anchor = anchor
        let n = index.elements.count
        good = [Int](repeating: 0, count: n)
        all = [Int](repeating: 0, count: n)
        links = [Int](repeating: 0, count: n)
        for (i, run) in index.runs.enumerated() {
            if let anchor, i <= anchor { continue }
            let owner = index.elements[run.element]
            // Text in furniture is not taken when the body is built: it neither helps nor hurts.
            if owner.inBoilerplate { continue }
            let isGood = !owner.inFigure && run.chars >= 25 && run.linkDensity < 0.34
            var e = run.element
            while e >= 0 {
                all[e] += run.chars
                links[e] += run.linkChars
                if isGood { good[e] += run.chars }
                e = index.elements[e].parent
            }
        }
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
        var current = first
        var widened = false
        // Wrappers that add (almost) nothing are climbed through; the first ancestor that adds
        // text failing the criterion ends the climb.
        while true {
            let parent = candidate ?? elements[probe].parent
            candidate = nil
            // Never the body itself, nor anything above it.
            guard parent >= 0, elements[parent].parent >= 0 else { break }
            if elements[parent].inBoilerplate { break }
            probe = parent
            let addedGood = good[parent] - chosenGood
            let addedAll = all[parent] - chosenAll
            let minimum = max(80, min(300, chosenGood / 5))
            // Too little to judge (a section's own heading and fact line): climb on.
            if addedAll < 80 { continue }
            guard Double(addedGood) >= 0.5 * Double(addedAll),
                  all[parent] > 0, Double(links[parent]) / Double(all[parent]) < 0.3 else { break }
            guard addedGood >= minimum else { break }
            current = parent
            chosenGood = good[parent]
            chosenAll = all[parent]
            widened = true
        }
        return widened ? [current] : containers
    }
}
