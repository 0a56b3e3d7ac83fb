import Foundation
import KabarHTML
import Testing

/// Content after `</body>` or `</html>` (constructed pages): a browser shows it in the body, so the parsed
/// document holds it there, where selectors and the extractors look, and says so in its notes.
struct ContentAfterHTMLTests {
    @Test func contentAfterTheClosingTagJoinsTheBody() throws {
        let html = """
            <html><head><title>T</title></head><body><p id="one">One.</p></body></html>
            <div class="post"><h1>Two</h1><p>After the closing tag.</p></div>
            <html><head><meta name="x" content="y"></head><body class="late"><p id="three">Three.</p></body></html>
            """
        let doc = try HTMLDocument(html: html)
        let body = try #require(doc.body)
        #expect(doc.select("body").count == 1)
        #expect(doc.select("html").count == 1)
        #expect(doc.select("body > p, body > div > p").map(\.text) == ["One.", "After the closing tag.", "Three."])
        #expect(doc.select("h1").first?.text == "Two")
        #expect(body.text.contains("Three."))
        #expect(doc.notes.contains("content after </body> moved into the body"))
    }

    @Test func anElementBetweenTheBodyAndTheClosingTagJoinsTheBody() throws {
        let doc = try HTMLDocument(html: "<html><body><p>One.</p></body><div><p>Two.</p></div></html>")
        #expect(doc.select("body p").map(\.text) == ["One.", "Two."])
    }

    @Test func aPageEndingAtItsClosingTagIsUnchanged() throws {
        let doc = try HTMLDocument(html: "<html><body><p>One.</p></body></html>\n<!-- cached -->\n")
        #expect(doc.select("p").map(\.text) == ["One."])
        #expect(!doc.notes.contains { $0.contains("</body>") })
    }
}
