import Foundation
import Metrics

/// What the fetcher reports through swift-metrics, one call per HTTP request sent (retries,
/// redirect hops and robots.txt included; a request never sent, because the fetcher stopped,
/// is not counted). Nothing is kept unless the process bootstraps a metrics backend
/// (`kabar schedule --metrics`, kabar-postgres worker's; an embedding service its own).
///
/// The `host` label is the host of the URL asked for (with its port when the URL names one).
/// A schedule's fetcher only requests the hosts the schedule allows (`HostPolicy`), so the
/// label's values are bounded by the schedules run.
public enum FetchMetrics {
    public static let requests = "kabar_http_requests_total"
    public static let responseBytes = "kabar_http_response_bytes_total"
    public static let duration = "kabar_http_request_duration_seconds"

    /// Help text of each metric, for the exporter's `# HELP` lines and the docs.
    public static let help: [String: String] = [
        requests: "HTTP requests sent, by host and status class (1xx..5xx; error: no response, e.g. timeout or refused).",
        responseBytes: "Response body bytes received (after decompression), by host.",
        duration: "Seconds of one HTTP request from its start to its last byte (libcurl's total time), by host.",
    ]

    /// Histogram buckets of `duration`, in seconds: a page takes from milliseconds to the timeout.
    public static let durationBuckets: [Double] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// One request's outcome: its status (0: no response), body size and total time.
    static func record(url: URL, status: Int, bytes: Int, seconds: Double) {
        let host = label(host: url)
        Counter(label: requests, dimensions: [("host", host), ("status_class", statusClass(status))]).increment()
        Counter(label: responseBytes, dimensions: [("host", host)]).increment(by: bytes)
        Metrics.Timer(label: duration, dimensions: [("host", host)]).recordSeconds(seconds)
    }

    /// `2xx` for 200..299 and so on; `error` when no response arrived.
    static func statusClass(_ status: Int) -> String {
        (100..<600).contains(status) ? "\(status / 100)xx" : "error"
    }

    static func label(host url: URL) -> String {
        let host = (url.host ?? "").lowercased()
        return url.port.map { "\(host):\($0)" } ?? host
    }
}
