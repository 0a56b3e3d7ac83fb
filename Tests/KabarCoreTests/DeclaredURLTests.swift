import Foundation
import KabarCore
@testable import KabarHTML
import KabarTesting
import Testing

/// `HTMLDocument.declaredURL` reading each link's `rel` as bytes, against the code it replaced
/// (`referenceDeclaredURL`: a `String` per `rel`, lower-cased and split at spaces).
struct DeclaredURLTests {
    static let rels = ["canonical", "CANONICAL", "Canonical", "canonical alternate", "alternate canonical", " canonical ",
                       "canonical  amphtml", "canonical\t", "\tcanonical", "canonical\nx", "canonicalx", "canonica", "noncanonical",
                       "", "alternate", "amphtml", "canon\u{130}cal", "canonical \u{301}x", "x\u{301} canonical", "canonical \u{301}",
                       "ca\u{212A}nonical", "CANONİCAL", "canonical\u{301}", "canonical é", "é canonical", "canonical\u{A0}x",
                       "\u{FEFF}canonical", "canonical\u{200B}"]
    static let hrefs = ["https://example.com/a", "/relative/path", "page.html", "", "   ", "javascript:void(0)", "mailto:x@y.z", "#top",
                        "ftp://example.com/f", "https://example.com/with space", "HTTPS://EXAMPLE.COM/UP", "//cdn.example.com/x",
                        "data:text/html,x", "https://例え.jp/パス", "  https://example.com/trimmed  ", "?q=1"]

    static func attribute(_ name: String, _ value: String?) -> String {
        guard let value else { return "" }
        return " \(name)=\"\(value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;"))\""
    }

    static func randomPage(_ random: inout SeededRandom) -> String {
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        var head = "<title>t</title>"
        for _ in 0..<Int(random.next() % 5) {
            var rel: String? = pick(rels)
            if random.next() % 3 == 0 { rel = pick(rels) + pick([" ", "  ", "\t", "\u{301}", "\u{A0}"]) + pick(rels) }
            if random.next() % 8 == 0 { rel = nil }
            let href: String? = random.next() % 8 == 0 ? nil : pick(hrefs)
            head += "<link\(attribute("rel", rel))\(attribute("href", href))>"
        }
        if random.next() % 2 == 0 { head += "<meta property=\"og:url\"\(attribute("content", pick(hrefs)))>" }
        var body = "<p>text</p>"
        if random.next() % 4 == 0 { body += "<link rel=\"\(pick(["canonical", "Canonical"]))\" href=\"/in-body\">" }
        return "<html><head>\(head)</head><body>\(body)</body></html>"
    }

    /// The link the reference reads the address from.
    static func referenceLink(_ doc: HTMLDocument) -> HTMLNode? {
        doc.select("link[rel]").first { link in
            link["rel"]?.lowercased().split(separator: " ").contains("canonical") == true && doc.absoluteURL(link["href"]) != nil
        }
    }

    @Test func declaredURLIsTheReferences() throws {
        var random = SeededRandom(seed: 1617)
        var fromLinks = 0, fromMeta = 0
        for n in 0..<4_000 {
            let html = Self.randomPage(&random)
            let base = n % 3 == 0 ? nil : URL(string: "https://news.example.com/section/page.html")
            let doc = try HTMLDocument(html: html, url: base)
            let reference = doc.referenceDeclaredURL()
            #expect(doc.declaredURL?.absoluteString == reference?.absoluteString, "\(html)")
            #expect(doc.declaredLink == Self.referenceLink(doc), "\(html)")
            if doc.declaredLink != nil { fromLinks += 1 } else if reference != nil { fromMeta += 1 }
            // Worked out again (the same) once the base changes.
            doc.url = URL(string: "https://other.example.org/x/")
            #expect(doc.declaredURL?.absoluteString == doc.referenceDeclaredURL()?.absoluteString, "\(html)")
        }
        #expect(fromLinks > 800 && fromMeta > 300, "\(fromLinks) from links, \(fromMeta) from og:url")
    }

    /// Each `rel` on its own, through `relNamesCanonical`, against the `String` code.
    @Test func relReadAsBytesIsTheStringCode() throws {
        var random = SeededRandom(seed: 1618)
        var values = Self.rels
        for _ in 0..<3_000 {
            var value = ""
            for _ in 0..<Int(1 + random.next() % 4) {
                value += Self.rels[Int(random.next() % UInt64(Self.rels.count))]
                value += ["", " ", "  ", "\t", "\u{301}", "\u{A0}", "\n"][Int(random.next() % 7)]
            }
            values.append(value)
        }
        var named = 0
        for value in values {
            let doc = try HTMLDocument(html: "<html><head><link\(Self.attribute("rel", value))></head></html>")
            let link = try #require(doc.select("link[rel]").first)
            let reference = link["rel"]!.lowercased().split(separator: " ").contains("canonical")
            #expect(HTMLDocument.relNamesCanonical(link.ptr) == reference, "\(value.debugDescription)")
            if reference { named += 1 }
        }
        #expect(named > 1_000 && named < values.count - 1_000, "\(named) of \(values.count)")
    }

    /// The plugins' fixture pages, without a base and with one.
    @Test func fixturePagesDeclareTheReferencesURL() throws {
        let plugins = Corpus.packageRoot.appendingPathComponent("Plugins")
        var pages = 0
        for site in try FileManager.default.contentsOfDirectory(atPath: plugins.path) {
            let folder = plugins.appendingPathComponent(site).appendingPathComponent("Fixtures")
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in files where file.hasSuffix(".html") {
                let html = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for base in [nil, URL(string: "https://example.com/dir/page")] {
                    let doc = try HTMLDocument(html: html, url: base)
                    #expect(doc.declaredURL?.absoluteString == doc.referenceDeclaredURL()?.absoluteString, "\(file)")
                    #expect(doc.declaredLink == Self.referenceLink(doc), "\(file)")
                }
                pages += 1
            }
        }
        #expect(pages >= 11)
    }
}
