import KabarHTML

/// Turns an article container into body blocks, the way news CMSs actually write them:
/// `<p>` and other blocks make paragraphs; so do runs of two or more `<br>` inside one
/// `<p>` (Tempo 2015) or a bare `<div>` (SINDOnews); a single `<br>` joins lines with a space;
/// `h2`–`h6` become headings, `blockquote` quotes, `ul`/`ol` lists; figures and their captions
/// are never body text. With `boldLineHeadings`, a short line wholly in `<strong>`/`<b>` at the
/// start of a paragraph is a subheading.
public struct BodyBuilder {
    public var boldLineHeadings = false
    /// Every single `<br>` ends a paragraph (sites that separate paragraphs with one break),
    /// not only runs of two or more.
    public var singleBreakEndsParagraph = false
    /// Longest text taken for a bold-line subheading.
    public var maxHeadingLength = 120
    /// Elements passed over besides scripts, styles and the like.
    public var skippedTags: Set<String> = ["figure", "figcaption", "picture", "img"]
    /// Any other element to pass over (ads, related links...).
    public var skip: ((HTMLNode) -> Bool)?

    public init(boldLineHeadings: Bool = false, skip: ((HTMLNode) -> Bool)? = nil) {
        self.boldLineHeadings = boldLineHeadings
        self.skip = skip
    }

    /// The blocks of `containers`, in order. A container that is itself a heading, quote or
    /// list (a block found beside a plugin's containers by `ArticleColumn`) is that block.
    public func blocks(of containers: [HTMLNode]) -> [Block] {
        var state = State(builder: self)
        for container in containers {
            let kindOfItsOwn = Self.kindTags.contains(container.tag)
            if kindOfItsOwn { state.consume(.blockStart(container.tag, container)) }
            walk(container, into: &state)
            if kindOfItsOwn { state.consume(.blockEnd(container.tag, container)) }
            state.endParagraph()
        }
        return state.blocks
    }

    /// Elements that are a block of a kind other than a paragraph.
    static let kindTags: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol"]

    public func blocks(of container: HTMLNode) -> [Block] { blocks(of: [container]) }

    private func walk(_ container: HTMLNode, into state: inout State) {
        TextFlow.walk(container, skippingTags: skippedTags, skip: skip) { event in
            state.consume(event)
        }
    }

    struct State {
        let builder: BodyBuilder
        var blocks: [Block] = []
        var lines = LineAccumulator()
        var breaksSinceText = 0
        /// The block kind being collected when inside a heading, quote or list.
        var mode: Block.Kind = .paragraph
        var modeDepth = 0
        var listItems: [String] = []

        init(builder: BodyBuilder) { self.builder = builder }

        mutating func consume(_ event: FlowEvent) {
            switch event {
            case .text(let s, let bold):
                if LineAccumulator.hasNonSpace(s) { breaksSinceText = 0 }
                lines.append(s, bold: bold)
            case .lineBreak:
                if mode == .paragraph, builder.singleBreakEndsParagraph {
                    endParagraph()
                } else if mode == .paragraph, lines.isLineEmpty, breaksSinceText >= 1 {
                    endParagraph()
                } else {
                    lines.breakLine()
                }
                breaksSinceText += 1
            case .blockStart(let tag, _):
                switch tag {
                case "h1", "h2", "h3", "h4", "h5", "h6": enter(.heading)
                case "blockquote": enter(.quote)
                case "ul", "ol": enter(.list)
                case "li" where mode == .list: lines.breakLine()
                default:
                    if mode == .paragraph { endParagraph() } else { lines.breakLine() }
                }
            case .blockEnd(let tag, _):
                switch tag {
                case "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol": leave()
                case "li" where mode == .list: lines.breakLine()
                default:
                    if mode == .paragraph { endParagraph() } else { lines.breakLine() }
                }
            }
        }

        mutating func enter(_ kind: Block.Kind) {
            if modeDepth == 0 {
                endParagraph()
                mode = kind
            }
            modeDepth += 1
        }

        mutating func leave() {
            guard modeDepth > 0 else { endParagraph(); return }
            modeDepth -= 1
            if modeDepth == 0 {
                let collected = lines.finish()
                lines = LineAccumulator()
                switch mode {
                case .list: if !collected.isEmpty { blocks.append(Block(.list, collected.joined(separator: "\n"))) }
                default: if !collected.isEmpty { blocks.append(Block(mode, collected.joined(separator: " "))) }
                }
                mode = .paragraph
            }
        }

        mutating func endParagraph() {
            guard mode == .paragraph else { return }
            let collected = lines.finish()
            let bold = lines.boldFlags
            lines = LineAccumulator()
            breaksSinceText = 0
            guard !collected.isEmpty else { return }
            if builder.boldLineHeadings, bold.first == true, collected[0].count <= builder.maxHeadingLength {
                if collected.count > 1 {
                    blocks.append(.heading(collected[0]))
                    blocks.append(.paragraph(collected.dropFirst().joined(separator: " ")))
                    return
                }
                if let last = collected[0].last, !".!?\"”".contains(last) {
                    blocks.append(.heading(collected[0]))
                    return
                }
            }
            blocks.append(.paragraph(collected.joined(separator: " ")))
        }
    }
}
