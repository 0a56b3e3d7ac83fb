import KabarCore
import KabarHTML
import Testing
@testable import KabarDeclarative

/// `TextStart.asciiHead`, the byte-level head `remove: starting:` compares, against
/// `TextStart.head`, the Character-by-Character reading it skips, kept as the reference.
struct TextStartTests {
    /// Pieces where the two readings could part: ASCII letters in both cases, every ASCII white
    /// space and CR LF, combining marks after an ASCII letter, non-ASCII white space, letters whose
    /// lower case is longer or not ASCII.
    static let pieces = ["Baca", "baca", "BACA", "juga", "JUGA:", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}",
                         "a", "Z", "1", ":", "é", "e\u{301}", "\u{301}", "\u{200D}", "Å", "İ", "ß", "\u{A0}", "\u{2003}",
                         "\u{85}", "ǅ", "x", "\u{1F44D}", "\u{1C}"]

    @Test func asciiHeadIsTheCharacterReadingsWhereItAnswers() {
        var generator = SeededRandom(seed: 13)
        var answered = 0, total = 0
        let fixed = ["baca juga\u{301}", "Baca juga", "  BACA\r\n juga: x", "baca\u{A0}juga", "baca jugaé", "BACA JUGA", "",
                     "   ", "Baca\u{301} juga", "ba", "baca juga \u{301}"]
        let random = (0..<2_000).map { _ in (0..<Int.random(in: 0..<12, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined() }
        for text in fixed + random {
            for needed in [0, 1, 4, 9, 10, 30] {
                total += 1
                guard let fast = TextStart.asciiHead(text, needed: needed) else { continue }
                answered += 1
                #expect(fast == TextStart.head(text, needed: needed), "\(Array(text.unicodeScalars)) needed \(needed)")
            }
            let starts = [TextStart.key("baca juga"), TextStart.key("BACA")]
            #expect(TextStart.matches(text, anyOf: starts) == starts.contains { TextStart.head(text, needed: 9).hasPrefix($0) })
        }
        // Both ways are exercised.
        #expect(answered > total / 5)
        #expect(answered < total * 4 / 5)
    }

    /// `matches(node, anyOf:)`, which reads only the start of the element's text where that
    /// answers, against `matches(node.text, anyOf:)` on every element of random pages made of the
    /// pieces above in paragraphs, bold and links, with line breaks and blocks between them.
    @Test func anElementsStartAnswersAsItsWholeText() throws {
        var generator = SeededRandom(seed: 1616)
        let wrappers = [("<p>", "</p>"), ("<b>", "</b>"), ("<a href=x>", "</a>"), ("<div>", "</div>"), ("", "<br>"), ("", "")]
        let startSets = [[TextStart.key("baca juga")], [TextStart.key("Baca juga"), TextStart.key("BACA")], [TextStart.key("juga")],
                         [TextStart.key("é")], [""]]
        var fromStart = 0, total = 0
        for _ in 0..<300 {
            var html = "<html><body>"
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let (open, close) = wrappers.randomElement(using: &generator)!
                let text = (0..<Int.random(in: 0..<10, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
                html += open + text + close
            }
            let document = try HTMLDocument(html: html + "</body></html>")
            for node in document.select("*") {
                for starts in startSets {
                    total += 1
                    let needed = starts.map(\.count).max() ?? 0
                    let start = node.textStart(bytes: 2 * needed + 2)
                    if !start.isWhole, TextStart.asciiHead(start.text, needed: needed, ofAPrefix: true) != nil { fromStart += 1 }
                    #expect(TextStart.matches(node, anyOf: starts) == TextStart.matches(node.text, anyOf: starts),
                            "\(starts) \(Array(node.text.unicodeScalars))")
                }
            }
        }
        // Both ways are exercised.
        #expect(fromStart > total / 10)
        #expect(fromStart < total * 9 / 10)
    }

    /// A head that ends where the start read ends is not an answer: the text's next byte could
    /// be a mark joining its last letter.
    @Test func aHeadEndingWithTheStartIsNoAnswer() {
        #expect(TextStart.asciiHead("baca juga", needed: 9, ofAPrefix: true) == nil)
        #expect(TextStart.asciiHead("baca juga", needed: 9) == "baca juga")
        #expect(TextStart.asciiHead("baca juga:", needed: 9, ofAPrefix: true) == "baca juga")
        #expect(TextStart.asciiHead("baca", needed: 9, ofAPrefix: true) == nil)
    }

    @Test func aMarkAfterTheHeadsLastLetterIsLeftToTheCharacterReading() {
        #expect(TextStart.asciiHead("baca juga\u{301}", needed: 9) == nil)
        #expect(TextStart.head("baca juga\u{301}", needed: 9) == "baca jugá")
        #expect(!TextStart.matches("baca juga\u{301} lagi", anyOf: ["baca juga"]))
        #expect(TextStart.matches("  BACA\r\n\tjuga: lagi", anyOf: ["baca juga"]))
    }
}
