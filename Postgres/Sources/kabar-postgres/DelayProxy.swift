import Foundation

/// A TCP proxy on 127.0.0.1 that forwards every connection to `target` (a port on 127.0.0.1)
/// and holds each chunk of bytes for `delay` seconds in each direction before passing it on:
/// the network latency of a database on another machine (a round trip costs 2 x `delay`),
/// in this process, so nothing else on the machine is slowed. Bytes keep their order; a
/// chunk's wait does not hold back the reading of the next (the delay adds latency, not a
/// bandwidth limit). For the benchmark only.
final class DelayProxy: @unchecked Sendable {
    let port: Int
    let delay: Double
    private let target: Int
    private let listener: Int32
    private let stopped = NSLock()
    private var isStopped = false

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(target: Int, delay: Double) throws {
        self.target = target
        self.delay = delay
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = Self.address(port: 0)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw Failure(description: "delay proxy: cannot listen on 127.0.0.1") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        stopped.lock(); isStopped = true; stopped.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var done: Bool { stopped.lock(); defer { stopped.unlock() }; return isStopped }

    static func address(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return addr
    }

    private func acceptLoop() {
        while !done {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { if done { return }; continue }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = Self.address(port: target)
            let connected = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard connected == 0 else { close(client); close(server); continue }
            var one: Int32 = 1
            for fd in [client, server] { setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size)) }
            let closer = Closer(client, server)
            Pipe(from: client, to: server, delay: delay, closer: closer).start()
            Pipe(from: server, to: client, delay: delay, closer: closer).start()
        }
    }

    /// Closes both sockets once both directions ended.
    final class Closer: @unchecked Sendable {
        let a: Int32, b: Int32
        private let lock = NSLock()
        private var ended = 0
        init(_ a: Int32, _ b: Int32) { self.a = a; self.b = b }
        func end() {
            shutdown(a, Int32(SHUT_RDWR)); shutdown(b, Int32(SHUT_RDWR))
            lock.lock(); ended += 1; let last = ended == 2; lock.unlock()
            if last { close(a); close(b) }
        }
    }

    /// One direction: a reader thread stamps each chunk with when it may go; a writer thread
    /// sends it then.
    final class Pipe: @unchecked Sendable {
        let from: Int32, to: Int32, delay: Double
        let closer: Closer
        private let condition = NSCondition()
        private var chunks: [(due: Date, data: [UInt8])] = []
        private var eof = false

        init(from: Int32, to: Int32, delay: Double, closer: Closer) {
            self.from = from; self.to = to; self.delay = delay; self.closer = closer
        }

        func start() {
            Thread { [self] in read() }.start()
            Thread { [self] in write() }.start()
        }

        private func read() {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = recv(from, &buffer, buffer.count, 0)
                condition.lock()
                if n <= 0 { eof = true } else { chunks.append((Date().addingTimeInterval(delay), Array(buffer[0..<n]))) }
                condition.signal()
                condition.unlock()
                if n <= 0 { return }
            }
        }

        private func write() {
            while true {
                condition.lock()
                while chunks.isEmpty && !eof { condition.wait() }
                if chunks.isEmpty { condition.unlock(); break }
                let (due, data) = chunks.removeFirst()
                condition.unlock()
                let wait = due.timeIntervalSinceNow
                if wait > 0 { usleep(UInt32(wait * 1e6)) }
                var sent = 0
                while sent < data.count {
                    let n = data[sent...].withUnsafeBytes { send(to, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { closer.end(); return }
                    sent += n
                }
            }
            closer.end()
        }
    }
}
