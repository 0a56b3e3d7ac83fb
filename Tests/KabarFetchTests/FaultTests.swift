import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarFetch
import KabarTesting
import Testing

@Suite struct FaultTests {
    @Test func stalledBodyTimesOut() async throws {
        let server = try TestHTTPServer { _, c in
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nfirst bytes")
            c.pause(4)
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.retry = .never
        let start = ContinuousClock.now
        let r = await Fetcher(configuration: config).fetch(server.url("/stall"))
        guard case .stalled = r.error else {
            Issue.record("expected a stall, got \(String(describing: r.error))")
            return
        }
        // The transfer's own duration (measured by libcurl on the fetcher's thread, so a
        // loaded test process cannot skew it): the 1 s stall limit ended it long before the
        // server's 4 s pause did.
        #expect(r.timings.total > 0.9 && r.timings.total < 3, "transfer took \(r.timings.total) s")
        #expect(seconds(since: start) < 30)
        #expect(r.status == 200)
    }

    @Test func slowHeadersHitTheTotalTimeout() async throws {
        let server = try TestHTTPServer { _, c in
            // A trickle fast enough for the stall check but never done.
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            for _ in 0..<60 { if !c.write(String(repeating: "x", count: 600)) { return }; c.pause(0.1) }
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.retry = .never
        config.totalTimeout = 1
        config.stallBytesPerSecond = 100
        let start = ContinuousClock.now
        let r = await Fetcher(configuration: config).fetch(server.url("/trickle"))
        guard case .timeout = r.error else {
            Issue.record("expected a timeout, got \(String(describing: r.error))")
            return
        }
        // The trickle lasts 6 s; the 1 s total timeout ended the transfer (its own duration,
        // measured by libcurl on the fetcher's thread).
        #expect(r.timings.total > 0.9 && r.timings.total < 3, "transfer took \(r.timings.total) s")
        #expect(seconds(since: start) < 30)
    }

    @Test func connectionResetMidBodyIsRetried() async throws {
        let calls = Counter()
        let server = try TestHTTPServer { _, c in
            if calls.increment() == 1 {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n" + String(repeating: "a", count: 3000))
                c.pause(0.05)
                c.reset()
            } else {
                c.respond(body: String(repeating: "b", count: 10000))
            }
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/reset"))
        #expect(r.error == nil)
        #expect(r.attempts == 2)
        #expect(r.body.count == 10000)
        #expect(r.body.first == UInt8(ascii: "b"))
    }

    @Test func connectionResetEveryTimeIsAnError() async throws {
        let server = try TestHTTPServer { _, c in
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\nabc")
            c.pause(0.02)
            c.reset()
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/reset"))
        guard case .network(let code, _) = r.error else {
            Issue.record("expected a network error, got \(String(describing: r.error))")
            return
        }
        #expect(code == 56 || code == 18, "recv failure or partial file, got \(code)")
        #expect(r.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test func shortBodyForItsContentLengthIsAnError() async throws {
        let server = try TestHTTPServer { _, c in
            c.keepAlive = false
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "a", count: 1000))
            c.close()
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.retry = .never
        let r = await Fetcher(configuration: config).fetch(server.url("/short"))
        guard case .network(18, _) = r.error else {
            Issue.record("expected a partial body error, got \(String(describing: r.error))")
            return
        }
        #expect(r.error?.isTransient == true)
    }

    @Test func emptyReplyIsAnError() async throws {
        let server = try TestHTTPServer { _, c in c.close() }
        defer { server.stop() }
        var config = testConfiguration()
        config.retry = .never
        let r = await Fetcher(configuration: config).fetch(server.url("/nothing"))
        guard case .network(52, _) = r.error else {
            Issue.record("expected 'empty reply', got \(String(describing: r.error))")
            return
        }
    }

    @Test func gzipBombIsCutAtTheCapAfterDecompression() async throws {
        let bomb = TestGzip.zeros(count: 20 * 1024 * 1024)
        #expect(bomb.count < 200 * 1024)
        let server = try TestHTTPServer { _, c in
            c.respond(headers: ["Content-Encoding": "gzip", "Content-Type": "text/html"], body: bomb)
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.maxBodyBytes = 1024 * 1024
        let r = await Fetcher(configuration: config).fetch(server.url("/bomb"))
        #expect(r.error == .bodyTooLarge(limit: 1024 * 1024))
        #expect(r.body.count == 1024 * 1024)
        #expect(r.attempts == 1, "a page over the cap is not retried")
    }

    @Test func oversizeBodyFailsClearly() async throws {
        let big = Data(repeating: UInt8(ascii: "x"), count: 3 * 1024 * 1024)
        let server = try TestHTTPServer { request, c in
            if request.path == "/declared" {
                c.respond(body: big)
            } else {
                // No Content-Length: the cap is found while reading.
                c.keepAlive = false
                c.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                c.write(big)
                c.close()
            }
        }
        defer { server.stop() }
        var config = testConfiguration()
        config.maxBodyBytes = 1024 * 1024
        let fetcher = Fetcher(configuration: config)
        let declared = await fetcher.fetch(server.url("/declared"))
        #expect(declared.error == .bodyTooLarge(limit: 1024 * 1024))
        #expect(declared.error?.description.contains("1048576") == true)
        let streamed = await fetcher.fetch(server.url("/streamed"))
        #expect(streamed.error == .bodyTooLarge(limit: 1024 * 1024))
        #expect(streamed.body.count == 1024 * 1024)
        let fits = await Fetcher(configuration: testConfiguration()).fetch(server.url("/declared"))
        #expect(fits.error == nil && fits.body.count == big.count, "the default cap is 10 MB")
    }

    @Test func refusedConnectionIsRetriedThenReported() async throws {
        // A port that was free a moment ago: nothing listens there.
        let server = try TestHTTPServer { _, c in c.respond() }
        let url = server.url("/")
        server.stop()
        try await Task.sleep(for: .milliseconds(50))
        let r = await Fetcher(configuration: testConfiguration()).fetch(url)
        guard case .network(7, _) = r.error else {
            Issue.record("expected 'could not connect', got \(String(describing: r.error))")
            return
        }
        #expect(r.attempts == 3)
        #expect(r.status == 0)
    }
}

@Suite struct ConnectTimeoutTests {
    /// A listener whose accept queue is full and never drained: the kernel drops further SYNs,
    /// so a connect hangs until the client gives up.
    @Test func connectTimeout() async throws {
        let host = try SilentListener()
        defer { host.close() }
        let port = host.port
        var config = testConfiguration()
        config.retry = .never
        config.connectTimeout = 0.5
        let start = ContinuousClock.now
        let r = await Fetcher(configuration: config).fetch(URL(string: "http://127.0.0.1:\(port)/")!)
        guard case .connectTimeout = r.error else {
            Issue.record("expected a connect timeout, got \(String(describing: r.error))")
            return
        }
        // Without the 0.5 s connect timeout, libcurl would wait minutes for the full backlog.
        // (Generous bound: a loaded 2-core CI machine can delay the test process itself.)
        #expect(seconds(since: start) < 10)
    }
}
