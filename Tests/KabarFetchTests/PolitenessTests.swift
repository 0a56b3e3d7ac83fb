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
        // Starts are 0.3 s apart; the server's clock also sees connection setup and its own
        // thread's scheduling (one late timestamp shortens the next gap on a loaded machine),
        // so each gap gets slack while the whole span must hold (without the delay the gaps
        // are ~0).
        let times = server.requests.map(\.receivedAt).sorted()
        for (a, b) in zip(times, times.dropFirst()) {
            #expect(b.timeIntervalSince(a) >= 0.1, "gap \(b.timeIntervalSince(a))")
        }
        #expect(times.last!.timeIntervalSince(times.first!) >= 0.8)
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
        let server = try TestHTTPServer { _, c in
            if calls.increment() == 1 {
                c.respond(status: 429, headers: ["Retry-After": "1"])
            } else {
                c.respond(body: "ok")
            }
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.perHostConnections = 1
        let fetcher = Fetcher(configuration: config)
        var attempts: [Int] = []
        for await r in fetcher.fetchAll([FetchRequest(url: server.url("/a")), FetchRequest(url: server.url("/b"))]) {
            #expect(r.error == nil)
            attempts.append(r.attempts)
        }
        #expect(attempts.sorted() == [1, 2])
        let times = server.requests.map(\.receivedAt).sorted()
        #expect(times.count == 3)
        // Whichever request came next, it waited out the pause the 429 asked for.
        #expect(times[1].timeIntervalSince(times[0]) >= 0.9)
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
