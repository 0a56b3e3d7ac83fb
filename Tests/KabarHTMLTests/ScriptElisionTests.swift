import Foundation
import KabarHTML
import KabarTesting
import Testing

/// `ScriptElision`: the text of non-JSON scripts and of styles taken out of the tree after the
/// parse, and nothing else of the tree changed. The tree comparison runs on constructed pages,
/// on the corpus's pages and on pages with tricky pieces spliced in at random places.
struct ScriptElisionTests {
    /// The page parsed with `scripts`, as HTML (without the line breaks libxml2's output adds).
    static func parsed(_ html: String, _ scripts: ScriptText = .jsonOnly) throws -> String {
        (try HTMLDocument(data: Data(html.utf8), scripts: scripts).root?.outerHTML ?? "").replacingOccurrences(of: "\n", with: "")
    }

    @Test func leavesOutScriptAndStyleContentKeepingTheirTags() throws {
        // Constructed page: a style, an external script, two inline scripts.
        let page = "<html><head><style>p { color: red }</style><script src=\"a.js\"></script>"
            + "<script>var ads = [1, 2];</script></head><body><p>Text</p><script type=\"text/javascript\">f()</script></body></html>"
        let parsed = try Self.parsed(page)
        #expect(parsed == "<html><head><style></style><script src=\"a.js\"></script>"
            + "<script></script></head><body><p>Text</p><script type=\"text/javascript\"></script></body></html>")
        // Kept whole when asked.
        #expect(try Self.parsed(page, .kept).contains("var ads = [1, 2];"))
    }

    @Test func keepsJSONScripts() throws {
        // Constructed page: JSON-LD, application/json and a type in capitals beside a plain script.
        let page = #"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>"#
            + #"<script type='application/json' id="state">{"a":1}</script><script TYPE=APPLICATION/LD+JSON>[1]</script>"#
            + "<script type=module>import x</script></head><body><p>t</p></body></html>"
        let doc = try HTMLDocument(data: Data(page.utf8), scripts: .jsonOnly)
        #expect(doc.scriptText == .jsonOnly)
        #expect(doc.jsonLD.first?["headline"]?.string == "H")
        #expect(doc.first("#state")?.rawText == #"{"a":1}"#)
        #expect(doc.select("script").map(\.rawText) == [#"{"@type":"NewsArticle","headline":"H"}"#, #"{"a":1}"#, "[1]", ""])
    }

    @Test func keepsTheScriptsHoldingAWordAsked() throws {
        // Constructed page: two plain scripts, one naming a word asked for, a style naming it,
        // a JSON script, and the word in the page's text.
        let page = "<html><head><script>var ads = 1;</script><script>var total_page = 3;</script>"
            + "<style>.total_page { }</style><script type=\"application/ld+json\">{\"a\":1}</script></head>"
            + "<body><p>total_page</p><script>\nvar current_page = 2;</script><script>f(total_pages)</script></body></html>"
        let both = try HTMLDocument(data: Data(page.utf8), scripts: .containing(["total_page", "current_page"]))
        #expect(both.select("script").map(\.rawText) == ["", "var total_page = 3;", #"{"a":1}"#, "\nvar current_page = 2;", "f(total_pages)"])
        #expect(both.first("style")?.rawText == "")
        #expect(both.first("p")?.text == "total_page")
        // A word must appear byte for byte, case included.
        #expect(try Self.parsed(page, .containing(["TOTAL_PAGE"])) == Self.parsed(page))
        let doc = try HTMLDocument(data: Data(page.utf8), scripts: .containing(["current_page"]))
        #expect(doc.scriptText == .scriptsContaining(["current_page"]))
        #expect(doc.select("script").map(\.rawText) == ["", "", #"{"a":1}"#, "\nvar current_page = 2;", ""])
        #expect(doc.first("style")?.rawText == "")
    }

    @Test func whatAParseKeepsCoversWhatAReaderNeeds() {
        let words = ScriptText.containing(["a", "b"])
        #expect(ScriptText.containing([]) == .jsonOnly)
        #expect(words.covers(.containing(["a"])) && words.covers(.jsonOnly) && !words.covers(.kept))
        #expect(!ScriptText.jsonOnly.covers(words) && ScriptText.kept.covers(words))
        #expect(ScriptText.jsonOnly.union(.containing(["a"])).union(.containing(["b"])) == words)
        #expect(words.union(.kept) == .kept)
    }

    @Test func scriptsTheTokenizerReadsAreEmptiedWhereverTheyEnd() throws {
        // Constructed pages: what HTML5's script data rules make of a script's end. The element
        // is emptied wherever libxml2 ends it, and what follows it is the page's.
        let comment = try Self.parsed("<head><!--[if lt IE 9]><script>ie()</script><![endif]--><script>x()</script></head>")
        #expect(comment == "<html><head><!--[if lt IE 9]><script>ie()</script><![endif]--><script></script></head></html>")
        let upper = try Self.parsed("<script>a()</SCRIPT ><p>t</p>")
        #expect(upper == "<html><head><script></script></head><body><p>t</p></body></html>")
        // `<!--` and `<script` inside a script: the first `</script>` does not end it.
        let escaped = try HTMLDocument(data: Data("<script><!-- w('<script></script>') --></script><p>t</p>".utf8), scripts: .jsonOnly)
        #expect(escaped.select("script").map(\.rawText) == [""])
        #expect(escaped.first("p")?.text == "t")
        #expect(escaped.root?.text.contains("w(") == false)
        // An attribute value holding a script starts none.
        let attribute = try Self.parsed(#"<div title="<script>">a</div><script>b</script>"#)
        #expect(attribute == #"<html><body><div title="&lt;script&gt;">a</div><script></script></body></html>"#)
    }

    // MARK: The tree

    /// The document's tree as text with the content of every script and style left out
    /// except a JSON script's (by libxml2's reading of its type).
    static func tree(_ document: HTMLDocument) -> String {
        for node in document.select("script, style") {
            let type = node["type"]?.lowercased() ?? ""
            if node.tag == "style" || !type.contains("json") { node.childNodes.forEach { $0.remove() } }
        }
        return document.root?.outerHTML ?? ""
    }

    /// Whether `bytes` parse to the same tree with and without the elision (apart from the
    /// text left out, which `tree` takes out of the whole page's), and whether the elision left
    /// any text out; the difference described when not the same.
    static func sameTree(_ bytes: Data) -> String? { compare(bytes).problem }

    static func compare(_ bytes: Data) -> (problem: String?, leftOut: Bool) {
        guard let full = try? HTMLDocument(data: bytes), let elided = try? HTMLDocument(data: bytes, scripts: .jsonOnly) else {
            return ((try? HTMLDocument(data: bytes)) == nil ? nil : "the elided page does not parse", false)
        }
        let elidedHTML = elided.root?.outerHTML ?? ""
        let leftOut = full.root?.outerHTML != elidedHTML
        let (a, b) = (tree(full), tree(elided))
        // `tree` of the elided page must have nothing left to take out.
        guard a != b || elidedHTML != b else { return (nil, leftOut) }
        let other = a != b ? b : elidedHTML
        let common = zip(a, other).prefix { $0 == $1 }.count
        return ("differs at \(common): \(a.dropFirst(max(0, common - 60)).prefix(160)) | \(other.dropFirst(max(0, common - 60)).prefix(160))", leftOut)
    }

    static let trickyPieces = [
        "<script>", "</script>", "<SCRIPT type=\"text/javascript\">", "</SCRIPT >", "<style>", "</style>", "<script/>",
        "<script type=\"application/ld+json\">", "<!--", "-->", "--!>", "<!-->", "\"", "'", "=", ">", "<", "</", "/>",
        "<?x ", "<?", "<!", "<!DOCTYPE html \"", "</scriptx>", "\0", "<div title=\"", "<a href=", "<p>", "</p>", "\n",
        "<textarea>", "<title>", "<![CDATA[", "]]>", "<noscript>", "<body>", "<frameset>", "</p>", "<script type=x&amp;json>", "&", "<script\t", "\u{0C}", "<!doctype",
    ]

    /// The page the tricky pieces are spliced into.
    static let constructedBase = "<!DOCTYPE html><html><head><title>T</title><script>var a = '<p>';</script><style>b{}</style>"
        + #"<script type="application/ld+json">{"a":1}</script></head><body><div class="c" data-x='1'>"#
        + "<p>One <b>two</b></p><!-- c --><script src=x></script><p>three</p></div></body></html>"

    @Test func constructedPagesParseTheSameApartFromScriptText() {
        var generator = SplitMix(seed: 16)
        let base = Self.constructedBase
        var failures: [String] = []
        for _ in 0..<1500 {
            var page = Array(base.utf8)
            for _ in 0..<Int(generator.next() % 4 + 1) { generator.splice(Self.trickyPieces, into: &page) }
            if let problem = Self.sameTree(Data(page)) { failures.append("\(String(decoding: page, as: UTF8.self)): \(problem)") }
        }
        #expect(failures.isEmpty, "\(failures.count) pages: \(failures.prefix(3))")
    }

    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func corpusPagesParseTheSameApartFromScriptText() throws {
        let files = Corpus.htmlFiles
        var generator = SplitMix(seed: 7)
        var failures: [String] = []
        var elidedPages = 0
        for file in files {
            let data = try Data(contentsOf: file)
            let (problem, leftOut) = Self.compare(data)
            if leftOut { elidedPages += 1 }
            if let problem { failures.append("\(file.lastPathComponent): \(problem)") }
            // The same page with two tricky pieces spliced in.
            var page = [UInt8](data)
            for _ in 0..<2 { generator.splice(Self.trickyPieces, into: &page) }
            if let problem = Self.sameTree(Data(page)) { failures.append("\(file.lastPathComponent) (spliced): \(problem)") }
        }
        #expect(files.count > 100)
        #expect(elidedPages > files.count / 2)
        #expect(failures.isEmpty, "\(failures.count) pages: \(failures.prefix(3))")
    }
}

/// A small seeded generator (SplitMix64): the same pages on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Inserts one of `pieces`, chosen at random, at a random place in `page`.
    mutating func splice(_ pieces: [String], into page: inout [UInt8]) {
        let piece = Array(pieces[Int(next() % UInt64(pieces.count))].utf8)
        page.insert(contentsOf: piece, at: Int(next() % UInt64(page.count + 1)))
    }
}

extension Corpus {
    /// The corpus's `.html` files (none where it is absent).
    static var htmlFiles: [URL] {
        guard isAvailable else { return [] }
        return FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" } ?? []
    }
}
