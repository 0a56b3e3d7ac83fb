import Foundation
import Testing
@testable import KabarFetch

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesWithinJitterAndCap() {
        let p = RetryPolicy(maxAttempts: 6, baseDelay: 1, maxDelay: 5, maxRetryAfter: 60, jitter: 0.5)
        #expect(p.backoff(afterAttempt: 1, random: 0) == 0.5)
        #expect(p.backoff(afterAttempt: 1, random: 1) == 1)
        #expect(p.backoff(afterAttempt: 2, random: 1) == 2)
        #expect(p.backoff(afterAttempt: 3, random: 0.5) == 3)
        #expect(p.backoff(afterAttempt: 10, random: 1) == 5)
        for _ in 0..<100 {
            let d = p.delay(afterAttempt: 2, retryAfter: nil)!
            #expect(d >= 1 && d <= 2)
        }
    }

    @Test func attemptsRunOut() {
        let p = RetryPolicy(maxAttempts: 2)
        #expect(p.delay(afterAttempt: 1, retryAfter: nil) != nil)
        #expect(p.delay(afterAttempt: 2, retryAfter: nil) == nil)
        #expect(RetryPolicy.never.delay(afterAttempt: 1, retryAfter: nil) == nil)
    }

    @Test func retryAfterIsHonouredOrEndsTheRetries() {
        let p = RetryPolicy(maxAttempts: 3, maxRetryAfter: 10)
        #expect(p.delay(afterAttempt: 1, retryAfter: 7) == 7)
        #expect(p.delay(afterAttempt: 1, retryAfter: 11) == nil)
    }

    @Test func statuses() {
        let p = RetryPolicy()
        for s in [429, 500, 502, 503, 504, 408] { #expect(p.isRetryable(status: s), "\(s)") }
        for s in [200, 301, 304, 400, 401, 403, 404, 410, 501, 505] { #expect(!p.isRetryable(status: s), "\(s)") }
    }

    @Test func retryAfterFormats() {
        let now = Date(timeIntervalSince1970: 784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.parseRetryAfter("120", now: now) == 120)
        #expect(RetryPolicy.parseRetryAfter(" 0 ", now: now) == 0)
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == 60)
        #expect(RetryPolicy.parseRetryAfter("Sunday, 06-Nov-94 08:50:07 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("Sun Nov  6 08:49:47 1994", now: now) == 10)
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0, "a past date means now")
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter("-5", now: now) == nil)
    }

    @Test func charsetFromContentType() {
        #expect(HTTPHeaders.charset(ofContentType: "text/html; charset=ISO-8859-1") == "iso-8859-1")
        #expect(HTTPHeaders.charset(ofContentType: "text/html;charset=\"utf-8\"; q=1") == "utf-8")
        #expect(HTTPHeaders.charset(ofContentType: "text/html") == nil)
        #expect(HTTPHeaders.charset(ofContentType: nil) == nil)
    }
}
