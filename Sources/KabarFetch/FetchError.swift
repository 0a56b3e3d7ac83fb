import Foundation

/// Why a fetch did not produce the page. An HTTP status of 400 or more is reported as
/// `httpStatus` (with the response itself intact); 304 is not an error.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an absolute http(s) URL.
    case invalidURL(String)
    /// robots.txt disallows the URL for our agent.
    case robotsDisallowed(String)
    /// The host's robots.txt answered 5xx (or 429) or could not be fetched: the whole host is
    /// off-limits for this run.
    case robotsUnavailable(host: String, reason: String)
    /// A redirect led back to a URL already visited in this fetch: the hops, from the URL
    /// requested to the one visited again (`a -> b -> a`).
    case redirectLoop([String])
    case tooManyRedirects(limit: Int)
    /// The URL's host is not one the fetch may reach (`HostPolicy.allowedHosts`); a redirect
    /// to another site lands here.
    case hostNotAllowed(String)
    /// The URL names, or its host resolved to, a loopback or private address and the policy
    /// does not allow local addresses.
    case localAddress(url: String, address: String)
    /// The body, counted after decompression, passed the configured cap.
    case bodyTooLarge(limit: Int)
    case connectTimeout(String)
    /// The whole transfer took longer than the total timeout.
    case timeout(String)
    /// The transfer went slower than the stall limit for too long.
    case stalled(String)
    case tls(String)
    /// Any other transport failure, with libcurl's code and message.
    case network(code: Int, message: String)
    case httpStatus(Int)
    case cancelled

    /// A short stable name for logs and JSON.
    public var kind: String {
        switch self {
        case .invalidURL: return "invalid_url"
        case .robotsDisallowed: return "robots_disallowed"
        case .robotsUnavailable: return "robots_unavailable"
        case .redirectLoop: return "redirect_loop"
        case .tooManyRedirects: return "too_many_redirects"
        case .hostNotAllowed: return "host_not_allowed"
        case .localAddress: return "local_address"
        case .bodyTooLarge: return "body_too_large"
        case .connectTimeout: return "connect_timeout"
        case .timeout: return "timeout"
        case .stalled: return "stalled"
        case .tls: return "tls"
        case .network: return "network"
        case .httpStatus: return "http_status"
        case .cancelled: return "cancelled"
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let u): return "not an http(s) URL: \(u)"
        case .robotsDisallowed(let u): return "robots.txt disallows \(u)"
        case .robotsUnavailable(let host, let reason): return "robots.txt of \(host) unavailable (\(reason)): host skipped for this run"
        case .redirectLoop(let hops): return "redirect loop: \(hops.joined(separator: " -> "))"
        case .tooManyRedirects(let n): return "more than \(n) redirects"
        case .hostNotAllowed(let u): return "host not allowed: \(u) (the schedule's hosts and allow_hosts only)"
        case .localAddress(let u, let a):
            return "local address refused: \(u) is \(a), a loopback or private address (allow_local: true allows it)"
        case .bodyTooLarge(let n): return "body larger than \(n) bytes (after decompression)"
        case .connectTimeout(let m): return "connect timeout: \(m)"
        case .timeout(let m): return "timeout: \(m)"
        case .stalled(let m): return "stalled: \(m)"
        case .tls(let m): return "TLS: \(m)"
        case .network(let code, let m): return "network error \(code): \(m)"
        case .httpStatus(let s): return "HTTP \(s)"
        case .cancelled: return "cancelled"
        }
    }

    /// `description` for a line that names `url` already (a run's failed page: "skipped:
    /// REASON (URL)"): the URL the error names is left out when it is that one, so that the
    /// line names it once; another URL (a redirect's target) is kept.
    public func reason(fetching url: String) -> String {
        switch self {
        case .invalidURL(url): return "not an http(s) URL"
        case .robotsDisallowed(url): return "robots.txt disallows it"
        case .redirectLoop(let hops) where hops.contains(url):
            // The line names the URL fetched already: here it is "its URL", the others in full.
            return "redirect loop: " + hops.map { $0 == url ? "its URL" : $0 }.joined(separator: " -> ")
        case .hostNotAllowed(url): return "host not allowed (the schedule's hosts and allow_hosts only)"
        case .localAddress(url, let a): return "local address refused: its host is \(a), a loopback or private address (allow_local: true allows it)"
        default: return description
        }
    }

    /// Failures that another attempt, now or in a later run, will not cure: the page is
    /// skipped for good (too large, a redirect loop, a refused host or address, not http).
    public var isPermanent: Bool {
        switch self {
        case .invalidURL, .redirectLoop, .tooManyRedirects, .bodyTooLarge, .hostNotAllowed, .localAddress, .robotsDisallowed: return true
        default: return false
        }
    }

    /// Transport failures worth another attempt (the HTTP statuses are judged by `RetryPolicy`).
    public var isTransient: Bool {
        switch self {
        case .connectTimeout, .timeout, .stalled: return true
        case .network(let code, _): return CurlCodes.transient.contains(code)
        default: return false
        }
    }
}

/// The libcurl result codes Kabar tells apart.
enum CurlCodes {
    static let unsupportedProtocol = 1
    static let malformedURL = 3
    static let writeError = 23
    static let operationTimedOut = 28
    static let fileSizeExceeded = 63
    /// What libcurl (7.x) returns for a header line past 100 KB or 300 KB of headers, with
    /// the message "Out of memory"; 8.6 and later say CURLE_TOO_LARGE (100).
    static let outOfMemory = 27
    static let tooLarge = 100
    /// Could not resolve proxy/host, could not connect, HTTP/2 framing, partial body, empty
    /// reply, send/receive failures, HTTP/2 stream errors.
    static let transient: Set<Int> = [5, 6, 7, 16, 18, 52, 55, 56, 92]
    /// Certificate and handshake failures.
    static let tls: Set<Int> = [35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98]
}
