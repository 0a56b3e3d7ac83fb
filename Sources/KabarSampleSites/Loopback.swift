import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1, for tests and benchmarks that start servers of their own.
public enum Loopback {
    public struct NoFreePort: Error, CustomStringConvertible {
        public var description: String { "no free port on 127.0.0.1" }
    }

    /// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
    public static func freePort() throws -> Int {
        guard let bound = boundSocket(listenBacklog: nil) else { throw NoFreePort() }
        close(bound.fd)
        return bound.port
    }

    /// A TCP socket bound to a port of the kernel's choice on 127.0.0.1, listening with
    /// `listenBacklog` when one is given; nil (and `errno` set, the socket closed) when the bind,
    /// the port lookup or the listen fails. The caller owns the socket.
    public static func boundSocket(listenBacklog: Int32?) -> (fd: Int32, port: Int)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listenBacklog.map({ listen(fd, $0) == 0 }) ?? true else {
            let code = errno
            close(fd)
            errno = code
            return nil
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Whether something accepts connections on `port`.
    public static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        return canConnect(port, with: fd)
    }

    /// Connects `fd` (a TCP socket of the caller's) to `port` on 127.0.0.1; whether it connected.
    public static func canConnect(_ port: Int, with fd: Int32) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
