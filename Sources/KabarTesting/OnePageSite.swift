import Foundation

/// A site on 127.0.0.1 whose RSS feed lists one article, answered as the test says (a PDF, an
/// error status, a page no extractor reads) or disallowed by robots.txt: what a run whose only
/// page was skipped or failed says and exits with, on both backends.
public final class OnePageSite: @unchecked Sendable {
    public enum Article: Sendable {
        /// Served as application/pdf: skipped for good as not HTML.
        case pdf
        /// This HTTP status every time (404: skipped as gone; 500: to retry).
        case status(Int)
        /// Disallowed by robots.txt, never requested.
        case disallowed
        /// An HTML page without headline or body: no extractor reads it.
        case unreadable
    }

    public let server: TestHTTPServer
    public static let articlePath = "/a/only-page/20240101"

    public init(_ article: Article) throws {
        let path = Self.articlePath
        let box = PortBox()
        server = try TestHTTPServer { request, c in
            switch request.path {
            case "/robots.txt":
                if case .disallowed = article {
                    c.respond(headers: ["Content-Type": "text/plain"], body: "User-agent: *\nDisallow: /a/\n")
                } else {
                    c.respond(status: 404, body: "not found")
                }
            case "/feed.xml":
                let port = box.port
                let item = "<item><title>Only page</title><link>http://127.0.0.1:\(port)\(path)</link><pubDate>\(LocalTestSite.rfc822(Date().addingTimeInterval(-3600)))</pubDate></item>"
                c.respond(headers: ["Content-Type": "application/rss+xml"],
                          body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>one</title>\(item)</channel></rss>")
            case path:
                switch article {
                case .pdf: c.respond(headers: ["Content-Type": "application/pdf"], body: "%PDF-1.4\n%\u{e2}\u{e3}\n1 0 obj\n<<>>\nendobj\n")
                case .status(let status): c.respond(status: status, headers: ["Content-Type": "text/html"], body: "<html><body>status \(status)</body></html>")
                case .disallowed: c.respond(status: 500, body: "robots.txt was not obeyed")
                case .unreadable: c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: "<html><head></head><body></body></html>")
                }
            default:
                c.respond(status: 404, body: "not found")
            }
        }
        box.port = server.port
    }

    private final class PortBox: @unchecked Sendable { var port: UInt16 = 0 }

    deinit { server.stop() }

    public func stop() { server.stop() }

    public var base: String { "http://127.0.0.1:\(server.port)" }
    public var articleURL: String { base + Self.articlePath }

    /// A schedule of the feed: the generic extractor, local addresses allowed, one attempt.
    public func scheduleYAML(name: String = "one-page") -> String {
        Self.scheduleYAML(name: name, base: base)
    }

    /// The same for a site at `base` (another test site on 127.0.0.1), with its fetch timeout.
    public static func scheduleYAML(name: String, base: String, timeout: String = "5s") -> String {
        """
        name: \(name)
        extractor: generic
        allow_local: true
        sources:
          - feed: \(base)/feed.xml
        every: 1h
        politeness: { delay: 0s, attempts: 1, timeout: \(timeout) }

        """
    }
}
