import Foundation

/// When and how long to wait before trying a request again: network failures, 429 and 5xx
/// (except 501 and 505) are retried with exponential backoff and jitter; `Retry-After` is
/// honoured; other 4xx are final.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (1: never retry).
    public var maxAttempts: Int
    /// The wait before the second attempt; it doubles each time.
    public var baseDelay: Double
    /// The longest backoff wait.
    public var maxDelay: Double
    /// A `Retry-After` longer than this gives up instead of waiting.
    public var maxRetryAfter: Double
    /// The share of each backoff that is random (0: none, 1: "full jitter").
    public var jitter: Double

    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxDelay: Double = 30,
                maxRetryAfter: Double = 120, jitter: Double = 0.5) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    public static let never = RetryPolicy(maxAttempts: 1)

    /// Whether an HTTP status is worth another attempt.
    public func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || ((500...599).contains(status) && status != 501 && status != 505)
    }

    /// The backoff before attempt `attempt + 1`, with `random` in 0..<1 supplying the jitter.
    public func backoff(afterAttempt attempt: Int, random: Double) -> Double {
        let exponential = baseDelay * pow(2, Double(max(0, attempt - 1)))
        let capped = min(maxDelay, exponential)
        let share = min(1, max(0, jitter))
        return capped * (1 - share) + capped * share * random
    }

    /// The wait before the next attempt after `attempt` attempts, or nil to stop: the
    /// attempts are used up, or the server asked for a longer pause than `maxRetryAfter`.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?,
                      random: Double = Double.random(in: 0..<1)) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter {
            guard retryAfter <= maxRetryAfter else { return nil }
            return max(0, retryAfter)
        }
        return backoff(afterAttempt: attempt, random: random)
    }

    /// Seconds from `now` that a `Retry-After` value asks for: delay-seconds, or an HTTP
    /// date (IMF-fixdate, RFC 850 or asctime). nil when unreadable.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0, trimmed.allSatisfy({ $0.isNumber || $0 == "." }) {
            return seconds
        }
        guard let date = parseHTTPDate(trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// An HTTP date in any of the three formats RFC 9110 accepts.
    public static func parseHTTPDate(_ value: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if let date = formatter.date(from: collapsed) { return date }
        }
        return nil
    }
}
