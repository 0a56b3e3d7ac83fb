import Testing
@testable import KabarHTML

/// Code on the extraction path that now works in place (no copies, fewer calls): each must
/// give what the code it replaced gave, on random inputs made of the bytes where the two
/// could part. The replaced code is kept here as the reference.
struct InPlaceTextTests {
    /// SplitMix64, so a failure can be made again from its seed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        mutating func pick<T>(_ choices: [T]) -> T { choices[next(choices.count)] }
    }

    // MARK: Attribute tests of selectors

    /// `SelectorMatcher.compare` as it was: the value copied into an array, folded copies,
    /// slices copied for each comparison.
    static func referenceCompare(_ value: [UInt8], _ op: CSSSelector.AttributeOperator, _ wanted: [UInt8], caseInsensitive: Bool) -> Bool {
        var have = value
        var want = wanted
        if caseInsensitive {
            have = have.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            want = want.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        switch op {
        case .equals: return have == want
        case .prefix: return !want.isEmpty && have.starts(with: want)
        case .suffix: return !want.isEmpty && have.count >= want.count && Array(have.suffix(want.count)) == want
        case .substring:
            guard !want.isEmpty, have.count >= want.count else { return false }
            for i in 0...(have.count - want.count) where have[i] == want[0] && Array(have[i..<(i + want.count)]) == want { return true }
            return false
        case .word:
            guard !want.isEmpty, !want.contains(where: SelectorMatcher.isSpace) else { return false }
            return have.split(whereSeparator: SelectorMatcher.isSpace).contains { Array($0) == want }
        case .dash:
            return have == want || (have.count > want.count && have.starts(with: want) && have[want.count] == 0x2D)
        }
    }

    @Test func attributeCompareMatchesTheCopyingReference() {
        // Few distinct bytes, so that random values and wanted strings often overlap.
        let alphabet: [UInt8] = Array("aAbB- \t\n_".utf8) + [0xC3, 0xA9, 0x5B, 0x7B]
        let ops: [CSSSelector.AttributeOperator] = [.equals, .prefix, .suffix, .substring, .word, .dash]
        var random = Random(state: 16)
        var matched = 0
        for _ in 0..<40_000 {
            let value = (0..<random.next(9)).map { _ in random.pick(alphabet) }
            // Wanted: often a piece of the value (so that matches happen), else random.
            var wanted = (0..<random.next(4)).map { _ in random.pick(alphabet) }
            if random.next(2) == 0, !value.isEmpty {
                let start = random.next(value.count)
                wanted = Array(value[start..<min(value.count, start + random.next(4))])
            }
            let op = random.pick(ops)
            let ci = random.next(2) == 0
            let got = (value + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { SelectorMatcher.compare($0.baseAddress!, op, wanted, caseInsensitive: ci) }
            }
            let expected = Self.referenceCompare(value, op, wanted, caseInsensitive: ci)
            #expect(got == expected, "\(op) \(value) \(wanted) ci: \(ci)")
            if expected { matched += 1 }
        }
        #expect(matched > 5_000)   // the inputs do exercise matches, not only misses
    }

    // MARK: White-space folding

    /// `LineAccumulator` as it was: each run of non-space bytes copied on its own, after the
    /// characters it leaves out (U+200B, U+2060, U+FEFF) are taken out scalar by scalar.
    struct ReferenceLines {
        var lines: [String] = []
        var boldFlags: [Bool] = []
        var current: [UInt8] = []
        var pendingSpace = false
        var currentAllBold = true

        mutating func append(_ text: String, bold: Bool) {
            let drawn = String(String.UnicodeScalarView(text.unicodeScalars.filter { !["\u{200B}", "\u{2060}", "\u{FEFF}"].contains($0) }))
            let bytes = Array(drawn.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                let n = bytes.count
                var i = 0
                while i < n {
                    let width = LineAccumulator.spaceWidth(bytes, i, n)
                    if width > 0 { pendingSpace = true; i += width; continue }
                    if pendingSpace, !current.isEmpty { current.append(0x20) }
                    pendingSpace = false
                    if !bold { currentAllBold = false }
                    var end = i + 1
                    while end < n, LineAccumulator.spaceWidth(bytes, end, n) == 0 { end += 1 }
                    current.append(contentsOf: bytes[i..<end])
                    i = end
                }
            }
        }

        mutating func breakLine() {
            if !current.isEmpty {
                lines.append(String(decoding: current, as: UTF8.self))
                boldFlags.append(currentAllBold)
                current.removeAll()
            }
            pendingSpace = false
            currentAllBold = true
        }
    }

    /// Pieces of text where folding could part: every kind of space the accumulator folds and
    /// every character it leaves out, the bytes that start them but do not (U+2010, U+3001,
    /// U+FEFE, U+00A9, U+00AC, U+2061, U+200C), controls.
    static let pieces = [
        "a", "Kata", "é", "日本", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{A0}", "\u{2009}", "\u{200B}",
        "\u{202F}", "\u{3000}", "\u{FEFF}", "\u{2010}", "\u{3001}", "\u{FEFE}", "\u{A9}", "\u{1}", "\u{7F}", "x y", " z ",
        "\u{AD}", "\u{2060}", "\u{200C}", "\u{2061}", "\u{AC}",
    ]

    @Test func lineFoldingMatchesTheWordByWordReference() {
        var random = Random(state: 7)
        for _ in 0..<3_000 {
            var fast = LineAccumulator()
            var reference = ReferenceLines()
            for _ in 0..<random.next(8) {
                if random.next(5) == 0 {
                    fast.breakLine()
                    reference.breakLine()
                    continue
                }
                let text = (0..<random.next(10)).map { _ in random.pick(Self.pieces) }.joined()
                let bold = random.next(3) == 0
                fast.append(text, bold: bold)
                reference.append(text, bold: bold)
                #expect(fast.isLineEmpty == reference.current.isEmpty)
            }
            reference.breakLine()
            #expect(fast.finish().map { Array($0.utf8) } == reference.lines.map { Array($0.utf8) })
            #expect(fast.boldFlags == reference.boldFlags)
        }
    }
}
