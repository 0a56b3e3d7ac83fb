@testable import KabarCore
import Testing

struct CaptionCreditTests {
    func split(_ s: String?) -> [String?] {
        let r = CaptionCredit.split(s)
        return [r.caption, r.credit]
    }

    @Test func markedCredits() {
        #expect(split("Pemimpin Korut bertemu Putin, Kamis (25/4/2019). Foto/Istimewa") == ["Pemimpin Korut bertemu Putin, Kamis (25/4/2019).", "Istimewa"])
        #expect(split("Suasana sidang. Foto: Dok SINDOnews") == ["Suasana sidang.", "Dok SINDOnews"])
        #expect(split("Secretary of State, Pratikno. Image: TEMPO/Imam Sukamto") == ["Secretary of State, Pratikno.", "TEMPO/Imam Sukamto"])
        #expect(split("Banjir di Kemang. FOTO/ANTARA/Hafidz Mubarak A") == ["Banjir di Kemang.", "ANTARA/Hafidz Mubarak A"])
        #expect(split("Warga mengungsi (Foto: Reuters)") == ["Warga mengungsi", "Reuters"])
        #expect(split("Photo : AFP") == [nil, "AFP"])
    }

    /// Credit markers of other languages and signs, from the one table (before, each stayed in
    /// the caption: "Le port. Crédit : AFP" had no credit).
    @Test func creditWordsAndSigns() {
        #expect(split("Le port de Marseille. Crédit : AFP") == ["Le port de Marseille.", "AFP"])
        #expect(split("Le port. CRÉDIT: Jean Dupont") == ["Le port.", "Jean Dupont"])
        #expect(split("The harbour at dawn. Credit: Reuters/Jane Doe") == ["The harbour at dawn.", "Reuters/Jane Doe"])
        #expect(split("The harbour at dawn. Photo credit: Jane Doe") == ["The harbour at dawn.", "Jane Doe"])
        #expect(split("Der Hafen. Foto: dpa") == ["Der Hafen.", "dpa"])
        #expect(split("Der Hafen. Bild: Keystone") == ["Der Hafen.", "Keystone"])
        #expect(split("The harbour at dawn. © Jane Doe") == ["The harbour at dawn.", "Jane Doe"])
        #expect(split("The harbour at dawn (c) AP") == ["The harbour at dawn", "AP"])
        #expect(split("The harbour at dawn. Photo: © AFP") == ["The harbour at dawn.", "AFP"])
        #expect(split("El puerto. Foto: EFE") == ["El puerto.", "EFE"])
        // Not markers: a word that only starts like one, "(c)" inside a word.
        #expect(split("Credited to the team: all of them") == ["Credited to the team: all of them", nil])
        #expect(split("Item abc(c)d") == ["Item abc(c)d", nil])
    }

    @Test func agencyCredits() {
        #expect(split("Banjir di Kemang. ANTARA/Hafidz Mubarak A") == ["Banjir di Kemang.", "ANTARA/Hafidz Mubarak A"])
        #expect(split("Petugas memeriksa. ANTARA FOTO/Budi") == ["Petugas memeriksa.", "ANTARA FOTO/Budi"])
        #expect(split("Hujan deras. TEMPO/Fajar Contoh") == ["Hujan deras.", "TEMPO/Fajar Contoh"])
    }

    @Test func noCredit() {
        #expect(split("Rektor UNY buka invitasi olahraga. Doc. uny.ac.id KOMUNIKA ONLINE") == ["Rektor UNY buka invitasi olahraga. Doc. uny.ac.id KOMUNIKA ONLINE", nil])
        #expect(split("Fotografer memotret: pemandangan") == ["Fotografer memotret: pemandangan", nil])
        #expect(split("  ") == [nil, nil])
        #expect(split(nil) == [nil, nil])
    }
}

/// The byte-level caption split (`splitOneScalarCharacters`) against the Character-level one it
/// stands in for, and the test of text it may read (`SimpleGraphemes`) against Swift's
/// grapheme breaking.
struct CaptionCreditBytesTests {
    /// Random captions made of credit markers, agencies, leaders, dashes, accents and marks
    /// split the same way by both paths; those the byte path declines go to the Character one.
    @Test func byteSplitMatchesCharacterSplit() {
        let pieces = ["Foto", "FOTO", "foto", "Photo", "image", "IMAGE", "Fot", ":", "/", " ", "  ", "(", ")", ".", ",", ";",
                      "Credit", "CRÉDIT", "Crédits", "cre\u{301}dit", "Bild", "©", "(c)", "(C)", "c)", "Picture ", "photo ",
                      "-", "|", "–", "—", "ANTARA", "ANTARA ", "ANTARA FOTO/", "ANTARA/", "TEMPO/", "TEMPO", "Budi", "x",
                      "é", "ø", "’", "“", "…", "\u{301}", "\u{200D}", "\r\n", "İ", "\u{212A}", "ß", "ŉ", "ǅ", "\u{2F8}",
                      "한", "\u{1F600}", "&amp;", "\u{A0}"]
        var random = SeededRandom(seed: 16)
        var byBytes = 0, credited = 0
        for _ in 0..<30_000 {
            let raw = (0..<Int.random(in: 1...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            guard let text = TextNormalizer.clean(raw) else { continue }
            let reference = CaptionCredit.splitCharacters(text)
            if let fast = CaptionCredit.splitOneScalarCharacters(text) {
                byBytes += 1
                if fast.credit != nil { credited += 1 }
                #expect(fast.caption == reference.caption && fast.credit == reference.credit, "\(text.debugDescription)")
            }
            let split = CaptionCredit.split(raw)
            #expect(split.caption == reference.caption && split.credit == reference.credit, "\(raw.debugDescription)")
        }
        #expect(byBytes > 15_000 && credited > 1_000, "\(byBytes) by bytes, \(credited) with a credit")
    }

    /// Every scalar `SimpleGraphemes` accepts is a Character of its own next to every other
    /// one it accepts (grapheme breaks between these depend only on the pair); scalars that
    /// join a neighbour are refused.
    @Test func simpleGraphemesAreOneScalarCharacters() {
        let accepted = (0..<0x3000).compactMap(Unicode.Scalar.init).filter { scalar in
            var s = String(scalar)
            return s.withUTF8 { SimpleGraphemes.accepts($0) }
        }
        #expect(accepted.count == 0x7F + 0x280 + 0x60)
        for first in accepted {
            var text = String.UnicodeScalarView()
            for second in accepted { text.append(first); text.append(second) }
            let string = String(text)
            #expect(string.count == 2 * accepted.count, "U+\(String(first.value, radix: 16))")
        }
        for refused in ["\r", "\u{300}", "\u{200C}", "\u{200D}", "\u{FE0F}", "\u{1100}", "\u{AC00}", "\u{1F1E6}", "\u{600}", "\u{903}", "a\u{301}"] {
            var s = refused
            #expect(!s.withUTF8 { SimpleGraphemes.accepts($0) }, "\(refused.debugDescription)")
        }
    }

    /// `ASCIIBytes.lowercased` and its searches against `lowercased()` and `contains` on
    /// every ASCII character and some non-ASCII text.
    @Test func asciiBytesMatchFoundation() {
        for value in 0..<0x80 {
            let s = String(UnicodeScalar(UInt8(value)))
            #expect(ASCIIBytes.lowercased(s) == Array(s.lowercased().utf8), "\(value)")
        }
        for s in ["é", "İ", "\u{212A}", "aé", "x\u{301}"] { #expect(ASCIIBytes.lowercased(s) == nil, "\(s)") }
        let words = ["ads", "/ads/", "a", "", "xy", "DATA:"]
        var random = SeededRandom(seed: 5)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in ["a", "d", "s", "/", "A", "D", "S", ":", "x", "y", "\r\n"].randomElement(using: &random)! }.joined()
            let lower = ASCIIBytes.lowercased(text)!
            let reference = text.lowercased()
            for word in words where !word.isEmpty {
                #expect(ASCIIBytes.contains(lower, Array(word.utf8)) == reference.contains(word), "\(text.debugDescription) \(word)")
                #expect(ASCIIBytes.hasPrefix(lower, Array(word.utf8)) == reference.hasPrefix(word), "\(text.debugDescription) \(word)")
            }
        }
    }
}
