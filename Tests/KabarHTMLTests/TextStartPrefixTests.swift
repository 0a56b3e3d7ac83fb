import Foundation
import KabarFixtures
import Testing
@testable import KabarHTML

/// `HTMLNode.textStart(bytes:)`, the start of `text` read by a walk that stops early: always the
/// whole text (and then said so), or a prefix of it holding at least the bytes asked for.
struct TextStartPrefixTests {
    /// Text pieces where a stopped walk could part from the whole text: white space of every
    /// kind the lines fold (ASCII, CR LF, no-break and em spaces), invisible characters left
    /// out (U+200B, U+FEFF), combining marks, multi-byte letters and emoji.
    static let pieces = ["Baca", " juga", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{2003}", "\u{200B}", "\u{FEFF}", "é",
                         "e\u{301}", "\u{301}", "x", "Iklan", "日本", "\u{1F44D}", ":", "&amp;", "TEMPO.CO"]
    static let tags = ["p", "b", "strong", "span", "div", "a", "li", "h2", "em"]

    /// Nested inline and block elements holding the pieces, line breaks, skipped elements.
    static func randomPage(_ generator: inout SplitMix) -> String {
        func pick<T>(_ choices: [T]) -> T { choices[Int(generator.next() % UInt64(choices.count))] }
        var html = "<html><body>"
        var open: [String] = []
        for _ in 0..<Int(generator.next() % 60) + 5 {
            switch generator.next() % 8 {
            case 0, 1:
                let tag = pick(tags)
                html += "<\(tag)>"
                open.append(tag)
            case 2: if let tag = open.popLast() { html += "</\(tag)>" }
            case 3: html += pick(["<br>", "<script>var x = 1;</script>", "<img src=a.jpg>", "<hr>"])
            default: html += (0..<Int(generator.next() % 4) + 1).map { _ in pick(pieces) }.joined()
            }
        }
        return html + open.reversed().map { "</\($0)>" }.joined() + "</body></html>"
    }

    static let sizes = [0, 1, 2, 3, 5, 9, 20, 64]

    /// The elements whose start disagrees with their text, and how many starts were cut short.
    static func check(_ document: HTMLDocument) -> (wrong: [String], cut: Int) {
        var wrong: [String] = []
        var cut = 0
        for node in document.select("*") {
            let text = node.text
            for bytes in sizes {
                let start = node.textStart(bytes: bytes)
                if start.isWhole {
                    if start.text != text { wrong.append("\(bytes) whole: \(start.text.debugDescription) / \(text.debugDescription)") }
                } else {
                    cut += 1
                    if !text.utf8.starts(with: start.text.utf8) || start.text.utf8.count < bytes {
                        wrong.append("\(bytes): \(start.text.debugDescription) / \(text.debugDescription)")
                    }
                }
            }
        }
        return (wrong, cut)
    }

    @Test func theStartIsTheWholeTextOrAPrefixOfTheBytesAskedOnConstructedAndRandomPages() throws {
        var generator = SplitMix(seed: 1616)
        let constructed = [
            "<p>Baca juga: <a href=x>Lain</a></p>",
            "<p>\n  <br><b>Baca</b>\u{A0}juga</p>",
            "<div><p></p><p>  </p><p>x</p><p>ab</p></div>",
            "<p>\u{200B}\u{FEFF}a\u{200B}b</p>",
            "<div>one<div>two<br>three</div>four</div>",
        ]
        var cut = 0
        for page in constructed.map({ "<html><body>\($0)</body></html>" }) + (0..<400).map({ _ in Self.randomPage(&generator) }) {
            let result = Self.check(try HTMLDocument(html: page))
            #expect(result.wrong.isEmpty, "\(page): \(result.wrong.prefix(3))")
            cut += result.cut
        }
        // The walk does stop early.
        #expect(cut > 1000)
    }

    /// The fixture pages and corpus pages (every element of each).
    @Test func theStartIsTheWholeTextOrAPrefixOnFixturesAndCorpusPages() throws {
        let files = Fixture.all().filter(\.isAvailable).map(\.pageFile) + Corpus.htmlFiles.prefix(150)
        var wrong: [String] = []
        var cut = 0
        for file in files {
            let result = Self.check(try HTMLDocument(data: Data(contentsOf: file)))
            if !result.wrong.isEmpty { wrong.append("\(file.lastPathComponent): \(result.wrong[0])") }
            cut += result.cut
        }
        #expect(files.count >= 20)
        #expect(cut > 1000)
        #expect(wrong.isEmpty, "\(wrong.prefix(3))")
    }
}
