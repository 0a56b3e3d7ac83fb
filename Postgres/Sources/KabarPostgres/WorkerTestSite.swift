import Foundation
import KabarSampleSites

/// A news site generated on 127.0.0.1 for tests and the worker benchmark: `articles` distinct
/// articles (about 200 words each, read by the generic extractor) listed in `/sitemap.xml`,
/// plus `exactCopies` articles republished word for word under another URL. Served by
/// `LoopbackHTTPServer`.
public final class WorkerTestSite: @unchecked Sendable {
    public let server: LoopbackHTTPServer
    public let articles: Int
    public let exactCopies: Int
    /// Seconds each article page takes to answer (a slow site, for tests that stop a worker mid-run).
    public let pageDelay: Double

    public init(articles: Int, exactCopies: Int = 0, pageDelay: Double = 0) throws {
        self.articles = articles
        self.exactCopies = exactCopies
        self.pageDelay = pageDelay
        let box = Box()
        server = try LoopbackHTTPServer { request, connection in box.site?.respond(request, connection) }
        box.site = self
    }

    private final class Box: @unchecked Sendable { weak var site: WorkerTestSite? }

    deinit { server.stop() }
    public func stop() { server.stop() }

    public var base: String { "http://127.0.0.1:\(server.port)" }
    /// Distinct URLs listed (articles and copies).
    public var urls: Int { articles + exactCopies }

    func path(_ i: Int) -> String {
        i < articles ? "/news/2026/05/\(i % 28 + 1)/berita-nomor-\(i)-kabar-hari-ini"
                     : "/copy/2026/05/\(i % 28 + 1)/salinan-berita-nomor-\(i - articles)-hari-ini"
    }

    /// A schedule for this site: the sitemap, the generic extractor, no delay between requests.
    public func scheduleYAML(name: String = "generated", concurrency: Int = 8, maxPages: Int = 100_000, delay: String = "0s") -> String {
        """
        name: \(name)
        extractor: generic
        allow_local: true
        sources:
          - sitemap: \(base)/sitemap.xml
        every: 1h
        limits: { max_pages: \(maxPages) }
        politeness: { concurrency: \(concurrency), per_host: \(concurrency), delay: \(delay), robots: ignore, timeout: 10s, attempts: 2 }

        """
    }

    static let words = ["pemerintah", "kota", "warga", "jalan", "pasar", "harga", "beras", "sekolah", "guru", "murid", "rumah",
                        "sakit", "dokter", "banjir", "hujan", "musim", "panen", "petani", "nelayan", "laut", "pelabuhan", "kapal",
                        "kereta", "stasiun", "bandara", "pesawat", "listrik", "air", "bersih", "anggaran", "daerah", "desa",
                        "bupati", "gubernur", "menteri", "presiden", "rapat", "sidang", "hakim", "polisi", "festival", "budaya",
                        "wisata", "pantai", "gunung", "hutan", "sungai", "jembatan", "proyek", "pekerja", "pabrik", "ekspor"]

    func text(_ n: Int) -> [String] {
        var x = UInt64(n &+ 1) &* 0x9E37_79B9_7F4A_7C15
        var paragraphs: [String] = []
        for _ in 0..<5 {
            var sentence: [String] = []
            for _ in 0..<40 {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17
                sentence.append(Self.words[Int(x % UInt64(Self.words.count))])
            }
            paragraphs.append(sentence.joined(separator: " ").capitalized + ".")
        }
        return paragraphs
    }

    func page(_ i: Int) -> String {
        let n = i < articles ? i : (i - articles) % max(articles, 1)
        let body = text(n).map { "<p>\($0)</p>" }.joined()
        return """
            <!doctype html><html lang="id"><head><meta charset="utf-8"><title>Berita nomor \(n)</title>
            <meta property="og:title" content="Berita nomor \(n)"><meta property="article:published_time" content="2026-05-\(String(format: "%02d", n % 28 + 1))T10:00:00+07:00">
            </head><body><header><nav><a href="/">Beranda</a></nav></header>
            <article><h1>Berita nomor \(n)</h1><p class="byline">Oleh Penulis \(n % 7)</p>\(body)</article>
            <footer>Hak cipta</footer></body></html>
            """
    }

    func respond(_ request: LoopbackHTTPServer.Request, _ connection: LoopbackHTTPConnection) {
        let path = request.path
        if path == "/sitemap.xml" {
            var xml = #"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#
            for i in 0..<urls { xml += "<url><loc>\(base)\(self.path(i))</loc></url>" }
            xml += "</urlset>"
            connection.respond(headers: ["Content-Type": "application/xml"], body: xml)
            return
        }
        if let i = index(of: path), i < urls, self.path(i) == path {
            if pageDelay > 0 { connection.pause(pageDelay) }
            connection.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: page(i))
            return
        }
        connection.respond(status: 404, body: "not found")
    }

    /// The page number a path names (checked against `path(_:)` by the caller).
    func index(of path: String) -> Int? {
        guard let r = path.range(of: "-nomor-") else { return nil }
        let digits = path[r.upperBound...].prefix(while: \.isNumber)
        guard let n = Int(digits) else { return nil }
        return path.hasPrefix("/copy/") ? articles + n : n
    }
}
