import Foundation
import KabarCore
import KabarDeclarative
import KabarHTML
import KabarPlugins
import KabarTesting
import Testing

/// Declarative extractors read pages through the same parts as Swift plugins.
struct DeclarativeExtractionTests {
    static let plugins = Corpus.packageRoot.appendingPathComponent("Tests/DeclarativeTests/Plugins")

    /// The constructed site's pages (today's design and the 2019 variant) give the fields written
    /// by reading them.
    @Test func constructedSiteMatchesItsFixtures() throws {
        let catalog = try PluginCatalog.load(folder: Self.plugins)
        let pipeline = ArticleAssembler(registry: catalog.registry)
        let fixtures = try Fixture.load(folder: Self.plugins.appendingPathComponent("kabarpagi"))
        #expect(fixtures.count == 2)
        for fixture in fixtures {
            let article = try fixture.extract(with: pipeline)
            #expect(article.site == "kabarpagi", "\(fixture.name) went to \(article.site)")
            let problems = try fixture.mismatches(in: article)
            #expect(problems.isEmpty, "\(fixture.name):\n\(problems.joined(separator: "\n"))")
        }
    }

    /// The trace names the variant, the removals and the source of each field.
    @Test func traceNamesVariantAndSources() throws {
        let catalog = try PluginCatalog.load(folder: Self.plugins)
        let extractor = try #require(catalog.declarative(id: "kabarpagi"))
        let file = Self.plugins.appendingPathComponent("kabarpagi/Fixtures/constructed-2019-gempa-old-design.html")
        let url = URL(string: "https://kabarpagi.example/read/2019/08/02/778/gempa-guncang-sukabumi")!
        let page = Page(document: try HTMLDocument(data: Data(contentsOf: file), url: url), url: url)
        let (e, trace) = try extractor.extractWithTrace(page)
        #expect(trace.variant == "v2019")
        #expect(trace.removed.first { $0.selector.key == "variants[0].remove[0]" }?.count == 1)
        #expect(trace.field(.authors)?.source?.key == "variants[0].fields.authors")
        #expect(trace.field(.authors)?.variant == "v2019")
        #expect(trace.field(.lead)?.source == nil)
        #expect(trace.unmatched.contains { $0.key == "fields.lead" })
        #expect(e.authors == ["Bayu Aji"])
        #expect(extractor.isArticle(url))
        #expect(!extractor.isArticle(URL(string: "https://kabarpagi.example/tag/gempa")!))
        #expect(!extractor.isArticle(URL(string: "https://other.example/read/2019/08/02/778/x")!))
    }

    /// A source that matched elements but gave nothing says why, not "matched nothing": a date
    /// in the site's own words with no `date_format`, a pattern that fits no value, an absent
    /// attribute. Before, all of these read `matched nothing`, and the user went hunting for a
    /// selector that was right. A headline that is not found says why in the plugin's error.
    @Test func aSourceThatMatchedButGaveNothingSaysWhy() throws {
        let yaml = """
        id: lejournal
        hosts: [journal.example]
        fields:
          headline: [h1.titre, {css: h1, attr: title}, {css: h1, pattern: 'Titre: (.+)'}]
          body: div.corps
          published: .date
          modified: .nulle-part
          authors: {meta: author}
        """
        let extractor = DeclarativeExtractor(spec: try DeclarativeLoader().parse(yaml, file: "Plugins/lejournal.yaml"))
        let html = "<html><body><h1>Inondations à Lyon</h1><span class=date>7 dicembre 2026, ore 10:15</span><div class=corps><p>Texte.</p></div></body></html>"
        let url = URL(string: "https://journal.example/actu/1")!
        let page = Page(document: try HTMLDocument(data: Data(html.utf8), url: url), url: url)
        do {
            _ = try extractor.extractWithTrace(page)
            Issue.record("a headline was found")
        } catch let error as ExtractionError {
            let message = "\(error)"
            #expect(message.contains("css: h1.titre (Plugins/lejournal.yaml:4) matched nothing"), "\(message)")
            #expect(message.contains("matched 1 element, with no title attribute"), "\(message)")
            #expect(message.contains("matched 1 element, but the pattern matches no value, e.g. \"Inondations à Lyon\""), "\(message)")
        }
        let fixed = try DeclarativeLoader().parse(yaml.replacingOccurrences(of: "h1.titre,", with: "h1,"), file: "Plugins/lejournal.yaml")
        let (_, trace) = try DeclarativeExtractor(spec: fixed).extractWithTrace(page)
        let published = try #require(trace.field(.published))
        #expect(published.source == nil && published.reasons.count == 1)
        #expect(published.reasons.first == "matched 1 element, but no value reads as a date (no built-in form; add date_format:), e.g. \"7 dicembre 2026, ore 10:15\"",
                "\(published.reasons)")
        #expect(trace.field(.modified)?.reasons == ["matched nothing"])
        #expect(trace.field(.authors)?.reasons == ["matched nothing"])
        #expect(trace.unread.map(\.reason).contains { $0.hasPrefix("matched 1 element, but no value reads as a date") })
    }

    /// A declarative file written from Tempo's 2021–24 design (T3) gives the same headline,
    /// lead, body, date and tags as the Swift plugin on its constructed page: the same output.
    @Test func sameOutputAsTheSwiftPlugin() throws {
        let yaml = #"""
        id: tempo-t3
        hosts: [tempo.co]
        language: id
        remove:
          - 'div.banner728'
          - 'div.baca-juga'
          - 'div.parallax-box'
          - {xpath: '//p[starts-with(normalize-space(.), "Baca juga:")]'}
        fields:
          headline: 'article.detail-artikel:not(.berikutnya) div.detail-title h1.title'
          lead: {meta: description}
          body: 'article.detail-artikel:not(.berikutnya) div.detail-in#isi'
          published: [{meta: article:published_time}, 'article.detail-artikel:not(.berikutnya) div.detail-title p.date']
          tags: {meta: keywords, split: ','}
        """#
        let spec = try DeclarativeLoader().parse(yaml, file: "tempo-t3.yaml")
        let declarative = DeclarativeExtractor(spec: spec)
        let fixture = try #require(Fixture.all(in: "Plugins/Tempo").first { $0.name == "constructed-2021-hujan-jakarta" })
        let data = try Data(contentsOf: fixture.pageFile)
        let swift = try ArticleAssembler(registry: BuiltinExtractors.registry).extract(data: data, url: fixture.url, site: "tempo")
        let mine = try ArticleAssembler(registry: ExtractorRegistry([declarative])).extract(data: data, url: fixture.url, site: "tempo-t3")
        #expect(mine.headline == swift.headline)
        #expect(mine.lead == swift.lead)
        #expect(mine.body == swift.body)
        #expect(mine.text == swift.text)
        #expect(mine.contentHash == swift.contentHash)
        #expect(mine.publishedAt == swift.publishedAt)
        #expect(mine.tags == swift.tags)
        #expect(mine.canonicalURL == swift.canonicalURL)
        #expect(mine.body.count >= 5)
        #expect(!mine.text.contains("ADVERTISEMENT") && !mine.text.contains("Baca juga"))
    }

    /// `remove: {css: ..., starting: ...}` removes only the matched elements whose text starts so
    /// (white space collapsed, case ignored, however the text is split into elements), and the
    /// same as the XPath `translate(normalize-space(.))` rule it replaces in a file (constructed page).
    @Test func removalByTheTextAnElementStartsWith() throws {
        let html = """
            <html><body><div id="isi">
            <p>Pertama.</p>
            <p>  BACA\n   JUGA: <a href="/x">Berita lain</a></p>
            <p><strong>Baca</strong> juga: <a href="/y">Yang lain</a></p>
            <p>Bacaan juga penting.</p>
            <p>Kata orang, baca juga itu baik.</p>
            <p>Lihat Juga:  video</p>
            </div><p>Baca juga di luar isi.</p></body></html>
            """
        func body(_ remove: String) throws -> [String] {
            let spec = try DeclarativeLoader().parse("id: d\nhosts: [d.example]\nparagraphs: p\nremove:\n  - \(remove)\nfields: {headline: body, body: 'div#isi'}\n", file: "d.yaml")
            let url = URL(string: "https://d.example/a")!
            let page = Page(document: try HTMLDocument(html: html, url: url), url: url)
            return try DeclarativeExtractor(spec: spec).extract(page).body.map(\.text)
        }
        let kept = ["Pertama.", "Bacaan juga penting.", "Kata orang, baca juga itu baik."]
        #expect(try body("{css: 'div#isi > p', starting: [baca juga, 'LIHAT   juga:']}") == kept)
        #expect(try body("{css: 'div#isi > p', starting: 'baca juga'}") == kept + ["Lihat Juga: video"])
        #expect(try body(#"{xpath: '//div[@id="isi"]/p[starts-with(translate(normalize-space(.), "BACJUG", "bacjug"), "baca juga")]'}"#)
                == kept + ["Lihat Juga: video"])
    }

    /// `paragraphs: p` keeps only paragraph elements; `paragraphs: br` splits at every break.
    @Test func paragraphModes() throws {
        let html = "<html><body><div class='b'>Loose intro text<p>One.</p><div class='x'>widget</div><h2>Sub</h2><p>Two<br>Three</p></div></body></html>"
        func body(_ mode: String) throws -> [String] {
            let spec = try DeclarativeLoader().parse("id: d\nhosts: [d.example]\nparagraphs: \(mode)\nfields: {headline: body, body: div.b}\n", file: "d.yaml")
            let url = URL(string: "https://d.example/a")!
            let page = Page(document: try HTMLDocument(html: html, url: url), url: url)
            let blocks = try DeclarativeExtractor(spec: spec).extract(page).body
            #expect(blocks.first { $0.text == "Sub" }?.type == .heading)
            return blocks.map(\.text)
        }
        #expect(try body("blocks") == ["Loose intro text", "One.", "widget", "Sub", "Two Three"])
        #expect(try body("p") == ["One.", "Sub", "Two Three"])
        #expect(try body("br") == ["Loose intro text", "One.", "widget", "Sub", "Two", "Three"])
    }

    /// An id or host already taken is an error naming both files.
    @Test func collisionsAreErrors() throws {
        let dir = try Executables.temporaryFolder("decl-collide")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: tempo\nhosts: [tempo.example]\nfields: {headline: h1, body: article}\n".write(to: dir.appendingPathComponent("tempo.yaml"), atomically: true, encoding: .utf8)
        try "id: koran\nhosts: [sindonews.com]\nfields: {headline: h1, body: article}\n".write(to: dir.appendingPathComponent("koran.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: PluginCatalogError.self) { try PluginCatalog.load(folder: dir) }
        do { _ = try PluginCatalog.load(folder: dir) } catch let error as PluginCatalogError {
            #expect(error.errors.count == 2)
            #expect(error.errors.contains { $0.key == "id" && $0.line == 1 && $0.message.contains("Swift plugin Tempo") && $0.file.hasSuffix("tempo.yaml") })
            #expect(error.errors.contains { $0.key == "hosts" && $0.message.contains("sindonews.com is already claimed by sindonews") })
        }
    }
}
