import Foundation
import KabarEval
import Testing

/// The scorer on examples worked out by hand.
struct ShingleTests {
    @Test func tokensAreWordRunsLowerCased() {
        #expect(Shingles.tokens("Hello, World! It's 2024_05.") == ["hello", "world", "it", "s", "2024_05"])
        #expect(Shingles.tokens("Größe — Straße") == ["größe", "straße"])
        // NFC first: a decomposed é is one word with the precomposed one.
        #expect(Shingles.tokens("cafe\u{301} café") == ["café", "café"])
        #expect(Shingles.tokens("  ...  ").isEmpty)
    }

    @Test func fourGramsAreAMultiset() {
        let s = Shingles("a b c d e")
        #expect(s.total == 2)
        #expect(s.counts.count == 2)
        let repeated = Shingles("a b c d a b c d")
        // abcd, bcda, cdab, dabc, abcd: five, one of them twice.
        #expect(repeated.total == 5)
        #expect(repeated.counts["a\u{1}b\u{1}c\u{1}d"] == 2)
    }

    @Test func shortTextIsOneShingle() {
        let s = Shingles("Hello world")
        #expect(s.total == 1)
        #expect(PRF(predicted: "hello, WORLD!", expected: "Hello world").f1 == 1)
    }

    @Test func precisionRecallF1ByHand() {
        // predicted abcd bcde; expected abcd bcdx: one in common of two each.
        let half = PRF(predicted: "a b c d e", expected: "a b c d x")
        #expect(half.precision == 0.5 && half.recall == 0.5 && half.f1 == 0.5)
        // predicted abcd bcde cdef; expected abcd bcde: P 2/3, R 1, F1 0.8.
        let extra = PRF(predicted: "a b c d e f", expected: "a b c d e")
        #expect(abs(extra.precision - 2.0 / 3.0) < 1e-12)
        #expect(extra.recall == 1)
        #expect(abs(extra.f1 - 0.8) < 1e-12)
        // A repeated passage counts once in the overlap for each time it is expected.
        let twice = PRF(predicted: "a b c d a b c d", expected: "a b c d")
        #expect(twice.precision == 0.2 && twice.recall == 1)
    }

    @Test func emptySides() {
        #expect(PRF(predicted: "", expected: "").f1 == 1)
        #expect(PRF(predicted: "", expected: "a b c d").f1 == 0)
        #expect(PRF(predicted: "a b c d", expected: "").precision == 0)
    }
}

struct ScorerTests {
    func page(title: String? = "Ein Titel", body: String = "eins zwei drei vier fünf", authors: [String]? = ["Anna Muster"],
              date: String? = "2024-05-03 15:47:42.389000+00:00") -> EvalPage {
        EvalPage(name: "xx/Test", htmlFile: URL(fileURLWithPath: "/dev/null"), url: nil, title: title, body: body,
                 authors: authors, publishingDate: date)
    }

    @Test func titleIsExactAfterFoldingAndNFC() {
        let p = page(title: "Caf\u{e9}  au\u{a0}lait")
        #expect(Scorer.score(Prediction(title: " Cafe\u{301} au lait ", text: "", authors: [], date: nil), against: p).titleExact == true)
        #expect(Scorer.score(Prediction(title: "café au lait", text: "", authors: [], date: nil), against: p).titleExact == false)
    }

    /// Titles compare as a reader reads them: typographic quotes, apostrophes, the ellipsis and
    /// dashes are their typewriter spellings, and a final ".", "?" or "!" does not count (WCXB's
    /// labels write "Beginner's" where the page prints "Beginner\u{2019}s", and drop the "?" the
    /// page prints). Letter case, guillemets, other punctuation and the words still count.
    @Test func titlesCompareTypewriterSpellings() {
        func same(_ expected: String, _ predicted: String) -> Bool? {
            Scorer.score(Prediction(title: predicted, text: "", authors: [], date: nil), against: page(title: expected)).titleExact
        }
        #expect(same("King's speech", "King\u{2019}s speech") == true)
        #expect(same("\"Nicht mehr\" - what now...", "\u{201E}Nicht mehr\u{201C} \u{2013} what now\u{2026}") == true)
        #expect(same("How Much is Pet Insurance", "How Much is Pet Insurance?") == true)
        #expect(same("King's\u{200B} speech", "King's speech") == true)
        #expect(same("King's speech", "king's speech") == false)
        #expect(same("\u{AB}Zitat\u{BB}", "\"Zitat\"") == false)
        #expect(same("How Much is Pet Insurance", "How Much is Pet Insurance? 2025") == false)
        #expect(same("Headline: more", "Headline") == false)
    }

    @Test func authorsAreSetsCompared() {
        let p = page(authors: ["Anna Muster", "Ben  Beispiel"])
        #expect(Scorer.score(Prediction(title: nil, text: "", authors: ["ben beispiel", "ANNA MUSTER"], date: nil), against: p).authorsMatch == true)
        #expect(Scorer.score(Prediction(title: nil, text: "", authors: ["Anna Muster"], date: nil), against: p).authorsMatch == false)
        #expect(Scorer.score(Prediction(title: nil, text: "", authors: [], date: nil), against: page(authors: nil)).authorsMatch == nil)
    }

    @Test func datesMatchToTheMinuteAcrossZones() {
        let p = page()
        func match(_ d: String?) -> Bool? { Scorer.score(Prediction(title: nil, text: "", authors: [], date: d), against: p).dateMatch }
        #expect(match("2024-05-03T17:47:59+02:00") == true)
        #expect(match("2024-05-03T15:48:00Z") == false)
        #expect(match("2024-05-03") == false)
        #expect(match(nil) == false)
        #expect(Scorer.score(Prediction(title: nil, text: "", authors: [], date: "2024-05-03"), against: p).dayMatch == true)
    }

    @Test func summaryAveragesPerPage() {
        let a = Scorer.score(Prediction(title: "Ein Titel", text: "eins zwei drei vier fünf", authors: ["Anna Muster"], date: "2024-05-03T15:47:00Z"), against: page())
        let b = Scorer.score(Prediction(title: "Falsch", text: "", authors: [], date: nil), against: page())
        let s = EvalSummary(label: "t", scores: [a, b])
        #expect(s.pages == 2)
        #expect(s.titleExact == 0.5)
        #expect(s.f1 == 0.5)
        #expect(s.authorAccuracy == 0.5 && s.authorPages == 2)
        #expect(s.dateAccuracy == 0.5)
    }

    @Test func fundusJSONIsRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-eval-\(UUID().uuidString)/de")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let json = """
        {"url": "https://example.org/a", "expected": {"title": "T", "authors": ["A"], "publishing_date": "2024-01-02 03:04:05+00:00",
         "body": {"summary": ["Sum."], "sections": [{"headline": ["Head"], "paragraphs": ["One.", "Two."]}]}}}
        """
        try Data(json.utf8).write(to: dir.appendingPathComponent("P.json"))
        try Data("<html></html>".utf8).write(to: dir.appendingPathComponent("P.html"))
        try Data("{}".utf8).write(to: dir.appendingPathComponent("orphan.json"))
        let pages = try EvalPage.load(corpus: dir.deletingLastPathComponent())
        #expect(pages.count == 1)
        #expect(pages[0].name == "de/P")
        #expect(pages[0].group == "de")
        #expect(pages[0].body == "Sum.\nHead\nOne.\nTwo.")
        #expect(pages[0].url?.host == "example.org")
    }
}

/// The split of a corpus into halves by publisher (`kabar eval --half`).
struct CorpusSplitTests {
    @Test func halfIsAFixedFunctionOfThePublisher() {
        // FNV-1a 64 of the UTF-8 name, even: A, odd: B (values worked out by hand from the
        // published algorithm's constants).
        #expect(EvalPage.half(ofPublisher: "") == "B")  // offset basis 0xcbf29ce484222325 is odd
        #expect(EvalPage.half(ofPublisher: "a") == "A")  // 0xaf63dc4c8601ec8c
        #expect(EvalPage.half(ofPublisher: "b") == "B")  // 0xaf63df4c8601f1a5
        #expect(EvalPage.half(ofPublisher: "FAZ") == EvalPage.half(ofPublisher: "FAZ"))
    }

    @Test func publisherFromTheFileNameWhenTheJSONHasNone() {
        let page = EvalPage(name: "de/FAZ_2024_04_17", htmlFile: URL(fileURLWithPath: "/dev/null"), url: nil, title: nil,
                            body: "", authors: nil, publishingDate: nil)
        #expect(page.publisher == "FAZ")
        #expect(page.half == EvalPage.half(ofPublisher: "FAZ"))
        let named = EvalPage(name: "de/x_1", htmlFile: URL(fileURLWithPath: "/dev/null"), url: nil, title: nil,
                             body: "", authors: nil, publishingDate: nil, publisher: "FAZ")
        #expect(named.publisher == "FAZ")
    }
}
