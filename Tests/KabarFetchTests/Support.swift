import Foundation
import KabarFetch
import KabarTesting

/// A configuration for tests against 127.0.0.1: short timeouts, quick retries, no delays,
/// robots.txt off unless a test turns it on, and never an environment proxy for 127.0.0.1.
func testConfiguration(robots: Bool = false) -> FetchConfiguration {
    var c = FetchConfiguration()
    c.concurrency = 8
    c.perHostConnections = 8
    c.perHostDelay = 0
    c.obeyRobots = robots
    c.connectTimeout = 2
    c.totalTimeout = 5
    c.stallSeconds = 1
    c.stallBytesPerSecond = 1000
    c.retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.2, maxRetryAfter: 5, jitter: 0.5)
    c.noProxy = "127.0.0.1,localhost"
    return c
}

/// Thread-safe counter shared between a test and its server handler.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private var peakValue = 0

    @discardableResult
    func increment() -> Int { lock.withLock { value += 1; peakValue = max(peakValue, value); return value } }
    func decrement() { lock.withLock { value -= 1 } }
    var current: Int { lock.withLock { value } }
    var peak: Int { lock.withLock { peakValue } }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let c = (ContinuousClock.now - start).components
    return Double(c.seconds) + Double(c.attoseconds) / 1e18
}
