import Foundation
import KabarCore
import KabarHTML
import KabarTesting
@testable import SindonewsExtractor
import Testing

/// `SindonewsPage.canonicalURL` taking the document's `declaredURL` when that is its answer,
/// against the code it replaced (`referenceCanonicalURL`: the `rel=canonical` links read again).
struct SindonewsCanonicalTests {
    static let address = "https://daerah.sindonews.com/read/1730001/174/pasar-apung-banjarmasin-kembali-ramai-1785650000"
    static let rels = ["canonical", "Canonical", "CANONICAL", "canonical amphtml", "amphtml canonical", "amphtml", "alternate", " canonical"]
    static let hrefs = [
        address, address + "/2", "https://nasional.sindonews.com/read/1730002/12/rapat-kabinet-1785650100",
        "https://nasional.sindonews.com/read/1730002/12/rapat-kabinet-1785650100?showpage=all",
        "/read/1730003/174/relatif-1785650200", "https://daerah.sindonews.com/", "https://www.sindonews.com/topic/1/banjir",
        "https://example.com/read/1/2/x-1785650000", "", "javascript:void(0)", "#top",
    ]

    static func randomPage(_ random: inout SeededRandom) -> String {
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        var head = "<title>t</title>"
        for _ in 0..<Int(random.next() % 4) { head += "<link rel=\"\(pick(rels))\" href=\"\(pick(hrefs))\">" }
        if random.next() % 2 == 0 { head += "<meta property=\"og:url\" content=\"\(pick(hrefs))\">" }
        return "<html><head>\(head)</head><body><p>isi</p></body></html>"
    }

    @Test func canonicalURLIsTheReferences() throws {
        var random = SeededRandom(seed: 1619)
        var declared = 0, reread = 0
        for n in 0..<3_000 {
            let html = Self.randomPage(&random)
            let url = URL(string: n % 2 == 0 ? Self.address : Self.address + "/3")!
            let page = Page(document: try HTMLDocument(html: html, url: url), url: url)
            let reader = SindonewsPage(page)
            let reference = reader.referenceCanonicalURL()
            #expect(reader.canonicalURL().absoluteString == reference.absoluteString, "\(html)")
            if let found = page.document.declaredURL, Sindonews().isArticle(found),
               page.document.declaredLink.map({ $0["rel"] == "canonical" }) ?? true {
                declared += 1
            } else {
                reread += 1
            }
        }
        // Both ways were taken many times.
        #expect(declared > 400 && reread > 800, "\(declared) declared, \(reread) read again")
    }

    @Test func fixturesCanonicalURLIsTheReferences() throws {
        let folder = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures")
        var pages = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".html") {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            for url in [URL(string: Self.address)!, URL(string: "https://example.com/page")!] {
                let page = Page(document: try HTMLDocument(data: data, url: url), url: url)
                let reader = SindonewsPage(page)
                #expect(reader.canonicalURL().absoluteString == reader.referenceCanonicalURL().absoluteString, "\(file)")
            }
            pages += 1
        }
        #expect(pages >= 5)
    }
}
