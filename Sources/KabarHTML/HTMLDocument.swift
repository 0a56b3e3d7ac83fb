import CHTMLTree
import CLibXML2
import Foundation

/// An HTML page parsed by libxml2. Nodes taken from it stay valid while it lives (each
/// `HTMLNode` keeps its document alive). Not thread-safe: parse one document per task.
public final class HTMLDocument {
    let doc: htmlDocPtr
    /// The base URL the page came from; relative links resolve against it.
    public var url: URL? { didSet { declared = nil } }
    /// The charset the bytes were decoded with (after `CharsetDetector`).
    public let charset: String
    /// Problems met while parsing that did not stop it (invalid JSON-LD, replaced bytes...).
    public private(set) var notes: [String] = []
    private var xpathContext: xmlXPathContextPtr?
    /// Nodes removed from the tree; freed with the document so no `HTMLNode` ever dangles.
    private var removed: [xmlNodePtr] = []
    /// Results of document-level selectors: plugins ask the same ones several times (to pick
    /// a design, then to read it). Cleared whenever the tree changes.
    private var selectCache: [String: [xmlNodePtr]] = [:]
    /// Elements in document order with lookups by tag, class and id (built with the parse).
    private var elementIndex: ElementIndex
    private lazy var metaTagsStorage = MetaTags(document: self)
    /// `declaredURL` once worked out (`.some(nil)`: the page declares none); nil again when
    /// `url` or the tree changes.
    private var declared: URL??
    /// The `<link>` `declared` was read from (nil: `og:url`, or none).
    private var declaredLinkNode: xmlNodePtr?
    private lazy var jsonLDStorage: [JSONValue] = JSONLD.objects(in: self)

    /// What the parse kept of scripts' and styles' text (`.jsonOnly`, `.scriptsContaining`: see
    /// `ScriptElision`).
    public let scriptText: ScriptText
    /// The arena libxml2 built the tree in (`ParseArena`), released after `deinit`; nil: malloc.
    let arena: ParseArena?

    /// Parses `data`. `charset` is the HTTP header's charset, when there was one. `scripts`
    /// `.jsonOnly` takes the text of scripts other than JSON ones and of styles out of the tree
    /// (their elements stay, empty): what extraction reads of a page; `.scriptsContaining` also
    /// keeps the scripts holding one of its words.
    public convenience init(data: Data, url: URL? = nil, charset headerCharset: String? = nil, scripts: ScriptText = .kept) throws {
        LibXML.initialize()
        try self.init(data: data, url: url, charset: headerCharset, scripts: scripts, arena: ParseArena())
    }

    /// How libxml2's tree is built. `.kabar`: `htmlReadMemory`'s steps with Kabar's element
    /// callback (CHTMLTree: names from the parser's dictionary, attribute values not copied);
    /// `.libxml2`: `htmlReadMemory` as it is, the reference the tests hold the other to. Both
    /// build the same tree, node for node.
    enum TreeBuilder { case kabar, libxml2 }

    /// `.kabar` where the libxml2 compiled in is one CHTMLTree follows (the package's 2.15) and
    /// `KABAR_HTML_TREE=0` is not set (for measuring against libxml2's own callback).
    static let defaultTreeBuilder: TreeBuilder = {
        if let value = getenv("KABAR_HTML_TREE"), strcmp(value, "0") == 0 { return .libxml2 }
        return kabar_html_tree_supported() != 0 ? .kabar : .libxml2
    }()

    /// As the public init, with the tree built in `arena` (nil: with malloc) by `tree`.
    init(data: Data, url: URL?, charset headerCharset: String?, scripts: ScriptText, arena: ParseArena?,
         tree: TreeBuilder = HTMLDocument.defaultTreeBuilder) throws {
        LibXML.initialize()
        guard !data.isEmpty else { throw HTMLError.empty(url: url) }
        var data = data, headerCharset = headerCharset
        if let utf8 = CharsetDetector.utf16WithBOM(data) {
            // libxml2 would read the bytes as the header's or the page's charset, or ASCII.
            data = utf8
            headerCharset = "utf-8"
            notes.append("UTF-16 page (byte order mark) decoded")
        } else if let utf8 = CharsetDetector.utf16WithoutBOM(data) {
            data = utf8
            headerCharset = "utf-8"
            notes.append("UTF-16 page without a byte order mark decoded")
        }
        // One pass over the bytes validates them and finds the double encoding's evidence.
        let scan = CharsetDetector.scanUTF8(data)
        let detection = CharsetDetector.detect(data, headerCharset: headerCharset, scan: scan)
        var bytes = data
        var encoding = detection.charset
        if detection.isUTF8, !detection.isValidUTF8 {
            // Declared UTF-8 but not valid: replace the bad bytes rather than let libxml2
            // fall back to Latin-1 for the rest of the page.
            bytes = Data(String(decoding: data, as: UTF8.self).utf8)
            notes.append("invalid UTF-8 bytes replaced with U+FFFD")
        }
        if detection.isUTF8, let repaired = DoubleEncoding.repaired(bytes, evidence: detection.isValidUTF8 ? scan.doubleEncodingEvidence : nil) {
            bytes = repaired
            notes.append("text encoded twice (UTF-8 read as Latin-1/Windows-1252) repaired")
        }
        if !detection.isUTF8, !EncodingSupport.isSupported(encoding) {
            notes.append("unknown charset \(encoding); decoded as windows-1252")
            encoding = "windows-1252"
        }
        self.charset = detection.isUTF8 ? "utf-8" : encoding.lowercased()
        // Legacy charsets are decoded here, not by libxml2's iconv, which stops at the first byte
        // it cannot read (Windows-1252's undefined bytes, a stray byte in Shift_JIS...).
        var decodedHere = false
        if !detection.isUTF8 {
            let name = CharsetDetector.decoder(for: encoding)
            if name == "windows-1252" {
                bytes = Windows1252.utf8(bytes)
                decodedHere = true
            } else if let utf8 = LegacyDecoder.utf8(bytes, charset: name) {
                bytes = utf8
                decodedHere = true
            }
        }
        self.url = url
        scriptText = scripts
        guard bytes.count < Int(Int32.max) else { throw HTMLError.tooLarge(url: url, bytes: bytes.count) }
        if let capped = AttributeCap.apply(bytes) {
            bytes = capped
            notes.append("attributes past the first \(AttributeCap.limit) of an element dropped")
        }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        self.arena = arena
        let parsed: htmlDocPtr? = arena.build {
            bytes.withUnsafeBytes { raw in
                let base = raw.bindMemory(to: CChar.self).baseAddress
                let name = detection.isUTF8 || decodedHere ? "UTF-8" : CharsetDetector.decoder(for: encoding)
                switch tree {
                case .kabar:
                    return kabar_html_read_memory(base, Int32(raw.count), url?.absoluteString, name, options)?
                        .assumingMemoryBound(to: xmlDoc.self)
                case .libxml2:
                    return htmlReadMemory(base, Int32(raw.count), url?.absoluteString, name, options)
                }
            }
        }
        guard let parsed else { throw HTMLError.unparseable(url: url) }
        doc = parsed
        // Elements after `</body>` or `</html>` join the body, as a browser shows them.
        if arena.build({ HTML5Fixups.moveContentAfterBody(in: parsed) }) { notes.append("content after </body> moved into the body") }
        // One walk over the tree indexes it and finds what the HTML5 fix-ups must fix.
        let root = UnsafeMutableRawPointer(parsed).assumingMemoryBound(to: xmlNode.self)
        var index = ElementIndex(document: root)
        if !index.swallowing.isEmpty || !index.paragraphs.isEmpty {
            arena.build { HTML5Fixups.fix(swallowing: index.swallowing, paragraphs: index.paragraphs, in: parsed) }
            // Hoisting keeps the elements' order; a split paragraph adds an element.
            if index.paragraphs.isEmpty { index.childrenHoisted(from: index.swallowing) } else { index = ElementIndex(document: root) }
        }
        elementIndex = index
        // Scripts and styles the reader did not ask for are emptied (`ScriptElision`).
        if scripts != .kept { removed = ScriptElision.clear(in: index, keeping: scripts.words) }
    }

    /// Convenience for tests and tools: parse a string (UTF-8).
    public convenience init(html: String, url: URL? = nil) throws {
        try self.init(data: Data(html.utf8), url: url, charset: "utf-8")
    }

    deinit {
        if let xpathContext { xmlXPathFreeContext(xpathContext) }
        // A tree wholly in its arena goes with the arena, after this: no walk over its nodes.
        if arena?.spilled ?? true {
            for node in removed { xmlFreeNode(node) }
            xmlFreeDoc(doc)
        }
    }

    /// The `<html>` element (or whatever libxml2 made the root).
    public var root: HTMLNode? {
        xmlDocGetRootElement(doc).map { HTMLNode($0, in: self) }
    }

    /// The `<body>` element, if any.
    public var body: HTMLNode? { first("body") }

    /// The page's `lang` attribute on `<html>`.
    public var language: String? { root?["lang"].flatMap { $0.isEmpty ? nil : $0 } }

    public var metaTags: MetaTags { metaTagsStorage }

    /// Every JSON-LD object on the page, arrays and `@graph` flattened.
    public var jsonLD: [JSONValue] { jsonLDStorage }

    /// The page's own address: `<link rel=canonical>`, else `og:url`, resolved against `url`.
    /// Worked out once: the assembler, the plugin and the record builder all ask.
    /// Each link's `rel` is read as bytes (`relNamesCanonical`), with no node, `String`, copy
    /// or array made for it.
    public var declaredURL: URL? {
        if let declared { return declared }
        var found: URL?
        declaredLinkNode = nil
        for link in (try? selectNodes("link[rel]")) ?? [] where Self.relNamesCanonical(link) {
            if let url = absoluteURL(HTMLNode(link, in: self)["href"]) { found = url; declaredLinkNode = link; break }
        }
        if found == nil { found = absoluteURL(metaTags["og:url"]) }
        declared = .some(found)
        return found
    }

    /// The `<link>` element `declaredURL` was read from; nil when it came from `og:url` or the
    /// page declares none. (A plugin that reads the canonical link its own way can tell from
    /// it whether `declaredURL` is its answer, instead of parsing the address again.)
    public var declaredLink: HTMLNode? {
        _ = declaredURL
        return declaredLinkNode.map { HTMLNode($0, in: self) }
    }

    /// `declaredURL` as it was written before (each `rel` a `String`, lower-cased and split),
    /// worked out again at each call: the reference the tests hold `declaredURL` to.
    public func referenceDeclaredURL() -> URL? {
        var found: URL?
        for link in select("link[rel]") where link["rel"]?.lowercased().split(separator: " ").contains("canonical") == true {
            if let url = absoluteURL(link["href"]) { found = url; break }
        }
        if found == nil { found = absoluteURL(metaTags["og:url"]) }
        return found
    }

    /// Whether the element's `rel`, split at spaces, holds `canonical` in any case: what
    /// `rel.lowercased().split(separator: " ").contains("canonical")` says, read on the bytes
    /// when they are ASCII. (Other text takes that code: `split` works on characters, and a
    /// space followed by a combining mark is not a space.)
    static func relNamesCanonical(_ node: xmlNodePtr) -> Bool {
        guard let value = xmlGetProp(node, "rel") else { return false }
        defer { kabar_xml_free(value) }
        let count = Int(xmlStrlen(value))
        for i in 0..<count where value[i] >= 0x80 {
            return String(cString: value).lowercased().split(separator: " ").contains("canonical")
        }
        let word: StaticString = "canonical"
        var start = 0
        for i in 0...count where i == count || value[i] == 0x20 {
            if i - start == word.utf8CodeUnitCount {
                var same = true
                for k in 0..<word.utf8CodeUnitCount {
                    let b = value[start + k]
                    if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != word.utf8Start[k] { same = false; break }
                }
                if same { return true }
            }
            start = i + 1
        }
        return false
    }

    /// The `<title>` text.
    public var title: String? { first("title")?.text.nilIfEmpty }

    /// All elements matching a CSS selector, in document order.
    public func select(_ css: String) -> [HTMLNode] {
        (try? selectOrThrow(css)) ?? []
    }

    /// As `select`, but a selector syntax error is thrown instead of matching nothing.
    public func selectOrThrow(_ css: String) throws -> [HTMLNode] {
        try selectNodes(css).map { HTMLNode($0, in: self) }
    }

    /// As `selectOrThrow`, the elements as libxml2's nodes (no `HTMLNode` made for each).
    func selectNodes(_ css: String) throws -> [xmlNodePtr] {
        if let cached = selectCache[css] { return cached }
        let found = try select(SelectorMatcher.forSelector(css), below: documentNode)
        selectCache[css] = found
        return found
    }

    /// The first element matching a CSS selector.
    public func first(_ css: String) -> HTMLNode? { select(css).first }

    /// Nodes matching an XPath expression (relative to the document).
    public func xpath(_ expression: String) throws -> [HTMLNode] {
        try evaluate(expression, context: nil)
    }

    /// Resolves `href` against the page URL; nil for empty, `javascript:`, `data:` and `mailto:` links.
    public func absoluteURL(_ href: String?) -> URL? {
        guard let raw = href?.trimmed, !raw.isEmpty else { return nil }
        let lower = raw.lowercased()
        if lower.hasPrefix("javascript:") || lower.hasPrefix("data:") || lower.hasPrefix("mailto:") || lower.hasPrefix("#") { return nil }
        // Most links need no escaping: skip Foundation's percent-encoding round trip for them.
        let encoded = URLBytes.needsNoEscape(raw) ? raw : raw.addingPercentEncoding(withAllowedCharacters: .urlAllowedLoose) ?? raw
        guard let resolved = URL(string: encoded, relativeTo: url)?.absoluteURL else { return nil }
        guard let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        return resolved
    }

    func note(_ message: String) { notes.append(message) }

    /// The document itself as a node (the scope of document-level selectors).
    var documentNode: xmlNodePtr { UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self) }

    /// Document-level CSS selection through libxml2's XPath engine instead of the native
    /// matcher: the reference the native matcher is tested against.
    public func selectWithXPath(_ css: String) throws -> [HTMLNode] {
        try evaluate(CSSSelector.xpath(for: css), context: nil)
    }

    func evaluate(_ expression: String, context: xmlNodePtr?) throws -> [HTMLNode] {
        let ctx = try context_()
        ctx.pointee.node = context ?? documentNode
        guard let result = xmlXPathEvalExpression(expression, ctx) else {
            // libxml2's reason: the context keeps its code and position (its handler, set
            // below, prints nothing), the text of the code is libxml2's own.
            let error = ctx.pointee.lastError
            xmlResetError(&ctx.pointee.lastError)
            let index = Int(error.code) - Int(XML_XPATH_EXPRESSION_OK.rawValue)
            let reason = Self.xpathErrors.indices.contains(index) ? "\(Self.xpathErrors[index]) at position \(error.int1)" : ""
            throw HTMLError.badXPath(expression, reason: reason)
        }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        var nodes: [HTMLNode] = []
        nodes.reserveCapacity(Int(set.pointee.nodeNr))
        for i in 0..<Int(set.pointee.nodeNr) {
            if let node = set.pointee.nodeTab[i] { nodes.append(HTMLNode(node, in: self)) }
        }
        return nodes
    }

    /// libxml2's texts of its XPath error codes (xpath.c, `xmlXPathErrorMessages`), in order.
    static let xpathErrors = ["ok", "number encoding", "unfinished literal", "start of literal", "expected $ for variable reference",
                              "undefined variable", "invalid predicate", "invalid expression", "missing closing curly brace",
                              "unregistered function", "invalid operand", "invalid type", "invalid number of arguments",
                              "invalid context size", "invalid context position", "memory allocation error", "syntax error",
                              "resource error", "sub resource error", "undefined namespace prefix", "encoding error",
                              "char out of XML range", "invalid or incomplete context", "stack usage error", "forbidden variable",
                              "operation limit exceeded", "recursion limit exceeded"]

    private func context_() throws -> xmlXPathContextPtr {
        if let xpathContext { return xpathContext }
        guard let ctx = xmlXPathNewContext(doc) else { throw HTMLError.unparseable(url: url) }
        // An expression's error goes to the context's lastError, not to standard error.
        ctx.pointee.error = { _, _ in }
        xpathContext = ctx
        return ctx
    }

    /// Selection through the element index.
    func select(_ matcher: SelectorMatcher, below scope: xmlNodePtr) -> [xmlNodePtr] {
        matcher.select(below: scope, index: elementIndex, isDocument: scope == documentNode)
            ?? matcher.select(below: scope)
    }

    func retire(_ node: xmlNodePtr) {
        selectCache.removeAll()
        declared = nil
        ElementIndex.forget(node)
        xmlUnlinkNode(node)
        removed.append(node)
    }
}

public enum HTMLError: Error, CustomStringConvertible, Equatable {
    case empty(url: URL?)
    case unparseable(url: URL?)
    /// The expression, and libxml2's reason ("invalid predicate at position 17"; may be empty).
    case badXPath(String, reason: String = "")
    /// Past what libxml2 takes in one call (2 GB).
    case tooLarge(url: URL?, bytes: Int)

    public var description: String {
        switch self {
        case .tooLarge(let url, let bytes): return "the page is too large to parse (\(bytes) bytes)\(url.map { " (\($0.absoluteString))" } ?? "")"
        case .empty(let url): return "empty document\(url.map { " (\($0.absoluteString))" } ?? "")"
        case .unparseable(let url): return "libxml2 could not parse the document\(url.map { " (\($0.absoluteString))" } ?? "")"
        case .badXPath(let expression, let reason): return "invalid XPath expression: \(expression)\(reason.isEmpty ? "" : " (\(reason))")"
        }
    }
}

enum LibXML {
    /// The arena's allocator is installed before libxml2 allocates anything (`ParseArena`).
    private static let once: Void = {
        _ = ParseArena.installed
        xmlInitParser()
    }()
    static func initialize() { _ = once }
}

extension CharacterSet {
    /// What a browser lets through in an href: everything printable except space and a few.
    static let urlAllowedLoose: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.insert(charactersIn: "#%[]")
        return set
    }()
}

/// The ASCII bytes `CharacterSet.urlAllowedLoose` lets through, as a table.
enum URLBytes {
    static let allowed: [Bool] = (0..<128).map { byte in
        let c = Character(Unicode.Scalar(UInt8(byte)))
        return c.unicodeScalars.allSatisfy { CharacterSet.urlAllowedLoose.contains($0) }
    }

    /// Whether percent-encoding with `urlAllowedLoose` leaves `s` as it is (every byte allowed ASCII).
    static func needsNoEscape(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 && allowed[Int($0)] }
    }
}

extension String {
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
