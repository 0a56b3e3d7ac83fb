import Foundation
import KabarCore
import KabarHTML
import KabarTesting
@testable import SindonewsExtractor
import Testing

/// SINDOnews: URL rules, paging hooks, merge of a multi-page article, listing links and errors.
/// (The fixture pages themselves are checked field by field by `FixtureTests`.)
struct SindonewsTests {
    let site = Sindonews()

    /// Plain page-1 URLs kept as they are canonicalise as through `URLComponents`, on random
    /// article URLs (schemes, hosts, page suffixes, queries, escapes, odd slug characters).
    @Test func plainURLsCanonicaliseAsThroughComponents() {
        func reference(_ url: URL) -> URL {
            guard let address = ArticleAddress(url) else { return url }
            let kept = (URLComponents(url: url, resolvingAgainstBaseURL: true)?.queryItems ?? [])
                .filter { $0.name.lowercased() != "showpage" }
            return address.url(query: kept)
        }
        let schemes = ["https://", "http://", "HTTPS://"], hosts = ["daerah.sindonews.com", "Metro.sindonews.com", "nasional.sindonews.com"]
        let slugParts = ["festival", "-", "perahu", "festival", "-", "perahu", "festival", "-", "perahu", "(1)", "!", "%20", "é", "_", "~", ";", "="]
        let tails = ["", "", "", "", "/", "/2", "?showpage=all", "?a=1", "#x", "//"]
        var random = SeededRandom(seed: 13)
        var plain = 0
        for _ in 0..<5_000 {
            let slug = (0..<Int.random(in: 1...4, using: &random)).map { _ in slugParts.randomElement(using: &random)! }.joined()
            let string = schemes.randomElement(using: &random)! + hosts.randomElement(using: &random)! + "/read/1723418/174/" + slug
                + "-1781232420" + tails.randomElement(using: &random)!
            guard let url = URL(string: string) else { continue }
            if let address = ArticleAddress(url), address.isPlainPageOne(url) { plain += 1 }
            #expect(site.canonicalize(url).absoluteString == reference(url).absoluteString, "\(string)")
        }
        #expect(plain > 300)
    }

    /// The address's path parts split on bytes agree with the Characters' split they replace,
    /// on random paths (slashes, runs of them, CR LF, non-ASCII letters, a combining mark after a slash).
    @Test func pathPartsMatchTheCharacterSplit() {
        let pieces = ["/", "/", "//", "read", "1723418", "174", "festival-perahu", "-1781232420", "\r\n", "\r", "\n", "é", "\u{301}", "x", "2"]
        var random = SeededRandom(seed: 15)
        var ascii = 0
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 0...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if path.utf8.allSatisfy({ $0 < 0x80 }) { ascii += 1 }
            #expect(ArticleAddress.pathParts(path) == path.split(separator: "/", omittingEmptySubsequences: true), "\(path.debugDescription)")
        }
        #expect(ascii > 5_000)
    }

    /// The host and path read off a plain URL's string agree with Foundation's `host` and
    /// `path` (`ArticleAddress.referenceHostAndPath`), and so do whole addresses, on random
    /// URLs of every part a URL string can have: schemes in any case, ports, users, escapes,
    /// queries, fragments, dot segments, empty and trailing segments, relative URLs, non-ASCII.
    @Test func plainHostAndPathAgreeWithFoundation() {
        let schemes = ["https://", "http://", "HTTPS://", "Http://", "ftp://", "https:/", "https:", "httpx://", "//", ""]
        let hosts = ["daerah.sindonews.com", "Nasional.SINDONEWS.com", "metro.sindonews.com:443", "user@ekbis.sindonews.com",
                     "xn--bcher-kva.sindonews.com", "sports.sindonews.com.", "a-b.sindonews.com", "", "127.0.0.1", "[::1]", "x_y.sindonews.com"]
        let parts = ["/read", "/1723418", "/174", "/festival-perahu-1781232420", "/2", "/", "//", "/%31", "/a;b", "/..", "/.",
                     "/caf\u{E9}", "?showpage=all", "?a=1/2", "#top", "#/x", "/read/1/2/a-1781232420", "?", "/x%2Fy", "/A"]
        var random = SeededRandom(seed: 161)
        var plain = 0, addresses = 0, urls = 0
        for _ in 0..<20_000 {
            var string = schemes.randomElement(using: &random)! + hosts.randomElement(using: &random)!
            if Int.random(in: 0..<3, using: &random) == 0 {
                // An article's path, with a page, a query or a fragment after it.
                string += "/read/1723418/174/festival-perahu-1781232420" + ["", "/", "/2", "/12345", "?showpage=all", "#top", "/3/", "//"].randomElement(using: &random)!
            }
            for _ in 0..<Int.random(in: 0...6, using: &random) { string += parts.randomElement(using: &random)! }
            let base = Bool.random(using: &random) ? nil : URL(string: "https://daerah.sindonews.com/read/1/2/")
            guard let url = URL(string: string, relativeTo: base) else { continue }
            urls += 1
            let reference = ArticleAddress.referenceHostAndPath(url)
            if let fast = ArticleAddress.plainHostAndPath(url) {
                plain += 1
                #expect(fast.host == reference?.host, "\(url.absoluteString): \(fast), Foundation \(String(describing: reference))")
                // The path as written; Foundation drops trailing slashes, and only there may they differ.
                func trailingSlashesDropped(_ p: String) -> Substring { p.utf8.last == 0x2F ? p.dropLast(p.reversed().prefix { $0 == "/" }.count) : Substring(p) }
                #expect(reference.map { trailingSlashesDropped(fast.path) == trailingSlashesDropped($0.path) } == true, "\(url.absoluteString)")
                #expect(ArticleAddress.pathParts(fast.path) == reference.map { ArticleAddress.pathParts($0.path) }, "\(url.absoluteString)")
            }
            let address = ArticleAddress(url)
            if address != nil { addresses += 1 }
            #expect(address == ArticleAddress(reference: url), "\(url.absoluteString)")
        }
        #expect(urls > 10_000 && plain > 3_000 && addresses > 500, "\(urls) URLs, \(plain) plain, \(addresses) addresses")
    }

    /// The walk back for the editor's last line finds the node the XPath it replaced finds,
    /// in every element of random constructed pages (scripts, styles, noscript, comments,
    /// white space of every XPath kind, no-break spaces) and of the fixture pages.
    @Test func lastTextMatchesTheXPath() throws {
        let pieces = ["<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<script>var a=1;</script>", "<style>p{}</style>",
                      "<noscript>no</noscript>", "<noscript><p>in</p></noscript>", "<!-- c -->", " ", "\t", "\n", "\r",
                      "\u{A0}", "(ian)", "text", "<br>", "<span>", "</span>", "<ul><li>x</li><li> </li></ul>"]
        var random = SeededRandom(seed: 14)
        var pages: [HTMLDocument] = []
        for _ in 0..<300 {
            let body = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            pages.append(try HTMLDocument(html: "<html><body><div id=c>" + body + "</div></body></html>", url: URL(string: "https://x.sindonews.com/")!))
        }
        for file in try FileManager.default.contentsOfDirectory(at: Self.fixtures, includingPropertiesForKeys: nil) where file.pathExtension == "html" {
            pages.append(try HTMLDocument(data: Data(contentsOf: file), url: URL(string: "https://x.sindonews.com/")!))
        }
        var found = 0, checked = 0
        for page in pages {
            for element in page.select("*") {
                let expected = try element.xpath(SindonewsPage.lastTextExpression).first
                let walked = SindonewsPage.lastText(in: element)
                #expect(walked == expected, "\(element.outerHTML.prefix(300).debugDescription)")
                checked += 1
                if expected != nil { found += 1 }
            }
        }
        #expect(checked > 2_000 && found > 1_000, "\(checked) elements, \(found) with a last text")
    }

    /// The placeholder test on bytes agrees with `lowercased()` and Foundation's `contains`.
    @Test func placeholderTestAgreesWithFoundation() {
        let pieces = ["data:", "DATA:", "Data", ":", "pre-images", "PRE-", "images", "/loading", "/Loading", "blank.", "BLANK", ".",
                      "https://pict.sindonews.net/", "x", "é", "\u{212A}", "İ", "\u{301}", "/"]
        var random = SeededRandom(seed: 12)
        var placeholders = 0
        for _ in 0..<20_000 {
            let src = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let s = src.lowercased()
            let reference = s.hasPrefix("data:") || s.contains("pre-images") || s.contains("/loading") || s.contains("blank.")
            if reference { placeholders += 1 }
            #expect(SindonewsPage.isPlaceholder(src) == reference, "\(src.debugDescription)")
        }
        #expect(placeholders > 3_000)
    }

    static let base = "https://daerah.sindonews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420"
    static let fixtures = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures")

    func url(_ s: String) -> URL { URL(string: s)! }

    func page(_ file: String, _ address: String) throws -> Page {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
        let document = try HTMLDocument(data: data, url: url(address))
        return Page(document: document, url: url(address))
    }

    func page(html: String, _ address: String) throws -> Page {
        Page(document: try HTMLDocument(html: html, url: url(address)), url: url(address))
    }

    // MARK: isArticle

    @Test("article URLs", arguments: [
        base,
        base + "/2",
        base + "/15",
        base + "?showpage=all",
        base + "?showpage=2",
        base + "/",
        "http://international.sindonews.com/read/1399476/40/soal-denuklirisasi-putin-sebut-korut-butuh-jaminan-keamanan-1556181420",
        "https://nasional.sindonews.com/read/1458915/12/beredar-nama-calon-menteri-kabinet-prabowo-gibran-siapa-saja-1726812587",
        "https://metro.sindonews.com/read/1459403/171/heru-budi-erp-baru-bisa-diterapkan-jika-transportasi-umum-lengkap-1726877396",
        "https://ekbis.sindonews.com/read/1459383/34/as-ancam-rusia-dengan-sanksi-minyak-baru-1726873783",
        "https://sports.sindonews.com/read/1459395/50/timbang-badan-anthony-joshua-unggul-atas-daniel-dubois-aku-melihat-darah-segar-1726873757",
        "https://kalam.sindonews.com/read/1459413/70/jahm-ibn-shafwan-penganut-paham-jabariyah-yang-gunakan-unsur-yunani-1726877348",
        "https://edukasi.sindonews.com/read/1459463/211/sekolah-wartawan-ugm-raih-media-relations-award-2024-1726880961",
        "https://lifestyle.sindonews.com/read/1459479/186/3-skincare-untuk-mengatasi-kulit-kusam-akibat-polusi-1726884550",
        "https://otomotif.sindonews.com/read/1459500/120/mobil-listrik-baru-meluncur-1726890000",
        "https://tekno.sindonews.com/read/1459411/122/cara-download-ios-18-di-iphone-mana-saja-yang-bisa-instal-1726877378",
        "https://autotekno.sindonews.com/read/1290000/122/ponsel-lipat-pertama-1521000000",
        "https://sains.sindonews.com/read/1459600/768/gerhana-bulan-total-1726900000",
        "https://DAERAH.SindoNews.com/read/1723418/174/festival-perahu-bambu-1781232420",
    ])
    func articleURLs(_ address: String) {
        #expect(site.isArticle(url(address)), "\(address)")
    }

    @Test("not article URLs", arguments: [
        "https://www.sindonews.com/",
        "https://daerah.sindonews.com/",
        "https://daerah.sindonews.com/jawa-tengah",
        "https://www.sindonews.com/indeks/7/20?t=2026-06-12",
        "https://index.sindonews.com/index/0?t=2019-04-25",
        "https://index.sindonews.com/index/0/15?t=2019-04-25",
        "https://www.sindonews.com/blog/8417/wulan-sekarsari",
        "https://www.sindonews.com/tag/umkm",
        "https://www.sindonews.com/topic/tag/korea-utara",
        "https://www.sindonews.com/read/1723418/174/festival-perahu-bambu-1781232420",
        "https://hi-lite.sindonews.com/read/1458000/1/cerita-lama-1726000000",
        "https://scope.sindonews.com/read/1458000/1/laporan-khusus-1726000000",
        "https://media.sindonews.com/read/1458000/1/rilis-1726000000",
        "https://e.sindonews.com/read/1458000/1/koran-1726000000",
        "https://pict.sindonews.net/dyn/850/pena/news/2026/06/12/174/1723418/festival-qwe.jpg",
        "https://pict.sindonews.com/read/1458000/1/foto-1726000000",
        "https://am.sindonews.com/read/1458000/1/aset-1726000000",
        "https://asset.sindonews.com/read/1458000/1/aset-1726000000",
        "https://video.sindonews.com/play/106867/hut-ke-79-tni-gelar-pesta-rakyat-hingga-pameran-alutsista-di-monas",
        "https://mpi.sindonews.com/article/inews/1427447",
        "https://nasional.sindonews.com/read/1727611/a",
        "https://nasional.sindonews.com/read/1458915/12/beredar-nama-calon-menteri",
        "https://nasional.sindonews.com/read/1458915/12/1726812587",
        "https://nasional.sindonews.com/read/1458915/12/beredar-nama-1726812587/2/3",
        "https://nasional.sindonews.com/read/1458915/12/beredar-nama-1726812587/dua",
        "https://nasional.sindonews.com/baca/1458915/12/beredar-nama-1726812587",
        "https://daerah.sindonews.com.example.org/read/1723418/174/festival-1781232420",
        "https://www.tempo.co/read/1458915/12/beredar-nama-1726812587",
        "ftp://daerah.sindonews.com/read/1723418/174/festival-1781232420",
    ])
    func notArticleURLs(_ address: String) {
        #expect(!site.isArticle(url(address)), "\(address)")
    }

    // MARK: canonicalize, wholeArticleURL

    @Test func canonicalizeFoldsPagesAndShowpage() {
        let forms = [
            Self.base, Self.base + "/2", Self.base + "/3", Self.base + "/", Self.base + "?showpage=all",
            Self.base + "?showpage=2", Self.base + "/2?showpage=all",
            "http://daerah.sindonews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420",
        ]
        for form in forms {
            #expect(site.canonicalize(url(form)).absoluteString == Self.base, "\(form)")
        }
        // Through the shared canonicaliser too (lower-case host, no fragment, no utm_*).
        let messy = url("https://Daerah.SINDOnews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420/2?showpage=all&utm_source=twitter#komentar")
        #expect(URLCanonicalizer.canonicalize(messy, for: site).absoluteString == Self.base)
        // Other query parameters stay; non-article URLs are left alone.
        #expect(site.canonicalize(url(Self.base + "/2?showpage=all&x=1")).absoluteString == Self.base + "?x=1")
        let listing = url("https://www.sindonews.com/indeks/7/20?t=2026-06-12")
        #expect(site.canonicalize(listing) == listing)
    }

    @Test func wholeArticleURL() {
        let all = Self.base + "?showpage=all"
        for form in [Self.base, Self.base + "/2", Self.base + "/3", Self.base + "?showpage=2", Self.base + "?showpage=all",
                     "http://daerah.sindonews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420/2"] {
            #expect(site.wholeArticleURL(for: url(form))?.absoluteString == all, "\(form)")
        }
        #expect(site.wholeArticleURL(for: url("https://www.sindonews.com/")) == nil)
        #expect(site.wholeArticleURL(for: url("https://www.sindonews.com/indeks/0/0?t=2026-06-12")) == nil)
    }

    // MARK: nextPageURL

    @Test func nextPageFromThePager() throws {
        let first = try page("constructed-s2-festival-page1.html", Self.base)
        #expect(site.nextPageURL(first)?.absoluteString == Self.base + "/2")
        let second = try page("constructed-s2-festival-page2.html", Self.base + "/2")
        #expect(site.nextPageURL(second)?.absoluteString == Self.base + "/3")
    }

    @Test func noNextPageOnTheLastPageOrTheWholeArticle() throws {
        let last = try page("constructed-s2-festival-page3.html", Self.base + "/3")
        #expect(site.nextPageURL(last) == nil)
        let all = try page("constructed-s2-festival-showpage-all.html", Self.base + "?showpage=all")
        #expect(site.nextPageURL(all) == nil)
        let single = try page("constructed-s1-2019-denuklirisasi.html",
                              "https://international.sindonews.com/read/1399476/40/soal-denuklirisasi-putin-sebut-korut-butuh-jaminan-keamanan-1556181420")
        #expect(site.nextPageURL(single) == nil)
    }

    @Test func nextPageFromTotalPageWhenThereIsNoPager() throws {
        let html = """
            <html lang="id"><head><script>var total_page = 2;</script></head><body>
            <h1 class="detail-title">Judul</h1><div id="detail-desc">Teks.</div></body></html>
            """
        #expect(site.nextPageURL(try page(html: html, Self.base))?.absoluteString == Self.base + "/2")
        #expect(site.nextPageURL(try page(html: html, Self.base + "/2")) == nil)
    }

    @Test func itsPagesKeepTheirScriptsOnTheExtractionPath() throws {
        // Extraction parses a page without its scripts' text unless the extractor reads them:
        // Sindonews reads `total_page` from one.
        let html = """
            <html lang="id"><head><script>var total_page = 2;</script></head><body>
            <h1 class="detail-title">Judul</h1><div id="detail-desc">Teks.</div></body></html>
            """
        var assembly = try ArticleAssembler(registry: ExtractorRegistry([site])).open(.init(data: Data(html.utf8), url: URL(string: Self.base)!))
        #expect(assembly.first.document.scriptText == .scriptsContaining(["total_page", "current_page"]))
        #expect(assembly.nextPage()?.absoluteString == Self.base + "/2")
    }

    @Test func itsPagesKeepOnlyThePagingScriptOnTheExtractionPath() throws {
        // Page 2 saved without its pager (constructed from the fixture: the pager cut out) and
        // read under page 1's address, as a saved copy is: only its `current_page` script says
        // which page it is, and only the paging script's text is parsed among its plain scripts.
        let fixture = try String(contentsOf: Self.fixtures.appendingPathComponent("constructed-s2-festival-page2.html"), encoding: .utf8)
        let pager = try #require(fixture.range(of: #"<div class="paging-artikel">"#))
        let pagerEnd = try #require(fixture.range(of: "</div>", range: pager.upperBound..<fixture.endIndex))
        let html = fixture.replacingCharacters(in: pager.lowerBound..<pagerEnd.upperBound, with: "")
        let assembly = try ArticleAssembler(registry: ExtractorRegistry([site])).open(.init(data: Data(html.utf8), url: url(Self.base)))
        #expect(assembly.continuationURL?.absoluteString == Self.base + "/2")
        let texts = assembly.first.document.select("script").map(\.rawText).filter { !$0.isEmpty }
        #expect(texts.count == 1)
        #expect(texts.first?.contains("var current_page = 2;") == true)
        // The same page with every plain script left out would be read as page 1.
        let elided = try HTMLDocument(data: Data(html.utf8), url: url(Self.base), scripts: .jsonOnly)
        #expect(site.continuationURL(of: Page(document: elided, url: url(Self.base))) == nil)
    }

    // MARK: merge

    @Test func mergedPagesEqualTheShowpageAllPage() throws {
        let pages = try [
            page("constructed-s2-festival-page1.html", Self.base),
            page("constructed-s2-festival-page2.html", Self.base + "/2"),
            page("constructed-s2-festival-page3.html", Self.base + "/3"),
        ]
        let merged = site.merge(try pages.map { try site.extract($0) })
        let record = RecordBuilder.build(merged, page: pages[0], extractor: site)

        let allPage = try page("constructed-s2-festival-showpage-all.html", Self.base + "?showpage=all")
        let whole = RecordBuilder.build(try site.extract(allPage), page: allPage, extractor: site)

        #expect(whole.body.count == 10)
        #expect(record.body == whole.body)
        #expect(record.text == whole.text)
        #expect(record.contentHash == whole.contentHash)
        #expect(record.headline == whole.headline)
        #expect(record.images == whole.images)
        #expect(record.authors == whole.authors)
        #expect(record.canonicalURL == whole.canonicalURL)
        #expect(record.publishedAt == whole.publishedAt)
        #expect(record.metadata["pages"] == "3")
        #expect(record.metadata["editor"] == "shf")
        // Page 1's JSON-LD dateModified survives the merge; the showpage=all page has none.
        #expect(record.modifiedAt == "2026-06-12T10:05:00+07:00")

        // Pages 1 + 2 alone give the first seven paragraphs of the whole article.
        let firstTwo = RecordBuilder.build(site.merge(try pages.prefix(2).map { try site.extract($0) }), page: pages[0], extractor: site)
        #expect(firstTwo.body == Array(whole.body.prefix(7)))
        #expect(firstTwo.metadata["pages"] == "2")
    }

    // MARK: listingLinks

    @Test(.enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.missingReason)))
    func listingLinksOfThe2024HomePage() throws {
        let file = Corpus.file("sindonews/listing/2024-09-homepage-browser-saved.html")
        let address = url("https://www.sindonews.com/")
        let document = try HTMLDocument(data: Data(contentsOf: file), url: address)
        let links = site.listingLinks(Page(document: document, url: address)).map(\.absoluteString)
        // 42 distinct article URLs: 33 in `.desc-kanal.news-title`, 4 more in the headline grid's
        // `.desc-kanal`, 5 more in "Terpopuler" (the "Pilihan" link is among them); the video,
        // mpi. and channel links are not articles.
        #expect(links.count == 42)
        #expect(Set(links).count == links.count)
        #expect(links.contains("https://nasional.sindonews.com/read/1458915/12/beredar-nama-calon-menteri-kabinet-prabowo-gibran-siapa-saja-1726812587"))
        #expect(links.contains("https://metro.sindonews.com/read/1459477/171/serunya-cawagub-suswono-main-bareng-cucu-di-tebet-eco-park-1726884590"))
        #expect(links.contains("https://international.sindonews.com/read/1459283/45/5-misteri-serangan-pager-dan-walkie-talkie-hizbullah-salah-satunya-operasi-intelijen-yang-terkoordinasi-1726841384"))
        #expect(!links.contains { $0.contains("video.sindonews.com") || $0.contains("mpi.sindonews.com") })
        #expect(links.allSatisfy { site.isArticle(url($0)) })
    }

    @Test func listingLinksOfTheIndexPages() throws {
        let html = """
            <html><body>
            <div class="list-article"><div class="title-article news-title"><a href="https://daerah.sindonews.com/read/1723418/174/festival-1781232420/2">Festival</a></div>
              <div class="sub-kanal">Jawa Tengah</div><div class="date-article">Jumat, 12 Juni 2026 - 09:47 WIB</div></div>
            <div class="list-article"><div class="title-article news-title"><a href="https://nasional.sindonews.com/read/1723301/12/rapat-kerja-1781208000">Rapat</a></div></div>
            <div class="indeks-news"><div class="indeks-title"><a href="https://international.sindonews.com/read/1399476/40/soal-denuklirisasi-1556181420">Soal</a></div></div>
            <div class="nav"><a href="https://sports.sindonews.com/read/1723288/11/timnas-1781204400">Timnas</a></div>
            <ul class="pagination"><li><a href="https://www.sindonews.com/indeks/0/20?t=2026-06-12" data-ci-pagination-page="2">2</a></li></ul>
            </body></html>
            """
        let links = site.listingLinks(try page(html: html, "https://www.sindonews.com/indeks/0/0?t=2026-06-12")).map(\.absoluteString)
        #expect(links == [
            "https://daerah.sindonews.com/read/1723418/174/festival-1781232420",
            "https://nasional.sindonews.com/read/1723301/12/rapat-kerja-1781208000",
            "https://international.sindonews.com/read/1399476/40/soal-denuklirisasi-1556181420",
        ])
    }

    @Test func listingLinksFallBackToEveryArticleLink() throws {
        let html = """
            <html><body><ul class="other-layout">
            <li><a href="/">Home</a></li>
            <li><a href="https://sports.sindonews.com/read/1723288/11/timnas-1781204400?showpage=all">Timnas</a></li>
            <li><a href="https://sports.sindonews.com/read/1723288/11/timnas-1781204400/2">Timnas 2</a></li>
            <li><a href="https://www.sindonews.com/tag/timnas">Tag</a></li>
            </ul></body></html>
            """
        let links = site.listingLinks(try page(html: html, "https://sports.sindonews.com/")).map(\.absoluteString)
        #expect(links == ["https://sports.sindonews.com/read/1723288/11/timnas-1781204400"])
    }

    // MARK: pieces of extraction

    @Test func s1BylineAndPrintedTagsWhenThereAreNoKeywords() throws {
        let address = "https://nasional.sindonews.com/read/1187654/12/dpr-sahkan-ruu-1489731000"
        let html = """
            <html><body><div class="article"><h1>DPR Sahkan RUU</h1>
            <div class="reporter"><p><a href="https://www.sindonews.com/author/1">SABIR LALUHU</a></p></div>
            <div id="content">JAKARTA - Paragraf satu.<br><br><b>Baca Juga</b>: <a href="https://nasional.sindonews.com/read/1/1/x-1489000000">Lain</a><br><br>Paragraf dua.<br><br>(kri)</div>
            <div class="article-tags"><a href="/tag/dpr">DPR</a><a href="/tag/ruu">RUU</a></div></div></body></html>
            """
        let e = try site.extract(try page(html: html, address))
        #expect(e.metadata["design"] == "S1")
        #expect(e.authors == ["Sabir Laluhu"])
        #expect(e.tags == ["DPR", "RUU"])
        #expect(e.body.map(\.text) == ["JAKARTA - Paragraf satu.", "Paragraf dua."])
        #expect(e.metadata["editor"] == "kri")
        // No printed date: the Unix time in the URL (1489731000 = 2017-03-17 06:10 UTC).
        #expect(e.published?.iso8601 == "2017-03-17T13:10:00+07:00")
    }

    @Test func bacaJugaFormsAndEmbedsAreNotText() throws {
        let html = """
            <html lang="id"><body><h1 class="detail-title">Judul</h1><div id="detail-desc">
            <strong>JAKARTA</strong> - Satu.<br><br>
            <strong>Baca Juga:</strong><br><a class="int-link" href="https://nasional.sindonews.com/read/2/1/b-1781000000">Tautan B</a><br><br>
            Dua.<br><br>
            <b>Baca juga</b> <strong><a href="https://nasional.sindonews.com/read/3/1/c-1781000000">Tautan C</a></strong><br><br>
            Tiga <a class="int-link" href="https://www.sindonews.com/tag/x">dengan tautan</a>.<br><br>
            <strong>Baca Juga: <a href="https://nasional.sindonews.com/read/4/1/d-1781000000">Tautan D</a></strong><br><br>
            <div class="mt20 v-youtube"><iframe src="https://www.youtube.com/embed/x"></iframe>Video terkait</div>
            Empat.<br><br>loading...<br><br>Halaman : 1 2<br><br>
            <span id="ads_inline"><ins class="adsbygoogle"></ins>Iklan</span>
            </div></body></html>
            """
        let e = try site.extract(try page(html: html, Self.base))
        #expect(e.body.map { TextNormalizer.clean($0.text) ?? "" } == ["JAKARTA - Satu.", "Dua.", "Tiga dengan tautan.", "Empat."])
        #expect(e.metadata["editor"] == nil)
    }

    // MARK: errors

    @Test func aPageWithNoArticleThrowsNamingTheURL() throws {
        let address = Self.base
        let html = "<html><head><title>SINDOnews</title></head><body><div class=\"header\">Menu</div></body></html>"
        #expect {
            try site.extract(try page(html: html, address))
        } throws: { error in
            guard let e = error as? ExtractionError else { return false }
            return e.url == address && e.description.contains(address)
        }
    }

    @Test func anS2PageWithAnEmptyBodyThrowsNamingTheURL() throws {
        let address = Self.base + "/2"
        let html = """
            <html><body><h1 class="detail-title">Judul</h1><div id="detail-desc"><div class="editor">(shf)</div>
            <div id="ads_inarticle_1"><ins class="adsbygoogle"></ins></div></div></body></html>
            """
        #expect {
            try site.extract(try page(html: html, address))
        } throws: { error in
            guard let e = error as? ExtractionError else { return false }
            return e.url == address && e.reason.contains("body")
        }
    }

    @Test func anS2PageWithNoHeadlineThrows() throws {
        let html = "<html><body><div id=\"detail-desc\">Teks saja.</div></body></html>"
        #expect(throws: ExtractionError.self) { try site.extract(try page(html: html, Self.base)) }
    }

    @Test func throughThePipelineTheErrorNamesTheURL() throws {
        let pipeline = ArticleAssembler(registry: ExtractorRegistry([site]))
        do {
            _ = try pipeline.extract(data: Data("<html><body><p>Nothing here</p></body></html>".utf8), url: url(Self.base))
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains(Self.base))
        }
    }
}
