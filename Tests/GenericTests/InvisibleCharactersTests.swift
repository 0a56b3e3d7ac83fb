import Foundation
import KabarCore
import KabarHTML
import KabarPlugins
import Testing

/// Characters a browser draws as nothing inside a word (zero-width space U+200B, word joiner
/// U+2060, U+FEFF) in body text, on a page constructed for this test: the record holds the
/// words as the reader sees them, unbroken, not cut in two by a space.
struct InvisibleCharactersTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)

    @Test func wordsWithCharactersDrawnAsNothingStayWhole() throws {
        // As entities and as raw UTF-8 both (editors paste zero-width spaces along with copied
        // text; CMSs put word joiners and U+FEFF into long words).
        let html = """
        <html lang="de"><head><title>Bahnstrecken im Norden</title></head><body><article><h1>Bahnstrecken im Norden</h1>
        <p>Der Bundestag hat am Montag zwei Milliarden für neue Bahn&#8203;strecken im Norden beschlossen, die größte Summe seit Jahr&#x200B;zehnten.</p>
        <p>Die Verkehrs\u{2060}ministerin sagte, das Geld gehe zuerst an die Strecken, auf denen die Züge am lang\u{FEFF}samsten fahren.</p>
        <p>Die Opposition begrüßte den Plan, nannte ihn aber zu spät für die Städte, die ihre Bahn\u{00AD}höfe schon verloren haben. \u{200B}</p>
        </article></body></html>
        """
        let a = try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: "https://example.org/politik/bahnstrecken-im-norden"))
        for word in ["Bahnstrecken", "Jahrzehnten", "Verkehrsministerin", "langsamsten"] {
            #expect(a.text.contains(word), "\(word) not whole in: \(a.text)")
        }
        #expect(!a.text.unicodeScalars.contains { ["\u{200B}", "\u{2060}", "\u{FEFF}"].contains($0) })
        // The soft hyphen stays as the publisher wrote it (no space either way), and no space
        // is left behind where a zero-width space stood alone at a paragraph's end.
        #expect(a.text.contains("Bahn\u{00AD}höfe schon verloren haben.\n") || a.text.hasSuffix("Bahn\u{00AD}höfe schon verloren haben."))
    }

    @Test func theLineAccumulatorLeavesThemOutAndKeepsTheJoiners() {
        var acc = LineAccumulator()
        acc.append("Bahn\u{200B}strecken \u{200B} und Verkehrs\u{2060}ministerin\u{FEFF} ")
        acc.append("\u{200B}")
        acc.breakLine()
        acc.append("\u{200B}\u{FEFF}")
        // Zero-width (non-)joiners shape Persian and Indic letters: kept.
        acc.append("می\u{200C}خواهم")
        #expect(acc.finish() == ["Bahnstrecken und Verkehrsministerin", "می\u{200C}خواهم"])
    }
}
