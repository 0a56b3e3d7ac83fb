import Foundation
import KabarCore
import KabarPlugins
import KabarTesting
import Testing

/// What a page may cost extraction: work linear in what the page holds, and a budget after
/// which the page fails with the reason. Pages here are constructed (generated in the test).
struct ExtractionCostTests {
    /// A constructed article page holding `images` distinct images, each in a figure.
    static func constructedPage(images: Int) -> Data {
        var html = "<html><head><title>Constructed page</title></head><body><article><h1>Constructed: many images</h1><p>"
            + String(repeating: "Constructed text of the article. ", count: 40) + "</p>"
        for i in 0..<images { html += "<figure><img src=\"/img/\(i).jpg\"><figcaption>Picture \(i)</figcaption></figure>" }
        return Data((html + "</article></body></html>").utf8)
    }

    /// Best of two runs, in seconds.
    /// Distinct images were de-duplicated by comparing each with every one kept before
    /// (5 000 images 0.19 s, 20 000 1.75 s, 200 000 146 s). Not a speed target: 8 times the
    /// images take about 8 times as long read linearly and 64 times quadratically (the bar is 24).
    @Test func manyImagesCostLinearTime() throws {
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        let url = URL(string: "https://constructed.example/read/many-images")!
        func time(_ n: Int) throws -> Double {
            let page = Self.constructedPage(images: n)
            return try GrowthTiming.leastCPUSeconds {
                let article = try pipeline.extract(data: page, url: url)
                #expect(article.images.count == n)
            }
        }
        let small = try time(2_000), large = try time(16_000)
        #expect(large / small < 24, "2 000 images: \(small) s, 16 000 images: \(large) s")
    }

    @Test func pageOverTheSizeBudgetFailsBeforeParsing() throws {
        var pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        pipeline.budget.maxBytes = 10_000
        let page = Self.constructedPage(images: 200)
        do {
            _ = try pipeline.extract(data: page, url: URL(string: "https://constructed.example/a")!)
            Issue.record("a page of \(page.count) bytes was extracted")
        } catch let failure as ArticleAssembler.Failure {
            #expect("\(failure)" == "the page is \(page.count) bytes, over the extraction budget of 10000 bytes")
        }
    }

    /// The time budget is checked between stages: with none left, the page fails after
    /// parsing and names the stage.
    @Test func pageOverTheTimeBudgetFailsWithTheStage() throws {
        var pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        pipeline.budget.maxSeconds = 0
        do {
            _ = try pipeline.extract(data: Self.constructedPage(images: 10), url: URL(string: "https://constructed.example/a")!)
            Issue.record("extracted with no time budget")
        } catch let failure as ArticleAssembler.Failure {
            #expect("\(failure)".contains("by the end of parsing, over the budget of 0 s"), "\(failure)")
        }
    }
}
