import Foundation
import KabarCore
import KabarEval
import KabarPlugins
import KabarTesting
import Testing

/// The generic extractor on the real article pages of WCXB's development split
/// (`wcxb/`: html/NNNN.html.gz and ground-truth/NNNN.json), scored by WCXB's metric (word F1
/// over a bag of `\w+` tokens) as `kabar eval` does. The pages are split by host into halves
/// (`EvalPage.half`): rules were developed on half A's failures, half B was held back. The
/// floors are a little under what was measured when they were set (docs/ARCHITECTURE.md,
/// "The generic extractor"), so a change that loses ground fails here.
@Suite(.enabled(if: Corpus.isAvailable && FileManager.default.fileExists(atPath: Corpus.file("wcxb/ground-truth").path),
                Comment(rawValue: Corpus.missingReason + " (or it has no wcxb/ folder)")))
struct WCXBCorpusTests {
    static func scores() throws -> [(EvalPage, PageScore)] {
        let pipeline = ExtractionPipeline(registry: BuiltinExtractors.registry)
        let pages = try EvalPage.load(corpus: Corpus.file("wcxb"))
        return try pages.map { page in
            let prediction: Prediction
            do {
                prediction = Prediction(try pipeline.extract(data: page.html(), url: page.url, site: "generic"))
            } catch {
                // No record: scored as an empty prediction, as `kabar eval` does.
                prediction = Prediction(title: nil, text: "", authors: [], date: nil)
            }
            return (page, Scorer.score(prediction, against: page))
        }
    }

    @Test func wholeSetAndHalvesByHost() throws {
        let scored = try Self.scores()
        #expect(scored.count == 707)
        #expect(scored.allSatisfy { $0.0.format == .wcxb })
        let all = EvalSummary(label: "generic", scores: scored.map(\.1))
        let a = EvalSummary(label: "A", scores: scored.filter { $0.0.half == "A" }.map(\.1))
        let b = EvalSummary(label: "B", scores: scored.filter { $0.0.half == "B" }.map(\.1))
        #expect(a.pages == 340 && b.pages == 367)
        #expect(all.f1 >= 0.93, "mean word F1 \(all.f1)")
        #expect(a.f1 >= 0.935 && b.f1 >= 0.925, "word F1 A \(a.f1) B \(b.f1)")
        #expect(all.titleExact >= 0.76, "exact titles \(all.titleExact)")
        // Pages that came back empty although their ground truth has text.
        #expect(all.emptyPages <= 1, "empty pages \(scored.filter { $0.1.empty }.map(\.0.name))")
    }
}
