import Foundation
import KabarCore
import KabarHTML
import KabarTesting
@testable import SindonewsExtractor
import Testing

/// SINDOnews' body against the code it replaced, kept here as the reference: the noise
/// selected once over the column and shared out to the body's nodes, and the furniture test
/// passed over for paragraphs that cannot be furniture.
struct SindonewsBodyTests {
    static let fixtures = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures")
    static let address = URL(string: "https://daerah.sindonews.com/read/1730001/174/pasar-apung-banjarmasin-kembali-ramai-1785650000")!

    /// `SindonewsPage.body` as it was: the noise selector run over the column, and again in
    /// each node after its inline "Baca Juga" links are taken out; every paragraph cleaned
    /// and tested for furniture.
    static func referenceBody(of containers: [HTMLNode], column: HTMLNode?, editor: inout String?, images: inout [ImageRef]) -> [Block] {
        guard let last = containers.last else { return [] }
        editor = SindonewsPage.editorInitials(in: last)
        let noise = Set((column ?? last.parent ?? last).select(SindonewsPage.noiseSelector))
        let found = ArticleColumn(containers: containers, column: column, isNoise: { noise.contains($0) })
        let nodes = found?.nodes ?? containers
        var skipped = Set<HTMLNode>()
        for node in nodes {
            SindonewsPage.removeBacaJuga(in: node)
            for noisy in node.select(SindonewsPage.noiseSelector) {
                if TextFlow.blocks.contains(noisy.tag) {
                    for child in noisy.childNodes { child.remove() }
                } else {
                    skipped.insert(noisy)
                }
            }
        }
        for stray in found?.strays ?? [] {
            let text = TextNormalizer.clean(stray.text)
            guard let box = stray.tag == "figure" ? stray : stray.first("figure") ?? (text == nil ? stray : nil) else { continue }
            if var image = SindonewsPage.leadImage(in: box) {
                image.role = .inline
                images.append(image)
            }
        }
        let builder = BodyBuilder(skip: { skipped.contains($0) || (found?.skips($0) ?? false) })
        return builder.blocks(of: nodes).filter { block in
            guard block.type == .paragraph, let text = TextNormalizer.clean(block.text) else { return true }
            return !SindonewsPage.isFurniture(text)
        }
    }

    /// Pieces of SINDOnews' body markup: noise of every alternative of the noise selector
    /// (block and inline, nested, with upper-case classes that do not match), "Baca Juga"
    /// labels whose bold or link is itself noise, figures, lists, headings, furniture, text.
    static let pieces = [
        "<ins class=\"adsbygoogle\"></ins>", "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>",
        "<script>var total_page = 2;</script>", "<noscript><p>tanpa skrip</p></noscript>", "<style>p{}</style>",
        "<form><input name=q></form>", "<div id=\"ads_inarticle_2\">Iklan <b>di sini</b></div>", "<span id=\"ads_x\">iklan</span>",
        "<div class=\"ads-inarticle\"><div class=\"ads-label\">ADVERTISEMENT</div><ins class=\"adsbygoogle\"></ins></div>",
        "<div class=\"box v-youtube-title\">Video Pilihan</div>", "<div class=\"v-youtube\"><p>Video</p><iframe></iframe></div>",
        "<span class=\"x v-player\">pemutar</span>", "<div class=\"paging-artikel\"><a href=\"/2\" data-ci-pagination-page=\"2\">2</a></div>",
        "<div class=\"paging-all\">Tampilkan semua</div>", "<div class=\"editor\">(xyz)</div>", "<div class=\"img-loading\">loading...</div>",
        "<div class=\"baca-juga-box\"><strong>Baca Juga:</strong> <a href=\"https://daerah.sindonews.com/read/1/174/b-1785000001\">Jukung</a></div>",
        "<strong>Baca Juga:</strong> <a href=\"https://daerah.sindonews.com/read/1/174/c-1785000009\">Lain</a>",
        "<strong class=\"v-label\">Baca Juga:</strong> <a class=\"ads-link\" href=\"https://x.sindonews.com/read/1/2/a-1785000000\">Iklan <ins></ins></a>",
        "<b>Baca juga</b><br><a href=\"https://x.sindonews.com/read/1/2/a-1785000000\"><span class=\"x ads-in\">x</span></a>",
        "<strong><a class=\"loading\" href=\"https://x.sindonews.com/read/1/2/a-1785000000\">Baca juga: berita lain</a></strong>",
        "<p>Paragraf tambahan dengan <b>tebal</b>.</p>", "teks lepas", "<br>", "<br><br>", "<p>Bupati datang.</p>", "<p>loading</p>",
        "<figure><img data-src=\"https://pict.sindonews.net/dyn/850/a.jpg\" src=\"https://am.sindonews.net/pre-images.png\"><figcaption>Foto: SINDOnews/Ana</figcaption></figure>",
        "<ul><li>Satu</li><li>Dua</li></ul>", "<h2>Subjudul</h2>", "<h3>Berita Terkait</h3>", "<blockquote>Kutipan.</blockquote>",
        "<div class=\"detail-tag\"><a href=\"/tag/x\">#x</a></div>", "<div class=\"social-share\"><a href=\"https://facebook.com/sharer\">Facebook</a></div>",
        "<div><div class=\"ads-x\"><p>iklan bersarang</p><div class=\"v-y\">video</div></div>teks setelah iklan</div>",
        "<p>(ian)</p>", "<div>Halaman : 1 2 3</div>", "<p>Baca Selengkapnya</p>", "<div class=\"Ads-Upper\">kelas huruf besar</div>",
        "<span class=\"loading-bar\"><span class=\"v-x\">dalam</span></span>", "<p>&#108;oading</p>", "<p>\u{A0}Halaman:</p>",
    ]

    /// A constructed page in one of the designs with random pieces in and around its body
    /// containers; `outside` puts S1's `#content` outside `.article` (the column then does
    /// not hold the containers).
    static func randomPage(_ random: inout SeededRandom, s1: Bool, outside: Bool) -> String {
        func some(_ n: ClosedRange<Int>) -> String {
            (0..<Int.random(in: n, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        let container = s1 ? "div id=\"content\"" : "div class=\"detail-desc\" id=\"detail-desc\""
        let second = s1 ? "div id=\"content\"" : "div class=\"detail-desc\""
        let body = "<\(container)>\(some(0...3))<strong>BANJARMASIN</strong> - Pasar apung ramai.\(some(0...4))<br><br>Pedagang menjual sayur.\(some(0...4))</div>"
            + some(0...4) + (Bool.random(using: &random) ? "<\(second)>Dinas mencatat kunjungan naik.\(some(0...4))<br><br>Dermaga baru.</div>" : "")
            + some(0...4)
        let column = s1 ? "div class=\"article\"" : "div class=\"left-section\""
        let head = s1 ? "<h1>Pasar Apung</h1>" : "<h1 class=\"detail-title\">Pasar Apung</h1>"
        let inColumn = outside ? head : head + body
        return "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Pasar Apung</title></head><body>\(some(0...2))"
            + "<div class=\"content-row\"><\(column)>\(inColumn)\(some(0...3))</div>\(outside ? body : "")</div>\(some(0...2))</body></html>"
    }

    /// The body, editor and pictures of one page by `body` and by the reference, each on its own parse.
    func compare(_ html: String, s1: Bool) throws -> (same: Bool, blocks: Int) {
        func run(_ reference: Bool) throws -> ([Block], String?, [ImageRef]) {
            let document = try HTMLDocument(data: Data(html.utf8), url: Self.address)
            let containers = HTMLNode.outermost(document.select(s1 ? SindonewsS1.bodySelector : SindonewsS2.bodySelector))
            let column = document.first(s1 ? ".article" : "div.left-section")
            var editor: String?
            var images: [ImageRef] = []
            let blocks = reference ? Self.referenceBody(of: containers, column: column, editor: &editor, images: &images)
                : SindonewsPage.body(of: containers, column: column, editor: &editor, images: &images)
            return (blocks, editor, images)
        }
        let (new, old) = (try run(false), try run(true))
        #expect(new.0 == old.0, "\(html)")
        #expect(new.1 == old.1, "\(html)")
        #expect(new.2 == old.2, "\(html)")
        return (new.0 == old.0 && new.1 == old.1 && new.2 == old.2, new.0.count)
    }

    @Test func bodyMatchesTheReferenceOnFixturesAndRandomPages() throws {
        for file in try FileManager.default.contentsOfDirectory(at: Self.fixtures, includingPropertiesForKeys: nil) where file.pathExtension == "html" {
            let html = try String(contentsOf: file, encoding: .utf8)
            #expect(try compare(html, s1: file.lastPathComponent.contains("-s1-")).blocks > 1, "\(file.lastPathComponent)")
        }
        var random = SeededRandom(seed: 16)
        var pages = 0, withBlocks = 0
        for _ in 0..<600 {
            let s1 = Bool.random(using: &random)
            let outside = s1 && Int.random(in: 0..<4, using: &random) == 0
            let html = Self.randomPage(&random, s1: s1, outside: outside)
            if try compare(html, s1: s1).blocks > 0 { withBlocks += 1 }
            pages += 1
        }
        #expect(withBlocks > 500, "\(withBlocks) of \(pages) pages with a body")
    }

    /// The furniture test is passed over only where the whole test (clean, then `isFurniture`)
    /// keeps the paragraph: on random texts of furniture words, entities, spaces of every kind,
    /// combining marks, and letters whose lower case is special.
    @Test func furnitureShortcutAgreesWithTheWholeTest() {
        let pieces = ["loading", "Loading", "LOADING", "...", "…", " gif", "Halaman", "halaman", " : ", ":", "1", " 2", "baca", "Baca", "BACA",
                      " juga", " selengkapnya", "&#108;", "&amp;", "&nbsp;", " ", "\u{A0}", "\t", "\n", "\u{200B}", "\u{301}", "\u{212A}",
                      "İ", "é", "Bupati", "Harga", "Lima", "Jakarta", "7", "x", "(ian)", "Z"]
        var random = SeededRandom(seed: 17)
        var passedOver = 0, furniture = 0
        for _ in 0..<30_000 {
            let text = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let whole = TextNormalizer.clean(text).map(SindonewsPage.isFurniture) ?? false
            if whole { furniture += 1 }
            if SindonewsPage.cannotBeFurniture(text) {
                passedOver += 1
                #expect(!whole, "\(text.debugDescription)")
            }
        }
        #expect(passedOver > 3_000 && furniture > 1_000, "\(passedOver) passed over, \(furniture) furniture")
    }
}
