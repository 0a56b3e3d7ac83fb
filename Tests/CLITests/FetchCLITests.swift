import Foundation
import KabarTesting
import Testing

/// `kabar fetch` against servers on 127.0.0.1.
struct FetchCLITests {
    /// `kabar` with `arguments`, waited for off the cooperative pool.
    private func kabar(_ arguments: [String]) async throws -> Kabar.Result {
        try await Kabar.run(arguments)
    }

    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func oneJSONLinePerResponse() async throws {
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/robots.txt": c.respond(status: 404)
            case "/ok": c.respond(body: "hello")
            case "/moved": c.respond(status: 301, headers: ["Location": "/ok"])
            default: c.respond(status: 404)
            }
        }
        defer { server.stop() }
        let r = try await kabar(["fetch", "--delay", "0", "--no-proxy", "127.0.0.1", server.url("/ok").absoluteString, server.url("/moved").absoluteString,
                               server.url("/missing").absoluteString])
        #expect(r.status == 1, "a failed page makes the exit status 1")
        let lines = try objects(r.stdout)
        #expect(lines.count == 3)
        let byURL = Dictionary(uniqueKeysWithValues: lines.map { ($0["url"] as? String ?? "", $0) })
        let ok = try #require(byURL[server.url("/ok").absoluteString])
        #expect(ok["status"] as? Int == 200)
        #expect(ok["bytes"] as? Int == 5)
        #expect(ok["attempts"] as? Int == 1)
        #expect(ok["error"] is NSNull)
        #expect(ok["elapsed_ms"] is Int)
        let moved = try #require(byURL[server.url("/moved").absoluteString])
        #expect(moved["final_url"] as? String == server.url("/ok").absoluteString)
        let missing = try #require(byURL[server.url("/missing").absoluteString])
        #expect(missing["status"] as? Int == 404)
        #expect(missing["error"] as? String == "HTTP 404")
        #expect(server.count("/robots.txt") == 1)
    }

    @Test func inputFileWithCommentsAndBlankLines() async throws {
        let server = try TestHTTPServer { _, c in c.respond(body: "x") }
        defer { server.stop() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-fetch-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "# pages\n\(server.url("/a"))\n\n  \(server.url("/b"))  \r\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await kabar(["fetch", "--ignore-robots", "--delay", "0", "--no-proxy", "127.0.0.1", "--input", file.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(try objects(r.stdout).count == 2)
        #expect(server.count("/robots.txt") == 0)
    }

    @Test func extractThroughAProxy() async throws {
        // The page's host is never contacted: a local proxy answers for it.
        let fixture = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2021-hujan-jakarta.html")
        let html = try Data(contentsOf: fixture)
        let page = "http://metro.tempo.co/read/1438120/hujan-deras-sejumlah-ruas-jalan-di-jakarta-tergenang"
        let proxy = try TestHTTPServer { request, c in
            if request.target == page {
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: html)
            } else {
                c.respond(status: 404)
            }
        }
        defer { proxy.stop() }
        let r = try await kabar(["fetch", "--extract", "--delay", "0", "--proxy", proxy.baseURL.absoluteString, page])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let records = try objects(r.stdout)
        #expect(records.count == 1)
        #expect(records.first?["headline"] as? String == "Hujan Deras, Sejumlah Ruas Jalan di Jakarta Tergenang")
        #expect(records.first?["site"] as? String == "tempo")
        #expect(proxy.requests.map(\.target).contains("http://metro.tempo.co/robots.txt"))
    }

    @Test func extractFetchesSindonewsArticlesWhole() async throws {
        let page2 = "https://daerah.sindonews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420/2"
        let r = try await kabar(["fetch", "--extract", "--dry-run", page2, "https://www.tempo.co/x"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n") == [
            "https://daerah.sindonews.com/read/1723418/174/festival-perahu-bambu-telaga-arum-sedot-40000-pengunjung-omzet-umkm-naik-tiga-kali-lipat-1781232420?showpage=all",
            "https://www.tempo.co/x",
        ])
        let plain = try await kabar(["fetch", "--dry-run", page2])
        #expect(plain.stdout.split(separator: "\n") == [Substring(page2)], "without --extract the URL is fetched as given")
    }

    @Test func usage() async throws {
        let none = try await kabar(["fetch"])
        #expect(none.status != 0)
        let zero = try await kabar(["fetch", "--concurrency", "0", "http://127.0.0.1/"])
        #expect(zero.status != 0)
        let help = try await kabar(["bench", "fetch", "--help"])
        #expect(help.status == 0 && help.stdout.contains("curl"))
    }

    /// Numbers no conversion holds are refused with the flag named (exit 64), never a crash
    /// (they were: SIGILL, "Double value cannot be converted to Int", before any request).
    @Test func outOfRangeNumbersNameTheFlag() async throws {
        let cases: [([String], String)] = [
            (["fetch", "--timeout", "inf"], "--timeout: expected more than 0s and at most 86400s, got infinity"),
            (["fetch", "--timeout", "nan"], "--timeout: expected more than 0s and at most 86400s, got nan"),
            (["fetch", "--timeout", "1e19"], "--timeout: expected more than 0s and at most 86400s, got 1e+19s"),
            (["fetch", "--delay", "1e300"], "--delay: expected 0s to 3600s, got 1e+300s"),
            (["fetch", "--max-bytes", "0"], "--max-bytes: expected 1 to"),
            (["bench", "store", "--exact", "inf"], "--exact: expected 0 to 1, got infinity"),
            (["fetch", "--user-agent", "Kabar/1\r\nX-Injected: 1"], "--user-agent: expected one line of text (it is sent as a header), got a carriage return (CR)"),
        ]
        for (arguments, message) in cases {
            let r = try await kabar(arguments + (arguments[0] == "fetch" ? ["http://127.0.0.1:9/"] : []))
            #expect(r.status == 64, "\(arguments): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}

/// Proxies from the environment (libcurl reads `http_proxy` and `no_proxy` itself).
struct FetchEnvironmentProxyTests {
    @Test func httpProxyFromTheEnvironment() async throws {
        let proxy = try TestHTTPServer { request, c in c.respond(body: "proxied \(request.target)") }
        defer { proxy.stop() }
        let r = try await runBlocking { () -> (Int32, String) in
            let process = Process()
            process.executableURL = Kabar.binary
            process.arguments = ["fetch", "--ignore-robots", "--delay", "0", "http://news.example.invalid/a"]
            var environment = ProcessInfo.processInfo.environment
            environment["http_proxy"] = proxy.baseURL.absoluteString
            environment["no_proxy"] = ""
            environment["NO_PROXY"] = ""
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(r.0 == 0)
        #expect(r.1.contains("\"status\":200"))
        #expect(proxy.requests.map(\.target) == ["http://news.example.invalid/a"])
    }
}
