import Foundation
import KabarTesting
import Testing

/// `kabar eval` as a user runs it, on a tiny corpus made for the test (one constructed page with
/// its expected JSON in the Fundus format), and on precomputed predictions.
struct EvalCLITests {
    func makeCorpus() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-eval-cli-\(UUID().uuidString)")
        let dir = root.appendingPathComponent("xx")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let page = Corpus.packageRoot.appendingPathComponent("Plugins/Generic/Fixtures/constructed-bare-page.html")
        try FileManager.default.copyItem(at: page, to: dir.appendingPathComponent("Constructed.html"))
        let expected = """
        {"url": "https://www.beispielblatt.example/lokales/stadtrat-beschliesst-neubau-der-hafenbruecke-12345.html",
         "expected": {"title": "Stadtrat beschließt Neubau der Hafenbrücke", "authors": ["Max Mustermann"],
          "publishing_date": "2024-03-08 17:59:39+01:00",
          "body": {"summary": [], "sections": [{"headline": [], "paragraphs": [
            "Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen, die marode Hafenbrücke abzureißen und durch einen Neubau zu ersetzen.",
            "Die neue Brücke soll zwei Gleise für die Straßenbahn, breite Radwege und einen Gehweg erhalten, der doppelt so breit ist wie der heutige."]},
            {"headline": ["Bauzeit von vier Jahren"], "paragraphs": [
            "Nach Angaben der Stadt sollen die Arbeiten im kommenden Frühjahr beginnen und etwa vier Jahre dauern. In dieser Zeit wird eine Fähre zwischen den beiden Ufern pendeln.",
            "Die Gegner des Neubaus wollen die Entscheidung nun gerichtlich überprüfen lassen, bevor die ersten Aufträge vergeben werden."]}]}}}
        """
        try Data(expected.utf8).write(to: dir.appendingPathComponent("Constructed.json"))
        return root
    }

    @Test func scoresTheGenericExtractor() async throws {
        let corpus = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let r = try await Kabar.run(["eval", "--json", "--seconds", "0", corpus.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["pages"] as? Int == 1)
        #expect(object["f1"] as? Double == 1)
        #expect(object["title_exact"] as? Double == 1)
        #expect(object["author_accuracy"] as? Double == 1)
        #expect(object["date_accuracy"] as? Double == 1)
        #expect((object["pages_per_s"] as? Double ?? 0) > 0)

        let table = try await Kabar.run(["eval", "--seconds", "0", corpus.path])
        #expect(table.stdout.contains("xx/Constructed"))
        #expect(table.stdout.contains("body F1"))
    }

    /// A long corpus shows its progress on standard error, as `extract` and `reextract` do: a
    /// line per tenth of the pages when standard error is not a terminal (it printed nothing
    /// until the table, minutes later on a large corpus); `--quiet` none. 60 copies of the
    /// constructed page.
    @Test func showsProgressOnStandardError() async throws {
        let corpus = try makeCorpus(copies: 60)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let r = try await Kabar.run(["eval", "--json", "--seconds", "0", corpus.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("eval: ") }
        #expect(lines.count == 10, "a line per tenth: \(r.stderr)")
        #expect(lines.first?.hasPrefix("eval: 6/60 pages, 0 failed, ") == true && lines.last?.hasPrefix("eval: 60/60 pages, 0 failed, ") == true, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "stdout is the JSON alone: \(r.stdout)")
        #expect(object["pages"] as? Int == 60)
        let quiet = try await Kabar.run(["eval", "--json", "--seconds", "0", "--quiet", corpus.path])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "--quiet: \(quiet.stderr)")
    }

    /// The corpus of `makeCorpus` with the page `copies` times.
    func makeCorpus(copies: Int) throws -> URL {
        let corpus = try makeCorpus()
        let dir = corpus.appendingPathComponent("xx")
        for i in 1..<copies {
            for ext in ["html", "json"] {
                try FileManager.default.copyItem(at: dir.appendingPathComponent("Constructed.\(ext)"), to: dir.appendingPathComponent("Constructed\(i).\(ext)"))
            }
        }
        return corpus
    }

    /// On a terminal the status line is redrawn in place; a page that fails is reported on a
    /// line of its own, not appended to the status line ("... ETA 0s kabar: xx/Empty: ...").
    /// Standard error is a pseudo-terminal made by `script`; the failing page is a constructed
    /// page with no text.
    @Test func aFailedPageDoesNotRunIntoTheStatusLine() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("needs script(1) (util-linux) for a pseudo-terminal"); return
        }
        let corpus = try makeCorpus(copies: 60)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let dir = corpus.appendingPathComponent("xx")
        try Data("<html><body><div></div></body></html>".utf8).write(to: dir.appendingPathComponent("Empty.html"))
        try Data(#"{"url": "https://www.beispielblatt.example/leer.html", "expected": {"title": "Leer", "body": {"summary": [], "sections": []}}}"#.utf8)
            .write(to: dir.appendingPathComponent("Empty.json"))
        let kabar = try #require(Executables.kabar)
        let command = "'\(kabar.path)' eval --seconds 0 '\(corpus.path)' >/dev/null"
        let r = try await Executables.launch(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        let error = try #require(r.stdout.range(of: "kabar: xx/Empty: "), "the failed page is reported: \(r.stdout.debugDescription)")
        #expect(r.stdout.contains("\reval: 1/61 pages, 0 failed, "), "a status line: \(r.stdout.debugDescription)")
        let before = r.stdout[..<error.lowerBound]
        #expect(before.hasSuffix("\u{1B}[K") || before.hasSuffix("\n"), "the error starts a line: \(r.stdout.debugDescription)")
        #expect(r.stdout.contains("eval: 61/61 pages, 1 failed, "), "\(r.stdout.debugDescription)")
    }

    @Test func scoresPrecomputedPredictionsWithTheSameScorer() async throws {
        let corpus = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let predictions = corpus.appendingPathComponent("predictions")
        try FileManager.default.createDirectory(at: predictions.appendingPathComponent("xx"), withIntermediateDirectories: true)
        let prediction = #"{"title": "Stadtrat beschließt Neubau der Hafenbrücke", "text": "Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen", "authors": "Max Mustermann", "date": "2024-03-08"}"#
        try Data(prediction.utf8).write(to: predictions.appendingPathComponent("xx/Constructed.json"))
        try Data(#"{"label": "other", "pages_per_s": 12.5}"#.utf8).write(to: predictions.appendingPathComponent("_meta.json"))
        let r = try await Kabar.run(["eval", "--json", "--predictions", predictions.path, "--groups", "xx", corpus.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["label"] as? String == "other")
        #expect(object["pages_per_s"] as? Double == 12.5)
        #expect(object["precision"] as? Double == 1)
        #expect((object["recall"] as? Double ?? 1) < 0.2)
        #expect(object["title_exact"] as? Double == 1)
        #expect(object["author_accuracy"] as? Double == 1)
        #expect(object["date_accuracy"] as? Double == 0)
        #expect(object["date_day_accuracy"] as? Double == 1)
    }

    /// The same constructed page as a corpus in the WCXB format: `html/0001.html.gz` and
    /// `ground-truth/0001.json`, scored by word F1 over a bag of tokens, with snippet checks.
    func makeWCXBCorpus() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-eval-wcxb-\(UUID().uuidString)")
        for dir in ["html", "ground-truth"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        let page = try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Plugins/Generic/Fixtures/constructed-bare-page.html"))
        try TestGzip.compress(page).write(to: root.appendingPathComponent("html/0001.html.gz"))
        let truth = """
        {"url": "https://www.beispielblatt.example/lokales/stadtrat-beschliesst-neubau-der-hafenbruecke-12345.html",
         "ground_truth": {"title": "Stadtrat beschließt Neubau der Hafenbrücke", "author": "Max Mustermann", "publish_date": "2024-03-08",
          "main_content": "Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen, die marode Hafenbrücke abzureißen und durch einen Neubau zu ersetzen.\\n\\nDie neue Brücke soll zwei Gleise für die Straßenbahn, breite Radwege und einen Gehweg erhalten, der doppelt so breit ist wie der heutige.\\n\\nBauzeit von vier Jahren\\n\\nNach Angaben der Stadt sollen die Arbeiten im kommenden Frühjahr beginnen und etwa vier Jahre dauern. In dieser Zeit wird eine Fähre zwischen den beiden Ufern pendeln.\\n\\nDie Gegner des Neubaus wollen die Entscheidung nun gerichtlich überprüfen lassen, bevor die ersten Aufträge vergeben werden.",
          "with": ["mit großer Mehrheit beschlossen", "etwa vier Jahre dauern", "a snippet the page does not have"],
          "without": ["Impressum · Datenschutz · Kontakt", "Straßenbahn: Neue Linie bis zum Hafen geplant"]}}
        """
        try Data(truth.utf8).write(to: root.appendingPathComponent("ground-truth/0001.json"))
        return root
    }

    @Test func readsTheWCXBFormat() async throws {
        let corpus = try makeWCXBCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let r = try await Kabar.run(["eval", "--json", "--seconds", "0", corpus.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["pages"] as? Int == 1)
        // The page's text is exactly the main content: bag-of-words F1 1.
        #expect(object["f1"] as? Double == 1)
        #expect(object["title_exact"] as? Double == 1)
        #expect(object["author_accuracy"] as? Double == 1)
        #expect(object["date_day_accuracy"] as? Double == 1)
        #expect(object["empty_pages"] as? Int == 0)
        // Two of three snippets are on the page; neither boilerplate snippet is in the text.
        #expect(abs((object["with_found"] as? Double ?? 0) - 2.0 / 3.0) < 0.001)
        #expect(object["without_found"] as? Double == 0)

        let table = try await Kabar.run(["eval", "--seconds", "0", corpus.path])
        #expect(table.stdout.contains("0001"))
        #expect(table.stdout.contains("with"))
        // The same corpus split by host: the page's host is in exactly one half.
        let a = try await Kabar.run(["eval", "--json", "--seconds", "0", "--half", "A", corpus.path])
        let b = try await Kabar.run(["eval", "--json", "--seconds", "0", "--half", "B", corpus.path])
        #expect([a.status, b.status].filter { $0 == 0 }.count == 1, "A: \(a.stderr) B: \(b.stderr)")
    }

    /// Word F1 over a bag of tokens: order does not matter, repeats count, and a prediction
    /// with nothing scores 0 and counts as an empty page.
    @Test func wcxbWordF1IsABagOfWords() async throws {
        let corpus = try makeWCXBCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let predictions = corpus.appendingPathComponent("predictions")
        try FileManager.default.createDirectory(at: predictions, withIntermediateDirectories: true)
        // The first two sentences of the main content in reverse order, and nothing else.
        let text = "Die neue Brücke soll zwei Gleise für die Straßenbahn, breite Radwege und einen Gehweg erhalten, der doppelt so breit ist wie der heutige. Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen, die marode Hafenbrücke abzureißen und durch einen Neubau zu ersetzen."
        try Data("{\"title\": null, \"text\": \"\(text)\"}".utf8).write(to: predictions.appendingPathComponent("0001.json"))
        let r = try await Kabar.run(["eval", "--json", "--predictions", predictions.path, corpus.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["precision"] as? Double == 1)
        let recall = try #require(object["recall"] as? Double)
        // All 42 of its tokens are among the main content's 90: recall 42/90.
        #expect(abs(recall - 42.0 / 90.0) < 0.0001, "recall \(recall)")
        #expect(object["empty_pages"] as? Int == 0)

        try Data(#"{"title": null, "text": ""}"#.utf8).write(to: predictions.appendingPathComponent("0001.json"))
        let empty = try await Kabar.run(["eval", "--json", "--predictions", predictions.path, corpus.path])
        let e = try #require(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [String: Any])
        #expect(e["f1"] as? Double == 0)
        #expect(e["empty_pages"] as? Int == 1)
    }

    /// A missing corpus is the missing-file error every command gives (exit status 2).
    @Test func aMissingCorpusIsAnInputError() async throws {
        let r = try await Kabar.run(["eval", "/no/such/corpus"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("kabar: /no/such/corpus: no such file or folder"))
    }
}
