import CHTMLTree
import CLibXML2
import Foundation
import KabarArchive
import KabarFixtures
import Testing
@testable import KabarHTML

/// The tree built with Kabar's element callback (`HTMLDocument.TreeBuilder.kabar`, CHTMLTree)
/// against the tree `htmlReadMemory` builds with libxml2's own (`.libxml2`), node by node:
/// constructed pages for each path of libxml2's callback, random constructed pages, the fixture
/// pages and every corpus page, in an arena and with malloc.
@Suite(.serialized) struct HTMLTreeTests {
    /// Both trees of `data`, read as extraction reads a page (scripts' text left out) or kept.
    static func trees(_ data: Data, arena: Bool = true, scripts: ScriptText = .jsonOnly) throws -> (kabar: HTMLDocument, libxml2: HTMLDocument) {
        let kabar = try HTMLDocument(data: data, url: URL(string: "https://example.com/a"), charset: nil, scripts: scripts,
                                     arena: arena ? ParseArena() : nil, tree: .kabar)
        let libxml2 = try HTMLDocument(data: data, url: URL(string: "https://example.com/a"), charset: nil, scripts: scripts,
                                       arena: arena ? ParseArena() : nil, tree: .libxml2)
        return (kabar, libxml2)
    }

    /// The first difference between two trees (nil: none), with the number of nodes compared:
    /// each node's type, name, text, line and `extra`, each attribute's name, type and value nodes,
    /// the DTD's identifiers, the document's IDs and references, and the serialisation.
    static func difference(_ a: HTMLDocument, _ b: HTMLDocument) -> (String?, Int) {
        var count = 0
        func same(_ x: UnsafePointer<xmlChar>?, _ y: UnsafePointer<xmlChar>?) -> Bool {
            guard let x, let y else { return x == nil && y == nil }
            return xmlStrEqual(x, y) != 0
        }
        func name(_ n: xmlNodePtr) -> String { n.pointee.name.map { String(cString: $0) } ?? "?" }
        func node(_ x: xmlNodePtr, _ y: xmlNodePtr, _ path: String) -> String? {
            count += 1
            guard x.pointee.type == y.pointee.type, same(x.pointee.name, y.pointee.name) else {
                return "\(path): \(name(x)) / \(name(y))"
            }
            if x.pointee.type == XML_DTD_NODE {
                let dx = UnsafeMutableRawPointer(x).assumingMemoryBound(to: xmlDtd.self)
                let dy = UnsafeMutableRawPointer(y).assumingMemoryBound(to: xmlDtd.self)
                return same(dx.pointee.ExternalID, dy.pointee.ExternalID) && same(dx.pointee.SystemID, dy.pointee.SystemID) ? nil : "\(path): DTD"
            }
            let here = "\(path)/\(name(x))"
            if x.pointee.line != y.pointee.line || x.pointee.extra != y.pointee.extra || (x.pointee.ns == nil) != (y.pointee.ns == nil) {
                return "\(here): line, extra or namespace"
            }
            if [XML_TEXT_NODE, XML_COMMENT_NODE, XML_CDATA_SECTION_NODE, XML_PI_NODE].contains(x.pointee.type),
               !same(x.pointee.content, y.pointee.content) {
                return "\(here): text"
            }
            if x.pointee.type == XML_ELEMENT_NODE {
                var p = x.pointee.properties, q = y.pointee.properties
                while let pa = p, let qa = q {
                    count += 1
                    guard same(pa.pointee.name, qa.pointee.name), pa.pointee.atype == qa.pointee.atype,
                          (pa.pointee.ns == nil) == (qa.pointee.ns == nil) else { return "\(here): attribute" }
                    if let d = list(pa.pointee.children, qa.pointee.children, "\(here)@") { return d }
                    if (pa.pointee.last == nil) != (qa.pointee.last == nil) { return "\(here): attribute's last child" }
                    p = pa.pointee.next
                    q = qa.pointee.next
                }
                if (p == nil) != (q == nil) { return "\(here): number of attributes" }
            }
            if x.pointee.type != XML_ENTITY_REF_NODE { return list(x.pointee.children, y.pointee.children, here) }
            return nil
        }
        func list(_ first: xmlNodePtr?, _ other: xmlNodePtr?, _ path: String) -> String? {
            var x = first, y = other
            while let nx = x, let ny = y {
                if let d = node(nx, ny, path) { return d }
                if nx.pointee.parent != nil, (nx.pointee.parent == nil) != (ny.pointee.parent == nil) { return "\(path): parent" }
                x = nx.pointee.next
                y = ny.pointee.next
            }
            return (x == nil) == (y == nil) ? nil : "\(path): number of children"
        }
        let da = a.doc, db = b.doc
        let root = list(da.pointee.children, db.pointee.children, "")
        if let root { return (root, count) }
        func size(_ table: OpaquePointer?) -> Int32 { table.map { xmlHashSize($0) } ?? -1 }
        if size(OpaquePointer(da.pointee.ids)) != size(OpaquePointer(db.pointee.ids)) { return ("IDs", count) }
        if size(OpaquePointer(da.pointee.refs)) != size(OpaquePointer(db.pointee.refs)) { return ("references", count) }
        if da.pointee.properties != db.pointee.properties || da.pointee.parseFlags != db.pointee.parseFlags
            || !same(da.pointee.URL, db.pointee.URL) || !same(da.pointee.encoding, db.pointee.encoding) {
            return ("the document's fields", count)
        }
        if a.root?.outerHTML != b.root?.outerHTML { return ("serialisation", count) }
        if a.notes != b.notes { return ("notes", count) }
        return (nil, count)
    }

    /// Every element's name is the dictionary's string, not a copy, and so is every attribute's.
    static func namesInDictionary(_ document: HTMLDocument) -> (copies: Int, names: Int) {
        guard let dict = document.doc.pointee.dict else { return (-1, 0) }
        var copies = 0, names = 0
        func walk(_ first: xmlNodePtr?) {
            var node = first
            while let n = node {
                if n.pointee.type == XML_ELEMENT_NODE {
                    names += 1
                    if xmlDictOwns(dict, n.pointee.name) != 1 { copies += 1 }
                    var attribute = n.pointee.properties
                    while let a = attribute {
                        names += 1
                        if xmlDictOwns(dict, a.pointee.name) != 1 { copies += 1 }
                        attribute = a.pointee.next
                    }
                }
                walk(n.pointee.children)
                node = n.pointee.next
            }
        }
        walk(document.doc.pointee.children)
        return (copies, names)
    }

    /// Pages for each path of libxml2's callback: implied elements, boolean attributes with no
    /// value, repeated attributes, `id` and `name` (IDs), `xml:id`, names with a `:` (split by
    /// libxml2: left to it), upper case, entities in values, a value that libxml2's normalisation
    /// would touch, empty values, a DOCTYPE or none, frames.
    static let constructed: [String] = [
        "<p>no html, head or body",
        "<!DOCTYPE html><html><head><title>t</title></head><body><p id=a class='x y'>one<p id=a>two</body></html>",
        "<input type=checkbox checked disabled><select multiple><option selected>1<option>2</select>",
        "<a name=top href=#x>a</a><a name=top>again</a><div name=n>not an ID</div>",
        "<div ID=up CLASS=Big DATA-X=1 data-x=2 data-x=3>repeated</div>",
        "<o:p>office</o:p><fb:like href=x></fb:like><x:y a:b=c xml:lang=en>colons</x:y>",
        "<p xml:id=i1>xml:id</p><p xml:id='bad id'>x</p>",
        "<span title='&amp; &lt; &#x41; &nbsp; é'>entities</span><img alt=\"  spaced  out  \" src=''>",
        "<table><tr><td nowrap>c<td>d</table><dl compact><dt>t<dd>d</dl><hr noshade>",
        "<html lang=id><frameset><frame src=a noresize></frameset></html>",
        "<svg viewBox='0 0 1 1'><path d='M0 0'/></svg><math><mi>x</mi></math>",
        "<body onload=x()><script>var a = '<p id=s>';</script><script type=application/ld+json>{\"@type\":\"A\"}</script><p>after",
        "text before any element",
        "<!-- only a comment -->",
        "<div class=\"" + String(repeating: "very long value ", count: 200) + "\">long</div>",
        "<" + String(repeating: "n", count: 150) + " " + String(repeating: "a", count: 150) + "=1>long names</" + String(repeating: "n", count: 150) + ">",
        String(repeating: "<div id=d>", count: 300) + "past the depth limit" + String(repeating: "</div>", count: 300),
        String(repeating: "<span><b title=t>", count: 30) + "deep inline",
    ]

    @Test func constructedPagesBuildTheSameTree() throws {
        for (i, html) in Self.constructed.enumerated() {
            for arena in [true, false] {
                let (kabar, libxml2) = try Self.trees(Data(html.utf8), arena: arena)
                let (difference, _) = Self.difference(kabar, libxml2)
                #expect(difference == nil, "page \(i) (arena \(arena)): \(difference ?? "")")
            }
        }
    }

    /// The element callback is Kabar's: no element of a page whose nesting fits the parser's
    /// first node stack goes to libxml2's, and no name is copied out of the dictionary (libxml2's
    /// copies every one); a deeper page goes to libxml2's where the stack must grow. Only where
    /// the element callback is Kabar's: the package's libxml2 2.15 (another libxml2's tree is
    /// htmlReadMemory's own).
    @Test(.enabled(if: kabar_html_tree_supported() != 0, "a libxml2 other than the package's 2.15: the tree is libxml2's own"))
    func namesComeFromTheDictionary() throws {
        #expect(HTMLDocument.defaultTreeBuilder == .kabar, "a libxml2 other than 2.15, or KABAR_HTML_TREE=0")
        _ = kabar_html_tree_fallbacks()
        let (kabar, libxml2) = try Self.trees(Data((Self.constructed[1] + Self.constructed[2] + Self.constructed[3] + Self.constructed[5]).utf8))
        #expect(kabar_html_tree_fallbacks() == 0)
        let names = Self.namesInDictionary(kabar)
        #expect(names.names > 10)
        #expect(names.copies == 0)
        #expect(libxml2.doc.pointee.dict == nil)
        // Attribute values are the parser's buffers, not copies: the text is the same.
        #expect(Self.difference(kabar, libxml2).0 == nil)
        // 40 nested elements: the node stack (10 at first) grows in libxml2's callback.
        let deep = String(repeating: "<div class=d>", count: 40) + "deep" + String(repeating: "</div>", count: 40)
        let (deepKabar, deepLibxml2) = try Self.trees(Data(deep.utf8))
        #expect(kabar_html_tree_fallbacks() >= 1)
        #expect(Self.difference(deepKabar, deepLibxml2).0 == nil)
        #expect(Self.namesInDictionary(deepKabar).copies == 0)
    }

    /// Random constructed pages: tags, attributes and values drawn from the constructed pages'
    /// kinds, with text, comments, stray end tags and broken markup between them.
    static func randomPage(_ rng: inout SplitMix) -> String {
        let tags = ["div", "p", "a", "span", "html", "body", "head", "title", "meta", "table", "tr", "td", "li", "ul", "o:p",
                    "fb:like", "svg", "img", "br", "input", "option", "select", "form", "script", "style", "textarea", "b",
                    "section", "custom-el", "DIV", "iframe", "noscript", "frameset", "frame", "h1", "dl", "dt", "dd"]
        let names = ["id", "ID", "name", "class", "href", "checked", "selected", "disabled", "nowrap", "xml:id", "xml:lang",
                     "xmlns", "data-x", "Style", "compact", "noshade", "multiple", "defer", "readonly", "a:b", "title", "value"]
        let values = ["", "x", "a b", "&amp;", "&lt;&gt;", "é", "&#x41;", "  sp  ", "\n", "&nbsp;", String(repeating: "very ", count: 40)]
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        var html = rng.next() % 2 == 0 ? "<!DOCTYPE html>" : ""
        for _ in 0..<(1 + rng.next() % 120) {
            switch rng.next() % 20 {
            case 0..<9:
                html += "<" + pick(tags)
                for _ in 0..<(rng.next() % 7) {
                    let name = pick(names)
                    switch rng.next() % 4 {
                    case 0: html += " " + name
                    case 1: html += " \(name)=\"\(pick(values))\""
                    case 2: html += " \(name)='\(pick(values))'"
                    default: html += " \(name)=v\(rng.next() % 10)"
                    }
                }
                html += rng.next() % 20 == 0 ? "/>" : ">"
            case 9..<14: html += "</" + pick(tags) + ">"
            case 14: html += "<!-- c -->"
            default: html += pick(["text", "  ", "&amp; x", "é ü", "\n", "<", ">", "&"])
            }
        }
        return html
    }

    @Test func randomConstructedPagesBuildTheSameTree() throws {
        var rng = SplitMix(seed: 1604)
        var nodes = 0
        for i in 0..<500 {
            let page = Self.randomPage(&rng)
            let (kabar, libxml2) = try Self.trees(Data(page.utf8), arena: i % 2 == 0, scripts: i % 3 == 0 ? .kept : .jsonOnly)
            let (difference, count) = Self.difference(kabar, libxml2)
            #expect(difference == nil, "random page \(i): \(difference ?? "")\n\(page)")
            nodes += count
        }
        #expect(nodes > 20_000)
    }

    @Test func fixturePagesBuildTheSameTree() throws {
        let pages = Fixture.all().filter(\.isAvailable).map(\.pageFile)
        #expect(pages.count >= 20)
        for file in pages {
            let data = try Data(contentsOf: file)
            for scripts in [ScriptText.jsonOnly, .kept] {
                let (kabar, libxml2) = try Self.trees(data, scripts: scripts)
                let (difference, count) = Self.difference(kabar, libxml2)
                #expect(difference == nil, "\(file.lastPathComponent): \(difference ?? "")")
                #expect(count > 100)
            }
        }
    }

    /// Every corpus page: the `.html` pages and WCXB's gzipped ones.
    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func corpusPagesBuildTheSameTree() throws {
        let files = FileManager.default.enumerator(at: Corpus.root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" || $0.lastPathComponent.hasSuffix(".html.gz") } ?? []
        #expect(files.count > 700)
        var differences: [String] = []
        for file in files {
            var data = try Data(contentsOf: file)
            if file.pathExtension == "gz" { data = try GzipCodec.inflate(data) }
            guard let (kabar, libxml2) = try? Self.trees(data) else { continue }
            if let difference = Self.difference(kabar, libxml2).0 { differences.append("\(file.lastPathComponent): \(difference)") }
        }
        #expect(differences.isEmpty, "\(differences.count) pages: \(differences.prefix(3))")
    }
}
