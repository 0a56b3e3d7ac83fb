import CLibXML2
import Foundation

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
        walkChildren(of: node.ptr, document: node.document, boldDepth: 0, skipping: .none, skip: skip) { visit($0); return true }
    }

    /// `walk` that stops as soon as `visit` returns false (no event after that one).
    static func walk(_ node: HTMLNode, until visit: (FlowEvent) -> Bool) {
        walkChildren(of: node.ptr, document: node.document, boldDepth: 0, skipping: .none, skip: nil, visit)
    }

    /// `walk` passing over, besides what `skip` vetoes, every element whose tag name is in
    /// `tags` (tested before `skip`, which is not asked about them), the names compared on
    /// their bytes: `walk(node, skip: { tags.contains($0.tag) || skip($0) })` without a String
    /// and a hash per element.
    public static func walk(_ node: HTMLNode, skippingTags tags: Set<String>, skip: ((HTMLNode) -> Bool)?, _ visit: (FlowEvent) -> Void) {
        walkChildren(of: node.ptr, document: node.document, boldDepth: 0, skipping: FlowTags.Skipping(tags), skip: skip) { visit($0); return true }
    }

    /// The walk; false when `visit` stopped it.
    @discardableResult
    private static func walkChildren(of parent: xmlNodePtr, document: HTMLDocument, boldDepth: Int, skipping: FlowTags.Skipping,
                                     skip: ((HTMLNode) -> Bool)?, _ visit: (FlowEvent) -> Bool) -> Bool {
        var child = parent.pointee.children
        while let c = child {
            child = c.pointee.next
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content {
                    guard visit(.text(String(cString: content), bold: boldDepth > 0)) else { return false }
                }
            case XML_ELEMENT_NODE:
                guard let rawName = c.pointee.name else { continue }
                // The name's entry among the names TextFlow knows (nil: none of them).
                let tag = FlowTags.entry(rawName)
                if let tag, tag.skipped { continue }
                let node = HTMLNode(c, in: document)
                if skipping.skips(tag, rawName) || (skip?(node) ?? false) {
                    // A skipped block (an ad box between two text runs) still separates them.
                    if let tag, tag.block {
                        guard visit(.blockStart(tag.name, node)), visit(.blockEnd(tag.name, node)) else { return false }
                    }
                    continue
                }
                guard let tag else {
                    guard walkChildren(of: c, document: document, boldDepth: boldDepth, skipping: skipping, skip: skip, visit) else { return false }
                    continue
                }
                if tag.lineBreak {
                    guard visit(.lineBreak) else { return false }
                    continue
                }
                if tag.block { guard visit(.blockStart(tag.name, node)) else { return false } }
                guard walkChildren(of: c, document: document, boldDepth: boldDepth + (tag.bold ? 1 : 0), skipping: skipping, skip: skip, visit) else { return false }
                if tag.block { guard visit(.blockEnd(tag.name, node)) else { return false } }
            default:
                continue
            }
        }
        return true
    }

    /// `walk` as it was before the names were compared on bytes: a String per element name
    /// and Set lookups, `skippingTags` as a closure. Kept as the reference the tests hold
    /// `walk` to.
    static func referenceWalk(_ node: HTMLNode, skip: ((HTMLNode) -> Bool)? = nil, _ visit: (FlowEvent) -> Void) {
        referenceWalkChildren(of: node, boldDepth: 0, skip: skip, visit)
    }

    /// The old walk over `HTMLNode`'s own accessors (a String per element name, as before).
    private static func referenceWalkChildren(of parent: HTMLNode, boldDepth: Int,
                                              skip: ((HTMLNode) -> Bool)?, _ visit: (FlowEvent) -> Void) {
        for node in parent.childNodes {
            if node.isText {
                if let content = node.ptr.pointee.content { visit(.text(String(cString: content), bold: boldDepth > 0)) }
                continue
            }
            guard node.isElement, node.ptr.pointee.name != nil else { continue }
            let name = node.tag
            if skipped.contains(name) { continue }
            if let skip, skip(node) {
                if blocks.contains(name) { visit(.blockStart(name, node)); visit(.blockEnd(name, node)) }
                continue
            }
            if name == "br" { visit(.lineBreak); continue }
            let isBlock = blocks.contains(name)
            if isBlock { visit(.blockStart(name, node)) }
            referenceWalkChildren(of: node, boldDepth: boldDepth + (bold.contains(name) ? 1 : 0), skip: skip, visit)
            if isBlock { visit(.blockEnd(name, node)) }
        }
    }
}

/// The element names `TextFlow` acts on (`skipped`, `blocks`, `bold`, `br`) and the few a body
/// builder passes over (`img`), found from a name's bytes: by its first letter and length, then
/// compared byte for byte. Any other name (and a name not in lower-case ASCII) has no entry.
enum FlowTags {
    struct Entry {
        let name: String
        let bytes: [UInt8]
        let index: Int
        let skipped: Bool
        let block: Bool
        let bold: Bool
        let lineBreak: Bool
    }

    static let entries: [Entry] = {
        let names = TextFlow.skipped.union(TextFlow.blocks).union(TextFlow.bold).union(["br", "img", "a", "span", "em", "i"]).sorted()
        return names.enumerated().map { i, name in
            Entry(name: name, bytes: Array(name.utf8), index: i, skipped: TextFlow.skipped.contains(name),
                  block: TextFlow.blocks.contains(name), bold: TextFlow.bold.contains(name), lineBreak: name == "br")
        }
    }()

    /// Entries by bucket: `(first letter - "a") * 16 + length`, names of 1–15 letters.
    static let buckets: [[Int]] = {
        var buckets = Array(repeating: [Int](), count: 26 * 16)
        for entry in entries {
            precondition(entry.bytes.count < 16 && entry.bytes[0] >= 0x61 && entry.bytes[0] <= 0x7A)
            buckets[Int(entry.bytes[0] - 0x61) * 16 + entry.bytes.count].append(entry.index)
        }
        return buckets
    }()

    @inline(__always)
    static func entry(_ name: UnsafePointer<xmlChar>) -> Entry? {
        let first = name[0]
        guard first >= 0x61, first <= 0x7A else { return nil }
        var length = 1
        while name[length] != 0 {
            length += 1
            if length > 15 { return nil }
        }
        for i in buckets[Int(first - 0x61) * 16 + length] {
            let entry = entries[i]
            if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name, length) == 0 }) { return entry }
        }
        return nil
    }

    /// A set of names to pass over, as entry flags, and the names among them that have no
    /// entry (compared as Strings for elements with no entry, when there are any).
    struct Skipping {
        var known: [Bool]
        var others: Set<String>

        static let none = Skipping(known: [], others: [])

        init(known: [Bool], others: Set<String>) {
            self.known = known
            self.others = others
        }

        init(_ tags: Set<String>) {
            var known = Array(repeating: false, count: FlowTags.entries.count)
            var others = Set<String>()
            for tag in tags {
                var tag = tag
                let entry = tag.withUTF8 { bytes -> Entry? in
                    // A name with a NUL byte matches no element name: it stays a String.
                    guard !bytes.contains(0), let base = bytes.baseAddress else { return nil }
                    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { buffer in
                        buffer.baseAddress!.update(from: base, count: bytes.count)
                        buffer[bytes.count] = 0
                        return FlowTags.entry(buffer.baseAddress!)
                    }
                }
                if let entry, entry.name == tag { known[entry.index] = true } else { others.insert(tag) }
            }
            self.known = known
            self.others = others
        }

        @inline(__always)
        func skips(_ entry: Entry?, _ name: UnsafePointer<xmlChar>) -> Bool {
            if let entry { return !known.isEmpty && known[entry.index] }
            return !others.isEmpty && others.contains(String(cString: name))
        }
    }
}

/// Collects text into lines with white space folded: runs of spaces, tabs, newlines and
/// no-break spaces become one space; zero-width spaces, word joiners and U+FEFF are left out
/// (`invisibleWidth`); lines are trimmed; empty lines vanish.
/// Works on UTF-8 bytes (this runs over every text node of every page).
public struct LineAccumulator {
    public private(set) var lines: [String] = []
    /// For each finished line, whether all of it was bold.
    public private(set) var boldFlags: [Bool] = []
    private var current: [UInt8] = []
    private var pendingSpace = false
    private var currentAllBold = true

    public init() {}

    public mutating func append(_ text: String, bold: Bool = false) {
        var text = text
        text.withUTF8 { append(bytes: $0, bold: bold) }
    }

    /// `append` of text given as its UTF-8 bytes (whole scalars). Text appended in pieces cut
    /// between scalars makes the lines the whole of it makes: what a piece leaves undecided at
    /// its end (white space before what comes next) is only `pendingSpace`.
    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>, bold: Bool = false) {
        let n = bytes.count
        var i = 0
        while i < n {
            if bytes[i] >= 0x80 {
                let invisible = Self.invisibleWidth(bytes, i, n)
                if invisible > 0 { i += invisible; continue }
            }
            let width = Self.spaceWidth(bytes, i, n)
            if width > 0 {
                pendingSpace = true
                i += width
                continue
            }
            if pendingSpace, !current.isEmpty { current.append(0x20) }
            pendingSpace = false
            if !bold { currentAllBold = false }
            // Copy the run in one go: non-space bytes and the single ASCII spaces between
            // them, which fold to themselves (most text is one run, not one per word).
            var end = i + 1
            while end < n {
                let c = bytes[end]
                if c > 0x20 && c < 0x80 { end += 1; continue }
                if c == 0x20 {
                    guard end + 1 < n, Self.spaceWidth(bytes, end + 1, n) == 0, Self.invisibleWidth(bytes, end + 1, n) == 0 else { break }
                    end += 2
                    continue
                }
                if Self.spaceWidth(bytes, end, n) != 0 || Self.invisibleWidth(bytes, end, n) != 0 { break }
                end += 1
            }
            current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
            i = end
        }
    }

    /// Byte length of the white-space scalar at `i`, or 0.
    @inline(__always)
    public static func spaceWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return (c == 0x20 || (c >= 0x09 && c <= 0x0D)) ? 1 : 0 }
        if c == 0xC2, i + 1 < n, b[i + 1] == 0xA0 { return 2 }                       // U+00A0
        if c == 0xE2, i + 2 < n, b[i + 1] == 0x80 {
            let d = b[i + 2]
            if d <= 0x8B || d == 0xAF { return 3 }                                       // U+2000–200B, U+202F
        }
        if c == 0xE3, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }       // U+3000
        if c == 0xEF, i + 2 < n, b[i + 1] == 0xBB, b[i + 2] == 0xBF { return 3 }       // U+FEFF
        return 0
    }

    /// Byte length of a character a browser draws as nothing inside a word at `i`, or 0: the
    /// zero-width space U+200B, the word joiner U+2060 and the zero-width no-break space
    /// U+FEFF. They are left out (not folded to a space), so "Bahn&#8203;strecken" is the one
    /// word the reader sees. The soft hyphen U+00AD is kept as written: it is drawn as nothing
    /// too, but publishers' own text keeps it (Fundus's expected bodies do, and without it
    /// their words no longer match). The zero-width (non-)joiners U+200C/U+200D stay: they
    /// shape Arabic, Persian and Indic letters.
    @inline(__always)
    public static func invisibleWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        switch b[i] {
        case 0xE2:
            guard i + 2 < n else { return 0 }
            return b[i + 1] == 0x80 && b[i + 2] == 0x8B || b[i + 1] == 0x81 && b[i + 2] == 0xA0 ? 3 : 0  // U+200B, U+2060
        case 0xEF: return i + 2 < n && b[i + 1] == 0xBB && b[i + 2] == 0xBF ? 3 : 0             // U+FEFF
        default: return 0
        }
    }

    /// Ends the current line (an empty line is dropped).
    public mutating func breakLine() {
        if !current.isEmpty {
            lines.append(String(decoding: current, as: UTF8.self))
            boldFlags.append(currentAllBold)
            current.removeAll(keepingCapacity: true)
        }
        pendingSpace = false
        currentAllBold = true
    }

    public var isLineEmpty: Bool { current.isEmpty }

    /// Bytes of the line being built.
    var currentByteCount: Int { current.count }
    /// Lines finished so far.
    var lineCount: Int { lines.count }
    /// Bytes of the last finished line.
    var lastLineByteCount: Int { lines.last?.utf8.count ?? 0 }

    public mutating func finish() -> [String] {
        breakLine()
        return lines
    }

    /// Whether `text` has a scalar that is not white space in the folding sense (`isSpace`),
    /// read on its UTF-8 bytes (`spaceWidth` knows the same scalars) instead of decoding them.
    public static func hasNonSpace(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                let w = spaceWidth(b, i, n)
                if w == 0 { return true }
                i += w
            }
            return false
        }
    }

    /// Whether a scalar is white space in the folding sense above.
    @inline(__always)
    public static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B, 0xA0, 0x202F, 0x2000...0x200B, 0xFEFF, 0x3000: return true
        default: return false
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing white space (as `LineAccumulator` defines it),
    /// without a round trip through Foundation. Found on the UTF-8 bytes and copied in one
    /// piece: rebuilding the String scalar by scalar cost more than parsing a JSON-LD block.
    public var trimmed: String {
        var s = String(self)
        let (lo, hi) = s.withUTF8 { b -> (Int, Int) in
            let n = b.count
            var lo = 0
            while lo < n {
                let w = LineAccumulator.spaceWidth(b, lo, n)
                if w == 0 { break }
                lo += w
            }
            var hi = n
            while hi > lo {
                // The start of the last scalar: back over continuation bytes (10xxxxxx).
                var start = hi - 1
                while start > lo, b[start] & 0xC0 == 0x80 { start -= 1 }
                guard LineAccumulator.spaceWidth(b, start, n) == hi - start else { break }
                hi = start
            }
            return (lo, hi)
        }
        if lo == 0 && hi == s.utf8.count { return s }
        if lo >= hi { return "" }
        return s.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[lo..<hi]), as: UTF8.self) }
    }
}

enum NodeText {
    /// The start of `text(of: node)`: the whole text (`isWhole`), or a prefix of it of at least
    /// `bytes` UTF-8 bytes, read by a walk that stops there instead of building all of it.
    /// The lines finished so far are final, and the line being built only grows (runs of whole
    /// scalars, white space before them folded to one space, none leading), so what is held
    /// when the walk stops is the text's start.
    static func start(of node: HTMLNode, bytes: Int) -> (text: String, isWhole: Bool) {
        if node.isText { return (text(of: node), true) }
        var acc = LineAccumulator()
        var held = 0     // bytes of the finished lines and the "\n"s joining them
        var stopped = false
        TextFlow.walk(node) { event in
            switch event {
            case .text(let s, _):
                // In pieces of about the bytes still wanted (cut between scalars), so a long
                // text node is not read to its end.
                var s = s
                let enough = s.withUTF8 { b -> Bool in
                    var from = 0
                    while from < b.count {
                        // The text so far: the finished lines, then a "\n" and the line being built.
                        let current = acc.currentByteCount
                        let have = held + (current > 0 && held > 0 ? 1 : 0) + current
                        if have >= bytes { return true }
                        var to = min(b.count, from + max(bytes - have, 16))
                        while to < b.count, b[to] & 0xC0 == 0x80 { to += 1 }
                        acc.append(bytes: UnsafeBufferPointer(rebasing: b[from..<to]))
                        from = to
                    }
                    let current = acc.currentByteCount
                    return held + (current > 0 && held > 0 ? 1 : 0) + current >= bytes
                }
                if enough {
                    stopped = true
                    return false
                }
            case .lineBreak, .blockStart, .blockEnd:
                let count = acc.lineCount
                acc.breakLine()
                if acc.lineCount > count { held += (held > 0 ? 1 : 0) + acc.lastLineByteCount }
            }
            return true
        }
        return (acc.finish().joined(separator: "\n"), !stopped)
    }

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
