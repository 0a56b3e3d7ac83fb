import CLibXML2

/// What a walk over an element's content meets, in reading order: text (with whether it
/// is inside `<strong>`/`<b>`), line breaks (`<br>`), and the start and end of block elements.
/// `NodeText` and the body builders consume it, so every place that turns markup into text
/// agrees on what a line and a block are.
public enum FlowEvent {
    case text(String, bold: Bool)
    case lineBreak
    case blockStart(String, HTMLNode)
    case blockEnd(String, HTMLNode)
}

public enum TextFlow {
    /// Elements whose content is never text of the page.
    public static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg",
        "canvas", "button", "select", "input", "textarea", "video", "audio", "map",
    ]

    /// Elements that break lines around them.
    public static let blocks: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
        "section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption",
        "form", "fieldset", "address", "hr", "details", "summary", "center", "hgroup", "picture",
    ]

    static let bold: Set<String> = ["strong", "b"]

    /// Walks `node`'s content. `skip` may veto any element (it and its content are passed over).
    public static func walk(_ node: HTMLNode, skip: ((HTMLNode) -> Bool)? = nil, _ visit: (FlowEvent) -> Void) {
        walkChildren(of: node.ptr, document: node.document, boldDepth: 0, skip: skip, visit)
    }

    private static func walkChildren(of parent: xmlNodePtr, document: HTMLDocument, boldDepth: Int,
                                     skip: ((HTMLNode) -> Bool)?, _ visit: (FlowEvent) -> Void) {
        var child = parent.pointee.children
        while let c = child {
            child = c.pointee.next
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content {
                    visit(.text(String(cString: content), bold: boldDepth > 0))
                }
            case XML_ELEMENT_NODE:
                guard let rawName = c.pointee.name else { continue }
                let name = String(cString: rawName)
                if skipped.contains(name) { continue }
                let node = HTMLNode(c, in: document)
                if let skip, skip(node) {
                    // A skipped block (an ad box between two text runs) still separates them.
                    if blocks.contains(name) { visit(.blockStart(name, node)); visit(.blockEnd(name, node)) }
                    continue
                }
                if name == "br" { visit(.lineBreak); continue }
                let isBlock = blocks.contains(name)
                if isBlock { visit(.blockStart(name, node)) }
                walkChildren(of: c, document: document, boldDepth: boldDepth + (bold.contains(name) ? 1 : 0), skip: skip, visit)
                if isBlock { visit(.blockEnd(name, node)) }
            default:
                continue
            }
        }
    }
}

/// Collects text into lines with white space folded: runs of spaces, tabs, newlines and
/// no-break spaces become one space; lines are trimmed; empty lines vanish.
public struct LineAccumulator {
    public private(set) var lines: [String] = []
    private var current = ""
    private var pendingSpace = false
    /// Whether every character of the current line so far was bold.
    private var currentAllBold = true
    public private(set) var boldFlags: [Bool] = []

    public init() {}

    public mutating func append(_ text: String, bold: Bool = false) {
        for scalar in text.unicodeScalars {
            if Self.isSpace(scalar) {
                pendingSpace = true
            } else {
                if pendingSpace, !current.isEmpty { current.unicodeScalars.append(" ") }
                pendingSpace = false
                current.unicodeScalars.append(scalar)
                if !bold { currentAllBold = false }
            }
        }
    }

    /// Ends the current line (an empty line is dropped).
    public mutating func breakLine() {
        if !current.isEmpty {
            lines.append(current)
            boldFlags.append(currentAllBold)
        }
        current = ""
        pendingSpace = false
        currentAllBold = true
    }

    public var isLineEmpty: Bool { current.isEmpty }

    public mutating func finish() -> [String] {
        breakLine()
        return lines
    }

    @inline(__always)
    public static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B, 0xA0, 0x2007, 0x202F, 0x200B, 0xFEFF, 0x3000, 0x2000...0x200A: return true
        default: return false
        }
    }
}

enum NodeText {
    static func text(of node: HTMLNode) -> String {
        if node.isText {
            var acc = LineAccumulator()
            acc.append(node.rawText)
            return acc.finish().joined(separator: "\n")
        }
        var acc = LineAccumulator()
        TextFlow.walk(node) { event in
            switch event {
            case .text(let s, _): acc.append(s)
            case .lineBreak, .blockStart, .blockEnd: acc.breakLine()
            }
        }
        return acc.finish().joined(separator: "\n")
    }
}
