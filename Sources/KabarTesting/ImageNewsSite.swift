import Foundation
import KabarSampleSites

/// A constructed news site with pictures on 127.0.0.1, for the image download tests: two
/// constructed article pages (read by the generic extractor: og:image lead, figures in the
/// body) listed by `/feed.xml`, their pictures (constructed bytes, `TestImages`), a 404, an
/// HTML page under an image's name, and an image host (a "CDN", reached as `localhost`, another
/// host name) whose robots.txt disallows `/private/`.
///
/// The council page: lead `/img/harbour.png`, figures `/img/one.jpg`, `/img/missing.png` (404),
/// CDN `/c/two.gif`. The ferry page: lead `/img/harbour.png`, figures `/img/page.jpg`
/// (text/html), CDN `/private/secret.webp` (disallowed), CDN `/c/two.gif`.
public final class ImageNewsSite: @unchecked Sendable {
    public static let harbour = TestImages.png(width: 1200, height: 630, note: "harbour lead")
    public static let one = TestImages.jpeg(width: 800, height: 600)
    public static let two = TestImages.gif(width: 640, height: 360)
    public static let secret = TestImages.webpLossy(width: 500, height: 500)

    public let site: LoopbackHTTPServer
    public let cdn: LoopbackHTTPServer
    public var siteBase: String { "http://127.0.0.1:\(site.port)" }
    public var cdnBase: String { "http://localhost:\(cdn.port)" }

    /// A constructed article page.
    static func page(_ title: String, lead: String, figures: [String]) -> String {
        let paragraph = "The council met on Tuesday to discuss the harbour, and residents who came to the hall asked about the new ferry timetable and the fares. "
        let body = (0..<6).map { "<p>\(paragraph)\(title) paragraph \($0).</p>" }.joined()
        let figs = figures.enumerated().map { i, src in
            "<figure><img src=\"\(src)\" width=\"800\" height=\"600\" alt=\"Harbour view \(i)\"><figcaption>Harbour picture \(i) of \(title)</figcaption></figure>"
        }.joined()
        return """
            <!doctype html><html lang="en"><head><title>\(title)</title>
            <meta property="og:title" content="\(title)"><meta property="og:image" content="\(lead)">
            <meta property="article:published_time" content="2024-05-01T10:00:00Z"></head>
            <body><header><nav><a href="/">Home</a></nav></header><main><article><h1>\(title)</h1>
            \(body.prefix(body.count / 2))\(figs)\(body.dropFirst(body.count / 2))</article></main><footer>Footer</footer></body></html>
            """
    }

    public init() throws {
        let cdn = try LoopbackHTTPServer { request, c in
            switch request.path {
            case "/robots.txt": c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nDisallow: /private/\n")
            case "/c/two.gif": c.respond(headers: ["Content-Type": "image/gif"], body: ImageNewsSite.two)
            case "/private/secret.webp": c.respond(headers: ["Content-Type": "image/webp"], body: ImageNewsSite.secret)
            default: c.respond(status: 404, body: "no")
            }
        }
        self.cdn = cdn
        let cdnBase = "http://localhost:\(cdn.port)"
        site = try LoopbackHTTPServer { request, c in
            let base = "http://\(request.header("Host") ?? "")"
            switch request.path {
            case "/robots.txt": c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nAllow: /\n")
            case "/feed.xml":
                c.respond(headers: ["Content-Type": "application/rss+xml"], body: """
                    <?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title>
                    <item><title>First</title><link>\(base)/news/2024/council-meets-about-the-harbour</link></item>
                    <item><title>Second</title><link>\(base)/news/2024/ferry-fares-rise-next-month</link></item>
                    </channel></rss>
                    """)
            case "/news/2024/council-meets-about-the-harbour":
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: ImageNewsSite.page(
                    "Council meets about the harbour", lead: "/img/harbour.png",
                    figures: ["/img/one.jpg", "/img/missing.png", "\(cdnBase)/c/two.gif"]))
            case "/news/2024/ferry-fares-rise-next-month":
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: ImageNewsSite.page(
                    "Ferry fares rise next month", lead: "/img/harbour.png",
                    figures: ["/img/page.jpg", "\(cdnBase)/private/secret.webp", "\(cdnBase)/c/two.gif"]))
            case "/img/harbour.png": c.respond(headers: ["Content-Type": "image/png"], body: ImageNewsSite.harbour)
            case "/img/one.jpg": c.respond(headers: ["Content-Type": "image/jpeg"], body: ImageNewsSite.one)
            // An HTML page under an image's name.
            case "/img/page.jpg": c.respond(headers: ["Content-Type": "text/html"], body: "<html><body>Sign in to see this picture</body></html>")
            default: c.respond(status: 404, body: "not found")
            }
        }
    }

    public func stop() { site.stop(); cdn.stop() }

    /// Requests for pictures, on either server.
    public var imageRequests: Int {
        site.requests.filter { $0.path.hasPrefix("/img/") }.count + cdn.requests.filter { $0.path != "/robots.txt" }.count
    }

    /// A schedule of the site (generic extractor) with `images:` as given.
    public func scheduleYAML(images: String, refresh: Bool = false) -> String {
        """
            name: harbour
            extractor: generic
            allow_local: true
            sources:
              - feed: \(siteBase)/feed.xml
            every: 1h
            refresh: \(refresh)
            limits: { max_age: null }
            politeness: { delay: 0s, attempts: 1 }
            images: \(images)
            """
    }
}
