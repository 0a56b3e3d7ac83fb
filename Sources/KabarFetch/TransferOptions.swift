import Foundation

/// Everything one libcurl transfer (one request, no redirect following) is set up with.
struct TransferOptions: Sendable {
    var url: URL
    var headers: [String: String] = [:]
    var userAgent: String = FetchConfiguration.defaultUserAgent
    var connectTimeout: Double = 10
    var totalTimeout: Double = 60
    var stallSeconds: Int = 15
    var stallBytesPerSecond: Int = 100
    var maxBodyBytes: Int = 10 * 1024 * 1024
    var proxy: String?
    var noProxy: String?
    var verifyTLS = true
    var caBundle: String?
    var httpVersion: HTTPVersionPreference = .http2WhereOffered
    /// Refuse a connection to a loopback or private address (checked on the address the
    /// host name resolved to). Off when a proxy is in use: then the proxy's address is the
    /// one connected to, and the proxy resolves the name.
    var refuseLocalAddresses = false
    var resolve: [String] = []

    init(url: URL, configuration c: FetchConfiguration, headers: [String: String]) {
        self.url = url
        self.headers = headers
        userAgent = c.userAgent
        connectTimeout = c.connectTimeout
        totalTimeout = c.totalTimeout
        stallSeconds = c.stallSeconds
        stallBytesPerSecond = c.stallBytesPerSecond
        maxBodyBytes = c.maxBodyBytes
        proxy = c.proxy
        noProxy = c.noProxy
        verifyTLS = c.verifyTLS
        caBundle = c.caBundle
        httpVersion = c.httpVersion
        resolve = c.resolve
        refuseLocalAddresses = !c.hostPolicy.allowLocal && c.proxy == nil && !Self.environmentHasProxy
    }

    /// Whether libcurl will take a proxy from the environment (`http_proxy` and friends).
    static let environmentHasProxy: Bool = {
        let env = ProcessInfo.processInfo.environment
        return ["http_proxy", "https_proxy", "all_proxy", "HTTPS_PROXY", "ALL_PROXY"].contains { !(env[$0] ?? "").isEmpty }
    }()
}

/// What one transfer produced.
struct TransferResult: Sendable {
    /// libcurl's result code (0: a response arrived whole).
    var code: Int = 0
    var message: String = ""
    var status: Int = 0
    var headers = HTTPHeaders()
    var body = Data()
    /// Where a 3xx points, resolved against the request URL.
    var redirectURL: String?
    var httpVersion: String?
    var remoteIP: String?
    var timings = FetchTimings()
    var bodyTooLarge = false
    var cancelled = false
    /// The local address a connection reached when local addresses are refused.
    var refusedAddress: String?

    /// The transport failure, if any (HTTP statuses are not judged here).
    var error: FetchError? {
        if cancelled { return .cancelled }
        if let refusedAddress { return .localAddress(url: "", address: refusedAddress) }
        if bodyTooLarge { return nil }
        switch code {
        case 0: return nil
        case CurlCodes.fileSizeExceeded: return nil
        case CurlCodes.unsupportedProtocol, CurlCodes.malformedURL: return .invalidURL(message)
        case CurlCodes.operationTimedOut:
            let m = message.lowercased()
            if m.contains("too slow") { return .stalled(message) }
            if m.contains("connection timed out") || m.contains("connect") && timings.connect == 0 {
                return .connectTimeout(message)
            }
            return .timeout(message)
        case let c where CurlCodes.tls.contains(c): return .tls(message)
        case CurlCodes.outOfMemory, CurlCodes.tooLarge:
            // Not this process running out of memory: the server's headers are over libcurl's caps.
            return .network(code: code, message: "the response's headers are too large (libcurl takes a header line of up to 100 KB and 300 KB of headers in all; it said \"\(message)\")")
        default: return .network(code: code, message: message)
        }
    }

    /// Whether the body passed the cap (by the write callback or by Content-Length).
    var exceededCap: Bool { bodyTooLarge || code == CurlCodes.fileSizeExceeded }
}
