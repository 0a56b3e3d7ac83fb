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

    /// A missing corpus is the missing-file error every command gives (exit status 2).
    @Test func aMissingCorpusIsAnInputError() async throws {
        let r = try await Kabar.run(["eval", "/no/such/corpus"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("kabar: /no/such/corpus: no such file or folder"))
    }
}
