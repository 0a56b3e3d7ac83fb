import Foundation
import KabarCore
@testable import KabarDeclarative
import KabarHTML
import Testing

/// A declarative file that names a script element is read from pages parsed with their scripts'
/// text; the others from pages without it (`ScriptReading`, `ScriptText`).
struct ScriptReadingTests {
    static let yaml = """
    id: demo
    hosts: [demo.example]
    remove: [script, style]
    fields:
      headline: h1
      body: div.body
    """

    /// Constructed page: the section is only in a page script's state.
    static let html = """
    <html><head><link rel="canonical" href="https://demo.example/a/1">
    <script id="state">window.state = {"section": "Sport"};</script></head>
    <body><h1>Title</h1><div class="body"><p>First paragraph.</p><script>ads()</script></div></body></html>
    """

    @Test func namesOfScriptElements() {
        for named in ["script", "script#state", "head > script[id]", "//script[@id='s']/text()", "div, style", "SCRIPT",
                      "//*[self::script]", "p:not(script)"] {
            #expect(ScriptReading.namesElement(named), "\(named)")
        }
        for other in ["noscript img", ".script", "#style", "[style*=none]", "//p[@style]", "div.article-script", "script-box",
                      "[data-script]", "p.styled", "h1"] {
            #expect(!ScriptReading.namesElement(other), "\(other)")
        }
    }

    @Test func aFileReadingAScriptGetsItsText() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "remove: [script, style]\n", with: "")
        let spec = try DeclarativeLoader().parse(yaml + "\n  section: {css: script#state, pattern: '\"section\": \"([^\"]+)\"'}",
                                                 file: "Plugins/demo.yaml")
        let extractor = DeclarativeExtractor(spec: spec)
        #expect(extractor.scriptText == .kept)
        // A fallback that reads no scripts, for pages of other hosts.
        let other = DeclarativeExtractor(spec: try DeclarativeLoader().parse(Self.yaml.replacingOccurrences(of: "demo", with: "other"),
                                                                             file: "Plugins/other.yaml"))
        let pipeline = ArticleAssembler(registry: ExtractorRegistry([extractor], fallback: other))
        let url = URL(string: "https://demo.example/a/1")!
        #expect(try pipeline.extract(data: Data(Self.html.utf8), url: url).section == "Sport")
        // A saved page with no URL: parsed for the fallback, then, its canonical link naming
        // the file's host, parsed again with its scripts.
        #expect(try pipeline.extract(data: Data(Self.html.utf8), url: nil).section == "Sport")
    }

    /// `scripts: [word]`: the parse keeps the text of the scripts holding the word only, as a
    /// Swift plugin's `scriptWords` (before: the key was unknown, and a file reading one script
    /// had every script and style kept).
    @Test func aFileNamingItsScriptWordsKeepsOnlyThoseScripts() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "remove: [script, style]\n", with: "scripts: [window.state]\n")
        let spec = try DeclarativeLoader().parse(yaml + "\n  section: {xpath: \"//script[contains(., 'window.state')]\", pattern: '\"section\": \"([^\"]+)\"'}",
                                                 file: "Plugins/demo.yaml")
        #expect(spec.scriptWords == ["window.state"])
        let extractor = DeclarativeExtractor(spec: spec)
        #expect(extractor.scriptText == .containing(["window.state"]))
        var pipeline = ArticleAssembler(registry: ExtractorRegistry([extractor]))
        let scripts = Texts()
        pipeline.beforeExtract = { page, _ in for script in page.document.select("script") { scripts.add(script.text) } }
        let article = try pipeline.extract(data: Data(Self.html.utf8), url: URL(string: "https://demo.example/a/1")!)
        #expect(article.section == "Sport")
        #expect(scripts.all == [#"window.state = {"section": "Sport"};"#, ""], "the ads script's text is left out: \(scripts.all)")
    }

    @Test func aFileRemovingScriptsReadsNoScriptText() throws {
        let spec = try DeclarativeLoader().parse(Self.yaml + "\n  section: {css: h1}", file: "Plugins/demo.yaml")
        let extractor = DeclarativeExtractor(spec: spec)
        #expect(extractor.scriptText == .jsonOnly)
        var pipeline = ArticleAssembler(registry: ExtractorRegistry([extractor]))
        let url = URL(string: "https://demo.example/a/1")!
        let seen = Seen()
        pipeline.beforeExtract = { page, _ in seen.add(page.document.scriptText) }
        let article = try pipeline.extract(data: Data(Self.html.utf8), url: url)
        #expect(article.body == [.paragraph("First paragraph.")])
        #expect(seen.all == [.jsonOnly])
        // The pipeline's switch keeps every page's scripts.
        pipeline.keepsScripts = true
        _ = try pipeline.extract(data: Data(Self.html.utf8), url: url)
        #expect(seen.all == [.jsonOnly, .kept])
    }
}

/// What the pages were parsed with, as `beforeExtract` saw them.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [ScriptText] = []
    func add(_ value: ScriptText) { lock.withLock { values.append(value) } }
    var all: [ScriptText] { lock.withLock { values } }
}

/// Texts handed over from `beforeExtract`.
final class Texts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ value: String) { lock.withLock { values.append(value) } }
    var all: [String] { lock.withLock { values } }
}
