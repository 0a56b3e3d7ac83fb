import Foundation
import KabarCore
import KabarDeclarative
import KabarTesting
import Testing

/// A declarative extractor's work is linear in the elements its selectors match: images,
/// removed elements and body containers were each compared with every other one.
struct DeclarativeCostTests {
    static let yaml = """
        id: constructed
        hosts: [constructed.example]
        remove: [span.ad]
        fields:
          headline: h1
          body: div.part
          images: img
        """

    /// A constructed page: `n` distinct images, `n` removed spans and `n` body containers.
    static func constructedPage(_ n: Int) -> Data {
        var html = "<html><body><h1>Constructed: many matches</h1>"
        for i in 0..<n {
            html += "<div class=\"part\"><p>Constructed paragraph \(i).</p><span class=\"ad\">ad</span><img src=\"/i/\(i).jpg\"></div>"
        }
        return Data((html + "</body></html>").utf8)
    }

    /// Not a speed target: 8 times the matches take about 8 times as long when linear and 64
    /// times when quadratic (the bar is 24).
    @Test func manyMatchesCostLinearTime() throws {
        let spec = try DeclarativeLoader().parse(Self.yaml, file: "constructed.yaml")
        let pipeline = ArticleAssembler(registry: ExtractorRegistry([DeclarativeExtractor(spec: spec)]))
        let url = URL(string: "https://constructed.example/a")!
        func time(_ n: Int) throws -> Double {
            let page = Self.constructedPage(n)
            return try GrowthTiming.leastCPUSeconds {
                let article = try pipeline.extract(data: page, url: url)
                #expect(article.images.count == n && article.body.count == n && !article.text.contains("ad"))
            }
        }
        let small = try time(1_000), large = try time(8_000)
        #expect(large / small < 24, "1 000 matches: \(small) s, 8 000 matches: \(large) s")
    }
}
