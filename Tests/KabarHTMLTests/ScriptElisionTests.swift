import Foundation
import KabarHTML
import KabarTesting
import Testing

/// `ScriptElision`: the content of non-JSON scripts and of styles left out before the parse,
/// and nothing else of the tree changed. The constructed pages each hold one tricky case; the
/// tree comparison runs on them, on the corpus's pages and on pages with tricky pieces
/// spliced in at random places.
struct ScriptElisionTests {
    static func elided(_ html: String) -> String? {
        ScriptElision.apply(Data(html.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func leavesOutScriptAndStyleContentKeepingTheirTags() {
        let page = "<html><head><style>p { color: red }</style><script src=\"a.js\"></script>"
            + "<script>var ads = [1, 2];</script></head><body><p>Text</p><script type=\"text/javascript\">f()</script></body></html>"
        #expect(Self.elided(page) == "<html><head><style></style><script src=\"a.js\"></script>"
            + "<script></script></head><body><p>Text</p><script type=\"text/javascript\"></script></body></html>")
    }

    @Test(.enabled(if: ScriptElision.followsLibxml2, "no elision on libxml2 2.14 and later: every script is kept"))
    func keepsJSONScripts() throws {
        // Constructed page: JSON-LD, application/json and a type in capitals beside a plain script.
        let page = #"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>"#
            + #"<script type='application/json' id="state">{"a":1}</script><script TYPE=APPLICATION/LD+JSON>[1]</script>"#
            + "<script type=module>import x</script></head><body><p>t</p></body></html>"
        #expect(Self.elided(page) == #"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>"#
            + #"<script type='application/json' id="state">{"a":1}</script><script TYPE=APPLICATION/LD+JSON>[1]</script>"#
            + "<script type=module></script></head><body><p>t</p></body></html>")
        let doc = try HTMLDocument(data: Data(page.utf8), scripts: .jsonOnly)
        #expect(doc.scriptText == .jsonOnly)
        #expect(doc.jsonLD.first?["headline"]?.string == "H")
        #expect(doc.first("#state")?.rawText == #"{"a":1}"#)
        #expect(doc.select("script").count == 4)
    }

    @Test(.enabled(if: ScriptElision.followsLibxml2, "no elision on libxml2 2.14 and later: every script is kept"))
    func keepsTheScriptsHoldingAWordAsked() throws {
        // Constructed page: two plain scripts, one naming a word asked for, a style naming it,
        // a JSON script, and the word in the page's text.
        let page = "<html><head><script>var ads = 1;</script><script>var total_page = 3;</script>"
            + "<style>.total_page { }</style><script type=\"application/ld+json\">{\"a\":1}</script></head>"
            + "<body><p>total_page</p><script>\nvar current_page = 2;</script><script>f(total_pages)</script></body></html>"
        let kept = ScriptElision.apply(Data(page.utf8), keeping: ["total_page", "current_page"]).map { String(decoding: $0, as: UTF8.self) }
        #expect(kept == "<html><head><script></script><script>var total_page = 3;</script>"
            + "<style></style><script type=\"application/ld+json\">{\"a\":1}</script></head>"
            + "<body><p>total_page</p><script>\nvar current_page = 2;</script><script>f(total_pages)</script></body></html>")
        // A word must appear byte for byte, case included.
        #expect(ScriptElision.apply(Data(page.utf8), keeping: ["TOTAL_PAGE"]) == ScriptElision.apply(Data(page.utf8)))
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

    @Test func aCommentHoldingAScriptStartsNothing() {
        // Constructed page: an old IE conditional comment, then a real script.
        let page = "<head><!--[if lt IE 9]><script>ie()</script><![endif]--><script>x()</script></head>"
        #expect(Self.elided(page) == "<head><!--[if lt IE 9]><script>ie()</script><![endif]--><script></script></head>")
        // libxml2 ends a comment at `--!>` too, and not at the `-->` of `<!-->`.
        #expect(Self.elided("<!-- a --!><script>x</script>") == "<!-- a --!><script></script>")
        #expect(Self.elided("<!--><script>x</script>--><p>") == nil)
        // An unterminated comment takes the rest of the page.
        #expect(Self.elided("<p><!-- <script>x</script>") == nil)
    }

    @Test func anAttributeHoldingAScriptStartsNothing() {
        // Constructed pages: `<script>` inside quoted and unquoted attribute values.
        #expect(Self.elided(#"<div title="<script>">a</div><p>b</p></script>"#) == nil)
        #expect(Self.elided(#"<div data-x='</script><script>'>a</div>"#) == nil)
        #expect(Self.elided(#"<a href=<script>x</script>"#) == nil)
        #expect(Self.elided(#"<div title="<script>">a</div><script>b</script>"#) == #"<div title="<script>">a</div><script></script>"#)
        // A script's own attributes may hold `>` and `/>`.
        #expect(Self.elided(#"<script data-a=">" data-b="/>">x</script>"#) == #"<script data-a=">" data-b="/>"></script>"#)
    }

    @Test func endsAtTheFirstClosingTagInAnyCase() {
        // Constructed page: an upper-case end tag, and a script that writes one (libxml2 ends there too).
        #expect(Self.elided("<SCRIPT>a()</SCRIPT><p>t</p>") == "<SCRIPT></SCRIPT><p>t</p>")
        #expect(Self.elided("<script>document.write('<b>')</Script ><p>t</p>") == "<script></Script ><p>t</p>")
        #expect(Self.elided("<script><!-- w('</script>') --></script>") == "<script></script>') --></script>")
        // `</scriptx` ends libxml2's reading of the content but is another element's tag: the rest stays.
        #expect(Self.elided("<script>a</scriptx>b</script><script>c</script>") == "<script></scriptx>b</script><script>c</script>")
    }

    @Test func contentLibxml2ReadsAsTagsStays() {
        // Constructed pages: libxml2 looks for a tag before it reads a script's content.
        #expect(Self.elided("<p><script></p>x</script><p>y</p>") == nil)
        #expect(Self.elided("<script></sc</SCRIPT>x") == nil)
        #expect(Self.elided("<script><noscript>x</script>") == nil)
        #expect(Self.elided("<style><body>x</style>") == nil)
        #expect(Self.elided("<script>\0x</script>") == nil)
        // Other tags at the start of a script are its text.
        #expect(Self.elided("<script type=text/template><div>x</div></script>") == "<script type=text/template></script>")
        #expect(Self.elided("<script></script><p>t</p><script>x</script>") == "<script></script><p>t</p><script></script>")
    }

    @Test func leavesAnUnterminatedScriptAsItIs() {
        // Constructed pages: a script, a style and a start tag that never end.
        #expect(Self.elided("<p>a</p><script>var x = 1;") == nil)
        #expect(Self.elided("<style>p{}</sty") == nil)
        #expect(Self.elided("<script>a</script><script type=\"x") == "<script></script><script type=\"x")
        #expect(Self.elided("<script/>text<p>t</p>") == nil)
    }

    @Test func stopsWhereLibxml2Stops() {
        // Constructed page: a NUL byte in a tag ends libxml2's parse; nothing after it is touched.
        #expect(Self.elided("<script>a</script><div \0><script>b</script>") == "<script></script><div \0><script>b</script>")
        // A NUL byte in text or in a script does not.
        #expect(Self.elided("<p>a\0b</p><script>c\0d</script>") == "<p>a\0b</p><script></script>")
    }

    @Test func otherMarkupIsNotATag() {
        // Constructed pages: processing instructions end at `>`, `<!x`, `<?1` and `</3` are text.
        #expect(Self.elided("<?pi <script>x</script>") == nil)
        #expect(Self.elided("<! <script>x</script>") == "<! <script></script>")
        #expect(Self.elided("<?1 <script>x</script>") == "<?1 <script></script>")
        #expect(Self.elided("</3 <script>x</script>") == "</3 <script></script>")
        #expect(Self.elided("</p title=\"<script>\">x</script>") == nil)
        #expect(Self.elided(#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd"><script>x</script>"#)
                == #"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd"><script></script>"#)
        #expect(Self.elided(#"<!DOCTYPE html PUBLIC "a><script>x</script>">"#) == nil)
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
    /// text left out); the difference described when not.
    static func sameTree(_ bytes: Data) -> String? {
        guard let full = try? HTMLDocument(data: bytes), let elided = try? HTMLDocument(data: bytes, scripts: .jsonOnly) else {
            return (try? HTMLDocument(data: bytes)) == nil ? nil : "the elided page does not parse"
        }
        let (a, b) = (tree(full), tree(elided))
        guard a != b else { return nil }
        let common = zip(a, b).prefix { $0 == $1 }.count
        return "differs at \(common): \(a.dropFirst(max(0, common - 60)).prefix(160)) | \(b.dropFirst(max(0, common - 60)).prefix(160))"
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
            if ScriptElision.apply(data) != nil { elidedPages += 1 }
            if let problem = Self.sameTree(data) { failures.append("\(file.lastPathComponent): \(problem)") }
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
