import Foundation
import KabarSampleSites
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
        guard let listener = Loopback.boundSocket(listenBacklog: 0) else { throw Failed(step: "bind and listen on 127.0.0.1", code: errno) }
        sockets.append(listener.fd)
        port = listener.port
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        sockets.append(filler)
        guard Loopback.canConnect(port, with: filler) else { let code = errno; close(); throw Failed(step: "connect to the listener", code: code) }
    }

    deinit { close() }

    public func close() { for fd in sockets { _ = Glibc.close(fd) }; sockets = [] }
}
