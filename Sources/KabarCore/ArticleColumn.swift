import KabarHTML

/// A site plugin's known body containers and the article column around them. When a site
/// moves a block of the article out of the containers a plugin knows (a figure with its
/// caption between two text blocks, paragraphs after the last container, a list or a
/// subheading between containers), the block is still in the article's column: this finds
/// such blocks and gives them back in reading order with the containers, so the plugin reads
/// them with its own `BodyBuilder` and image rules instead of silently dropping them.
///
/// The rules, the same for every plugin:
/// - only blocks after the first container are considered (the headline, byline and lead
///   image come before it);
/// - a block is judged by `BlockFurniture` and the plugin's own noise: furniture is never
///   taken; between containers it is passed over; after the last container, furniture that
///   closes an article (tags, share bar, related list, comments, the next story) ends the
///   search, so nothing below the article is taken;
/// - inside a block taken, furniture is passed over too (`skips`);
/// - headings left last after the last container (a "Related" title whose list was not
///   taken) are dropped.
public struct ArticleColumn {
    /// The element that holds the containers.
    public let column: HTMLNode
    /// The known containers and the blocks found around them, in document order.
    public let nodes: [HTMLNode]
    /// The blocks found outside the containers, in document order.
    public let strays: [HTMLNode]
    /// Furniture inside the blocks found, for the body builder to pass over.
    let strayFurniture: Set<HTMLNode>
    let isNoise: (HTMLNode) -> Bool

    /// Reads the column around `containers` (document order): `column` if given and holding
    /// them all, else the nearest element holding them all (a single container's parent).
    /// `isNoise` is the plugin's own noise (its ad slots, its inline "read also" paragraphs).
    /// Nil when the containers are empty or the column does not hold them all.
    public init?(containers: [HTMLNode], column: HTMLNode? = nil, isNoise: @escaping (HTMLNode) -> Bool = { _ in false }) {
        guard !containers.isEmpty, let column = column ?? Self.commonAncestor(of: containers),
              containers.allSatisfy({ $0 != column && column.contains($0) }) else { return nil }
        self.column = column
        self.isNoise = isNoise
        var walk = Walk(containers: Set(containers), spine: Self.spine(of: containers, below: column), isNoise: isNoise)
        walk.visit(column)
        walk.dropTrailingHeadings()
        guard walk.found == walk.containers.count else { return nil }
        self.nodes = walk.nodes
        self.strays = walk.nodes.filter { !walk.containers.contains($0) }
        var furniture = Set<HTMLNode>()
        for stray in strays {
            for element in stray.select("*") where Self.isFurniture(element, isNoise: isNoise) { furniture.insert(element) }
        }
        self.strayFurniture = furniture
    }

    /// Whether the body builder should pass over `node`: the plugin's noise anywhere, and
    /// furniture inside the blocks found outside the containers.
    public func skips(_ node: HTMLNode) -> Bool {
        isNoise(node) || strayFurniture.contains(node)
    }

    static func isFurniture(_ node: HTMLNode, isNoise: (HTMLNode) -> Bool) -> Bool {
        if isNoise(node) { return true }
        switch BlockFurniture.of(node) {
        case .inline, .closing: return true
        case .content, .empty: return false
        }
    }

    /// The nearest element holding every one of `nodes`; a single node's parent.
    static func commonAncestor(of nodes: [HTMLNode]) -> HTMLNode? {
        guard var candidate = nodes[0].parent else { return nil }
        for node in nodes.dropFirst() {
            while !candidate.contains(node) {
                guard let up = candidate.parent else { return nil }
                candidate = up
            }
        }
        return candidate
    }

    /// The elements between the containers and the column (the column included): the walk
    /// goes down only through these.
    static func spine(of containers: [HTMLNode], below column: HTMLNode) -> Set<HTMLNode> {
        var spine: Set<HTMLNode> = [column]
        for container in containers {
            var node = container.parent
            while let n = node, n != column, spine.insert(n).inserted { node = n.parent }
        }
        return spine
    }

    struct Walk {
        let containers: Set<HTMLNode>
        let spine: Set<HTMLNode>
        let isNoise: (HTMLNode) -> Bool
        var nodes: [HTMLNode] = []
        /// Containers met so far.
        var found = 0
        /// Set when closing furniture after the last container ended the search.
        var ended = false
        /// How many of `nodes` were taken after the last container.
        var trailing = 0

        mutating func visit(_ parent: HTMLNode) {
            for child in parent.children {
                if ended { return }
                if containers.contains(child) {
                    nodes.append(child)
                    found += 1
                    trailing = 0
                } else if spine.contains(child) {
                    visit(child)
                } else if found > 0 {
                    consider(child)
                }
            }
        }

        mutating func consider(_ block: HTMLNode) {
            let afterLast = found == containers.count // every container met
            let kind: BlockFurniture = isNoise(block) ? .inline : BlockFurniture.of(block)
            switch kind {
            case .content:
                nodes.append(block)
                if afterLast { trailing += 1 }
            case .closing where afterLast:
                ended = true
            case .closing, .inline, .empty:
                break
            }
        }

        /// Headings (or blocks holding only a heading) left last after the last container.
        mutating func dropTrailingHeadings() {
            while trailing > 0, let last = nodes.last, Self.isHeadingOnly(last) {
                nodes.removeLast()
                trailing -= 1
            }
        }

        static let headings: Set<String> = ["h2", "h3", "h4", "h5", "h6"]

        static func isHeadingOnly(_ node: HTMLNode) -> Bool {
            if headings.contains(node.tag) { return true }
            let elements = node.children
            return elements.count == 1 && isHeadingOnly(elements[0])
                && TextNormalizer.clean(node.text) == TextNormalizer.clean(elements[0].text)
        }
    }
}
