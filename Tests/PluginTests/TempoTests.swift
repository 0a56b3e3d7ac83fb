import Foundation
import KabarCore
import KabarHTML
import KabarTesting
@testable import TempoExtractor
import Testing

/// Tempo's URL rules, design choice, listing pages and failures. The field-by-field checks of
/// each fixture page are in `FixtureTests`.
struct TempoTests {
    let tempo = Tempo()

    // MARK: isArticle

    static let articleURLs = [
        // 2013–16, kanal subdomains and the English edition
        "http://gaya.tempo.co/read/news/2015/11/05/060716092/ini-7-alasan-mengapa-orang-malas-bergerak",
        "http://nasional.tempo.co/read/news/2015/11/05/058716101/abu-gunung-barujari-ganggu-37-penerbangan-di-bandara-juanda",
        "http://en.tempo.co/read/news/2015/11/04/055715684,uk.html/Indonesia-can-Learn-from-Finlands-Peatland-Fire-Case-Pratikno",
        "http://foto.tempo.co/read/beritafoto/32715/mengenal-lebih-dalam-kehebatan-bunga-matahari",
        // 2017–24, any kanal subdomain, full-page view, ABC syndication
        "https://dunia.tempo.co/read/1199180/putin-sebut-pertemuan-dengan-kim-jong-un-bermanfaat",
        "https://nasional.tempo.co/read/1457804/contoh-judul-berita",
        "https://metro.tempo.co/read/1438120/hujan-deras-sejumlah-ruas-jalan-di-jakarta-tergenang",
        "https://bisnis.tempo.co/read/1581141/contoh-judul/full&view=ok",
        "http://cekfakta.tempo.co/read/1928595/contoh-judul",
        "https://www.tempo.co/abc/1380917/contoh-judul-abc",
        // magazine and newspaper
        "https://majalah.tempo.co/read/laporan-utama/162001/contoh-judul-majalah",
        "https://koran.tempo.co/read/nasional/456789/contoh-judul-koran",
        // 2024+
        "https://www.tempo.co/ekonomi/trump-umumkan-tarif-impor-baru-ke-60-negara-2277913",
        "https://www.tempo.co/lingkungan/mangrove-di-pesisir-demak-mulai-pulih-2291547",
        "https://www.tempo.co/investigasi/jejak-tambang-pasir-ilegal-di-pesisir-utara-2291602?page=2",
    ]

    static let nonArticleURLs = [
        // home pages and listings
        "http://tempo.co/", "https://www.tempo.co/", "http://gaya.tempo.co", "http://en.tempo.co/",
        "https://www.tempo.co/indeks", "https://www.tempo.co/indeks?page=3&category=newsAccess&access=FREE",
        "https://www.tempo.co/ekonomi", "https://www.tempo.co/ekonomi/_payload.json",
        // people, tags, topics (2024 ones end in digits too)
        "https://www.tempo.co/penulis/eko-contoh-1201", "https://www.tempo.co/penulis/eko-contoh-1201234",
        "https://www.tempo.co/tag/mangrove", "https://www.tempo.co/tag/tarif-impor-2277913",
        "http://www.tempo.co/topik/masalah/2680/info-kesehatan", "https://www.tempo.co/search?q=putin",
        // images and other assets (photo galleries' pictures included)
        "http://cdn.tmpo.co/data/2015/10/29/id_449444/449444_620.jpg",
        "https://statik.tempo.co/data/2019/04/25/id_837027/837027_720.jpg",
        "http://statik.tempo.co/?id=424572", "http://images.tempo.co/?id=450442&width=90",
        "https://images-tm.tempo.co/all/2022/06/21/803408/803408_720.jpg",
        "https://www.tempo.co/img/logo-tempo-ads.svg",
        "https://foto.tempo.co/read/beritafoto/32715/foto-1.jpg",
        "http://rss.tempo.co/index.php/teco/news/feed/start/0/limit/10/kanal/3",
        // not described as articles, or not Tempo
        "http://video.tempo.co/read/2015/06/08/3171/jus-pinang-untuk-obat-pegal-begini-cara-pembuatannya",
        "https://nasional.sindonews.com/read/1727611/12/contoh-1652933124",
        "https://tempo.co.evil.example/read/1199180/putin",
        "mailto:redaksi@tempo.co.id",
    ]

    @Test("article URLs", arguments: articleURLs)
    func articleURL(_ string: String) throws {
        let url = try #require(URL(string: string))
        #expect(tempo.isArticle(url), "\(string) should be an article")
    }

    @Test("non-article URLs", arguments: nonArticleURLs)
    func nonArticleURL(_ string: String) throws {
        let url = try #require(URL(string: string))
        #expect(!tempo.isArticle(url), "\(string) should not be an article")
    }

    // MARK: canonicalize

    static let canonicalCases: [(String, String)] = [
        // 2013–16 URLs stay http, as given
        ("http://gaya.tempo.co/read/news/2015/11/05/060716092/ini-7-alasan-mengapa-orang-malas-bergerak",
         "http://gaya.tempo.co/read/news/2015/11/05/060716092/ini-7-alasan-mengapa-orang-malas-bergerak"),
        ("http://en.tempo.co/read/news/2015/11/04/055715684,uk.html/Indonesia-can-Learn-from-Finlands-Peatland-Fire-Case-Pratikno#komentar",
         "http://en.tempo.co/read/news/2015/11/04/055715684,uk.html/Indonesia-can-Learn-from-Finlands-Peatland-Fire-Case-Pratikno"),
        // full-page view folded, http upgraded for the 2017+ forms
        ("https://dunia.tempo.co/read/1199180/putin-sebut-pertemuan/full&view=ok",
         "https://dunia.tempo.co/read/1199180/putin-sebut-pertemuan"),
        ("http://dunia.tempo.co/read/1199180/putin-sebut-pertemuan/full?view=ok",
         "https://dunia.tempo.co/read/1199180/putin-sebut-pertemuan"),
        ("http://nasional.tempo.co/read/1457804/contoh-judul?utm_source=twitter&utm_medium=social",
         "https://nasional.tempo.co/read/1457804/contoh-judul"),
        // ?page= stripped, other parameters kept
        ("https://www.tempo.co/ekonomi/trump-umumkan-tarif-impor-baru-ke-60-negara-2277913?page=2",
         "https://www.tempo.co/ekonomi/trump-umumkan-tarif-impor-baru-ke-60-negara-2277913"),
        ("https://WWW.Tempo.co/ekonomi/trump-umumkan-tarif-impor-baru-ke-60-negara-2277913?page=3&src=home",
         "https://www.tempo.co/ekonomi/trump-umumkan-tarif-impor-baru-ke-60-negara-2277913?src=home"),
        // not an article form: scheme kept
        ("http://www.tempo.co/indeks?page=2", "http://www.tempo.co/indeks"),
        // the home page (an empty path once crashed the form test)
        ("http://www.tempo.co/", "http://www.tempo.co/"),
    ]

    @Test("canonical URLs", arguments: canonicalCases)
    func canonical(_ input: String, _ expected: String) throws {
        let url = try #require(URL(string: input))
        #expect(URLCanonicalizer.canonicalize(url, for: tempo).absoluteString == expected)
    }

    /// The fast path for plain URLs gives what `URLComponents` gives, on random URLs of
    /// Tempo's forms and others (http and https, `/full`, trailing slashes, sub-delimiters),
    /// and it is taken for most of them.
    @Test func plainURLsCanonicaliseAsThroughComponents() throws {
        let hosts = ["tempo.co", "www.tempo.co", "gaya.tempo.co", "majalah.tempo.co", "koran.tempo.co", "en.tempo.co", "foto.tempo.co"]
        let segments = ["read", "news", "abc", "beritafoto", "2015", "11", "5", "055715684,uk.html", "1199180", "12345",
                        "putin-sebut", "ekonomi", "tag", "slug-kata-2291547", "full", "FULL", "full&view=ok", "x;y=z",
                        "a:b", "@", "~x", "!$()*+,", "Read", ""]
        var random = SeededRandom(seed: 3)
        var fast = 0
        for _ in 0..<5_000 {
            let path = (0..<Int.random(in: 0...7, using: &random)).map { _ in segments.randomElement(using: &random)! }.joined(separator: "/")
            let scheme = Bool.random(using: &random) ? "http" : "https"
            let string = "\(scheme)://\(hosts.randomElement(using: &random)!)/\(path)" + (Int.random(in: 0..<6, using: &random) == 0 ? "/" : "")
            let url = try #require(URL(string: string))
            if Tempo.plainCanonical(url) != nil { fast += 1 }
            #expect(tempo.canonicalize(url).absoluteString == Tempo.canonicalizedByComponents(url).absoluteString, "\(string)")
        }
        #expect(fast > 2_500)
    }

    /// The boilerplate test's first-two-bytes shortcut turns away only texts the whole test
    /// (folded, lower-cased, compared) turns away too.
    @Test func boilerplateShortcutAgreesWithTheWholeTest() {
        func reference(_ text: String) -> Bool {
            let lower = (TempoCommon.clean(text) ?? "").lowercased()
            guard !lower.isEmpty else { return false }
            return TempoCommon.boilerplateLines.contains(lower) || TempoCommon.boilerplatePrefixes.contains { lower.hasPrefix($0) }
        }
        let pieces = ["Baca", "BACA", " juga", ":", "Iklan", "iklan", "Pilihan Editor", "scroll ke bawah untuk melanjutkan membaca",
                      "Advertisement", "no comments:", "Post a comment", "TEMPO.CO", "b", "a", "c", " ", "\u{A0}", "\t", "\n",
                      "\u{3000}", "é", "\u{130}klan", "\u{212A}", "B\u{301}aca", "x"]
        var random = SeededRandom(seed: 9)
        var shortcut = 0, boilerplate = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let expected = reference(text)
            if TempoCommon.startsNoBoilerplate(text) {
                shortcut += 1
                #expect(!expected, "\(text.debugDescription)")
            }
            #expect(TempoCommon.isBoilerplate(text) == expected, "\(text.debugDescription)")
            if expected { boilerplate += 1 }
        }
        #expect(shortcut > 5_000 && boilerplate > 1_000)
    }

    /// The inline "Baca juga" paragraph test, which reads the start of a paragraph's text where
    /// that answers, against the whole text's test, on every element of random paragraphs with
    /// markup, line breaks and white space before the words, and of the Tempo fixture pages.
    @Test func readAlsoParagraphTestAgreesWithTheWholeTextsTest() throws {
        func reference(_ node: HTMLNode) -> Bool { node.tag == "p" && TempoCommon.isBoilerplate(node.text) }
        let pieces = ["Baca", "BACA", " juga", ":", "Iklan", "iklan", "Pilihan Editor", "TEMPO.CO", "b", "a", " ", "\u{A0}", "\n",
                      "\u{200B}", "é", "B\u{301}aca", "<b>Baca</b>", "<br>", "<strong>Baca juga</strong>", "<a href=x>Lain</a>", "<span> </span>"]
        var random = SeededRandom(seed: 16)
        var pages: [HTMLDocument] = []
        for _ in 0..<200 {
            let paragraphs = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                "<p>" + (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() + "</p>"
            }
            pages.append(try HTMLDocument(html: "<html><body><div>" + paragraphs.joined() + "</div></body></html>"))
        }
        for fixture in Fixture.all(in: "Plugins/Tempo") where fixture.isAvailable {
            pages.append(try HTMLDocument(data: Data(contentsOf: fixture.pageFile)))
        }
        var paragraphs = 0, readAlso = 0
        for page in pages {
            for node in page.select("*") {
                let expected = reference(node)
                #expect(TempoCommon.isReadAlsoParagraph(node) == expected, "\(node.outerHTML.debugDescription)")
                if node.tag == "p" { paragraphs += 1 }
                if expected { readAlso += 1 }
            }
        }
        #expect(paragraphs > 500 && readAlso > 20)
    }

    /// The caption's site label test and the ad image test on bytes agree with Foundation's
    /// trimming and lower-casing, on random labels and URLs.
    @Test func siteLabelAndAdImageTestsAgreeWithFoundation() {
        let pieces = ["Tempo", "TEMPO", "tempo", "temp", "o", " ", ".", "..", "\u{A0}", "é", "\u{212A}", "İ", "x", "/ads/", "/ADS/",
                      "Logo-Tempo-Ads", "doubleclick", "DoubleClick", "\u{301}", "|"]
        var random = SeededRandom(seed: 11)
        var labels = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let label = text.trimmingCharacters(in: CharacterSet(charactersIn: " .")).lowercased() == "tempo"
            if label { labels += 1 }
            #expect(TempoCommon.isSiteLabel(text[...]) == label, "\(text.debugDescription)")
            let s = text.lowercased()
            #expect(TempoCommon.isAdImage(text) == (s.contains("logo-tempo-ads") || s.contains("/ads/") || s.contains("doubleclick")), "\(text.debugDescription)")
        }
        #expect(labels > 500)
    }

    // MARK: Design choice

    /// Each fixture page must be read by the design it was written in.
    static let designs: [String: String] = [
        "real-2015-gaya-malas-bergerak": "T1",
        "real-2015-en-peatland-fire": "T1",
        "constructed-2017-putin-kim": "T2",
        "constructed-2021-hujan-jakarta": "T3",
        "constructed-2024-mangrove-demak": "T4",
        "constructed-2024-paywall-tambang-pasir": "T4",
    ]

    static var fixtures: [Fixture] { Fixture.all(in: "Plugins/Tempo") }

    @Test func everyFixtureHasAKnownDesign() {
        #expect(Set(Self.fixtures.map(\.name)) == Set(Self.designs.keys))
    }

    @Test("design chosen by the page's content", arguments: fixtures)
    func designChoice(_ fixture: Fixture) throws {
        guard fixture.isAvailable else { return } // a real page without the corpus: FixtureTests reports the skip
        let want = try #require(Self.designs[fixture.name])
        let document = try HTMLDocument(data: Data(contentsOf: fixture.pageFile), url: fixture.url)
        let page = Page(document: document, url: try #require(fixture.url))
        let extraction = try tempo.extract(page)
        #expect(extraction.metadata["design"] == want, "\(fixture.name)")
        // The fixture's expected metadata agrees.
        if case .object(let metadata)? = fixture.expected["metadata"] {
            #expect(metadata["design"] == .string(want))
        }
    }

    @Test func designIsNotChosenByDate() throws {
        // A 2024-design page served under an old-style URL is still read as T4, and the 2015
        // markup under a 2024-style URL as T1.
        let t4 = try Self.page("""
            <html lang="id"><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul","datePublished":"2026-07-24T11:32:00+07:00","isAccessibleForFree":true,"articleBody":"Satu.\\nDua."}</script></head>
            <body><h1 class="text-[26px]">Judul</h1><div id="content-wrapper"><p>Satu.</p></div></body></html>
            """, url: "http://gaya.tempo.co/read/news/2015/11/05/060716092/judul")
        #expect(try tempo.extract(t4).metadata["design"] == "T4")
        let t1 = try Self.page("""
            <html lang="id"><body><div class="artikel"><h1>Judul</h1><div class="block-tanggal">Kamis, 05 November 2015 | 11:13 WIB</div>
            <p><strong>TEMPO.CO</strong>, <strong>Jakarta</strong> - Satu.<br /> <br /> Dua.<br /> <br /> <strong>DINI TEJA</strong></p></div></body></html>
            """, url: "https://www.tempo.co/ekonomi/judul-2277913")
        let e = try tempo.extract(t1)
        #expect(e.metadata["design"] == "T1")
        #expect(e.authors == ["Dini Teja"])
        #expect(e.body.map(\.text) == ["TEMPO.CO, Jakarta - Satu.", "Dua."])
    }

    // MARK: Listing pages

    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func listing2015HomePage() throws {
        let page = try Self.corpusPage("tempo/listing/2015-homepage.html", url: "http://tempo.co/")
        let links = tempo.listingLinks(page).map(\.absoluteString)
        // ul.list-terkini holds 22 stories (counted in the page: 22 `div.box-text h3 a`, all distinct).
        #expect(links.count == 22)
        #expect(links.first == "http://nasional.tempo.co/read/news/2015/11/05/058716101/abu-gunung-barujari-ganggu-37-penerbangan-di-bandara-juanda")
        #expect(links.contains("http://gaya.tempo.co/read/news/2015/11/05/060716092/ini-7-alasan-mengapa-orang-malas-bergerak"))
        #expect(links.last == "http://dunia.tempo.co/read/news/2015/11/05/115716073/banyak-suara-aneh-di-kokpit-pesawat-rusia-jatuh-di-sinai")
        #expect(links.allSatisfy { $0.hasPrefix("http://") })
    }

    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func listing2015EnglishHomePage() throws {
        let page = try Self.corpusPage("tempo/listing/2015-en-homepage.html", url: "http://en.tempo.co/")
        let links = tempo.listingLinks(page).map(\.absoluteString)
        // ul.indeks-list holds 37 stories, with relative links resolved against en.tempo.co.
        #expect(links.count == 37)
        #expect(links.first == "http://en.tempo.co/read/news/2015/11/04/055715866,uk.html/Three-Earthquakes-Hit-Alor-Damaging-Dozens-of-Homes")
        #expect(links.contains("http://en.tempo.co/read/news/2015/11/04/055715684,uk.html/Indonesia-can-Learn-from-Finlands-Peatland-Fire-Case-Pratikno"))
    }

    @Test func listingIndexPage() throws {
        let page = try Self.page("""
            <html><body><nav><a href="/penulis/eko-contoh-1201">Eko</a><a href="/tag/mangrove">mangrove</a></nav>
            <div class="card"><div class="title"><a href="/lingkungan/mangrove-di-pesisir-demak-mulai-pulih-2291547?page=1">Mangrove</a></div></div>
            <div class="card"><div class="title"><a href="https://metro.tempo.co/read/1438120/hujan-deras">Hujan</a></div></div>
            <div class="card"><div class="title"><a href="/indeks?page=2">Berikutnya</a></div></div>
            <aside><a href="/ekonomi/lain-lain-2277913">Not in the index list</a></aside></body></html>
            """, url: "https://www.tempo.co/indeks")
        #expect(tempo.listingLinks(page).map(\.absoluteString) == [
            "https://www.tempo.co/lingkungan/mangrove-di-pesisir-demak-mulai-pulih-2291547",
            "https://metro.tempo.co/read/1438120/hujan-deras",
        ])
    }

    @Test func listingFallsBackToEveryArticleLink() throws {
        let page = try Self.page("""
            <html><body><a href="https://nasional.tempo.co/read/1457804/satu">1</a><a href="/tag/x">x</a>
            <a href="https://nasional.tempo.co/read/1457804/satu#top">1 again</a><a href="/politik/dua-2290001">2</a></body></html>
            """, url: "https://www.tempo.co/")
        #expect(tempo.listingLinks(page).map(\.absoluteString) == [
            "https://nasional.tempo.co/read/1457804/satu", "https://www.tempo.co/politik/dua-2290001",
        ])
    }

    // MARK: Failures

    @Test func pageWithoutHeadlineOrBodyThrowsNamingTheURL() throws {
        let url = "https://dunia.tempo.co/read/1199180/kosong"
        let empty = try Self.page("<html id=\"tempoco-2017\"><head><title>Tempo</title></head><body><div id=\"isi\"></div></body></html>", url: url)
        let error = try #require(throws: ExtractionError.self) { try tempo.extract(empty) }
        #expect(error.url == url)
        #expect(error.description.contains(url))

        let unknown = try Self.page("<html><body><p>Halaman tidak ditemukan</p></body></html>", url: "https://www.tempo.co/hukum/hilang-2290000")
        let error2 = try #require(throws: ExtractionError.self) { try tempo.extract(unknown) }
        #expect(error2.url == "https://www.tempo.co/hukum/hilang-2290000")

        let noBody = try Self.page("""
            <html><body><article class="detail-artikel"><div class="detail-title"><h1 class="title">Judul</h1></div>
            <div class="detail-in" id="isi"><div class="banner728">iklan</div></div></article></body></html>
            """, url: "https://metro.tempo.co/read/1438120/judul")
        let error3 = try #require(throws: ExtractionError.self) { try tempo.extract(noBody) }
        #expect(error3.description.contains("https://metro.tempo.co/read/1438120/judul"))
        #expect(error3.reason.contains("body"))
    }

    // MARK: Helpers

    static func page(_ html: String, url: String) throws -> Page {
        let u = try #require(URL(string: url))
        return Page(document: try HTMLDocument(html: html, url: u), url: u)
    }

    static func corpusPage(_ path: String, url: String) throws -> Page {
        let u = try #require(URL(string: url))
        let data = try Data(contentsOf: Corpus.file(path))
        return Page(document: try HTMLDocument(data: data, url: u), url: u)
    }
}
