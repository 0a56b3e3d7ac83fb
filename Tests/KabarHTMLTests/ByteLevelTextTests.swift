import Testing
@testable import KabarHTML

/// The byte-level replacements of scalar-level code on the extraction path: each must give
/// what the code it replaced gave, on the inputs where the two could part.
struct ByteLevelTextTests {
    /// The scalar-by-scalar `trimmed` this replaced, as the reference.
    static func referenceTrimmed(_ s: Substring) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !LineAccumulator.isSpace($0) }),
              let last = scalars.lastIndex(where: { !LineAccumulator.isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    static let samples: [String] = [
        "", " ", "\t\n\r\u{0B}\u{0C}", "a", " a ", "  two words  ", "\u{A0}nbsp\u{A0}", "\u{3000}ideographic\u{3000}",
        "\u{FEFF}bom", "zero\u{200B}", "\u{2009}thin\u{202F}", "\u{2000}\u{200A}\u{200B}",
        // A combining mark right after a space: the space is trimmed, the mark kept (scalars, not characters).
        " \u{301}accent", "e\u{301} ", "\r\nline\r\n", "日本語 ", " Москва", "emoji 👍🏽 ", "\u{2028}not folded\u{2028}",
        "\u{2010}dash\u{2010}", "\u{85}next line\u{85}", "a\u{A0}\u{A0}b",
    ]

    @Test func trimmedMatchesTheScalarReference() {
        for s in Self.samples {
            #expect(s.trimmed == Self.referenceTrimmed(Substring(s)), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            // A Substring in the middle of a larger string trims the same.
            let wrapped = "x" + s + "y"
            let inner = wrapped.dropFirst().dropLast()
            #expect(inner.trimmed == Self.referenceTrimmed(inner))
        }
    }

    @Test func positionListsKeepEachKeysPositionsInOrder() {
        var builder = PositionLists.Builder()
        #expect(builder.finish()[42] == nil)
        // Enough keys to grow the table several times; keys that differ only in high bits too.
        var expected: [UInt64: [Int32]] = [:]
        for position in Int32(0)..<5000 {
            let key = UInt64(position % 700) &* 0x1_0000_0000 | UInt64(position % 3)
            builder.append(position, to: key, unlessLast: position % 2 == 0)
            expected[key, default: []].append(position)
            if position % 5 == 0 {
                // The same position again is dropped with unlessLast, kept without.
                builder.append(position, to: key, unlessLast: true)
            }
            if position % 7 == 0 {
                builder.append(position, to: key)
                expected[key, default: []].append(position)
            }
        }
        let lists = builder.finish()
        #expect(lists.keyCount == expected.count)
        for (key, positions) in expected { #expect(lists[key].map(Array.init) == positions, "key \(key)") }
        #expect(lists[UInt64.max] == nil)
    }
}
