import Foundation
import KabarTesting
import Testing
@testable import KabarHTML

/// The native matcher against libxml2's XPath evaluation of the compiled selector, on real and
/// constructed pages: both must find the same elements in the same order.
struct SelectorMatcherTests {
    static let selectors = [
        "div", "p", "a[href]", "meta[name=keywords]", "meta[property^='og:']", "img[src$='.jpg']",
        "a[href*='/read/']", "[class~=title]", "[lang|=en]", "div > p", "div p", "h1 + div", "h1 ~ div",
        "ul li:first-child", "ul li:last-child", "li:nth-child(2n+1)", "li:nth-child(-n+3)", "tr:nth-last-child(2)",
        "div:not(.artikel) > p", "p:empty", "p:only-child", "span:first-of-type", "li:nth-of-type(2)", ":root",
        "div.artikel > h1, div.tubuh-berita p", "#content-wrapper p, h2, h3", "script[type]", "link[rel=canonical]",
        "div[class] a[title]", "*[id]", ".share-konten li a", "body > div div > ul > li",
    ]

    static var pages: [URL] {
        var urls = Fixture.all().filter(\.isAvailable).map(\.pageFile)
        if Corpus.isAvailable {
            urls += ["tempo/listing/2015-homepage.html", "sindonews/listing/2024-09-homepage-browser-saved.html"].map(Corpus.file)
        }
        return urls
    }

    @Test(arguments: pages)
    func nativeMatchesXPath(_ page: URL) throws {
        let doc = try HTMLDocument(data: try Data(contentsOf: page))
        for selector in Self.selectors {
            let native = try doc.selectOrThrow(selector)
            let reference = try doc.selectWithXPath(selector)
            #expect(native == reference, "\(selector) on \(page.lastPathComponent): \(native.count) native, \(reference.count) XPath")
        }
        // Scoped to a node: descendants only, as XPath's descendant:: from that node.
        if let body = doc.body {
            for selector in ["div p", "a", "div > a", "li:first-child"] {
                let native = try body.selectOrThrow(selector)
                let reference = try body.xpath(CSSSelector.xpath(for: selector))
                #expect(native == reference, "\(selector) below body on \(page.lastPathComponent)")
            }
        }
    }

    @Test func errorsAreTheCompilersErrors() throws {
        let doc = try HTMLDocument(html: "<p>x</p>")
        #expect(throws: CSSSelectorError.self) { try doc.selectOrThrow("div..x") }
        #expect(doc.select("div..x").isEmpty)
    }

    @Test func removedNodesAreNotFoundAgain() throws {
        let doc = try HTMLDocument(html: "<div class=a>1</div><div class=a>2</div>")
        #expect(doc.select(".a").count == 2)
        doc.select(".a")[0].remove()
        #expect(doc.select(".a").map(\.text) == ["2"])
    }
}
