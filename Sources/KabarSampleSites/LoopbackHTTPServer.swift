import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (a free port) for the sample sites (`kabar test-site`,
/// `kabar bench`) and the tests, written on raw sockets so that a test can produce the faults a
/// real server never would: slow bodies, resets in the middle of a body, a wrong Content-Length
/// (the tests' `FaultServer`, which stays in KabarTesting). One thread per connection; keep-alive; every
/// request is logged so a test can count what reached the server.
///
/// ```swift
/// let server = try LoopbackHTTPServer { request, connection in
///     connection.respond(status: 200, headers: ["Content-Type": "text/html"], body: "<p>hi</p>")
/// }
/// defer { server.stop() }
/// ```
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public let method: String
        /// The request target as sent (`/a?b=c`, or an absolute URL through a proxy).
        public let target: String
        /// Header names lowercased.
        public let headers: [String: String]
        public let receivedAt: Date

        /// The target without its query.
        public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    public typealias Handler = @Sendable (Request, LoopbackHTTPConnection) -> Void

    public let port: UInt16
    private let listenFD: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var log: [Request] = []
    private var clients: Set<Int32> = []
    private var inHandler = 0
    private var peakInHandler = 0
    private var connectionCount = 0
    private var stopped = false

    /// Listens on `port` (0: a free one the system picks).
    public init(port: UInt16 = 0, handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError.socket(errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 256) == 0 else {
            let e = errno
            close(fd)
            throw LoopbackServerError.socket(e)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listenFD = fd
        self.port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "test-http-accept"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// `path` (with any query) on this server.
    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Every request received so far, in order.
    public var requests: [Request] { lock.withLock { log } }

    /// How many requests had this path (query ignored).
    public func count(_ path: String) -> Int { lock.withLock { log.filter { $0.path == path }.count } }

    /// The most requests that were in the handler at once.
    public var peakConcurrency: Int { lock.withLock { peakInHandler } }

    /// TCP connections accepted.
    public var connections: Int { lock.withLock { connectionCount } }

    /// Closes the listening socket and every open connection.
    public func stop() {
        let fds: [Int32]? = lock.withLock {
            if stopped { return nil }
            stopped = true
            return Array(clients)
        }
        guard let fds else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            let accepted = lock.withLock { () -> Bool in
                if stopped { return false }
                clients.insert(client)
                connectionCount += 1
                return true
            }
            if !accepted {
                close(client)
                break
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(client) }
            thread.name = "test-http-connection"
            thread.start()
        }
        close(listenFD)
    }

    private func serve(_ fd: Int32) {
        let connection = LoopbackHTTPConnection(fd: fd)
        var buffer = [UInt8]()
        defer {
            lock.withLock { _ = clients.remove(fd) }
            if !connection.isClosed { close(fd) }
        }
        while true {
            guard let request = Self.readRequest(fd, &buffer) else { return }
            lock.withLock {
                log.append(request)
                inHandler += 1
                peakInHandler = max(peakInHandler, inHandler)
            }
            handler(request, connection)
            lock.withLock { inHandler -= 1 }
            if connection.isClosed || !connection.keepAlive { return }
        }
    }

    /// Reads one request head (and skips a Content-Length body).
    private static func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let end = firstRange(of: terminator, in: buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(..<(end + 4))
                var lines = head.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ")
                guard requestLine.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                var bodyLength = Int(headers["content-length"] ?? "0") ?? 0
                while bodyLength > 0 {
                    if !buffer.isEmpty {
                        let n = min(bodyLength, buffer.count)
                        buffer.removeFirst(n)
                        bodyLength -= n
                        continue
                    }
                    let n = recv(fd, &chunk, chunk.count, 0)
                    if n <= 0 { return nil }
                    buffer.append(contentsOf: chunk[..<n])
                }
                return Request(method: String(requestLine[0]), target: String(requestLine[1]),
                               headers: headers, receivedAt: Date())
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

/// One client connection, as the handler sees it.
public final class LoopbackHTTPConnection: @unchecked Sendable {
    let fd: Int32
    private(set) var isClosed = false
    /// Set to false to close the connection after this response.
    public var keepAlive = true

    init(fd: Int32) { self.fd = fd }

    /// A whole response; Content-Length is added unless `headers` has one.
    public func respond(status: Int = 200, reason: String? = nil, headers: [String: String] = [:], body: Data = Data()) {
        var head = "HTTP/1.1 \(status) \(reason ?? Self.reason(status))\r\n"
        var hasLength = false
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if name.lowercased() == "content-length" { hasLength = true }
            head += "\(name): \(value)\r\n"
        }
        if !hasLength { head += "Content-Length: \(body.count)\r\n" }
        if !keepAlive { head += "Connection: close\r\n" }
        head += "\r\n"
        write(Data(head.utf8) + body)
    }

    public func respond(status: Int = 200, headers: [String: String] = [:], body: String) {
        respond(status: status, headers: headers, body: Data(body.utf8))
    }

    /// Writes raw bytes; false once the peer is gone.
    @discardableResult
    public func write(_ data: Data) -> Bool {
        guard !isClosed else { return false }
        return data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Data(text.utf8)) }

    public func pause(_ seconds: Double) { usleep(useconds_t(seconds * 1_000_000)) }

    /// Closes the connection with a TCP reset (SO_LINGER 0).
    public func reset() {
        guard !isClosed else { return }
        resetSocket(fd)
        isClosed = true
    }

    /// Closes the connection cleanly (FIN).
    public func close() {
        guard !isClosed else { return }
        closeSocket(fd)
        isClosed = true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

private func closeSocket(_ fd: Int32) { close(fd) }

private func resetSocket(_ fd: Int32) {
    var option = linger(l_onoff: 1, l_linger: 0)
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    close(fd)
}

public enum LoopbackServerError: Error {
    case socket(Int32)
}
