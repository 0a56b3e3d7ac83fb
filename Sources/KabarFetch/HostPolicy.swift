import Foundation

/// Where a fetcher may send requests: which hosts (nil: any), and whether loopback and
/// private addresses may be reached. Checked on every hop of every fetch (redirects and
/// robots.txt included) before a request is sent, and, for local addresses, again on the
/// address each connection actually resolved to (a public name that resolves to 127.0.0.1,
/// DNS rebinding, is refused too; with a proxy the proxy resolves names and only the name
/// is checked). Only http and https are ever fetched, whatever the policy.
public struct HostPolicy: Sendable, Equatable {
    /// The hosts allowed, each with its subdomains (`tempo.co` allows `www.tempo.co`); nil
    /// allows every host.
    public var allowedHosts: [String]?
    /// Whether loopback, private and link-local addresses may be fetched.
    public var allowLocal: Bool

    public init(allowedHosts: [String]? = nil, allowLocal: Bool = true) {
        self.allowedHosts = allowedHosts.map { $0.map(Self.normalised) }
        self.allowLocal = allowLocal
    }

    /// Every host, local addresses included: the library default (for `kabar fetch` and
    /// tests, where the user names each URL). Schedules build a strict policy.
    public static let open = HostPolicy()

    /// Whether `host` is one of the allowed hosts or below one.
    public func permits(host: String) -> Bool {
        guard let allowedHosts else { return true }
        let h = Self.normalised(host)
        return allowedHosts.contains { h == $0 || h.hasSuffix("." + $0) }
    }

    /// Why `url` may not be fetched, or nil when it may.
    public func refusal(for url: URL) -> FetchError? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return .invalidURL(url.absoluteString) }
        if !permits(host: host) { return .hostNotAllowed(url.absoluteString) }
        if !allowLocal, LocalAddress.isLocal(url) { return .localAddress(url: url.absoluteString, address: host) }
        return nil
    }

    static func normalised(_ host: String) -> String {
        var h = host.lowercased()
        if h.hasPrefix("*.") { h.removeFirst(2) }
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        while h.hasSuffix(".") { h.removeLast() }
        return h
    }
}
