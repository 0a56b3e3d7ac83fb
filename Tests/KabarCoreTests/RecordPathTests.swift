import Foundation
@testable import KabarCore
import KabarHTML
import KabarTesting
import Testing

/// The record path's shortcuts, each against the code it replaced (kept as the reference):
/// `TextNormalizer.clean` and `cleanLines` keeping text that is already clean, the content hash
/// read in SimHash's pass, `Hash64.hex` and `NewsDate`'s ISO 8601 written in place, the body's
/// text joined in one copy, and `JSONWriter`'s comma flags in bits.
struct RecordPathTests {
    /// Pieces of text with every kind of white space the normaliser folds or leaves out, the
    /// Unicode spaces it does not fold, entities, scripts NFC leaves alone or changes,
    /// combining marks, emoji, control characters.
    static let pieces = [
        "a", "Jakarta", "kata", "x2", "0", ".", ",", "-", "—", "–", "…", "\u{2018}q\u{2019}", "«", "»", "\"", "'",
        " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{00A0}", "\u{2000}", "\u{2009}", "\u{200A}", "\u{200B}",
        "\u{200C}", "\u{200D}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{2060}", "\u{3000}", "\u{FEFF}", "\u{00AD}",
        "\u{85}", "\u{1}", "\u{1F}", "\u{7F}", "&", "&amp;", "&lt;b&gt;", "&#8203;", "&#x41;", "&nbsp;", "&bogus;", "AT&T",
        "é", "e\u{301}", "\u{301}", "Å", "\u{212B}", "ǅ", "ß", "İstanbul", "Привет", "Ёлка", "е\u{308}", "Ελληνικά", "עברית",
        "العربية", "١٢٣", "日本語", "「東京」、", "が", "か\u{3099}", "ｶﾞ", "한국어", "\u{1100}\u{1161}", "😀", "👍🏽", "𝔘𝔫",
        "\u{0345}", "\u{0F73}", "\u{FB2A}", "ＡＢＣ",
    ]

    static func randomText(_ random: inout SeededRandom, maxPieces: Int = 12) -> String {
        var s = ""
        for _ in 0..<Int(random.next() % UInt64(maxPieces + 1)) { s += pieces[Int(random.next() % UInt64(pieces.count))] }
        return s
    }

    /// Text of the plugins' fixture pages: each element's raw text (white space as written)
    /// and its clean text (mostly already clean), and every value of the fixture records.
    static func fixtureTexts() throws -> [String] {
        var texts: [String] = []
        let plugins = Corpus.packageRoot.appendingPathComponent("Plugins")
        for site in try FileManager.default.contentsOfDirectory(atPath: plugins.path) {
            let folder = plugins.appendingPathComponent(site).appendingPathComponent("Fixtures")
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in files where file.hasSuffix(".html") {
                let doc = try HTMLDocument(html: String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
                for element in doc.select("title, h1, h2, h3, p, li, a, span, figcaption, blockquote, time") {
                    texts.append(element.rawText)
                    texts.append(element.text)
                }
                for meta in doc.select("meta[content]") { texts += [meta["content"]].compactMap { $0 } }
            }
        }
        return texts
    }

    @Test func cleanKeepsOnlyWhatTheLongWayLeavesAsItIs() throws {
        var random = SeededRandom(seed: 1614)
        var texts = ["", " ", "a", " a", "a ", "a  b", "a b", "a\nb", "a\n\nb", "\na", "a\n", "a \nb", "a\n b", "&", "a\u{00A0}b",
                     "a\u{200B}b", "a \u{200B}b", "a\u{200B} b", "\u{FEFF}", "é", "e\u{301}", "a\r\nb"]
        for _ in 0..<20_000 { texts.append(Self.randomText(&random)) }
        texts += try Self.fixtureTexts()
        var kept = 0, keptLines = 0
        for text in texts {
            let fast = TextNormalizer.clean(text), reference = TextNormalizer.referenceClean(text)
            // Compared byte by byte (`==` on Strings is canonical equivalence).
            #expect(fast.map { Array($0.utf8) } == reference.map { Array($0.utf8) }, "\(text.debugDescription)")
            let fastLines = TextNormalizer.cleanLines(text), referenceLines = TextNormalizer.referenceCleanLines(text)
            #expect(Array(fastLines.utf8) == Array(referenceLines.utf8), "\(text.debugDescription)")
            if CleanText.scan(text, newlines: false) == .clean { kept += 1 }
            if CleanText.scan(text, newlines: true) == .clean { keptLines += 1 }
        }
        // The shortcut is taken for many of them (the fixtures' clean text above all).
        #expect(kept > 3_000 && keptLines > kept)
        #expect(CleanText.scan("Jakarta, 7 Desember — «日本語» Привет", newlines: false) == .clean)
        #expect(CleanText.scan("satu\ndua", newlines: true) == .clean)
        #expect(CleanText.scan("satu\ndua", newlines: false) == .needsWork)
        #expect(TextNormalizer.distinct(["A b", "a  B", "", "C", "c\u{00A0}"]) == ["A b", "C"])
    }

    @Test func contentHashInSimHashPassIsHash64() throws {
        var random = SeededRandom(seed: 77)
        var texts = ["", "a", "satu dua tiga", "ÉTÉ 日本語 😀 x"]
        for _ in 0..<3_000 { texts.append(Self.randomText(&random, maxPieces: 40)) }
        texts += try Self.fixtureTexts().prefix(2_000)
        for text in texts {
            let hashes = TextHashes.of(text)
            #expect(hashes.content == Hash64.of(text), "\(text.debugDescription)")
        }
    }

    @Test func hexAsStringRadixPadded() {
        func reference(_ value: UInt64) -> String {
            let s = String(value, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        var random = SeededRandom(seed: 5)
        var values: [UInt64] = [0, 1, 9, 10, 15, 16, 0xff, 0xabcdef, .max, .max - 1, 1 << 63, 0x0123_4567_89ab_cdef]
        for _ in 0..<5_000 { values.append(random.next() >> (random.next() % 64)) }
        for value in values { #expect(Hash64.hex(value) == reference(value), "\(value)") }
    }

    @Test func iso8601WrittenInPlaceAsPieceByPiece() {
        var random = SeededRandom(seed: 8601)
        var dates: [NewsDate] = [NewsDate(date: Date(timeIntervalSince1970: 0), utcOffset: 0),
                                 NewsDate(date: Date(timeIntervalSince1970: 1_446_696_780), utcOffset: 25_200),
                                 NewsDate(date: Date(timeIntervalSince1970: -62_167_219_200), utcOffset: 0),     // 0000-01-01
                                 NewsDate(date: Date(timeIntervalSince1970: -62_167_219_201), utcOffset: 0),     // year -1
                                 NewsDate(date: Date(timeIntervalSince1970: 253_402_300_799), utcOffset: 0),     // 9999-12-31T23:59:59
                                 NewsDate(date: Date(timeIntervalSince1970: 253_402_300_800), utcOffset: 0),     // 10000
                                 NewsDate(date: Date(timeIntervalSince1970: 1.5), utcOffset: -34_200),
                                 NewsDate(date: Date(timeIntervalSince1970: 1_700_000_000.0912), utcOffset: 20_700),
                                 NewsDate(date: Date(timeIntervalSince1970: 0), utcOffset: 360_000),
                                 NewsDate(date: Date(timeIntervalSince1970: 0), utcOffset: -359_999)]
        let offsets = [0, 3_600, -3_600, 25_200, 19_800, 20_700, -34_200, 50_400, -43_200, 61, -59, 359_940]
        for _ in 0..<20_000 {
            let seconds = Double(Int64(bitPattern: random.next()) % 80_000_000_000) + (random.next() % 3 == 0 ? Double(random.next() % 1_000_000) / 1e6 : 0)
            dates.append(NewsDate(date: Date(timeIntervalSince1970: seconds), utcOffset: offsets[Int(random.next() % UInt64(offsets.count))]))
        }
        var fixed = 0
        for date in dates {
            #expect(date.iso8601 == date.referenceFormat(withFraction: false), "\(date.date.timeIntervalSince1970) \(date.utcOffset)")
            if let encoded = try? JSONEncoder().encode([date]), let text = String(data: encoded, encoding: .utf8) {
                #expect(text == "[\"" + date.referenceFormat(withFraction: true) + "\"]", "\(date.date.timeIntervalSince1970)")
            }
            if date.fixedWidth(withFraction: false) != nil { fixed += 1 }
        }
        #expect(fixed > 8_000)
        #expect(dates[1].iso8601 == "2015-11-05T11:13:00+07:00")
    }

    @Test func bodyTextJoinedInOneCopy() {
        var random = SeededRandom(seed: 22)
        for _ in 0..<2_000 {
            let body = (0..<Int(random.next() % 6)).map { _ in Block(.paragraph, Self.randomText(&random)) }
            let joined = RecordBuilder.joinedText(body)
            #expect(Array(joined.utf8) == Array(body.map(\.text).joined(separator: "\n\n").utf8))
        }
    }

    /// Nested arrays and objects to 70 levels (past the 64 kept in bits), written by the
    /// writer and by a recursive reference, and read back by Foundation.
    @Test func jsonWriterCommasAtEveryDepth() throws {
        indirect enum Value { case int(Int), string(String), array([Value]), object([(String, Value)]) }
        func reference(_ v: Value) -> String {
            switch v {
            case .int(let i): return String(i)
            case .string(let s): return JSONWriter.quoted(s)
            case .array(let items): return "[" + items.map(reference).joined(separator: ",") + "]"
            case .object(let fields): return "{" + fields.map { JSONWriter.quoted($0.0) + ":" + reference($0.1) }.joined(separator: ",") + "}"
            }
        }
        func write(_ v: Value, _ w: inout JSONWriter) {
            switch v {
            case .int(let i): w.int(i)
            case .string(let s): w.string(s)
            case .array(let items): w.arrayStart(); for item in items { write(item, &w) }; w.arrayEnd()
            case .object(let fields): w.objectStart(); for (k, item) in fields { w.key(k); write(item, &w) }; w.objectEnd()
            }
        }
        var random = SeededRandom(seed: 64)
        func make(_ depth: Int) -> Value {
            let roll = random.next() % 10
            if depth >= 70 || (depth > 2 && roll < 6) { return roll % 2 == 0 ? .int(Int(random.next() % 100)) : .string("s\(roll)\"") }
            let count = Int(random.next() % 3)
            // One child goes deeper, so some trees reach the bottom.
            var children = (0..<count).map { _ in make(depth + 1 + Int(random.next() % 8)) }
            children.append(make(depth + 1))
            return roll % 2 == 0 ? .array(children) : .object(children.enumerated().map { ("k\($0.offset)", $0.element) })
        }
        for _ in 0..<300 {
            let value = make(0)
            var w = JSONWriter()
            write(value, &w)
            #expect(w.output == reference(value))
        }
        var deep = Value.int(1)
        for k in 0..<70 { deep = k % 2 == 0 ? .array([.int(k), deep, .string("x")]) : .object([("a", deep), ("b", .int(k))]) }
        var w = JSONWriter()
        write(deep, &w)
        #expect(w.output == reference(deep))
        _ = try JSONSerialization.jsonObject(with: Data(w.output.utf8), options: [.fragmentsAllowed])
    }
}
