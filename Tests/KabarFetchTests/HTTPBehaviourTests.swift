import Foundation
import KabarFetch
import KabarTesting
import Testing

@Suite struct HTTPBehaviourTests {
    @Test func responseCarriesEverything() async throws {
        let server = try TestHTTPServer { request, c in
            c.respond(status: 200, headers: ["Content-Type": "text/html; charset=ISO-8859-1", "X-Test": "yes",
                                             "ETag": "\"v1\"", "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT"],
                      body: "<p>caf\u{e9}</p>")
        }
        defer { server.stop() }
        let fetcher = Fetcher(configuration: testConfiguration())
        let r = await fetcher.fetch(server.url("/page?x=1"))
        #expect(r.error == nil)
        #expect(r.isSuccess)
        #expect(r.status == 200)
        #expect(r.url == server.url("/page?x=1"))
        #expect(r.finalURL == server.url("/page?x=1"))
        #expect(String(decoding: r.body, as: UTF8.self) == "<p>caf\u{e9}</p>")
        #expect(r.headers["x-test"] == "yes")
        #expect(r.charset == "iso-8859-1")
        #expect(r.etag == "\"v1\"")
        #expect(r.httpVersion == "1.1")
        #expect(r.remoteIP == "127.0.0.1")
        #expect(r.attempts == 1)
        let t = r.timings
        #expect(t.total > 0)
        #expect(t.dns <= t.connect && t.connect <= t.firstByte && t.firstByte <= t.total)
        #expect(t.tls == 0)
        let sent = try #require(server.requests.first)
        #expect(sent.target == "/page?x=1")
        #expect(sent.header("user-agent") == FetchConfiguration.defaultUserAgent)
        #expect(FetchConfiguration.defaultUserAgent.hasPrefix("Kabar/"))
        let encodings = sent.header("accept-encoding") ?? ""
        #expect(encodings.contains("gzip") && encodings.contains("deflate"), "\(encodings)")
        #expect(encodings.contains("br") && encodings.contains("zstd"), "Debian's libcurl decodes br and zstd: \(encodings)")
    }

    @Test func userAgentAndHeadersAreConfigurable() async throws {
        let server = try TestHTTPServer { _, c in c.respond(body: "ok") }
        defer { server.stop() }
        var config = testConfiguration()
        config.userAgent = "TestBot/9 (+http://127.0.0.1/bot)"
        config.headers["X-Global"] = "g"
        let fetcher = Fetcher(configuration: config)
        _ = await fetcher.fetch(FetchRequest(url: server.url("/"), headers: ["X-Own": "o"]))
        let sent = try #require(server.requests.first)
        #expect(sent.header("user-agent") == "TestBot/9 (+http://127.0.0.1/bot)")
        #expect(sent.header("x-global") == "g")
        #expect(sent.header("x-own") == "o")
    }

    @Test func gzipBodiesAreDecoded() async throws {
        let text = String(repeating: "Berita hari ini. ", count: 500)
        let server = try TestHTTPServer { _, c in
            c.respond(headers: ["Content-Encoding": "gzip", "Content-Type": "text/plain"], body: TestGzip.compress(Data(text.utf8)))
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/gz"))
        #expect(r.error == nil)
        #expect(String(decoding: r.body, as: UTF8.self) == text)
    }

    @Test func redirectsAreFollowedAndTheFinalURLKept() async throws {
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/a": c.respond(status: 301, headers: ["Location": "/b"])
            case "/b": c.respond(status: 302, headers: ["Location": "c?x=1"])
            case "/c": c.respond(status: 200, body: "final")
            default: c.respond(status: 404)
            }
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/a"))
        #expect(r.error == nil)
        #expect(r.status == 200)
        #expect(r.url == server.url("/a"))
        #expect(r.finalURL == server.url("/c?x=1"))
        #expect(r.redirects == [server.url("/b"), server.url("/c?x=1")])
        #expect(String(decoding: r.body, as: UTF8.self) == "final")
        #expect(r.attempts == 1)
    }

    @Test func redirectLoopsAreCaught() async throws {
        let server = try TestHTTPServer { request, c in
            c.respond(status: 302, headers: ["Location": request.path == "/one" ? "/two" : "/one"])
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/one"))
        let (one, two) = (server.url("/one").absoluteString, server.url("/two").absoluteString)
        #expect(r.error == .redirectLoop([one, two, one]))
        #expect(server.requests.count == 2)
        // Both hops named (it said "redirect loop back to <one>", the URL fetched, not /two).
        #expect(r.error?.description == "redirect loop: \(one) -> \(two) -> \(one)")
        #expect(r.error?.reason(fetching: one) == "redirect loop: its URL -> \(two) -> its URL")
    }

    /// A loop entered after a first redirect names every hop, the one looped back to twice.
    @Test func aRedirectLoopPastTheFirstHopNamesEveryHop() async throws {
        let server = try TestHTTPServer { request, c in
            c.respond(status: 302, headers: ["Location": ["/start": "/a", "/a": "/b", "/b": "/a"][request.path] ?? "/start"])
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/start"))
        let (start, a, b) = (server.url("/start").absoluteString, server.url("/a").absoluteString, server.url("/b").absoluteString)
        #expect(r.error == .redirectLoop([start, a, b, a]))
        #expect(r.error?.reason(fetching: start) == "redirect loop: its URL -> \(a) -> \(b) -> \(a)")
        #expect(server.requests.count == 3)
    }

    @Test func tooManyRedirects() async throws {
        let server = try TestHTTPServer { request, c in
            let n = Int(request.path.dropFirst(3)) ?? 0
            c.respond(status: 307, headers: ["Location": "/r/\(n + 1)"])
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/r/0"))
        #expect(r.error == .tooManyRedirects(limit: 10))
        #expect(server.requests.count == 11, "the first request and ten redirects")
        #expect(r.redirects.count == 10)
    }

    @Test func conditionalGetGives304() async throws {
        let server = try TestHTTPServer { request, c in
            if request.header("if-none-match") == "\"v1\"" || request.header("if-modified-since") == "Mon, 23 Nov 2026 10:00:00 GMT" {
                c.respond(status: 304, headers: ["ETag": "\"v1\""])
            } else {
                c.respond(headers: ["ETag": "\"v1\"", "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT"], body: "page")
            }
        }
        defer { server.stop() }
        let fetcher = Fetcher(configuration: testConfiguration())
        let first = await fetcher.fetch(server.url("/n"))
        #expect(first.status == 200 && !first.notModified)
        let again = first.conditionalRequest()
        #expect(again.etag == "\"v1\"" && again.lastModified == "Mon, 23 Nov 2026 10:00:00 GMT")
        let second = await fetcher.fetch(again)
        #expect(second.status == 304)
        #expect(second.notModified)
        #expect(second.error == nil)
        #expect(second.body.isEmpty)
        #expect(server.requests[1].header("if-none-match") == "\"v1\"")
        #expect(server.requests[1].header("if-modified-since") == "Mon, 23 Nov 2026 10:00:00 GMT")
        let onlyDate = await fetcher.fetch(FetchRequest(url: server.url("/n"), lastModified: "Mon, 23 Nov 2026 10:00:00 GMT"))
        #expect(onlyDate.notModified)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try TestHTTPServer { _, c in c.respond(status: 404, body: "gone") }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/missing"))
        #expect(r.status == 404)
        #expect(r.error == .httpStatus(404))
        #expect(r.attempts == 1)
        #expect(server.requests.count == 1)
        #expect(String(decoding: r.body, as: UTF8.self) == "gone")
    }

    /// A 1 MB header line: libcurl refuses it and calls it "Out of memory", which was the
    /// whole message; it now says the headers are too large, and is not retried.
    @Test func hugeHeaderLineIsNamedAsSuch() async throws {
        let server = try TestHTTPServer { _, c in
            c.respond(headers: ["X-Huge": String(repeating: "a", count: 1 << 20)], body: "<p>hi</p>")
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/huge-header"))
        let message = r.error?.description ?? ""
        #expect(message.contains("the response's headers are too large"), "\(message)")
        #expect(r.attempts == 1 && server.requests.count == 1)
    }

    @Test func nonHTTPURLsAreRefused() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        let r = await fetcher.fetch(URL(string: "file:///etc/passwd")!)
        #expect(r.error == .invalidURL("file:///etc/passwd"))
        #expect(r.attempts == 0)
        let redirected = try TestHTTPServer { _, c in c.respond(status: 302, headers: ["Location": "file:///etc/passwd"]) }
        defer { redirected.stop() }
        let r2 = await fetcher.fetch(redirected.url("/"))
        #expect(r2.error == .invalidURL("file:///etc/passwd"))
    }

    @Test func configuredProxyIsUsed() async throws {
        // The proxy is a local server; the target host is never resolved or contacted.
        let proxy = try TestHTTPServer { request, c in c.respond(body: "via proxy: \(request.target)") }
        defer { proxy.stop() }
        var config = testConfiguration()
        config.proxy = proxy.baseURL.absoluteString
        config.noProxy = ""
        let r = await Fetcher(configuration: config).fetch(URL(string: "http://news.example.invalid/berita/1")!)
        #expect(r.error == nil)
        #expect(String(decoding: r.body, as: UTF8.self) == "via proxy: http://news.example.invalid/berita/1")
        #expect(proxy.requests.first?.header("host") == "news.example.invalid")
    }

    @Test func cancellationEndsATransferAtOnce() async throws {
        let server = try TestHTTPServer { _, c in
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            for _ in 0..<200 { c.pause(0.05); if !c.write("x") { return } }
        }
        defer { server.stop() }
        // Only cancellation may end this transfer early: no stall or total timeout within 4 s,
        // even when a loaded machine delays the cancel.
        var config = testConfiguration()
        config.stallSeconds = 8
        config.totalTimeout = 20
        let fetcher = Fetcher(configuration: config)
        let start = ContinuousClock.now
        let task = Task { await fetcher.fetch(server.url("/slow")) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let r = await task.value
        // Not cancelled, the transfer would end otherwise (the whole body after 10 s, or the
        // 8 s stall limit): the error proves the cancel; the wall-clock bound is loose because
        // a loaded 2-core CI machine can delay the test process itself.
        #expect(r.error == .cancelled)
        #expect(seconds(since: start) < 30, "the body would take 10 s")
    }
}
