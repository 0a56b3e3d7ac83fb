import Foundation
import KabarCore
import KabarPlugins
@testable import KabarRun
import Testing

/// A run's health tally reads each record before it takes its lock (`ExtractorHealth.Reading`):
/// what is counted from records observed on many tasks at once is what counting them one by
/// one gives, and the extractor's floors are recorded (constructed records).
@Suite struct HealthReadingTests {
    static func article(_ n: Int) -> Article {
        let words = 20 + n % 7
        let text = (0..<words).map { "kata\($0)" }.joined(separator: " ")
        return Article(id: String(n), url: "https://example.com/a/\(n)", canonicalURL: "https://example.com/a/\(n)", site: "tempo",
                       extractor: "tempo/1", publishedAt: n % 3 == 0 ? nil : "2026-01-01T10:00:00+07:00",
                       headline: n % 5 == 0 ? "" : "Judul \(n)", tags: n % 2 == 0 ? ["t"] : [],
                       body: n % 11 == 0 ? [] : [Block(.paragraph, text)], text: text,
                       contentHash: "", simhash: "", metadata: n % 4 == 0 ? ["fallback": "generic"] : [:])
    }

    @Test func recordsObservedAtOnceAreCountedAsOneByOne() async throws {
        let tempo = try #require(BuiltinExtractors.registry.extractor(id: "tempo"))
        let recorder = HealthRecorder(secondOpinion: 0, generic: nil)
        let count = 200
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<count { group.addTask { recorder.observe(Self.article(n), extractor: tempo) } }
        }
        var expected = ExtractorHealth(extractor: tempo.id)
        for n in 0..<count {
            let a = Self.article(n)
            expected.add(a)
            #expect(ExtractorHealth.Reading(a).words == SecondOpinion.wordCount(a.text))
        }
        let got = try #require(recorder.health.first)
        #expect(recorder.health.count == 1 && got.extractor == tempo.id)
        #expect(got.pages == count && got.fallbacks == expected.fallbacks && got.fallbacks == count / 4)
        #expect(got.present == expected.present)
        #expect(got.present[.headline] == count - count / 5 && got.present[.tags] == count / 2 && got.present[.leadImage] == nil)
        #expect(got.present[.published] == count - (count + 2) / 3 && got.present[.body] == count - (count + 10) / 11)
        #expect(got.bodyWords.sorted() == expected.bodyWords.sorted())
        #expect(got.medianWords == expected.medianWords && got.lowWords == expected.lowWords)
        for field in HealthField.allCases { #expect(got.missing[field]?.count == expected.missing[field]?.count, "\(field)") }
        #expect(got.missing[.leadImage]?.count == ExtractorHealth.exampleCount)
        #expect(recorder.expectations[tempo.id] == tempo.expectations)
    }
}

/// Body words of ASCII texts are counted on their bytes without branches: the count is the
/// second opinion's number of words for texts of every ASCII byte (constructed texts).
@Suite struct AsciiWordCountTests {
    @Test func everyAsciiByteIsJudgedAsTheSecondOpinionSplits() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for length in 0..<400 {
            let bytes = (0..<length).map { _ -> UInt8 in
                // Half letters and digits, so that words of every length occur; the rest any ASCII byte.
                let r = next()
                return r % 2 == 0 ? Array("aZ09mQ".utf8)[Int(r / 2 % 6)] : UInt8(r / 2 % 128)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let counted = bytes.withUnsafeBufferPointer { SecondOpinion.asciiWordCount($0) }
            #expect(counted == SecondOpinion.words(text).count, "\(bytes)")
            #expect(SecondOpinion.wordCount(text) == SecondOpinion.words(text).count)
        }
        for text in ["a b", "x — y", "é", "ab\u{80}"] {
            let ascii = text.utf8.allSatisfy { $0 < 0x80 }
            #expect((Array(text.utf8).withUnsafeBufferPointer { SecondOpinion.asciiWordCount($0) } != nil) == ascii, "\(text)")
        }
    }
}
