import Foundation
@testable import KabarCore
import KabarTesting
import Testing

/// The record's line with `text` copied from the blocks' escaped bytes when it is their join,
/// against the line as written before (`text` escaped again), kept as the reference.
struct RecordLineTests {
    static let kinds: [Block.Kind] = [.paragraph, .heading, .quote, .list]
    /// Bytes JSON escapes, and text around them.
    static let escaped = ["\"", "\\", "\u{1}", "\u{1F}", "\n", "\n\n", "\r", "\t", "</script>", "\u{7F}", "\u{2028}", "\\n\\n"]

    static func randomBody(_ random: inout SeededRandom) -> [Block] {
        var body: [Block] = []
        for _ in 0..<Int(random.next() % 7) {
            var text = RecordPathTests.randomText(&random)
            if random.next() % 2 == 0 {
                text += escaped[Int(random.next() % UInt64(escaped.count))] + RecordPathTests.randomText(&random, maxPieces: 3)
            }
            body.append(Block(kinds[Int(random.next() % UInt64(kinds.count))], text))
        }
        return body
    }

    @Test func textCopiedFromTheBlocksIsTheTextEscaped() throws {
        var random = SeededRandom(seed: 1616)
        var joins = 0, others = 0
        for n in 0..<6_000 {
            let body = Self.randomBody(&random)
            let join = RecordBuilder.joinedText(body)
            // The join itself, and texts that are not quite it.
            let text: String
            switch n % 8 {
            case 0, 1, 2: text = join
            case 3: text = body.map(\.text).joined(separator: "\n")
            case 4: text = join + " "
            case 5: text = join.isEmpty ? "x" : "X" + join.dropFirst()
            case 6: text = RecordBuilder.joinedText(Array(body.dropLast()))
            default: text = body.map(\.text).joined(separator: "\r\n")
            }
            let article = Article(id: "0123456789abcdef", url: "https://example.com/a", canonicalURL: "https://example.com/a",
                                  site: "example", extractor: "example@1", headline: "H", body: body, text: text,
                                  contentHash: "0123456789abcdef", simhash: "fedcba9876543210")
            if !body.isEmpty && RecordJSON.isJoin(text, of: body) { joins += 1 } else { others += 1 }
            #expect(Array(text.utf8) == Array(join.utf8) || !RecordJSON.isJoin(text, of: body) || body.isEmpty)
            let line = RecordJSON.encode(article), reference = RecordJSON.referenceEncode(article)
            #expect(Array(line.utf8) == Array(reference.utf8), "\(text.debugDescription)")
            var stored: [UInt8] = [0x41]
            RecordJSON.append(article, storedRevision: 2, to: &stored)
            #expect(Array(stored.dropFirst()) == Array(reference.replacingOccurrences(of: "\"revision\":1", with: "\"revision\":2").utf8))
            let decoded = try JSONDecoder().decode(Article.self, from: Data(line.utf8))
            #expect(Array(decoded.text.utf8) == Array(text.utf8) && decoded.body == body)
        }
        // Both ways were taken many times.
        #expect(joins > 1_500 && others > 2_000, "\(joins) joins, \(others) others")
    }
}
