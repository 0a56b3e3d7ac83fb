import Foundation
import KabarCore
import KabarEval
import KabarPlugins
import KabarTesting
import Testing

/// The generic extractor on the real pages of the Fundus corpus, scored by `KabarEval` as
/// `kabar eval` does. The floors are a little under what was measured when they were set
/// (docs/ARCHITECTURE.md, "The generic extractor"), so a change that loses ground fails here.
@Suite(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
struct CorpusScoreTests {
    /// Countries the extractor was developed on; the others were held out.
    static let developmentGroups: Set<String> = ["at", "be", "ch", "de", "fr", "ind", "it", "li", "lu", "pl", "ru", "tw", "us", "za"]

    static func scores(groups: Set<String>? = nil, excluding: Set<String> = []) throws -> [PageScore] {
        let pipeline = ExtractionPipeline(registry: BuiltinExtractors.registry)
        let pages = try EvalPage.load(corpus: Corpus.file("fundus"), groups: groups).filter { !excluding.contains($0.group) }
        return try pages.map { page in
            let article = try pipeline.extract(data: Data(contentsOf: page.htmlFile), url: page.url)
            return Scorer.score(Prediction(article), against: page)
        }
    }

    @Test func wholeCorpus() throws {
        let scores = try Self.scores()
        let s = EvalSummary(label: "generic", scores: scores)
        #expect(s.pages == 123)
        #expect(s.f1 >= 0.94, "mean body F1 \(s.f1)")
        #expect(s.precision >= 0.93 && s.recall >= 0.96, "P \(s.precision) R \(s.recall)")
        #expect(s.titleExact >= 0.80, "exact titles \(s.titleExact)")
        #expect(s.authorAccuracy >= 0.82, "authors \(s.authorAccuracy)")
        #expect(s.dateAccuracy >= 0.96, "dates \(s.dateAccuracy)")
        // No page comes out empty.
        for score in scores { #expect(score.body.recall > 0.1, "\(score.name): body recall \(score.body.recall)") }
    }

    @Test func heldOutCountries() throws {
        let s = EvalSummary(label: "held out", scores: try Self.scores(excluding: Self.developmentGroups))
        #expect(s.pages == 41)
        #expect(s.f1 >= 0.91, "held-out mean body F1 \(s.f1)")
    }
}
