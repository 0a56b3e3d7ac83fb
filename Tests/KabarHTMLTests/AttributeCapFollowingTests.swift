import Foundation
import KabarFixtures
import KabarTesting
import Testing
@testable import KabarHTML

/// `ScriptElision.applyFollowingCap`: the elision's pass follows `AttributeCap`'s reading of the
/// elided bytes, so that the cap reads only from where the two part. The reference is the two
/// passes one after the other (`AttributeCap.apply` of `ScriptElision.apply`'s result, from the
/// start): the bytes must be the same on constructed pages holding tags over the cap's limit
/// where the two readings differ (inside a title, a textarea, a comment, an end tag, a quoted
/// value, after a form feed or a `/`...), on the fixtures and on the corpus's pages.
struct AttributeCapFollowingTests {
    /// The page as the parse gets it, by the two passes (reference) and by the followed pass;
    /// and how much of the result the cap still read.
    static func bothWays(_ data: Data, keeping words: Set<String> = []) -> (reference: Data, followed: Data, capRead: Int, count: Int) {
        let elided = ScriptElision.apply(data, keeping: words) ?? data
        let reference = AttributeCap.apply(elided) ?? elided
        let (result, capFrom) = ScriptElision.applyFollowingCap(data, keeping: words)
        let bytes = result ?? data
        // A place outside the bytes fails the comparison.
        guard capFrom >= 0 && capFrom <= bytes.count else { return (reference, Data(), 0, bytes.count) }
        let followed = AttributeCap.apply(bytes, from: capFrom) ?? bytes
        return (reference, followed, bytes.count - capFrom, bytes.count)
    }

    /// A start tag with `count` attributes in the given form (`%d`: the attribute's number).
    static func bigTag(_ form: String, count: Int = 300, name: String = "div") -> String {
        "<\(name)" + (0..<count).map { form.replacingOccurrences(of: "%d", with: String($0)) }.joined() + ">"
    }

    static let bigTags = [
        bigTag(" a%d"), bigTag(" a%d=\"v>\""), bigTag(" a%d='<p x>'"), bigTag("\u{0C}a%d"), bigTag("/a%d"),
        bigTag(" a%d=v"), bigTag(" a%d=\"x\"", count: 256), bigTag(" a%d=\"x\"", count: 257), bigTag(" =\"\"a%d"),
        bigTag(" a%d", name: "title"), bigTag(" a%d", name: "SCRIPT"), bigTag(" a%d", name: "textarea"), bigTag("\ta%d=\"1\"", name: "p"),
    ]

    static let pieces = ScriptElisionTests.trickyPieces + bigTags + [
        "<title>", "</title>", "</TITLE >", "<textarea>", "</textarea>", "<xmp>", "</XMP>", "<\u{0F}script>", "</\u{0F}title>",
        "-\r>", "--\u{1E}", "</a <b>", "<?x <b c>", "<!x <b>", "<!-- a --!>", "<a b=\"c\"d>", "<a\u{0C}b>", "<a b=c\u{0C}d>",
        "<style>x</style>", "<script>var a = '<div a b>';</script>", "<a title=\"</title>\">", "<a title='</script>'>",
        // Where the readings part over a tag the cap would cut.
        "<?x " + bigTag(" a%d"), "<title><script>x</title></script>" + bigTag(" a%d") + "</title>",
        "<script>" + String(repeating: "x", count: 40) + "<\u{0F}script b</script>" + bigTag(" a%d"), bigTag(" a%d=v\u{0C}"),
    ]

    @Test func constructedPagesGetTheSameBytesAsTheTwoPasses() {
        var generator = SplitMix(seed: 1016)
        let base = ScriptElisionTests.constructedBase.replacingOccurrences(of: "<p>three", with: "<textarea>t</textarea><p>three")
        var failures: [String] = []
        var capped = 0, capReadNothing = 0, capReadSome = 0
        for round in 0..<3000 {
            var page = Array(base.utf8)
            for _ in 0..<Int(generator.next() % 4 + 1) { generator.splice(Self.pieces, into: &page) }
            let words: Set<String> = round % 3 == 0 ? ["<div"] : []
            let result = Self.bothWays(Data(page), keeping: words)
            if result.reference != result.followed { failures.append(String(decoding: page, as: UTF8.self)) }
            if result.reference.count < result.count { capped += 1 }
            if result.capRead == 0 { capReadNothing += 1 } else { capReadSome += 1 }
        }
        #expect(failures.isEmpty, "\(failures.count) pages: \(failures.prefix(2))")
        // Both the cap's cuts and the followed reading are exercised.
        #expect(capped > 300)
        #expect(capReadNothing > 500)
        #expect(capReadSome > 500)
    }

    @Test func anOrdinaryPageLeavesTheCapNothingToRead() {
        let page = "<!DOCTYPE html><html><head><title>A &amp; B</title><meta charset=utf-8><script>x</script></head>"
            + #"<body><!-- c --><textarea rows="2"><b></textarea><p class="a b" id='x'>t</p><br/></body></html>"#
        let result = Self.bothWays(Data(page.utf8))
        #expect(result.capRead == 0)
        #expect(result.followed == result.reference)
        // Over the limit in a plain tag: the cap reads from that tag and cuts it.
        let over = Self.bothWays(Data((page + Self.bigTag(" a%d=\"x\"", count: 257)).utf8))
        #expect(over.capRead > 0)
        #expect(over.followed.count < over.count)
        #expect(over.followed == over.reference)
    }

    /// Each place the two readings part, before a tag over the limit: the bytes are the two passes'.
    @Test func whereTheReadingsPartTheCapReadsOnFromTheRightPlace() {
        let big = Self.bigTag(" a%d")
        let cases = [
            "<script>" + String(repeating: "x", count: 40) + "<\u{0F}script b</script>" + big,   // the cap's end tag found early in a cut script
            "<script type=\"application/json\">" + String(repeating: "x", count: 40) + "<\u{0F}script b</script>" + big,   // in a kept one
            "<title><script>x</title></script>" + big + "</title>" + big,   // a cut inside the title the cap skips
            "<title><a title=\"</title>\">" + big,   // the cap's end of the title inside a tag of the scan's
            "<textarea>" + big + "</textarea>" + big, "<xmp>" + big + "</xmp>",
            "<?x " + big, "</a " + big, "<!x " + big + "<p>", "<!-- a -\r> " + big + " -->", "<!-- a --!> " + big + " -->",
            "<script/>" + big + "</script>" + big, "<style>" + big + "</style>" + big, big.replacingOccurrences(of: " a1 ", with: " @a1 "),
            Self.bigTag(" a%d=v\u{0C}"), Self.bigTag("\u{0C}a%d"), Self.bigTag("/a%d"), Self.bigTag(" a%d", count: 256) + big,
        ]
        for page in cases {
            let result = Self.bothWays(Data(("<p>a</p>" + page + "<p>b</p>").utf8))
            #expect(result.followed == result.reference, "\(page.prefix(60))")
        }
    }

    /// The fixture pages and every corpus page, as they are and with a tag over the limit spliced in.
    @Test func fixturesAndCorpusPagesGetTheSameBytesAsTheTwoPasses() throws {
        let files = Fixture.all().filter(\.isAvailable).map(\.pageFile) + Corpus.htmlFiles
        var generator = SplitMix(seed: 16)
        var failures: [String] = []
        var readNothing = 0
        for file in files {
            let data = try Data(contentsOf: file)
            let result = Self.bothWays(data)
            if result.reference != result.followed { failures.append(file.lastPathComponent) }
            if result.capRead == 0 { readNothing += 1 }
            var page = [UInt8](data)
            generator.splice(Self.bigTags, into: &page)
            let spliced = Self.bothWays(Data(page))
            if spliced.reference != spliced.followed { failures.append("\(file.lastPathComponent) (spliced)") }
        }
        #expect(files.count >= 20)
        #expect(failures.isEmpty, "\(failures.count) pages: \(failures.prefix(5))")
        // Most real pages are followed to their end.
        #expect(readNothing * 2 > files.count)
    }
}
