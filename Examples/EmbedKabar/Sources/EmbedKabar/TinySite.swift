import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A constructed news site on 127.0.0.1 (a free port), small enough to read: an RSS feed of its
/// stories, the stories, and robots.txt. `publish` adds a story while it serves.
final class TinySite: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var stories: [(slug: String, title: String)] = [
        ("harbour-reopens", "The Old Harbour Reopens After Ten Years"),
        ("night-market", "A Night Market Returns to the Square"),
    ]

    init() throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 16) == 0 else { throw CocoaError(.fileWriteUnknown) }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var origin: String { "http://127.0.0.1:\(port)" }

    func publish(_ slug: String, _ title: String) { lock.withLock { stories.append((slug, title)) } }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            var request = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !request.suffix(4).elementsEqual([13, 10, 13, 10]) {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                request += buffer[0..<n]
            }
            let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
            let (status, type, body) = respond(to: line.count > 1 ? String(line[1]) : "/")
            let head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            let bytes = Array((head + body).utf8)
            _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            close(client)
        }
    }

    private func respond(to path: String) -> (String, String, String) {
        let current = lock.withLock { stories }
        if path.hasSuffix("/robots.txt") { return ("200 OK", "text/plain", "User-agent: *\nAllow: /\n") }
        if path == "/feed.xml" {
            let items = current.map { "<item><title>\($0.title)</title><link>https://news.example/news/\($0.slug).html</link></item>" }
            return ("200 OK", "application/rss+xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News Example</title>\(items.joined())</channel></rss>")
        }
        if let story = current.first(where: { path == "/news.example/news/\($0.slug).html" }) {
            return ("200 OK", "text/html; charset=utf-8", Self.page(slug: story.slug, title: story.title))
        }
        return ("404 Not Found", "text/plain", "not found\n")
    }

    /// A story page as the site writes it.
    static func page(slug: String, title: String) -> String {
        """
        <!doctype html><html lang="en"><head><title>\(title) | News Example</title>
        <meta property="article:published_time" content="2026-03-02T08:30:00+07:00">
        <meta property="article:section" content="City">
        <link rel="canonical" href="https://news.example/news/\(slug).html"></head>
        <body><nav><a href="/">Home</a></nav><article>
        <h1>\(title)</h1><p class="lead">A constructed story of the example site.</p>
        <span class="author">Ana Example</span>
        <img src="/img/\(slug).jpg">
        <div class="body"><p>The first paragraph of the story about \(slug), long enough to read as a paragraph of news.</p>
        <p>A second paragraph, with more of what happened and who said what, and when it happened.</p></div>
        </article><footer>Footer links</footer></body></html>
        """
    }
}
