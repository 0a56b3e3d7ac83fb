import Foundation
import KabarFetch
import KabarTesting
import Testing

/// TLS against `openssl s_server` (and HTTP/2 against nginx, where installed) on 127.0.0.1,
/// with a self-signed certificate made for the test.
@Suite(.enabled(if: LocalTLS.opensslAvailable, "the openssl command is not installed"))
struct TLSTests {
    @Test func certificatesAreVerifiedByDefault() async throws {
        let tls = try await runBlocking { try LocalTLS() }
        defer { tls.stop() }
        let server = try await runBlocking { try tls.startOpenSSLServer() }
        defer { LocalTLS.end(server) }
        var config = testConfiguration()
        config.retry = .never
        #expect(config.verifyTLS && FetchConfiguration().verifyTLS)
        let r = await Fetcher(configuration: config).fetch(URL(string: "https://127.0.0.1:\(tls.port)/")!)
        guard case .tls(let message) = r.error else {
            Issue.record("expected a TLS error, got \(String(describing: r.error))")
            return
        }
        #expect(message.lowercased().contains("certificate"), "\(message)")
    }

    @Test func aGivenCABundleIsTrusted() async throws {
        let tls = try await runBlocking { try LocalTLS() }
        defer { tls.stop() }
        let server = try await runBlocking { try tls.startOpenSSLServer() }
        defer { LocalTLS.end(server) }
        var config = testConfiguration()
        config.caBundle = tls.certificate
        let r = await Fetcher(configuration: config).fetch(URL(string: "https://127.0.0.1:\(tls.port)/")!)
        #expect(r.error == nil, "\(String(describing: r.error))")
        #expect(r.status == 200)
        #expect(r.timings.tls > 0 && r.timings.tls >= r.timings.connect)
    }

    @Test func verificationCanBeTurnedOff() async throws {
        let tls = try await runBlocking { try LocalTLS() }
        defer { tls.stop() }
        let server = try await runBlocking { try tls.startOpenSSLServer() }
        defer { LocalTLS.end(server) }
        var config = testConfiguration()
        config.verifyTLS = false
        let r = await Fetcher(configuration: config).fetch(URL(string: "https://127.0.0.1:\(tls.port)/")!)
        #expect(r.error == nil && r.status == 200)
    }

    @Test(.enabled(if: LocalTLS.nginxAvailable, "nginx is not installed"))
    func http2IsUsedWhereOffered() async throws {
        let tls = try await runBlocking { try LocalTLS() }
        defer { tls.stop() }
        let nginx = try await runBlocking { try tls.startNginx() }
        defer { LocalTLS.end(nginx) }
        var config = testConfiguration()
        config.caBundle = tls.certificate
        let fetcher = Fetcher(configuration: config)
        let h2 = await fetcher.fetch(URL(string: "https://127.0.0.1:\(tls.port)/page.html")!)
        #expect(h2.error == nil, "\(String(describing: h2.error))")
        #expect(h2.httpVersion == "2")
        #expect(String(decoding: h2.body, as: UTF8.self) == "h2 page\n")
        let plain = await fetcher.fetch(URL(string: "http://127.0.0.1:\(tls.plainPort)/page.html")!)
        #expect(plain.httpVersion == "1.1", "cleartext stays HTTP/1.1 unless asked")
        config.httpVersion = .http2PriorKnowledge
        let h2c = await Fetcher(configuration: config).fetch(URL(string: "http://127.0.0.1:\(tls.h2cPort)/page.html")!)
        #expect(h2c.httpVersion == "2")
    }
}

/// A temporary folder with a self-signed certificate for 127.0.0.1 and free ports.
final class LocalTLS: @unchecked Sendable {
    static let opensslAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
    static let nginxAvailable = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")

    let dir: String
    let port: Int
    let plainPort: Int
    let h2cPort: Int
    var certificate: String { dir + "/cert.pem" }
    var key: String { dir + "/key.pem" }

    init() throws {
        dir = NSTemporaryDirectory() + "kabar-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/www", withIntermediateDirectories: true)
        try "h2 page\n".write(toFile: dir + "/www/page.html", atomically: true, encoding: .utf8)
        port = try Loopback.freePort()
        plainPort = try Loopback.freePort()
        h2cPort = try Loopback.freePort()
        let req = try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                                    "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                                                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        req.waitUntilExit()
        guard req.terminationStatus == 0 else { throw TestServerError.socket(-1) }
        chmod(dir, 0o755)
        chmod(dir + "/www", 0o755)
        chmod(key, 0o644)
    }

    func stop() { try? FileManager.default.removeItem(atPath: dir) }

    func startOpenSSLServer() throws -> Process {
        let p = try Self.run("/usr/bin/openssl", ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate,
                                                  "-key", key, "-www", "-quiet"])
        try waitForPort(port, process: p)
        return p
    }

    func startNginx() throws -> Process {
        let config = """
        daemon off;
        master_process off;
        pid \(dir)/nginx.pid;
        error_log \(dir)/error.log warn;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path \(dir)/body;
            proxy_temp_path \(dir)/proxy;
            fastcgi_temp_path \(dir)/fastcgi;
            uwsgi_temp_path \(dir)/uwsgi;
            scgi_temp_path \(dir)/scgi;
            server {
                listen 127.0.0.1:\(port) ssl http2;
                ssl_certificate \(certificate);
                ssl_certificate_key \(key);
                root \(dir)/www;
            }
            server { listen 127.0.0.1:\(plainPort); root \(dir)/www; }
            server { listen 127.0.0.1:\(h2cPort) http2; root \(dir)/www; }
        }
        """
        try config.write(toFile: dir + "/nginx.conf", atomically: true, encoding: .utf8)
        let p = try Self.run("/usr/sbin/nginx", ["-c", dir + "/nginx.conf", "-p", dir, "-e", dir + "/error.log"])
        try waitForPort(port, process: p)
        try waitForPort(h2cPort, process: p)
        return p
    }

    private func waitForPort(_ port: Int, process: Process) throws {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if Loopback.canConnect(port) { return }
            if !process.isRunning { break }
            usleep(20_000)
        }
        Self.end(process)
        throw TestServerError.socket(-2)
    }

    /// SIGKILL: the test runner's children may inherit SIGTERM blocked.
    static func end(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private static func run(_ path: String, _ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }
}
