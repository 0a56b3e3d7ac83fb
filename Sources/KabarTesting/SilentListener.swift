import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A constructed host that drops packets, on 127.0.0.1: a socket listening with a backlog of 0
/// whose one place is taken by a connection it never accepts, so Linux drops the SYNs of every
/// further connection (as a firewall that drops them does) and `connect` waits until its timeout.
public final class SilentListener: @unchecked Sendable {
    public struct Failed: Error { public let step: String; public let code: Int32 }
    public let port: Int
    private var sockets: [Int32] = []

    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        sockets.append(listener)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound, listen(listener, 0) == 0 else { let code = errno; _ = Glibc.close(listener); throw Failed(step: "bind and listen on 127.0.0.1", code: code) }
        port = Int(UInt16(bigEndian: address.sin_port))
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        sockets.append(filler)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) == 0 }
        }
        guard connected else { let code = errno; close(); throw Failed(step: "connect to the listener", code: code) }
    }

    deinit { close() }

    public func close() { for fd in sockets { _ = Glibc.close(fd) }; sockets = [] }
}
