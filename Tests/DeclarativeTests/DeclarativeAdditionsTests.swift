import Foundation
import KabarCore
@testable import KabarDeclarative
import KabarHTML
import Testing

/// `lead_in_body: true`: the lead (a standfirst printed apart from the text) also opens the body.
struct LeadInBodyTests {
    static let yaml = """
    id: demo
    hosts: [demo.example]
    paragraphs: p
    fields:
      headline: h1
      body: div.body
    """

    static let html = """
    <html><body><h1>Title</h1><div class="body">
    <p>First paragraph.</p><span>loose text</span>
    <h2>A subheading</h2>
    <p>Second <b>paragraph</b>.</p>
    <blockquote>A quote.</blockquote>
    <ul><li>One</li><li>Two</li></ul>
    <div><h3>Nested heading</h3></div>
    </div></body></html>
    """

    @Test func leadInBodyOpensTheBody() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "paragraphs: p", with: "paragraphs: p\nlead_in_body: true")
            + "\n  lead: h1 + h2"
        let html = Self.html.replacingOccurrences(of: "<h1>Title</h1>", with: "<h1>Title</h1><h2>The standfirst.</h2>")
        let spec = try DeclarativeLoader().parse(yaml, file: "Plugins/demo.yaml")
        #expect(spec.leadInBody)
        let url = URL(string: "https://demo.example/a/1")!
        let e = try DeclarativeExtractor(spec: spec).extract(Page(document: HTMLDocument(data: Data(html.utf8), url: url), url: url))
        #expect(e.lead == "The standfirst.")
        #expect(e.body.first == .paragraph("The standfirst."))
        #expect(e.body.dropFirst().first == .paragraph("First paragraph."))
    }

    @Test func aStandfirstOfSeveralParagraphs() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "paragraphs: p", with: "paragraphs: p\nlead_in_body: true")
            + "\n  lead: h2.standfirst"
        let html = Self.html.replacingOccurrences(of: "<h1>Title</h1>", with: "<h1>Title</h1><h2 class='standfirst'>One.</h2><h2 class='standfirst'>Two.</h2>")
        let spec = try DeclarativeLoader().parse(yaml, file: "Plugins/demo.yaml")
        let url = URL(string: "https://demo.example/a/1")!
        let e = try DeclarativeExtractor(spec: spec).extract(Page(document: HTMLDocument(data: Data(html.utf8), url: url), url: url))
        #expect(e.lead == "One.")
        #expect(Array(e.body.prefix(3)) == [.paragraph("One."), .paragraph("Two."), .paragraph("First paragraph.")])
    }
}

/// Authors printed in capitals are title-cased, agency initials kept.
struct AuthorNameTests {
    @Test func agencyInitialsStay() {
        #expect(DeclarativeExtractor.authorName("AP") == "AP")
        #expect(DeclarativeExtractor.authorName("AFP") == "AFP")
        #expect(DeclarativeExtractor.authorName("DINI TEJA") == "Dini Teja")
        #expect(DeclarativeExtractor.authorName("Adam Vidler") == "Adam Vidler")
    }
}

/// `split:` takes one separator or a list of them, each applied in turn.
struct SplitListTests {
    @Test func severalSeparators() throws {
        let yaml = """
        id: demo
        hosts: [demo.example]
        fields:
          headline: h1
          body: div.body
          authors: {css: p.by, split: [', ', ' and ']}
          tags: {css: p.tags, split: ';'}
        """
        let spec = try DeclarativeLoader().parse(yaml, file: "Plugins/demo.yaml")
        #expect(spec.fields[.authors]?.sources.first?.separators == [", ", " and "])
        #expect(spec.fields[.tags]?.sources.first?.split == ";")
        let html = "<html><body><h1>T</h1><p class='by'>Ann Lee, Bo Kim and Cy Day</p><p class='tags'>a;b</p><div class='body'><p>Text.</p></div></body></html>"
        let url = URL(string: "https://demo.example/a/1")!
        let e = try DeclarativeExtractor(spec: spec).extract(Page(document: HTMLDocument(data: Data(html.utf8), url: url), url: url))
        #expect(e.authors == ["Ann Lee", "Bo Kim", "Cy Day"])
        #expect(e.tags == ["a", "b"])
    }

    @Test func emptySeparatorIsAnError() {
        let yaml = "id: demo\nhosts: [demo.example]\nfields:\n  headline: h1\n  body: div.body\n  authors: {css: p.by, split: [',', '']}\n"
        #expect(throws: DeclarativeError.self) { try DeclarativeLoader().parse(yaml, file: "Plugins/demo.yaml") }
    }
}
