import Foundation
import KabarHTML
import Testing
@testable import KabarCore

struct URLCanonicalizerTests {
    @Test(arguments: [
        ("HTTPS://Nasional.Tempo.CO:443/read/1/x?utm_source=fb&utm_medium=x#top", "https://nasional.tempo.co/read/1/x"),
        ("http://example.com:80", "http://example.com/"),
        ("https://example.com/a?b=1&fbclid=z&gclid=y&c=2", "https://example.com/a?b=1&c=2"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
    ])
    func canonical(_ input: String, _ expected: String) throws {
        let url = try #require(URL(string: input))
        #expect(URLCanonicalizer.canonicalize(url).absoluteString == expected)
    }

    /// A URL the shortcut takes as already canonical is one `URLComponents` gives back as it
    /// is: random URLs over every byte the shortcut lets through (and some it does not), each
    /// taken as is only when rebuilding it changes nothing.
    @Test func shortcutTakesOnlyWhatRebuildingLeavesAlone() throws {
        let hosts = ["tempo.co", "nasional.tempo.co", "a-b.example", "xn--bcher-kva.example", "1.2.3.4", "a..b", "-x.example", ".example",
                     "Tempo.co", "tempo.co:443", "user@tempo.co"]
        let alphabet = Array("abcXYZ019-._~%!$()*+,;=:@/&'?#é %2F%c3%a9..//".unicodeScalars).map(String.init)
        var random = SeededRandom(seed: 7)
        var taken = 0
        for _ in 0..<3000 {
            let path = "/" + (0..<Int(random.next() % 24)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            let scheme = random.next() % 5 == 0 ? "HTTP" : random.next() % 2 == 0 ? "http" : "https"
            guard let url = URL(string: "\(scheme)://\(hosts[Int(random.next() % UInt64(hosts.count))])\(path)") else { continue }
            if URLCanonicalizer.isCanonical(url) {
                taken += 1
                #expect(URLCanonicalizer.rebuilt(url).absoluteString == url.absoluteString, "\(url.absoluteString)")
            } else {
                #expect(URLCanonicalizer.canonicalize(url).absoluteString == URLCanonicalizer.rebuilt(url).absoluteString)
            }
        }
        #expect(taken > 300)
        #expect(!URLCanonicalizer.isCanonical(try #require(URL(string: "x/y", relativeTo: URL(string: "https://tempo.co/")))))
        #expect(URLCanonicalizer.isCanonical(try #require(URL(string: "https://nasional.tempo.co/read/1/x-y"))))
    }

    @Test func hostWithin() {
        #expect(URLCanonicalizer.host("gaya.tempo.co", isWithin: "tempo.co"))
        #expect(URLCanonicalizer.host("TEMPO.co", isWithin: "tempo.co"))
        #expect(!URLCanonicalizer.host("nottempo.co", isWithin: "tempo.co"))
    }
}

struct StubExtractor: Extractor {
    let id: String
    let version = 1
    let hosts: [String]
    func isArticle(_ url: URL) -> Bool { url.path.hasPrefix("/read/") }
    func extract(_ page: Page) throws -> Extraction {
        var e = Extraction()
        e.headline = page.document.first("h1")?.text
        e.body = BodyBuilder().blocks(of: page.document.select("article"))
        return e
    }
    func canonicalize(_ url: URL) -> URL {
        URL(string: url.absoluteString.replacingOccurrences(of: "://m.", with: "://www.")) ?? url
    }
}

struct RegistryTests {
    let registry = ExtractorRegistry([
        StubExtractor(id: "tempo", hosts: ["tempo.co"]),
        StubExtractor(id: "entempo", hosts: ["en.tempo.co"]),
    ])

    @Test func subdomainsAndLongestClaim() {
        #expect(registry.plugin(forHost: "gaya.tempo.co")?.id == "tempo")
        #expect(registry.plugin(forHost: "tempo.co")?.id == "tempo")
        #expect(registry.plugin(forHost: "en.tempo.co")?.id == "entempo")
        #expect(registry.plugin(forHost: "example.com") == nil)
        #expect(registry.extractor(id: "TEMPO")?.id == "tempo")
    }

    @Test func pipelinePicksByDeclaredURLAndCanonicalises() throws {
        let pipeline = ArticleAssembler(registry: registry)
        let html = """
        <html><head><link rel="canonical" href="https://m.tempo.co/read/1/x?utm_source=a"></head>
        <body><h1>Head</h1><article><p>Body text.</p></article></body></html>
        """
        let a = try pipeline.extract(data: Data(html.utf8), url: nil)
        #expect(a.site == "tempo")
        #expect(a.canonicalURL == "https://www.tempo.co/read/1/x")
        #expect(a.id == Hash64.hex(Hash64.of("https://www.tempo.co/read/1/x")))
        #expect(a.headline == "Head")
        #expect(a.text == "Body text.")
    }

    @Test func pipelineErrorsNameTheProblem() throws {
        let pipeline = ArticleAssembler(registry: registry)
        #expect(throws: ArticleAssembler.Failure.self) {
            try pipeline.extract(data: Data("<p>x</p>".utf8), url: nil)
        }
        do {
            _ = try pipeline.extract(data: Data("<p>x</p>".utf8), url: nil, site: "nope")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("unknown site 'nope'"))
        }
    }

    /// An empty page's failure says what is wrong once, without its URL: every report of it
    /// names the page itself, and the run's log said "could not parse: empty document (URL) (URL)".
    @Test func aParseFailureLeavesTheURLToItsReporter() throws {
        let url = URL(string: "https://www.tempo.co/read/1/empty")!
        let failure = #expect(throws: ArticleAssembler.Failure.self) {
            try ArticleAssembler(registry: registry).extract(data: Data(), url: url)
        }
        #expect(failure.map { String(describing: $0) } == "could not parse: empty document")
    }
}

struct BodyBuilderTests {
    func blocks(_ html: String, boldHeadings: Bool = false) throws -> [Block] {
        let doc = try HTMLDocument(html: "<div id=c>\(html)</div>")
        return BodyBuilder(boldLineHeadings: boldHeadings).blocks(of: try #require(doc.first("#c")))
    }

    @Test func doubleBreaksSplitParagraphsSingleBreaksJoin() throws {
        let b = try blocks("<p>One<br> two<br /> <br />Three <br>\n<br/> Four</p>")
        #expect(b == [.paragraph("One two"), .paragraph("Three"), .paragraph("Four")])
    }

    @Test func bareTextWithBreaks() throws {
        let b = try blocks("<strong>JAKARTA</strong> - Satu.<br><br>Dua.<br><br><br>Tiga.")
        #expect(b == [.paragraph("JAKARTA - Satu."), .paragraph("Dua."), .paragraph("Tiga.")])
    }

    @Test func boldLinesAreHeadingsWhenAsked() throws {
        let html = "<p>Intro.<br><br><strong>Kurang Motivasi</strong><br> Kurangnya motivasi.<br><br><b>Sub</b><br><br><b>Bold sentence.</b></p>"
        #expect(try blocks(html, boldHeadings: true) == [
            .paragraph("Intro."), .heading("Kurang Motivasi"), .paragraph("Kurangnya motivasi."),
            .heading("Sub"), .paragraph("Bold sentence."),
        ])
        #expect(try blocks(html).contains(.paragraph("Kurang Motivasi Kurangnya motivasi.")))
    }

    @Test func headingsQuotesListsAndFigures() throws {
        let b = try blocks("""
        <h2>Title</h2><p>Para</p><blockquote><p>Quoted</p><p>more</p></blockquote>
        <ul><li>one</li><li>two</li></ul><figure><img src=x><figcaption>Cap</figcaption></figure><p>End</p>
        """)
        #expect(b == [.heading("Title"), .paragraph("Para"), Block(.quote, "Quoted more"), Block(.list, "one\ntwo"), .paragraph("End")])
    }

    @Test func skipClosure() throws {
        let doc = try HTMLDocument(html: "<div id=c><p>Keep</p><div class=ad><p>Ad</p></div></div>")
        let b = BodyBuilder(skip: { $0.hasClass("ad") }).blocks(of: try #require(doc.first("#c")))
        #expect(b == [.paragraph("Keep")])
    }
}

struct RecordTests {
    @Test func textNormalizer() {
        #expect(TextNormalizer.clean("  Cafe\u{0301} &amp;\u{00A0} co\n\tend ") == "Café & co end")
        #expect(TextNormalizer.clean(" \u{200B} ") == nil)
        #expect(TextNormalizer.distinct(["A b", "a  B", "", "C"]) == ["A b", "C"])
    }

    @Test func recordJSONRoundTripsAndEscapes() throws {
        var a = Article(id: "00000000000000ff", url: "https://x/1", canonicalURL: "https://x/1", site: "x", extractor: "x/1",
                        headline: "Quote \" backslash \\ tab \t nl \n ctl \u{1} é 🎉", authors: ["A"], tags: ["t"],
                        body: [.paragraph("p"), Block(.list, "a\nb")], text: "p\n\na\nb",
                        images: [ImageRef(url: "https://x/i.jpg", caption: nil, credit: "C", role: .lead)],
                        contentHash: "0123456789abcdef", simhash: "fedcba9876543210", paywalled: true,
                        metadata: ["design": "T1"], source: SourceRef(file: "f.warc.gz", offset: 42))
        a.fetchedAt = "2026-01-01T00:00:00+00:00"
        let line = a.jsonLine
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"schema":1,"id":"00000000000000ff","url":"#))
        let back = try JSONDecoder().decode(Article.self, from: Data(line.utf8))
        #expect(back == a)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object.keys.count == 25)
        #expect(object["modified_at"] is NSNull)
    }

    @Test func simhashIsCloseForNearTextsFarForOthers() {
        let base = (1...200).map { "word\($0 % 57) kata\($0 % 31)" }.joined(separator: " ")
        let near = base.replacingOccurrences(of: "word3 kata3", with: "word3 berubah")
        let other = (1...200).map { "lain\($0 % 43) teks\($0 % 29)" }.joined(separator: " ")
        #expect(SimHash.distance(SimHash.of(base), SimHash.of(near)) <= 6)
        #expect(SimHash.distance(SimHash.of(base), SimHash.of(other)) > 12)
        #expect(SimHash.of("") == 0)
    }

    /// SimHash reads the text's UTF-8 bytes; it must shingle exactly as reading its Unicode
    /// scalars does (the reference below, the way it was written before), or every stored
    /// record's simhash would change. Texts mix ASCII, 2-, 3- and 4-byte letters and digits,
    /// capitals, combining marks and punctuation.
    @Test func simhashOverBytesMatchesScalarReference() {
        func reference(_ text: String) -> UInt64 {
            var words: [UInt64] = []
            var h: UInt64 = 0xcbf29ce484222325
            var inWord = false
            func feed(_ value: UInt32) {
                var v = value
                repeat { h ^= UInt64(v & 0xFF); h &*= 0x100000001b3; v >>= 8 } while v != 0
                inWord = true
            }
            for scalar in text.unicodeScalars {
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    feed((scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar).value)
                } else if inWord { words.append(h); h = 0xcbf29ce484222325; inWord = false }
            }
            if inWord { words.append(h) }
            guard !words.isEmpty else { return 0 }
            var counts = [Int32](repeating: 0, count: 64)
            for i in 0..<max(1, words.count - 2) {
                var s: UInt64 = 0
                for j in i..<min(i + 3, words.count) { s = (s &* 31) ^ words[j] }
                let f = Hash64.mix(s)
                for bit in 0..<64 { counts[bit] += (f >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
            }
            var result: UInt64 = 0
            for bit in 0..<64 where counts[bit] > 0 { result |= 1 << UInt64(bit) }
            return result
        }
        // The last piece: scalars that share a slot of SimHash's per-text cache (their values
        // 1024 apart), a Samaritan punctuation mark among letters.
        let pieces = ["Jakarta", "ÉTÉ", "Ünïcode", "日本語", "Привет", "١٢٣", "𝔘𝔫𝔦", "😀", "e\u{301}", "²", "—", "…", "x2", "  ", "\n", "İstanbul",
                      "\u{430}\u{830}\u{C30}\u{430}\u{830}"]
        var random = SeededRandom(seed: 3)
        for _ in 0..<300 {
            let text = (0..<Int(random.next() % 40)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined(separator: random.next() % 3 == 0 ? "" : " ")
            #expect(SimHash.of(text) == reference(text), "\(text)")
        }
        // Long texts: hundreds of shingles (SimHash counts bits in byte-wide lanes, emptied
        // every 255 shingles), of a few words only, so that many bits are near a tie.
        let words = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan"]
        for _ in 0..<60 {
            let count = 200 + Int(random.next() % 1_400)
            let text = (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            #expect(SimHash.of(text) == reference(text), "\(count) words")
        }
    }

    /// The NFC shortcut (text already NFC left as is) agrees with Foundation's NFC.
    @Test func nfcShortcutAgreesWithFoundation() {
        for text in ["plain", "caf\u{E9}", "cafe\u{301}", "\u{2018}quoted\u{2019} \u{2014} \u{2026}", "\u{212B}", "\u{1E9B}\u{323}", "한국어", "\u{1100}\u{1161}", "ǅ", "\u{2028}x"] {
            #expect(TextNormalizer.nfc(text) == text.precomposedStringWithCanonicalMapping, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The NFC shortcut's scalars are ones NFC leaves alone wherever they stand: each alone is
    /// unchanged (compared scalar by scalar: `==` on Strings is canonical equivalence), of
    /// combining class 0, and never a later part of any scalar's canonical decomposition (so
    /// never composed with what comes before it). Real text of them is left as it is.
    @Test func nfcStableScalarsAreLeftAloneByFoundation() {
        var stableCount = 0
        for value in UInt32(0x80)..<0x10000 {
            guard let scalar = Unicode.Scalar(value), NFCStable.accepts(String(Character(scalar))) else { continue }
            stableCount += 1
            let alone = String(Character(scalar))
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(value, radix: 16))")
            #expect(alone.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(alone.unicodeScalars), "U+\(String(value, radix: 16))")
        }
        #expect(stableCount > 20_000)
        for value in UInt32(0)..<0x30000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let parts = Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
            for later in parts.dropFirst() {
                #expect(!NFCStable.accepts(String(Character(later))), "U+\(String(later.value, radix: 16)) in U+\(String(value, radix: 16))")
            }
        }
        for text in ["Как развеселили себя президент России", "Ελληνικά κείμενα", "עברית", "العربية", "産経新聞「ニュース」、東京。", "한국어"] {
            #expect(TextNormalizer.nfc(text).unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars), "\(text)")
        }
        #expect(NFCStable.accepts("Как развеселили себя"))
        #expect(NFCStable.accepts("産経新聞「ニュース」、東京。"))
        #expect(!NFCStable.accepts("e\u{301}") && !NFCStable.accepts("\u{435}\u{308}") && !NFCStable.accepts("\u{304B}\u{3099}"))
    }

    @Test func recordBuilderNormalises() throws {
        let doc = try HTMLDocument(html: "<p>x</p>", url: URL(string: "https://news.example/read/1"))
        var e = Extraction()
        e.headline = "  Head&amp;line "
        e.body = [.paragraph(" one "), .paragraph(""), .paragraph("one"), .paragraph("two")]
        e.images = [ImageRef(url: "/i.jpg", caption: " cap ", role: .lead), ImageRef(url: "https://news.example/i.jpg", role: .inline)]
        e.authors = ["DINI", "dini", " "]
        e.language = "id-ID"
        let a = RecordBuilder.build(e, page: Page(document: doc, url: try #require(doc.url)), extractor: StubExtractor(id: "s", hosts: ["news.example"]))
        #expect(a.headline == "Head&line")
        #expect(a.body == [.paragraph("one"), .paragraph("two")])
        #expect(a.text == "one\n\ntwo")
        #expect(a.images == [ImageRef(url: "https://news.example/i.jpg", caption: "cap", role: .lead)])
        #expect(a.authors == ["DINI"])
        #expect(a.language == "id")
        #expect(a.contentHash == Hash64.hex(Hash64.of("one\n\ntwo")))
        #expect(a.extractor == "s/1")
    }
}

struct MirrorTests {
    @Test func aMirroredPageIsReadByThePluginOfItsCanonicalHost() throws {
        let pipeline = ArticleAssembler(registry: ExtractorRegistry([StubExtractor(id: "tempo", hosts: ["tempo.co"])]))
        let html = """
        <html><head><link rel="canonical" href="https://www.tempo.co/read/1/x"></head>
        <body><h1>Head</h1><article><p>Body.</p></article></body></html>
        """
        let a = try pipeline.extract(data: Data(html.utf8), url: URL(string: "http://127.0.0.1:8080/copy.html"))
        #expect(a.site == "tempo")
        #expect(a.url == "http://127.0.0.1:8080/copy.html")
        #expect(a.canonicalURL == "https://www.tempo.co/read/1/x")
    }
}

struct PersonNameTests {
    @Test func capitalsBecomeTitleCaseOthersStayAsPrinted() {
        #expect(TextNormalizer.personName("DINI TEJA") == "Dini Teja")
        #expect(TextNormalizer.personName("ANDI KURNIAWAN-PUTRA") == "Andi Kurniawan-Putra")
        #expect(TextNormalizer.personName("Dewi Contoh") == "Dewi Contoh")
        #expect(TextNormalizer.personName("de Jong") == "de Jong")
        #expect(TextNormalizer.personName("A") == "A")
    }
}
