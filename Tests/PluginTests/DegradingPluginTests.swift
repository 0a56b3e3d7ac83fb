import Foundation
import KabarCore
import KabarPlugins
import Testing

/// Site plugins that degrade instead of dropping text. Every page here is constructed for
/// these tests (inline, in the markup SITES.md gives for Tempo's T3/T4 and SINDOnews' S2
/// designs; the stories are fictional): a block of the article moved out of the containers the
/// plugin knows (a figure between text blocks, paragraphs after the last container, a list
/// between containers) is still taken, in reading order; furniture placed there (ads, "Baca
/// juga" boxes, related lists, share bars, tags) is not; a page of no known design is read by
/// the generic extractor and the record says so in `metadata.fallback`.
struct DegradingPluginTests {
    static let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)

    func extract(_ html: String, _ url: String) throws -> Article {
        try Self.pipeline.extract(data: Data(html.utf8), url: URL(string: url))
    }

    /// The position of the block holding `text`, failing the test when there is none.
    func position(_ article: Article, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        try #require(article.body.firstIndex(where: { $0.text.contains(text) }), "no block holds \"\(text)\"",
                     sourceLocation: sourceLocation)
    }

    // MARK: - Tempo (T4 and T3)

    static let tempoURL = "https://www.tempo.co/lingkungan/sungai-citarum-dibersihkan-relawan-2299001"

    static let tempoParagraphs = [
        "Alfa: ribuan relawan membersihkan bantaran Sungai Citarum di Kabupaten Bandung pada Minggu pagi, mengangkut sampah plastik dan ranting.",
        "Bravo: panitia mencatat lebih dari dua puluh ton sampah terkumpul dalam empat jam, sebagian besar kemasan plastik sekali pakai.",
        "Charlie: pemerintah daerah berjanji menambah tempat pembuangan sementara di desa-desa yang dilalui sungai sebelum musim hujan.",
        "Delta: warga berharap kegiatan serupa digelar setiap bulan agar sungai tidak kembali dipenuhi sampah kiriman dari hulu.",
    ]

    /// A constructed page in Tempo's 2024+ design (T4): one `#content-wrapper` per paragraph;
    /// `between` goes after the second wrapper, `after` after the last one, inside the
    /// article's column, followed by the page's tag list and related links.
    static func tempoT4(between: String = "", after: String = "") -> String {
        let w = tempoParagraphs.map { "<div id=\"content-wrapper\" class=\"prose max-w-none\"><p>\($0)</p></div>" }
        return """
        <!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
        <title>Sungai Citarum Dibersihkan Ribuan Relawan | tempo.co</title>
        <link rel="canonical" href="\(tempoURL)">
        <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
         "headline": "Sungai Citarum Dibersihkan Ribuan Relawan", "datePublished": "2026-08-02T09:15:00+07:00",
         "image": "https://statik.tempo.co/data/2026/08/02/id_1400001/1400001_720.jpg",
         "author": [{"@type": "Person", "name": "Gita Contoh"}], "isAccessibleForFree": true}</script>
        </head><body><main class="container"><div class="grow space-y-6 overflow-x-clip z-10">
        <h1 class="text-[26px] font-bold">Sungai Citarum Dibersihkan Ribuan Relawan</h1>
        <figure><img src="https://statik.tempo.co/data/2026/08/02/id_1400001/1400001_720.jpg" alt="">
        <figcaption>Relawan di bantaran Citarum, 2 Agustus 2026. TEMPO/Hadi Contoh</figcaption></figure>
        \(w[0])
        \(w[1])
        \(between)
        \(w[2])
        \(w[3])
        \(after)
        <div class="article-tags flex gap-2"><a href="/tag/citarum">citarum</a> <a href="/tag/sampah">sampah</a></div>
        <section class="mt-8"><h2>Artikel Terkait</h2><a href="/lingkungan/banjir-bandung-2298000">Banjir Bandung Surut</a></section>
        </div></main></body></html>
        """
    }

    /// The example: an inline photo with its caption placed between the article's
    /// text blocks instead of inside them.
    @Test func tempoFigureBetweenTextBlocksIsTaken() throws {
        let figure = """
        <figure class="my-4"><img src="https://statik.tempo.co/data/2026/08/02/id_1400002/1400002_720.jpg" alt="">
        <figcaption>Tumpukan sampah plastik di tepi Citarum. TEMPO/Hadi Contoh</figcaption></figure>
        """
        let article = try extract(Self.tempoT4(between: figure), Self.tempoURL)
        let inline = article.images.filter { $0.role == .inline }
        #expect(inline.map(\.url) == ["https://statik.tempo.co/data/2026/08/02/id_1400002/1400002_720.jpg"])
        #expect(inline.first?.caption == "Tumpukan sampah plastik di tepi Citarum.")
        #expect(inline.first?.credit == "TEMPO/Hadi Contoh")
        // The caption is the image's, not body text; the four paragraphs are all there, in order.
        #expect(!article.text.contains("Tumpukan sampah"))
        #expect(article.body.map(\.text) == Self.tempoParagraphs)
        #expect(article.metadata["design"] == "T4")
        #expect(article.extractor == "tempo/2")
    }

    @Test func tempoListAndSubheadingBetweenContainersAreTaken() throws {
        let list = """
        <h3 class="text-lg font-bold">Lokasi Pembersihan</h3>
        <ul class="list-disc"><li>Bantaran Dayeuhkolot</li><li>Jembatan Cisirung</li><li>Muara Sungai Cikapundung</li></ul>
        """
        let article = try extract(Self.tempoT4(between: list), Self.tempoURL)
        let heading = try position(article, "Lokasi Pembersihan")
        let items = try position(article, "Jembatan Cisirung")
        #expect(article.body[heading].type == .heading)
        #expect(article.body[items] == Block(.list, "Bantaran Dayeuhkolot\nJembatan Cisirung\nMuara Sungai Cikapundung"))
        let (before, next) = (try position(article, "Bravo:"), try position(article, "Charlie:"))
        #expect(before < heading && heading < items && items < next)
    }

    @Test func tempoFurnitureBetweenAndAfterContainersIsNotTaken() throws {
        let between = """
        <div class="ads-inarticle"><span>Iklan</span><div id="div-gpt-ad-1"></div></div>
        <div class="baca-juga"><h4>Baca Juga</h4><a href="/lingkungan/x-2298001">Sampah Plastik di Teluk Jakarta</a></div>
        <p>Baca juga: <a href="/lingkungan/y-2298002">Relawan Susur Sungai Ciliwung</a></p>
        <div class="share-bar"><a href="https://facebook.com/sharer">Facebook</a> <a href="https://x.com/share">X</a></div>
        <ul class="related"><li><a href="/lingkungan/z-2298003">Sungai Terkotor di Dunia</a></li><li><a href="/lingkungan/w-2298004">Daur Ulang Plastik</a></li></ul>
        <div class="flex my-6"><a href="https://click.example/promo"><img src="https://cdn.example/promo-300x250.jpg" alt=""></a></div>
        """
        let after = "<p>Pilihan Editor: <a href=\"/lingkungan/v-2298005\">Banjir Rob di Pantura</a></p>"
        let article = try extract(Self.tempoT4(between: between, after: after), Self.tempoURL)
        #expect(article.body.map(\.text) == Self.tempoParagraphs)
        #expect(article.images.filter { $0.role == .inline }.isEmpty, "\(article.images)")
        for furniture in ["Iklan", "Baca", "Teluk Jakarta", "Ciliwung", "Facebook", "Sungai Terkotor", "Daur Ulang",
                          "Pilihan Editor", "citarum", "Artikel Terkait", "Banjir Bandung"] {
            #expect(!article.text.contains(furniture), "\(furniture) taken")
        }
    }

    /// A constructed page in Tempo's 2021–24 design (T3), with `after` between the body
    /// container (`div.detail-in#isi`) and the tag box, inside `article.detail-artikel`.
    static func tempoT3(after: String) -> String {
        """
        <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Jembatan Gantung Baru - Tempo.co</title>
        <meta name="keywords" content="jembatan, Garut"></head><body>
        <article class="detail-artikel">
          <div class="detail-title"><h1 class="title">Jembatan Gantung Baru Hubungkan Dua Desa di Garut</h1>
          <p class="date margin-bottom-sm">Senin, 3 Agustus 2026 | 10:20 WIB</p></div>
          <div class="detail-in" id="isi">
            <p>TEMPO.CO, Garut - Warga dua desa di Garut kini tidak perlu menyeberangi sungai dengan rakit.</p>
            <p>Jembatan gantung sepanjang 60 meter itu dibangun dalam tiga bulan oleh warga dan pemerintah desa.</p>
          </div>
          \(after)
          <div class="box-tag"><h4 class="title">Tag</h4><a href="https://www.tempo.co/tag/garut">garut</a></div>
          <div class="rekomendasi"><h4 class="title">Rekomendasi Artikel</h4>
            <ul><li><a href="https://nasional.tempo.co/read/1900001/a">Jalan Desa Rusak</a></li></ul></div>
        </article>
        <article class="detail-artikel berikutnya"><div class="detail-title"><h1 class="title">Cerita Lain</h1></div>
          <div class="detail-in" id="isi"><p>TEMPO.CO, Jakarta - Ini artikel berikutnya.</p></div></article>
        </body></html>
        """
    }

    @Test func tempoParagraphsAfterTheLastContainerAreTaken() throws {
        let after = """
        <div class="detail-in-lanjutan">
          <p>Kepala desa mengatakan jembatan itu akan diresmikan bupati pekan depan.</p>
          <div class="banner728"><p class="label-ads">ADVERTISEMENT</p></div>
          <p>Warga berharap jembatan serupa dibangun di desa tetangga.</p>
        </div>
        <h3>Terkait</h3>
        """
        let url = "https://nasional.tempo.co/read/1900100/jembatan-gantung-baru-hubungkan-dua-desa-di-garut"
        let article = try extract(Self.tempoT3(after: after), url)
        #expect(article.body.map(\.text) == [
            "TEMPO.CO, Garut - Warga dua desa di Garut kini tidak perlu menyeberangi sungai dengan rakit.",
            "Jembatan gantung sepanjang 60 meter itu dibangun dalam tiga bulan oleh warga dan pemerintah desa.",
            "Kepala desa mengatakan jembatan itu akan diresmikan bupati pekan depan.",
            "Warga berharap jembatan serupa dibangun di desa tetangga.",
        ])
        for furniture in ["ADVERTISEMENT", "Terkait", "garut", "Rekomendasi", "Jalan Desa", "artikel berikutnya"] {
            #expect(!article.text.contains(furniture), "\(furniture) taken")
        }
        #expect(article.metadata["design"] == "T3")
    }

    // MARK: - SINDOnews (S2)

    static let sindoURL = "https://daerah.sindonews.com/read/1730001/174/pasar-apung-banjarmasin-kembali-ramai-1785650000"

    /// A constructed page in SINDOnews' 2020– design (S2): the body's text runs in
    /// `.detail-desc` blocks (the first `#detail-desc`), `between` between the two, `after`
    /// after the second, then the related list, tags and share bar, all in `div.left-section`.
    static func sindo(between: String = "", after: String = "") -> String {
        """
        <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Pasar Apung Banjarmasin Kembali Ramai</title>
        <meta name="keywords" content="pasar apung, Banjarmasin"></head><body>
        <div class="content-row"><div class="left-section">
          <h1 class="detail-title">Pasar Apung Banjarmasin Kembali Ramai</h1>
          <div class="detail-date-artikel">Senin, 03 Agustus 2026 - 08:30 WIB</div>
          <div class="detail-desc" id="detail-desc"><strong>BANJARMASIN</strong> - Pasar apung di Sungai Martapura kembali ramai pengunjung sejak libur sekolah.<br><br>
          Pedagang menjual sayur, buah dan kue tradisional dari atas jukung.</div>
          \(between)
          <div class="detail-desc">Dinas pariwisata mencatat kunjungan naik dua kali lipat dibandingkan bulan lalu.<br><br>
          Pemerintah kota menyiapkan dermaga baru untuk perahu wisata.</div>
          \(after)
          <div class="editor">(abc)</div>
          <div class="detail-terkait"><div class="title-section">Berita Terkait</div>
            <ul class="list-terkait"><li><a href="https://daerah.sindonews.com/read/1729000/174/a-1785000000">Festival Sungai</a></li></ul></div>
          <div class="detail-tag"><div class="title-section">Tag :</div><ul><li><a href="https://www.sindonews.com/tag/banjarmasin">#banjarmasin</a></li></ul></div>
          <div class="detail-share"><span>Bagikan :</span><a class="share-fb" href="https://facebook.com/sharer">Facebook</a></div>
        </div></div></body></html>
        """
    }

    static let sindoParagraphs = [
        "BANJARMASIN - Pasar apung di Sungai Martapura kembali ramai pengunjung sejak libur sekolah.",
        "Pedagang menjual sayur, buah dan kue tradisional dari atas jukung.",
        "Dinas pariwisata mencatat kunjungan naik dua kali lipat dibandingkan bulan lalu.",
        "Pemerintah kota menyiapkan dermaga baru untuk perahu wisata.",
    ]

    @Test func sindonewsFigureBetweenTextBlocksIsTaken() throws {
        let figure = """
        <figure class="detail-img-inline"><img class="lazyload" src="https://am.sindonews.net/mobile/2016/images/pre-images-light.png"
          data-src="https://pict.sindonews.net/dyn/850/pena/news/2026/08/03/174/1730001/pasar-apung-xyz.jpg" alt="">
        <figcaption>Pedagang di atas jukung, Minggu (2/8/2026). Foto: SINDOnews/Rina Contoh</figcaption></figure>
        """
        let article = try extract(Self.sindo(between: figure), Self.sindoURL)
        let inline = article.images.filter { $0.role == .inline }
        #expect(inline.map(\.url) == ["https://pict.sindonews.net/dyn/850/pena/news/2026/08/03/174/1730001/pasar-apung-xyz.jpg"])
        #expect(inline.first?.caption == "Pedagang di atas jukung, Minggu (2/8/2026).")
        #expect(inline.first?.credit == "SINDOnews/Rina Contoh")
        #expect(article.body.map(\.text) == Self.sindoParagraphs)
        #expect(article.metadata["design"] == "S2")
        #expect(article.metadata["editor"] == "abc")
        #expect(article.extractor == "sindonews/2")
    }

    @Test func sindonewsListBetweenContainersIsTaken() throws {
        let list = "<ul><li>Jukung sayur</li><li>Jukung buah</li><li>Jukung kue</li></ul>"
        let article = try extract(Self.sindo(between: list), Self.sindoURL)
        let items = try position(article, "Jukung buah")
        #expect(article.body[items] == Block(.list, "Jukung sayur\nJukung buah\nJukung kue"))
        let (before, next) = (try position(article, "Pedagang menjual"), try position(article, "Dinas pariwisata"))
        #expect(before < items && items < next)
    }

    @Test func sindonewsParagraphsAfterTheLastContainerAreTaken() throws {
        let after = "<div class=\"detail-desc-lanjutan\">Wali kota berharap pasar apung menjadi ikon wisata.<br><br>Pengunjung diminta menjaga kebersihan sungai.</div>"
        let article = try extract(Self.sindo(after: after), Self.sindoURL)
        #expect(article.body.map(\.text) == Self.sindoParagraphs + [
            "Wali kota berharap pasar apung menjadi ikon wisata.", "Pengunjung diminta menjaga kebersihan sungai.",
        ])
        for furniture in ["(abc)", "Berita Terkait", "Festival Sungai", "banjarmasin", "Bagikan", "Facebook"] {
            #expect(!article.text.contains(furniture), "\(furniture) taken")
        }
    }

    @Test func sindonewsFurnitureBetweenContainersIsNotTaken() throws {
        let between = """
        <div id="ads_inarticle_1" class="ads-inarticle"><div class="ads-label">ADVERTISEMENT</div><ins class="adsbygoogle"></ins></div>
        <div class="baca-juga-box"><strong>Baca Juga:</strong> <a href="https://daerah.sindonews.com/read/1729001/174/b-1785000001">Jukung Hias Meriahkan Sungai</a></div>
        <div class="v-youtube"><div class="v-youtube-title">Video Pilihan</div><iframe src="https://www.youtube.com/embed/x"></iframe></div>
        <ul class="list-terkait"><li><a href="https://daerah.sindonews.com/read/1729002/174/c-1785000002">Kuliner Khas Banjar</a></li><li><a href="https://daerah.sindonews.com/read/1729003/174/d-1785000003">Wisata Susur Sungai</a></li></ul>
        <div class="social-share"><a href="https://facebook.com/sharer">Facebook</a></div>
        <div class="mt20"><a href="https://click.example/promo"><img src="https://cdn.example/promo-300x250.jpg" alt=""></a></div>
        """
        let article = try extract(Self.sindo(between: between), Self.sindoURL)
        #expect(article.body.map(\.text) == Self.sindoParagraphs)
        #expect(article.images.filter { $0.role == .inline }.isEmpty, "\(article.images)")
        for furniture in ["ADVERTISEMENT", "Baca Juga", "Jukung Hias", "Video Pilihan", "Kuliner Khas", "Wisata Susur", "Facebook"] {
            #expect(!article.text.contains(furniture), "\(furniture) taken")
        }
    }

    // MARK: - No known design: the generic extractor, marked

    /// A constructed article page in a design neither plugin knows (a redesign): no container,
    /// JSON-LD or class any of the site's designs has.
    static func redesigned(headline: String) -> String {
        let ps = (1...5).map { i in
            "<p>Paragraf \(i): cerita ini ditulis untuk menguji halaman dengan rancangan baru yang belum dikenal oleh plugin situs, dan teksnya cukup panjang untuk dibaca.</p>"
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>\(headline)</title>
        <meta property="og:title" content="\(headline)"></head><body>
        <header><nav><a href="/">Beranda</a> <a href="/politik">Politik</a></nav></header>
        <div class="page-2027"><div class="story-2027"><h1 class="story-2027__title">\(headline)</h1>
        <div class="story-2027__text">\(ps)</div></div></div>
        <footer><p>Hak cipta dilindungi.</p></footer></body></html>
        """
    }

    @Test("a page of no known design falls back to the generic extractor", arguments: [
        ("https://www.tempo.co/politik/rapat-kabinet-membahas-anggaran-2299100", "tempo/2",
         "not a Tempo article page of any known design"),
        ("https://nasional.sindonews.com/read/1730100/12/rapat-kabinet-membahas-anggaran-1785700000", "sindonews/2",
         "not a SINDOnews article page"),
    ])
    func unknownDesignFallsBack(url: String, plugin: String, reason: String) throws {
        let article = try extract(Self.redesigned(headline: "Rapat Kabinet Membahas Anggaran"), url)
        #expect(article.metadata[ExtractorFallback.key] == "generic")
        #expect(article.metadata[ExtractorFallback.fromKey] == plugin)
        #expect(article.metadata[ExtractorFallback.reasonKey]?.contains(reason) == true)
        // The record is still the site's, with the article's text.
        #expect(article.extractor == plugin)
        #expect(article.site == plugin.split(separator: "/")[0].description)
        #expect(article.headline == "Rapat Kabinet Membahas Anggaran")
        #expect(article.text.contains("Paragraf 1:") && article.text.contains("Paragraf 5:"))
        #expect(!article.text.contains("Hak cipta"))
        #expect(article.metadata["design"] == nil)
    }

    /// A page the plugin reads never carries the mark.
    @Test func aKnownDesignIsNotMarked() throws {
        let article = try extract(Self.tempoT4(), Self.tempoURL)
        #expect(article.metadata[ExtractorFallback.key] == nil)
        #expect(article.metadata[ExtractorFallback.fromKey] == nil)
    }

    /// With the fallback off (a plugin asked for by name), the plugin's own error is the page's.
    @Test func withoutFallbackThePluginsErrorStands() throws {
        var strict = Self.pipeline
        strict.fallsBack = false
        let html = Self.redesigned(headline: "Rapat Kabinet")
        #expect {
            _ = try strict.extract(data: Data(html.utf8), url: URL(string: "https://www.tempo.co/politik/rapat-kabinet-2299101"))
        } throws: { error in
            String(describing: error).contains("not a Tempo article page of any known design")
        }
    }

    /// A page neither the plugin nor the generic extractor can read fails with both reasons.
    @Test func aPageNoExtractorCanReadFailsWithBothReasons() throws {
        let html = "<html><head><title>x</title></head><body><div></div></body></html>"
        #expect {
            _ = try extract(html, "https://www.tempo.co/politik/kosong-2299102")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("not a Tempo article page of any known design") && text.contains("generic extractor could not read it either")
        }
    }
}
