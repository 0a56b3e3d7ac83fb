import Foundation
import KabarCore

/// A generated news site on 127.0.0.1 of any size, for kill tests and the soak benchmark:
/// `count` distinct article pages (pseudo-random text from a fixed seed, so no page is a near
/// duplicate of another and every run sees the same site), a sitemap index over sitemaps of
/// `perSitemap` URLs, and robots.txt. Pages are made when requested, so a site of 100 000
/// articles costs no memory. Articles are read by the generic extractor (`extractor: generic`):
/// a headline in `og:title`, JSON-LD and `h1`, a date, an author, paragraphs in `<article>`.
public final class GeneratedNewsSite: @unchecked Sendable {
    public let server: LoopbackHTTPServer
    public let count: Int
    public let perSitemap: Int
    public let seed: UInt64
    /// Articles are dated back from this moment, one every 37 seconds.
    public let newest: Date
    private let lock = NSLock()
    private var articlesServed = 0
    private var listedCount: Int
    private var bylineCut: Int?

    public init(count: Int, perSitemap: Int = 1000, seed: UInt64 = 7, port: UInt16 = 0) throws {
        self.count = count
        self.perSitemap = max(1, perSitemap)
        self.seed = seed
        listedCount = count
        newest = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
        let box = Box()
        server = try LoopbackHTTPServer(port: port) { request, connection in box.site?.respond(request, connection) }
        box.site = self
    }

    private final class Box: @unchecked Sendable { weak var site: GeneratedNewsSite? }

    deinit { server.stop() }

    public func stop() { server.stop() }

    public var base: String { "http://127.0.0.1:\(server.port)" }

    public var sitemapCount: Int { (count + perSitemap - 1) / perSitemap }

    /// How many articles (the first ones) the sitemaps list: a site that grows while it is
    /// crawled (default: all). Pages beyond are served all the same.
    public var listed: Int {
        get { lock.withLock { listedCount } }
        set { lock.withLock { listedCount = min(max(newValue, 0), count) } }
    }

    /// Articles from this number on are served without a byline: no author and no date in the
    /// page (JSON-LD and the byline line both gone), as a site redesign might drop them (nil: all have one).
    public var withoutBylineFrom: Int? {
        get { lock.withLock { bylineCut } }
        set { lock.withLock { bylineCut = newValue } }
    }

    /// Article pages served so far (any number of times each).
    public var served: Int { lock.withLock { articlesServed } }

    /// The URL of article `n` (0 ..< count): a dated path ending in a slug of five words.
    public func url(_ n: Int) -> String {
        var rng = SeededRandom(seed: seed &+ UInt64(n) &* 0x9E37_79B9)
        let slug = (0..<5).map { _ in Self.words[Int(rng.next() % UInt64(Self.words.count))] }.joined(separator: "-")
        return "\(base)/news/\(Self.day(published(n)))/\(n)-\(slug)"
    }

    public var urls: [String] { (0..<count).map(url) }

    /// A schedule crawling the site's sitemap index with the generic extractor.
    public func scheduleYAML(name: String = "generated", concurrency: Int = 4, extra: String = "") -> String {
        """
        name: \(name)
        extractor: generic
        allow_local: true
        sources:
          - sitemap: \(base)/sitemap.xml
        every: 1h
        limits: { max_pages: \(count + 10), max_age: 3650d, max_sitemaps: \(sitemapCount + 5) }
        politeness: { concurrency: \(concurrency), per_host: \(concurrency), delay: 0s, robots: obey, timeout: 20s, attempts: 3 }
        \(extra)
        """
    }

    func published(_ n: Int) -> Date { newest.addingTimeInterval(-37 * Double(n)) }

    static func day(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tm = tm()
        gmtime_r(&t, &tm)
        return String(format: "%04d/%02d/%02d", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday))
    }

    static func iso(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tm = tm()
        gmtime_r(&t, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                      Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
    }

    /// The page of article `n`.
    public func page(_ n: Int) -> Data {
        var rng = SeededRandom(seed: (seed << 32) ^ UInt64(n) &+ 0x5151)
        func word() -> String { Self.words[Int(rng.next() % UInt64(Self.words.count))] }
        let headline = (0..<8).map { _ in word().capitalized }.joined(separator: " ") + " \(n)"
        let author = Self.names[Int(rng.next() % UInt64(Self.names.count))] + " " + Self.names[Int(rng.next() % UInt64(Self.names.count))]
        var paragraphs: [String] = []
        for _ in 0..<(6 + Int(rng.next() % 5)) {
            var sentences: [String] = []
            for _ in 0..<(2 + Int(rng.next() % 3)) {
                let words = (0..<(9 + Int(rng.next() % 12))).map { _ in word() }.joined(separator: " ")
                sentences.append(words.prefix(1).uppercased() + words.dropFirst() + ".")
            }
            paragraphs.append(sentences.joined(separator: " "))
        }
        let url = url(n)
        let date = Self.iso(published(n))
        let byline = n < (withoutBylineFrom ?? Int.max)
        let jsonLD = byline ? """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"\(headline)","datePublished":"\(date)","author":{"@type":"Person","name":"\(author)"}}</script>
            """ : ""
        let bylineLine = byline ? "<div class=\"byline\">Oleh \(author) · <time datetime=\"\(date)\">\(date)</time></div>" : ""
        let html = """
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><title>\(headline) - Kabar Generated</title>
            <meta property="og:title" content="\(headline)"><meta property="og:url" content="\(url)">
            <link rel="canonical" href="\(url)">
            <meta name="description" content="\(paragraphs[0].prefix(120))">
            \(jsonLD)
            </head><body>
            <header class="site-header"><nav><a href="/">Beranda</a> <a href="/news/">Berita</a> <a href="/tentang">Tentang</a></nav></header>
            <main><article class="article-body"><h1>\(headline)</h1>
            \(bylineLine)
            \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
            </article>
            <aside class="related"><h3>Baca juga</h3><ul><li><a href="\(self.url((n + 1) % count))">Berita lain</a></li></ul></aside></main>
            <footer class="site-footer">© Kabar Generated</footer>
            </body></html>
            """
        return Data(html.utf8)
    }

    private func respond(_ request: LoopbackHTTPServer.Request, _ c: LoopbackHTTPConnection) {
        let xml = ["Content-Type": "application/xml; charset=utf-8"]
        let path = request.path
        if path == "/robots.txt" {
            c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nDisallow: /private/\n")
        } else if path == "/sitemap.xml" {
            let now = Self.iso(Date())
            let maps = (0..<((listed + perSitemap - 1) / perSitemap)).map { "<sitemap><loc>\(base)/sitemaps/\($0).xml</loc><lastmod>\(now)</lastmod></sitemap>" }.joined()
            c.respond(headers: xml, body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(maps)</sitemapindex>")
        } else if path.hasPrefix("/sitemaps/"), let k = Int(path.dropFirst("/sitemaps/".count).dropLast(".xml".count)), k >= 0, k < sitemapCount {
            let urls = (k * perSitemap..<max(k * perSitemap, min(listed, (k + 1) * perSitemap))).map {
                "<url><loc>\(url($0))</loc><lastmod>\(Self.iso(published($0)))</lastmod></url>"
            }.joined()
            c.respond(headers: xml, body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(urls)</urlset>")
        } else if path.hasPrefix("/news/"), let last = path.split(separator: "/").last,
                  let n = Int(last.prefix(while: { $0.isNumber })), n >= 0, n < count, url(n).hasSuffix(path) {
            lock.withLock { articlesServed += 1 }
            c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: page(n))
        } else {
            c.respond(status: 404, body: "not found")
        }
    }


    static let names = ["Ani", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indra", "Joko", "Kartika", "Lestari",
                        "Made", "Putri", "Rizki", "Sari", "Taufik", "Umar", "Wahyu", "Yusuf", "Zahra", "Pratama", "Wibowo", "Santoso"]

    static let words = """
        pemerintah presiden menteri rakyat provinsi kabupaten kota desa warga petani nelayan buruh mahasiswa guru dokter \
        polisi hakim jaksa pengadilan peraturan anggaran pajak harga beras minyak listrik air banjir hujan gempa longsor \
        kebakaran hutan laut pantai sungai jalan kereta bandara pelabuhan pasar saham rupiah dolar bank investasi ekspor \
        impor industri pabrik tambang nikel sawit karet kopi teh gula garam ikan sapi sekolah kampus vaksin obat penyakit \
        pasien data digital aplikasi internet kamera film musik lagu konser pemain pelatih klub pertandingan liga juara \
        stadion wisata hotel festival budaya sejarah keluarga anak ibu bapak pemuda perempuan pekerja kepala dinas badan \
        lembaga komisi dewan partai pemilu kampanye suara calon koalisi kebijakan program bantuan sosial subsidi \
        kemiskinan pertumbuhan inflasi defisit utang proyek pembangunan jembatan bendungan irigasi lahan tanah rumah \
        mengatakan menjelaskan menegaskan mengungkapkan menilai meminta mendorong menolak menerima membahas menyiapkan \
        memastikan mengumumkan melaporkan menyelidiki memeriksa membangun memperbaiki mengurangi meningkatkan \
        pada dalam untuk dengan dari kepada oleh tentang terhadap antara sejak hingga selama setelah sebelum ketika \
        karena sehingga namun tetapi juga masih sudah belum akan telah sedang bisa harus perlu dapat lebih sangat \
        sekitar persen miliar triliun juta ribu pekan bulan tahun hari pagi siang sore malam kemarin besok baru lama \
        besar kecil tinggi rendah cepat penting utama khusus umum nasional daerah pusat lokal internasional
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
