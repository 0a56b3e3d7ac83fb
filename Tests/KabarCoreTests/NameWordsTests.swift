import Foundation
@testable import KabarCore
import KabarHTML
import KabarTesting
import Testing

/// `BlockFurniture`'s class and id words cut on the bytes of ASCII names
/// (`appendASCIIWords`) against the Character-by-Character cut it replaced (`appendWords`),
/// on every class and id of the plugins' fixture pages and on random names.
struct NameWordsTests {
    static func words(_ name: String) -> (fast: [String]?, reference: [String]) {
        var fast: [String] = []
        let ascii = BlockFurniture.appendASCIIWords(of: name, to: &fast)
        var reference: [String] = []
        BlockFurniture.appendWords(of: name, to: &reference)
        return (ascii ? fast : nil, reference)
    }

    @Test func asciiNamesCutAsByCharacters() throws {
        var random = SeededRandom(seed: 16)
        let pieces = ["a", "B", "z", "Z", "newsAds", "banner728", "-", "_", " ", "\t", "\r\n", "\r", "\n", "0", "9", "@", "[", "`", "{",
                      "ABC", "aB", "Ab", "x1Y", "é", "a\u{301}", "ß", "İ", "Ω"]
        var names = ["", "a", "newsAds", "banner728", "AdsByGoogle", "detail-desc", "v-youtube", "ABCdef", "a\r\nb", "ad\u{301}s"]
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...6, using: &random) { s += pieces.randomElement(using: &random)! }
            names.append(s)
        }
        for folder in ["Plugins/Sindonews/Fixtures", "Plugins/Tempo/Fixtures"] {
            let url = Corpus.packageRoot.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: url.path) where file.hasSuffix(".html") {
                let doc = try HTMLDocument(html: String(contentsOf: url.appendingPathComponent(file), encoding: .utf8))
                for element in doc.select("[class], [id]") { names += [element["class"], element["id"]].compactMap { $0 } }
            }
        }
        var cutOnBytes = 0
        for name in names {
            let (fast, reference) = Self.words(name)
            let ascii = name.utf8.allSatisfy { $0 < 0x80 }
            #expect((fast != nil) == ascii, "\(name.debugDescription)")
            if let fast {
                #expect(fast == reference, "\(name.debugDescription): \(fast), reference \(reference)")
                cutOnBytes += 1
            }
        }
        #expect(cutOnBytes > 3000)
        #expect(Self.words("newsAds banner728 X-Y").fast == ["news", "ads", "banner", "x", "y"])
    }
}
