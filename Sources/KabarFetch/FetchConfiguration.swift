import Foundation

/// How a `Fetcher` behaves: identity, politeness, limits, timeouts, retries, proxies and TLS.
/// The defaults are those of a polite crawler; a benchmark or a one-off fetch loosens them.
public struct FetchConfiguration: Sendable {
    public static let defaultUserAgent = "Kabar/0.1 (+https://github.com/kabar-news/kabar)"

    /// Sent as `User-Agent` on every request.
    public var userAgent: String = FetchConfiguration.defaultUserAgent
    /// The token matched against robots.txt `User-agent:` lines; nil takes the product token
    /// of `userAgent` ("Kabar").
    public var robotsAgent: String?
    /// Extra headers on every request (a request's own headers win).
    public var headers: [String: String] = [
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ]

    /// Transfers in flight at once, over all hosts.
    public var concurrency: Int = 16
    /// Transfers in flight at once to one host (host and port).
    public var perHostConnections: Int = 2
    /// Minimum seconds between the starts of two requests to one host.
    public var perHostDelay: Double = 1.0
    /// Whether robots.txt is fetched and obeyed (Allow/Disallow and Crawl-delay).
    public var obeyRobots: Bool = true
    /// A robots.txt Crawl-delay longer than this is capped to it.
    public var maxCrawlDelay: Double = 30

    /// Seconds to establish the connection (TCP and TLS).
    public var connectTimeout: Double = 10
    /// Seconds for one whole transfer.
    public var totalTimeout: Double = 60
    /// A transfer slower than `stallBytesPerSecond` for `stallSeconds` is aborted.
    public var stallSeconds: Int = 15
    public var stallBytesPerSecond: Int = 100

    /// The largest body kept, counted after decompression; a larger page fails with
    /// `FetchError.bodyTooLarge`.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Redirects followed before `FetchError.tooManyRedirects`.
    public var maxRedirects: Int = 10
    public var retry: RetryPolicy = RetryPolicy()
    /// The hosts and addresses requests may go to, checked on every hop and on the address
    /// each connection resolved to. Open by default; a schedule narrows it.
    public var hostPolicy: HostPolicy = .open
    /// Fixed addresses for host names, as curl's `--resolve`: `host:port:address` entries
    /// (CURLOPT_RESOLVE). The resolved address is still checked against `hostPolicy`.
    public var resolve: [String] = []

    /// A proxy URL for every request (`http://host:port`, `socks5h://...`). nil leaves
    /// libcurl to read `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the environment.
    public var proxy: String?
    /// Hosts never proxied (comma-separated, as `no_proxy`); nil: the environment's.
    public var noProxy: String?
    /// Verify the server's TLS certificate and host name. Turning it off is for tests only.
    public var verifyTLS: Bool = true
    /// A CA bundle file to verify against instead of the system's.
    public var caBundle: String?
    public var httpVersion: HTTPVersionPreference = .http2WhereOffered

    public init() {}

    /// The configuration for a benchmark or a trusted local server: no per-host limits.
    public static func unthrottled(concurrency: Int) -> FetchConfiguration {
        var c = FetchConfiguration()
        c.concurrency = concurrency
        c.perHostConnections = concurrency
        c.perHostDelay = 0
        return c
    }

    /// The token robots.txt groups are matched against, lowercased.
    public var robotsToken: String {
        let source = robotsAgent ?? userAgent
        let token = source.prefix { $0 != "/" && $0 != " " && $0 != ";" }
        return token.isEmpty ? "kabar" : token.lowercased()
    }
}

/// Which HTTP versions to speak.
public enum HTTPVersionPreference: Sendable {
    /// HTTP/2 over TLS where the server offers it (ALPN), HTTP/1.1 otherwise.
    case http2WhereOffered
    /// HTTP/1.1 only.
    case http1_1
    /// HTTP/2 without upgrade, also over plain TCP (h2c with prior knowledge).
    case http2PriorKnowledge
}
