import Foundation
import KabarTesting
#if canImport(Glibc)
import Glibc
#endif

/// A constructed PostgreSQL server on 127.0.0.1 that lets only its first connection in: that
/// one gets the protocol's "authentication ok" and "ready for query" (no query is answered),
/// every later one a FATAL "sorry, too many clients already" (SQLSTATE 53300), as a server whose
/// slots filled up between a client's first connection and its pool's. Speaks just enough of
/// the protocol (version 3, no TLS) for a connection's start-up. With `refusing`, every
/// connection, the first too, gets that FATAL error (SQLSTATE, message): a wrong password.
final class FirstConnectionOnlyServer: @unchecked Sendable {
    struct Failed: Error { let step: String; let code: Int32 }
    let port: Int
    private let refusal: (code: String, message: String)?
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var stopped = false

    init(refusing refusal: (code: String, message: String)? = nil) throws {
        self.refusal = refusal
        guard let bound = Loopback.boundSocket(listenBacklog: 16) else { throw Failed(step: "bind and listen", code: errno) }
        listener = bound.fd
        port = bound.port
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Connections accepted so far.
    var connections: Int { lock.withLock { accepted } }

    func close() {
        let first = lock.withLock { () -> Bool in defer { stopped = true }; return !stopped }
        if first { shutdown(listener, Int32(SHUT_RDWR)); _ = Glibc.close(listener) }
    }

    deinit { close() }

    private func serve() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            let n = lock.withLock { () -> Int in accepted += 1; return accepted }
            let refusal = self.refusal
            Thread { Self.answer(fd, first: n == 1 && refusal == nil, refusal: refusal ?? ("53300", "sorry, too many clients already")) }.start()
        }
    }

    private static func answer(_ fd: Int32, first: Bool, refusal: (code: String, message: String)) {
        defer { _ = Glibc.close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let length = readInt32(fd), length >= 8, length < 10_000, readBytes(fd, Int(length) - 4) != nil else { return }
        if first {
            // AuthenticationOk, BackendKeyData, ReadyForQuery (idle); then wait for the client to leave.
            send(fd, message("R", int32(0)) + message("K", int32(1) + int32(2)) + message("Z", [UInt8(ascii: "I")]))
            var byte: UInt8 = 0
            while recv(fd, &byte, 1, 0) > 0 {}
        } else {
            let fields: [(Character, String)] = [("S", "FATAL"), ("V", "FATAL"), ("C", refusal.code), ("M", refusal.message)]
            var body: [UInt8] = []
            for (key, value) in fields { body += [UInt8(ascii: key.unicodeScalars.first!)] + Array(value.utf8) + [0] }
            send(fd, message("E", body + [0]))
        }
    }

    private static func int32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }

    private static func message(_ type: Character, _ body: [UInt8]) -> [UInt8] {
        [UInt8(ascii: type.unicodeScalars.first!)] + int32(Int32(body.count + 4)) + body
    }

    private static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private static func readBytes(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count), got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            guard n > 0 else { return nil }
            got += n
        }
        return bytes
    }

    private static func readInt32(_ fd: Int32) -> Int32? {
        readBytes(fd, 4).map { $0.reduce(Int32(0)) { $0 << 8 | Int32($1) } }
    }
}
