import Foundation
import KabarFetch
import KabarTesting
import Testing

@Suite struct RetryTests {
    @Test func tooManyRequestsHonoursRetryAfterSeconds() async throws {
        let calls = Counter()
        let limited = try TestHTTPServer { _, c in
            if calls.increment() == 1 {
                c.respond(status: 429, headers: ["Retry-After": "1"], body: "slow down")
            } else {
                c.respond(body: "ok")
            }
        }
        defer { limited.stop() }
        let start = ContinuousClock.now
        let r = await Fetcher(configuration: testConfiguration()).fetch(limited.url("/"))
        let elapsed = seconds(since: start)
        #expect(r.status == 200 && r.error == nil)
        #expect(r.attempts == 2)
        #expect(elapsed >= 0.95 && elapsed < 30, "waited \(elapsed)s")
        let gap = limited.requests[1].receivedAt.timeIntervalSince(limited.requests[0].receivedAt)
        #expect(gap >= 0.95)
    }

    @Test func retryAfterAsHTTPDate() async throws {
        let calls = Counter()
        let server = try TestHTTPServer { _, c in
            if calls.increment() == 1 {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                c.respond(status: 503, headers: ["Retry-After": formatter.string(from: Date().addingTimeInterval(2))])
            } else {
                c.respond(body: "ok")
            }
        }
        defer { server.stop() }
        let start = ContinuousClock.now
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/"))
        #expect(r.status == 200 && r.attempts == 2)
        // The date has one-second resolution: between 1 and 2 seconds.
        #expect(seconds(since: start) >= 0.9)
    }

    @Test func retryAfterBeyondTheLimitEndsTheRetries() async throws {
        let server = try TestHTTPServer { _, c in c.respond(status: 429, headers: ["Retry-After": "3600"]) }
        defer { server.stop() }
        let start = ContinuousClock.now
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/"))
        #expect(r.status == 429)
        #expect(r.error == .httpStatus(429))
        #expect(r.attempts == 1)
        #expect(seconds(since: start) < 30, "no wait for an hour")
    }

    @Test func serverErrorsBackOffThenSucceed() async throws {
        let calls = Counter()
        let server = try TestHTTPServer { _, c in
            if calls.increment() <= 2 { c.respond(status: 503) } else { c.respond(body: "ok") }
        }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/"))
        #expect(r.status == 200 && r.error == nil)
        #expect(r.attempts == 3)
        let times = server.requests.map(\.receivedAt)
        // baseDelay 0.05 with 50% jitter: at least 0.025 s, then at least 0.05 s.
        #expect(times[1].timeIntervalSince(times[0]) >= 0.015)
        #expect(times[2].timeIntervalSince(times[1]) >= 0.035)
    }

    @Test func serverErrorsUseUpTheAttempts() async throws {
        let server = try TestHTTPServer { _, c in c.respond(status: 500, body: "broken") }
        defer { server.stop() }
        var config = testConfiguration()
        config.retry.maxAttempts = 4
        let r = await Fetcher(configuration: config).fetch(server.url("/"))
        #expect(r.status == 500)
        #expect(r.error == .httpStatus(500))
        #expect(r.attempts == 4)
        #expect(server.requests.count == 4)
    }

    @Test func notImplementedIsFinal() async throws {
        let server = try TestHTTPServer { _, c in c.respond(status: 501) }
        defer { server.stop() }
        let r = await Fetcher(configuration: testConfiguration()).fetch(server.url("/"))
        #expect(r.attempts == 1)
    }
}
