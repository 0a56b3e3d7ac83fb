import Foundation

/// A news site on 127.0.0.1 that misbehaves on purpose, one path per fault, for tests of a
/// whole `kabar run` (issue 10). Article pages are `/a/<name>/<number>` (good ones) and
/// `/f/<fault>/<number>` (faults), shaped so the generic extractor takes them as articles.
/// Discovery sources: `/feed.xml` (RSS: every article, good ones between the faults), the
/// sitemap index `/sitemap-self.xml` (listing itself and `/sitemap-articles.xml`), and the
/// broken ones `/bad/not-xml.xml` (read as far as it goes), `/bad/billion-laughs.xml`,
/// `/bad/wrong-dates.xml` and `/bad/html-not-feed.xml` (a web page where the feed should be).
/// A second server (`slowRobots`) answers robots.txt only after `robotsDelay` seconds; its one
/// article is in the feed too. Loopback only: both servers listen on 127.0.0.1.
///
/// A fault that "heals" (`503-then-ok`, `429-seconds`, `429-date`) fails on its first request
/// and serves a good article afterwards.
public final class FaultServer: @unchecked Sendable {
    public let server: TestHTTPServer
    public let slowRobots: TestHTTPServer
    /// How long the slow server takes to answer robots.txt.
    public let robotsDelay: Double
    private let lock = NSLock()
    private var hugeBytesSent = 0
    /// 20 MB of zeros, gzipped to a few KB; made once, before the server starts.
    private let bomb = TestGzip.zeros(count: 20 << 20)

    /// The cap a schedule for this site sets (`limits.max_page_size`); oversize faults send more.
    public static let pageCap = 1 << 20

    /// Every fault path name, in feed order.
    public static let faults = [
        "slow-headers", "stall", "reset-mid-body", "empty-reply", "status-500", "status-502", "status-503",
        "503-then-ok", "429-seconds", "429-date", "429-too-long", "redirect-loop", "redirect-offsite", "redirect-file",
        "redirect-ok", "oversize-declared", "huge-50mb", "gzip-bomb", "truncated-gzip", "short-body", "long-body",
        "cp1252", "latin1", "no-charset", "wrong-charset", "binary", "not-found",
    ]

    /// The good articles of the feed (one between every few faults) and of the sitemap.
    public static let goodInFeed = ["good-1", "good-2", "good-3", "good-4", "good-5"]
    public static let goodInSitemap = ["good-sitemap-1", "good-sitemap-2"]
    public static let goodWrongDates = "good-wrong-dates"
    public static let goodLaughs = "good-laughs"

    /// The text every article carries; the charset faults carry these non-ASCII words.
    public static let accented = "Café “naïve” résumé"

    public init(robotsDelay: Double = 10) throws {
        self.robotsDelay = robotsDelay
        let box = Box()
        server = try TestHTTPServer { request, connection in box.site?.respond(request, connection) }
        slowRobots = try TestHTTPServer { [robotsDelay] request, c in
            if request.path == "/robots.txt" {
                c.pause(robotsDelay)
                c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nAllow: /\n")
            } else {
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: Self.article("behind-slow-robots", paragraphs: 5))
            }
        }
        box.site = self
    }

    private final class Box: @unchecked Sendable { weak var site: FaultServer? }

    deinit { stop() }

    public func stop() {
        server.stop()
        slowRobots.stop()
    }

    public var base: String { "http://127.0.0.1:\(server.port)" }

    /// The article URL of a fault.
    public func url(fault: String) -> String { "\(base)/f/\(fault)/\(Self.number(fault))" }
    /// The URL of a good article.
    public func url(good: String) -> String { "\(base)/a/\(good)/\(Self.number(good))" }
    /// The article behind the slow robots.txt.
    public var slowRobotsArticle: String { "http://127.0.0.1:\(slowRobots.port)/a/behind-slow-robots/20240777" }
    /// Where `redirect-offsite` points: this very server under another name, so a request
    /// that followed the redirect would show up in the log.
    public var offsiteTarget: String { "http://localhost:\(server.port)/a/offsite-target/20240999" }

    /// Bytes of `/f/huge-50mb` the server managed to send before the client gave up.
    public var hugeBytesWritten: Int { lock.withLock { hugeBytesSent } }

    /// Requests for a path (query ignored).
    public func count(_ path: String) -> Int { server.count(path) }
    public func path(fault: String) -> String { "/f/\(fault)/\(Self.number(fault))" }
    public func path(good: String) -> String { "/a/\(good)/\(Self.number(good))" }

    static func number(_ name: String) -> Int { 20_240_000 + Int(Hash.fnv(name) % 100_000) }

    /// A schedule for this site: the feed, the self-listing sitemap index and the broken
    /// sources, the generic extractor, local addresses allowed, small timeouts and caps.
    public func scheduleYAML(name: String = "faults", extra: String = "") -> String {
        """
        name: \(name)
        extractor: generic
        allow_local: true
        sources:
          - feed: \(base)/feed.xml
          - sitemap: \(base)/sitemap-self.xml
          - feed: \(base)/bad/not-xml.xml
          - feed: \(base)/bad/billion-laughs.xml
          - sitemap: \(base)/bad/wrong-dates.xml
          - feed: \(base)/bad/html-not-feed.xml
        every: 1h
        limits: { max_pages: 200, max_age: null, max_page_size: 1MB, max_source_size: 1MB }
        politeness: { concurrency: 8, per_host: 8, delay: 0s, robots: obey, timeout: 2s, connect_timeout: 1s, stall: 1s, attempts: 2, max_retry_after: 3s }

        """ + extra
    }

    // MARK: - Pages

    /// A plain article page the generic extractor reads: headline and `paragraphs` paragraphs.
    public static func article(_ name: String, paragraphs: Int = 6, extra: String = "", charsetMeta: String = "utf-8") -> String {
        // Words drawn by a generator seeded with the name: every article's text is its own,
        // so the store's near-duplicate check keeps them all.
        var seed = UInt64(Hash.fnv(name)) | 1
        func word() -> String {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return words[Int((seed >> 33) % UInt64(words.count))]
        }
        var body = ""
        for i in 1...paragraphs {
            let sentence = (0..<45).map { _ in word() }.joined(separator: " ")
            body += "<p>Paragraph \(i) of the article \(name). \(extra) \(sentence.prefix(1).uppercased() + sentence.dropFirst()).</p>\n"
        }
        return """
            <!DOCTYPE html><html lang="en"><head><meta charset="\(charsetMeta)"><title>Article \(name)</title></head>
            <body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
            <article><h1>Article \(name)</h1>
            \(body)</article><footer>© Fault News</footer></body></html>
            """
    }

    static let words = ("council bridge river residents waited closed officials spring years cost province city market harbour "
        + "school teachers budget election mayor street traffic rain flood farmers harvest rice price fuel train station "
        + "hospital doctors patients museum festival music theatre court judge ruling police report minister parliament "
        + "vote law company workers factory export port ship island coast forest fire weather storm").split(separator: " ").map(String.init)

    /// Text in Windows-1252 (also what browsers read ISO-8859-1 labels as).
    public static func windows1252(_ text: String) -> Data {
        var out = Data()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "“": out.append(0x93)
            case "”": out.append(0x94)
            case "‘": out.append(0x91)
            case "’": out.append(0x92)
            case "–": out.append(0x96)
            case "—": out.append(0x97)
            case "€": out.append(0x80)
            default: out.append(scalar.value < 256 ? UInt8(scalar.value) : UInt8(ascii: "?"))
            }
        }
        return out
    }

    private func rss(_ urls: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Fault News</title><link>\(base)/</link>\n"
            + urls.map { "<item><title>\($0)</title><link>\($0)</link></item>" }.joined(separator: "\n")
            + "\n</channel></rss>\n"
    }

    /// Every article URL of the feed: a good one after every six faults, the slow-robots one last.
    public var feedURLs: [String] {
        var urls: [String] = []
        var good = Self.goodInFeed.makeIterator()
        for (i, fault) in Self.faults.enumerated() {
            if i % 6 == 0, let g = good.next() { urls.append(url(good: g)) }
            urls.append(url(fault: fault))
        }
        while let g = good.next() { urls.append(url(good: g)) }
        urls.append(slowRobotsArticle)
        return urls
    }

    private func respond(_ request: TestHTTPServer.Request, _ c: TestHTTPConnection) {
        let path = request.path
        let html = ["Content-Type": "text/html; charset=utf-8"]
        switch path {
        case "/robots.txt":
            c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nAllow: /\n")
        case "/feed.xml":
            c.respond(headers: ["Content-Type": "application/rss+xml"], body: rss(feedURLs))
        case "/sitemap-self.xml":
            c.respond(headers: ["Content-Type": "application/xml"], body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>\(base)/sitemap-self.xml</loc></sitemap>
                <sitemap><loc>\(base)/sitemap-articles.xml</loc></sitemap>
                </sitemapindex>
                """)
        case "/sitemap-articles.xml":
            c.respond(headers: ["Content-Type": "application/xml"], body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                \(Self.goodInSitemap.map { "<url><loc>\(url(good: $0))</loc></url>" }.joined(separator: "\n"))
                <url><loc>\(base)/sitemap-self.xml</loc></url>
                </urlset>
                """)
        case "/bad/not-xml.xml":
            c.respond(headers: ["Content-Type": "application/rss+xml"], body: "<rss><channel><item><link>\(url(good: "good-1"))</link></item><<<&&& not xml")
        case "/bad/billion-laughs.xml":
            var entities = "<!ENTITY lol \"lol\">\n"
            for i in 1...9 { entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">\n" }
            c.respond(headers: ["Content-Type": "application/rss+xml"], body: """
                <?xml version="1.0"?>
                <!DOCTYPE rss [
                \(entities)]>
                <rss version="2.0"><channel><title>&lol9;</title>
                <item><title>&lol9;</title><link>\(url(good: Self.goodLaughs))</link><description>&lol9;&lol9;</description></item>
                </channel></rss>
                """)
        case "/bad/html-not-feed.xml":
            c.respond(headers: ["Content-Type": "text/html"], body: Self.article("not-a-feed"))
        case "/bad/wrong-dates.xml":
            c.respond(headers: ["Content-Type": "application/xml"], body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                <url><loc>\(url(good: Self.goodWrongDates))</loc><lastmod>2024-13-45T99:99:99Z</lastmod>
                <news:news><news:publication_date>yesterday</news:publication_date><news:title>x</news:title></news:news></url>
                </urlset>
                """)
        default:
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count == 3 else { c.respond(status: 404, body: "not found"); return }
            if parts[0] == "a" {
                c.respond(headers: html, body: Self.article(parts[1]))
            } else if parts[0] == "f" {
                fault(parts[1], request: request, c)
            } else {
                c.respond(status: 404, body: "not found")
            }
        }
    }

    // Long: a table of the server's faults, one short case per fault name; each case is read on its
    // own.
    private func fault(_ name: String, request: TestHTTPServer.Request, _ c: TestHTTPConnection) {
        let html = ["Content-Type": "text/html; charset=utf-8"]
        let page = Self.article(name)
        let first = count(path(fault: name)) == 1
        switch name {
        case "slow-headers":
            c.pause(5)
            c.respond(headers: html, body: page)
        case "stall":
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(page.utf8.count)\r\n\r\n" + String(page.prefix(200)))
            c.pause(5)
            c.close()
        case "reset-mid-body":
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\n\r\n" + String(page.prefix(500)))
            c.pause(0.05)
            c.reset()
        case "empty-reply":
            c.close()
        case "status-500": c.respond(status: 500, headers: html, body: "<p>error</p>")
        case "status-502": c.respond(status: 502, headers: html, body: "<p>bad gateway</p>")
        case "status-503": c.respond(status: 503, headers: html, body: "<p>unavailable</p>")
        case "503-then-ok":
            if first { c.respond(status: 503, headers: html, body: "<p>unavailable</p>") } else { c.respond(headers: html, body: page) }
        case "429-seconds":
            if first { c.respond(status: 429, headers: ["Retry-After": "1"], body: "slow down") } else { c.respond(headers: html, body: page) }
        case "429-date":
            if first {
                c.respond(status: 429, headers: ["Retry-After": Self.httpDate(Date().addingTimeInterval(2))], body: "slow down")
            } else {
                c.respond(headers: html, body: page)
            }
        case "429-too-long":
            c.respond(status: 429, headers: ["Retry-After": "86400"], body: "come back tomorrow")
        case "redirect-loop":
            c.respond(status: 302, headers: ["Location": path(fault: name)], body: "")
        case "redirect-offsite":
            c.respond(status: 302, headers: ["Location": offsiteTarget], body: "")
        case "redirect-file":
            c.respond(status: 302, headers: ["Location": "file:///etc/passwd"], body: "")
        case "redirect-ok":
            c.respond(status: 301, headers: ["Location": path(good: "redirected-here")], body: "")
        case "oversize-declared":
            c.keepAlive = false
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(2 * Self.pageCap)\r\nConnection: close\r\n\r\n")
            let chunk = Data(repeating: UInt8(ascii: "x"), count: 64 * 1024)
            for _ in 0..<(2 * Self.pageCap / chunk.count) where c.write(chunk) {}
            c.close()
        case "huge-50mb":
            c.keepAlive = false
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>")
            let chunk = Data(String(repeating: "<p>filler filler filler</p>\n", count: 64 * 1024 / 28).utf8)
            var sent = 0
            while sent < 50 << 20, c.write(chunk) {
                sent += chunk.count
                lock.withLock { hugeBytesSent = sent }
            }
            c.close()
        case "gzip-bomb":
            c.respond(headers: ["Content-Type": "text/html", "Content-Encoding": "gzip"], body: bomb)
        case "truncated-gzip":
            let gz = TestGzip.compress(Data(page.utf8))
            c.keepAlive = false
            c.respond(headers: ["Content-Type": "text/html", "Content-Encoding": "gzip"], body: gz.prefix(gz.count / 2))
            c.close()
        case "short-body":
            c.keepAlive = false
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(page.utf8.count * 2)\r\nConnection: close\r\n\r\n" + page)
            c.close()
        case "long-body":
            // Content-Length counts only the first half of the page; the rest is never read.
            let bytes = Data(page.utf8)
            let half = bytes.count / 2
            c.keepAlive = false
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(half)\r\nConnection: close\r\n\r\n")
            c.write(bytes)
            c.close()
        case "cp1252":
            c.respond(headers: ["Content-Type": "text/html; charset=windows-1252"],
                      body: Self.windows1252(Self.article(name, extra: Self.accented, charsetMeta: "windows-1252")))
        case "latin1":
            c.respond(headers: ["Content-Type": "text/html; charset=ISO-8859-1"],
                      body: Self.windows1252(Self.article(name, extra: Self.accented, charsetMeta: "iso-8859-1")))
        case "no-charset":
            c.respond(headers: ["Content-Type": "text/html"],
                      body: Self.windows1252(Self.article(name, extra: Self.accented, charsetMeta: "windows-1252")))
        case "wrong-charset":
            // The header claims UTF-8; the bytes (and the page's own meta) are Windows-1252.
            c.respond(headers: ["Content-Type": "text/html; charset=utf-8"],
                      body: Self.windows1252(Self.article(name, extra: Self.accented, charsetMeta: "windows-1252")))
        case "binary":
            var bytes = [UInt8](repeating: 0, count: 4096)
            var x: UInt32 = 12345
            for i in bytes.indices { x = x &* 1_103_515_245 &+ 12345; bytes[i] = UInt8(truncatingIfNeeded: x >> 16) }
            bytes[10] = 0
            c.respond(headers: ["Content-Type": "text/html"], body: Data(bytes))
        case "not-found":
            c.respond(status: 404, headers: html, body: "<p>gone</p>")
        default:
            c.respond(status: 404, body: "no such fault")
        }
    }

    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    enum Hash {
        static func fnv(_ s: String) -> UInt32 {
            var h: UInt32 = 2_166_136_261
            for b in s.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
            return h
        }
    }
}
