import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where `/metrics` is served: `HOST:PORT` as given to `--metrics` (`127.0.0.1:9464`,
/// `[::1]:9464`, `localhost:9464`; port 0 takes a free one). Only a loopback address is taken
/// unless `anyAddress` (the `--metrics-any-address` flag): the metrics name the schedules, hosts
/// and data folders, and Kabar has no authentication of its own to put in front of them.
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String, anyAddress: Bool = false, flag: String = "--metrics") throws {
        let (host, portText): (String, Substring)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw Invalid(description: "\(flag) \(text): expected [IPv6]:PORT, e.g. [::1]:9464") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw Invalid(description: "\(flag) \(text): expected HOST:PORT, e.g. 127.0.0.1:9464")
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw Invalid(description: "\(flag) \(text): no host; give one, e.g. 127.0.0.1:9464") }
        guard let port = UInt16(portText) else { throw Invalid(description: "\(flag) \(text): the port must be a number from 0 to 65535") }
        self.host = host
        self.port = port
        let addresses = try Self.resolve(host, port: port, flag: flag, text: text)
        if !anyAddress, let outside = addresses.first(where: { !$0.loopback }) {
            throw Invalid(description: "\(flag) \(text): \(outside.text) is not a loopback address; /metrics would be open to the network "
                          + "(add --metrics-any-address to serve it there anyway, behind a firewall or proxy of your own)")
        }
    }

    init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The socket addresses of `host` (numeric, or a name such as localhost).
    static func resolve(_ host: String, port: UInt16, flag: String, text: String) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0, let first = list else {
            throw Invalid(description: "\(flag) \(text): cannot resolve \(host): \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(first) }
        var out: [SocketAddress] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let info = p {
            if let a = info.pointee.ai_addr, [AF_INET, AF_INET6].contains(Int32(info.pointee.ai_family)) {
                out.append(SocketAddress(family: info.pointee.ai_family, bytes: Data(bytes: a, count: Int(info.pointee.ai_addrlen))))
            }
            p = info.pointee.ai_next
        }
        guard !out.isEmpty else { throw Invalid(description: "\(flag) \(text): \(host) has no IPv4 or IPv6 address") }
        return out
    }
}

/// One resolved address (a `sockaddr_in` or `sockaddr_in6`).
struct SocketAddress: Sendable, Equatable {
    let family: Int32
    let bytes: Data

    var loopback: Bool {
        bytes.withUnsafeBytes { raw in
            if family == AF_INET {
                let a = raw.load(as: sockaddr_in.self)
                return UInt32(bigEndian: a.sin_addr.s_addr) >> 24 == 127
            }
            let a = raw.load(as: sockaddr_in6.self)
            return withUnsafeBytes(of: a.sin6_addr) { Array($0) == Array(repeating: 0, count: 15) + [1] }
        }
    }

    var text: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            if family == AF_INET {
                var a = raw.load(as: sockaddr_in.self).sin_addr
                _ = inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count))
            } else {
                var a = raw.load(as: sockaddr_in6.self).sin6_addr
                _ = inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count))
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
