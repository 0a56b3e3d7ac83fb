import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Addresses that name this machine or a private network: `localhost`, 127.0.0.0/8, 10.0.0.0/8,
/// 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 (link-local, cloud metadata), 100.64.0.0/10
/// (carrier-grade NAT), 0.0.0.0/8, `::`, `::1`, fc00::/7, fe80::/10 and IPv4 mapped into IPv6
/// (`::ffff:127.0.0.1`). A schedule fetches them only with `allow_local: true`, so that a feed
/// or a page cannot point the crawler at services behind the firewall. `isLocal(_ url:)` judges
/// the name as written; `isLocal(ip:)` the address a name resolved to, which the fetcher checks
/// on every connection (`HostPolicy`), so a public name resolving to 127.0.0.1 is caught too.
public enum LocalAddress {
    public static func isLocal(_ url: URL) -> Bool {
        guard var host = url.host?.lowercased() else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        return isLocal(ip: host)
    }

    /// Whether a numeric address (IPv4 dotted quad or IPv6 text) is loopback, private,
    /// link-local or unspecified. A name that is no address is not local.
    public static func isLocal(ip text: String) -> Bool {
        var ip = text.lowercased()
        if let percent = ip.firstIndex(of: "%") { ip = String(ip[..<percent]) } // fe80::1%eth0
        if ip.contains(":") {
            if ip.hasPrefix("::ffff:"), ip.split(separator: ".").count == 4 { return isLocal(ip: String(ip.dropFirst(7))) }
            var bytes = [UInt8](repeating: 0, count: 16)
            guard inet_pton(AF_INET6, ip, &bytes) == 1 else { return false }
            if bytes.allSatisfy({ $0 == 0 }) { return true }                                  // ::
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }        // ::1
            if bytes[0] & 0xFE == 0xFC { return true }                                        // fc00::/7
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }                    // fe80::/10
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { // ::ffff:a.b.c.d
                return isLocal(ip: bytes[12...].map(String.init).joined(separator: "."))
            }
            return false
        }
        let parts = ip.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let octets = parts.compactMap { UInt8($0) }
        guard octets.count == 4 else { return false }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168), (169, 254), (0, _): return true
        case (172, let b) where (16...31).contains(b): return true
        case (100, let b) where (64...127).contains(b): return true
        default: return false
        }
    }
}
