import Foundation
import KabarFetch
import KabarTesting
import Testing

@Suite struct RobotsTests {
    static let robots = """
    User-agent: *
    Disallow: /private
    Allow: /private/ok
    Disallow: /*.pdf$

    User-agent: kabar
    Disallow: /kabar-only
    Allow: /private/ok
    Disallow: /private
    Disallow: /*.pdf$
    """

    func server(robots status: Int = 200, body: String = RobotsTests.robots) throws -> TestHTTPServer {
        try TestHTTPServer { request, c in
            if request.path == "/robots.txt" {
                c.respond(status: status, headers: ["Content-Type": "text/plain"], body: body)
            } else {
                c.respond(body: "page \(request.path)")
            }
        }
    }

    @Test func disallowedURLsAreNeverRequested() async throws {
        let s = try server()
        defer { s.stop() }
        let fetcher = Fetcher(configuration: testConfiguration(robots: true))
        let paths = ["/news/1", "/private/x", "/private/ok/1", "/files/a.pdf", "/files/a.pdf?v=2", "/kabar-only/1"]
        var errors: [String: FetchError?] = [:]
        for await r in fetcher.fetchAll(paths.map { FetchRequest(url: s.url($0), tag: $0) }) {
            errors[r.request.tag!] = r.error
        }
        #expect(errors["/news/1"]! == nil)
        #expect(errors["/private/ok/1"]! == nil)
        #expect(errors["/files/a.pdf?v=2"]! == nil)
        #expect(errors["/private/x"]! == .robotsDisallowed(s.url("/private/x").absoluteString))
        #expect(errors["/files/a.pdf"]! == .robotsDisallowed(s.url("/files/a.pdf").absoluteString))
        #expect(errors["/kabar-only/1"]! == .robotsDisallowed(s.url("/kabar-only/1").absoluteString), "our own group applies")
        #expect(s.count("/private/x") == 0)
        #expect(!s.requests.contains { $0.target == "/files/a.pdf" })
        #expect(s.count("/kabar-only/1") == 0)
        #expect(s.count("/robots.txt") == 1, "fetched once for the run, though asked for concurrently")
        #expect(s.requests.first?.path == "/robots.txt")
    }

    @Test func redirectIntoADisallowedPathStops() async throws {
        let s = try TestHTTPServer { request, c in
            switch request.path {
            case "/robots.txt": c.respond(body: "User-agent: *\nDisallow: /private\n")
            case "/go": c.respond(status: 302, headers: ["Location": "/private/page"])
            default: c.respond(body: "page")
            }
        }
        defer { s.stop() }
        let r = await Fetcher(configuration: testConfiguration(robots: true)).fetch(s.url("/go"))
        #expect(r.error == .robotsDisallowed(s.url("/private/page").absoluteString))
        #expect(s.count("/private/page") == 0)
    }

    @Test func missingRobotsAllowsAll() async throws {
        let s = try server(robots: 404, body: "not found")
        defer { s.stop() }
        let fetcher = Fetcher(configuration: testConfiguration(robots: true))
        let r = await fetcher.fetch(s.url("/private/x"))
        #expect(r.error == nil)
        #expect(s.count("/private/x") == 1)
        _ = await fetcher.fetch(s.url("/private/y"))
        #expect(s.count("/robots.txt") == 1)
    }

    @Test func brokenRobotsClosesTheHostForTheRun() async throws {
        let s = try server(robots: 503, body: "down")
        defer { s.stop() }
        var config = testConfiguration(robots: true)
        config.retry = .never
        let fetcher = Fetcher(configuration: config)
        let r1 = await fetcher.fetch(s.url("/news/1"))
        let r2 = await fetcher.fetch(s.url("/news/2"))
        guard case .robotsUnavailable(let host, let reason) = r1.error else {
            Issue.record("expected robotsUnavailable, got \(String(describing: r1.error))")
            return
        }
        #expect(host == "127.0.0.1")
        #expect(reason == "HTTP 503")
        #expect(r2.error == r1.error)
        #expect(s.count("/news/1") == 0 && s.count("/news/2") == 0)
        #expect(s.count("/robots.txt") == 1)
    }

    @Test func unreachableRobotsClosesTheHost() async throws {
        let s = try server()
        let url = s.url("/news/1")
        s.stop()
        var config = testConfiguration(robots: true)
        config.retry = .never
        let r = await Fetcher(configuration: config).fetch(url)
        guard case .robotsUnavailable = r.error else {
            Issue.record("expected robotsUnavailable, got \(String(describing: r.error))")
            return
        }
    }

    @Test func crawlDelayForOurAgentSpacesRequests() async throws {
        let s = try server(body: "User-agent: *\nCrawl-delay: 5\n\nUser-agent: Kabar\nCrawl-delay: 0.4\nDisallow: /x\n")
        defer { s.stop() }
        let fetcher = Fetcher(configuration: testConfiguration(robots: true))
        for await r in fetcher.fetchAll((0..<3).map { FetchRequest(url: s.url("/n\($0)")) }) { #expect(r.error == nil) }
        let times = s.requests.filter { $0.path != "/robots.txt" }.map(\.receivedAt).sorted()
        #expect(times.count == 3)
        for (a, b) in zip(times, times.dropFirst()) {
            #expect(b.timeIntervalSince(a) >= 0.3, "gap \(b.timeIntervalSince(a))")
            #expect(b.timeIntervalSince(a) < 4.5, "the * group's 5 s is not ours")
        }
    }

    @Test func crawlDelayIsCapped() async throws {
        let s = try server(body: "User-agent: *\nCrawl-delay: 3600\n")
        defer { s.stop() }
        var config = testConfiguration(robots: true)
        config.maxCrawlDelay = 0.2
        let fetcher = Fetcher(configuration: config)
        let start = ContinuousClock.now
        for await _ in fetcher.fetchAll((0..<3).map { FetchRequest(url: s.url("/n\($0)")) }) {}
        #expect(seconds(since: start) < 30, "3600 s would be hours")
    }

    @Test func robotsCanBeTurnedOff() async throws {
        let s = try server()
        defer { s.stop() }
        let r = await Fetcher(configuration: testConfiguration(robots: false)).fetch(s.url("/private/x"))
        #expect(r.error == nil)
        #expect(s.count("/robots.txt") == 0)
        #expect(s.count("/private/x") == 1)
    }

    @Test func robotsAreObeyedByDefault() {
        #expect(FetchConfiguration().obeyRobots)
    }
}
