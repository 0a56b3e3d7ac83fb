import Foundation
import KabarFetch
import KabarTesting
import Testing

@Suite struct PolitenessTests {
    @Test func perHostDelaySpacesRequests() async throws {
        let server = try TestHTTPServer { _, c in c.respond(body: "ok") }
        defer { server.stop() }
        var config = testConfiguration()
        config.perHostDelay = 0.3
        let fetcher = Fetcher(configuration: config)
        let urls = (0..<4).map { FetchRequest(url: server.url("/p\($0)")) }
        var count = 0
        for await r in fetcher.fetchAll(urls) {
            #expect(r.error == nil)
            count += 1
        }
        #expect(count == 4)
        let times = server.requests.map(\.receivedAt).sorted()
        for (a, b) in zip(times, times.dropFirst()) {
            #expect(b.timeIntervalSince(a) >= 0.27, "gap \(b.timeIntervalSince(a))")
        }
    }

    @Test func perHostConnectionLimit() async throws {
        let server = try TestHTTPServer { _, c in
            c.pause(0.2)
            c.respond(body: "ok")
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.perHostConnections = 2
        let fetcher = Fetcher(configuration: config)
        let start = ContinuousClock.now
        var n = 0
        for await r in fetcher.fetchAll((0..<6).map { FetchRequest(url: server.url("/\($0)")) }) {
            #expect(r.error == nil)
            n += 1
        }
        #expect(n == 6)
        #expect(server.peakConcurrency == 2)
        #expect(seconds(since: start) >= 0.55)
    }

    @Test func globalConcurrencyLimitAcrossHosts() async throws {
        let inFlight = Counter()
        let handler: TestHTTPServer.Handler = { _, c in
            inFlight.increment()
            c.pause(0.15)
            inFlight.decrement()
            c.respond(body: "ok")
        }
        let servers = try (0..<3).map { _ in try TestHTTPServer(handler: handler) }
        defer { servers.forEach { $0.stop() } }
        var config = testConfiguration()
        config.concurrency = 3
        config.perHostConnections = 3
        let fetcher = Fetcher(configuration: config)
        let requests = (0..<12).map { FetchRequest(url: servers[$0 % 3].url("/\($0)")) }
        var n = 0
        for await _ in fetcher.fetchAll(requests) { n += 1 }
        #expect(n == 12)
        #expect(inFlight.peak <= 3)
        #expect(inFlight.peak >= 2)
    }

    @Test func backoffFromRetryAfterHoldsTheWholeHost() async throws {
        let calls = Counter()
        let server = try TestHTTPServer { request, c in
            if request.path == "/first", calls.increment() == 1 {
                c.respond(status: 429, headers: ["Retry-After": "1"])
            } else {
                c.respond(body: "ok")
            }
        }
        defer { server.stop() }
        let fetcher = Fetcher(configuration: testConfiguration())
        async let first = fetcher.fetch(server.url("/first"))
        try await Task.sleep(for: .milliseconds(150))
        // Started after the 429: it waits out the same pause.
        let second = await fetcher.fetch(server.url("/second"))
        #expect(await first.attempts == 2)
        #expect(second.error == nil)
        let log = server.requests
        let tooMany = try #require(log.first { $0.path == "/first" })
        let next = try #require(log.first { $0.path == "/second" })
        #expect(next.receivedAt.timeIntervalSince(tooMany.receivedAt) >= 0.9)
    }

    @Test func streamYieldsEveryResponseOnceForManyURLs() async throws {
        let server = try TestHTTPServer { request, c in c.respond(body: request.path) }
        defer { server.stop() }
        let fetcher = Fetcher(configuration: testConfiguration())
        var seen = Set<String>()
        for await r in fetcher.fetchAll((0..<300).map { FetchRequest(url: server.url("/\($0)"), tag: "\($0)") }, window: 16) {
            #expect(r.error == nil)
            #expect(String(decoding: r.body, as: UTF8.self) == "/" + (r.request.tag ?? ""))
            seen.insert(r.request.tag ?? "")
        }
        #expect(seen.count == 300)
        #expect(server.connections <= 8, "connections are reused: \(server.connections)")
    }
}
