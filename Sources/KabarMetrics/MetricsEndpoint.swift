import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `/metrics` endpoint: a small HTTP/1.1 server on one thread that answers `GET /metrics`
/// (and `HEAD`) with the Prometheus text format, anything else with 404 or 405, one request per
/// connection. A scrape is a few a minute, so connections are served one at a time; a client
/// that sends nothing for 5 seconds is dropped, so it cannot hold the next scrape up for long.
public final class MetricsEndpoint: @unchecked Sendable {
    /// The address listened on, with the port the system chose when 0 was asked for.
    public let address: MetricsAddress
    private let listenFD: Int32
    private let body: @Sendable () -> [UInt8]
    private let lock = NSLock()
    private var stopped = false

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Listens on `address`; `body` is called for each scrape.
    public init(address: MetricsAddress, body: @escaping @Sendable () -> [UInt8]) throws {
        self.body = body
        let candidates = try MetricsAddress.resolve(address.host, port: address.port, flag: "--metrics", text: address.description)
            .sorted { $0.family == AF_INET && $1.family != AF_INET }
        let target = candidates[0]
        let fd = socket(target.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "--metrics \(address): socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = target.bytes.withUnsafeBytes { raw in
            bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "--metrics \(address): cannot listen there: \(reason)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = withUnsafeBytes(of: storage) { raw in
            target.family == AF_INET ? UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
                                     : UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
        }
        listenFD = fd
        self.address = MetricsAddress(host: address.host, port: port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "kabar-metrics"
        thread.start()
    }

    deinit { stop() }

    /// `http://HOST:PORT/metrics`
    public var url: String { "http://\(address)/metrics" }

    /// Stops listening (a scrape being answered is finished).
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if first { shutdown(listenFD, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            if lock.withLock({ stopped }) {
                close(client)
                break
            }
            serve(client)
            close(client)
        }
        close(listenFD)
    }

    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let (method, path) = Self.readRequestLine(fd) else { return }
        switch (method, path) {
        case ("GET", "/metrics"), ("HEAD", "/metrics"):
            let payload = body()
            respond(fd, status: "200 OK", type: Self.contentType, body: payload, head: method == "HEAD")
        case (_, "/metrics"):
            respond(fd, status: "405 Method Not Allowed", type: "text/plain; charset=utf-8", body: Array("GET /metrics only\n".utf8), extra: "Allow: GET, HEAD\r\n")
        default:
            respond(fd, status: "404 Not Found", type: "text/plain; charset=utf-8", body: Array("Kabar serves /metrics only\n".utf8))
        }
    }

    /// The method and path (query dropped) of the request head, read up to 8 KiB.
    static func readRequestLine(_ fd: Int32) -> (String, String)? {
        var head = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 2048)
        while head.count < 8192 {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            head += chunk[..<n]
            if head.count >= 4, head.indices.dropLast(3).contains(where: { head[$0...$0 + 3].elementsEqual([13, 10, 13, 10]) }) { break }
        }
        let text = String(decoding: head, as: UTF8.self)
        let parts = (text.split(separator: "\r\n", maxSplits: 1).first ?? "").split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        let target = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return (String(parts[0]), String(target))
    }

    private func respond(_ fd: Int32, status: String, type: String, body: [UInt8], head: Bool = false, extra: String = "") {
        let header = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n\(extra)Connection: close\r\n\r\n"
        var bytes = Array(header.utf8)
        if !head { bytes += body }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }
}
