import Foundation

/// Hosts that name this machine or a private network: `localhost`, 127.0.0.0/8, 10.0.0.0/8,
/// 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, 0.0.0.0, `::1` and fc00::/7. A schedule
/// fetches them only with `allow_local: true`, so that a feed or a page cannot point the
/// crawler at services behind the firewall. Only literal addresses and `localhost` names are
/// recognised: a public name that resolves to a private address is not caught.
public enum LocalAddress {
    public static func isLocal(_ url: URL) -> Bool {
        guard var host = url.host?.lowercased() else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if host.contains(":") {
            return host == "::1" || host == "::" || host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe80:")
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let octets = parts.compactMap { UInt8($0) }
        guard octets.count == 4 else { return false }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168), (169, 254), (0, _): return true
        case (172, let b) where (16...31).contains(b): return true
        default: return false
        }
    }
}
