import Foundation
import Testing
@testable import KabarFetch

/// `WhitespaceTrim` must give exactly what Foundation's `trimmingCharacters(in:
/// .whitespacesAndNewlines)` (and `.whitespaces`) gives, which it replaces in discovery (sitemap
/// and feed values) and in reading WARC heads.
struct WhitespaceTrimTests {
    static func foundation(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
    static func foundationBlanks(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

    /// Every ASCII character (controls included) and some non-ASCII white space, combining marks
    /// and letters, alone, at either end and at both ends of a value.
    static let ends: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        + ["\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{3000}", "\u{FEFF}",
           "\u{301}", "é", "ß", "日", "🙂", "\r\n", " \u{A0} ", "\t\u{3000}"]

    @Test func sameAsFoundationAtEveryEnd() {
        let middles = ["", "x", "https://nasional.tempo.co/read/1/a b", "2024-05-01T10:00:00+07:00", "a\u{A0}b", "\u{301}"]
        var checked = 0
        for middle in middles {
            for a in Self.ends {
                for value in [a + middle, middle + a, a + middle + a, a + " " + middle + "\n" + a] {
                    #expect(WhitespaceTrim.trimmed(value) == Self.foundation(value), "\(value.unicodeScalars.map { $0.value })")
                    #expect(WhitespaceTrim.trimmed(utf8: Array(value.utf8)) == Self.foundation(value), "\(value.unicodeScalars.map { $0.value })")
                    #expect(WhitespaceTrim.trimmed(Substring(value)) == Self.foundation(value))
                    #expect(WhitespaceTrim.trimmed(value, newlines: false) == Self.foundationBlanks(value), "\(value.unicodeScalars.map { $0.value })")
                    #expect(WhitespaceTrim.trimmed(Substring(value), newlines: false) == Self.foundationBlanks(value))
                    checked += 1
                }
            }
        }
        #expect(checked == middles.count * Self.ends.count * 4)
    }

    @Test func plainValues() {
        #expect(WhitespaceTrim.trimmed("  https://a.example/x \n") == "https://a.example/x")
        #expect(WhitespaceTrim.trimmed(" \t\r\n ") == "")
        #expect(WhitespaceTrim.trimmed("") == "")
        #expect(WhitespaceTrim.trimmed(utf8: Array(" \u{A0}judul\u{3000}\n".utf8)) == "judul")
        #expect(WhitespaceTrim.trimmed(utf8: []) == "")
    }
}
