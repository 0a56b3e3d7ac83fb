import Foundation
import KabarTesting
import Testing

/// `kabar check --live URL...` (issue 19 item 4): live pages of a site, the health rules, exit 1
/// when a rule fails. Against constructed pages on a local server and a constructed
/// declarative plugin for its host that declares `expect: { published: 0.99 }`.
struct LiveCheckCLITests {
    static func page(_ n: Int, dated: Bool) -> String {
        let paragraphs = (0..<6).map { p in
            "<p>" + (0..<20).map { "kata\(n)x\(p)y\($0)" }.joined(separator: " ") + ".</p>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita \(n)</title>
            \(dated ? "<meta property=\"article:published_time\" content=\"2026-03-0\(n)T08:00:00+07:00\">" : "")
            </head><body><article><h1>Berita nomor \(n)</h1>
            \(paragraphs)
            </article></body></html>
            """
    }

    @Test func aPageWithoutItsDateFailsTheDeclaredFloor() async throws {
        let server = try TestHTTPServer { request, connection in
            switch request.path {
            case "/berita/1": connection.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: Self.page(1, dated: true))
            case "/berita/2": connection.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: Self.page(2, dated: false))
            default: connection.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let plugins = try Executables.temporaryFolder("kabar-live-check")
        defer { try? FileManager.default.removeItem(at: plugins) }
        try """
            id: localnews
            hosts: [127.0.0.1]
            expect: { published: 0.99 }
            fields:
              headline: h1
              body: article
              published: {meta: 'article:published_time'}
            """.write(to: plugins.appendingPathComponent("localnews.yaml"), atomically: true, encoding: .utf8)
        let dated = server.url("/berita/1").absoluteString, undated = server.url("/berita/2").absoluteString

        let good = try await Kabar.run(["check", "--plugins", plugins.path, "--live", "--delay", "0", dated])
        #expect(good.status == 0, "stdout: \(good.stdout)\nstderr: \(good.stderr)")
        #expect(good.stdout.contains("health: localnews: 1 page, headline 100%, body 100%, published 100%"), "\(good.stdout)")
        #expect(good.stdout.contains("second opinion 100% on 1"), "\(good.stdout)")
        #expect(good.stdout.contains("1 of 1 page checked: healthy"), "\(good.stdout)")

        let bad = try await Kabar.run(["check", "--plugins", plugins.path, "--live", "--delay", "0", dated, undated])
        #expect(bad.status == 1, "stdout: \(bad.stdout)\nstderr: \(bad.stderr)")
        #expect(bad.stdout.contains("health: localnews: published 50%, below its declared floor 99%, e.g. \(undated)"), "\(bad.stdout)")

        let json = try await Kabar.run(["check", "--plugins", plugins.path, "--live", "--delay", "0", "--json", undated])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.first?["measure"] as? String == "published" && warnings.first?["rule"] as? String == "floor")

        // A page that cannot be fetched is reported and fails the check.
        let missing = try await Kabar.run(["check", "--plugins", plugins.path, "--live", "--delay", "0", server.url("/berita/9").absoluteString])
        #expect(missing.status == 1 && missing.stdout.contains("not checked: \(server.url("/berita/9").absoluteString): "), "\(missing.stdout)")
    }
}
