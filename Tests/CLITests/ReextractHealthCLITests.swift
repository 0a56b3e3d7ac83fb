import Foundation
import KabarTesting
import Testing

/// `kabar reextract` tallies each extractor's health as a run does, judges it against the
/// recent level of the store's live runs, and keeps it out of that history.
@Suite(.serialized)
struct ReextractHealthCLITests {
    /// A constructed news site on 127.0.0.1: a sitemap of `count` article pages at
    /// `/berita/N-warga-menanam-bibit-mangrove` (no date in the URL), each with its publication date in `article:published_time` while
    /// `dated` is true, and none after.
    final class UndatableSite: @unchecked Sendable {
        let count = 6
        private let lock = NSLock()
        private var isDated = true
        var dated: Bool {
            get { lock.withLock { isDated } }
            set { lock.withLock { isDated = newValue } }
        }
        private(set) var server: TestHTTPServer!

        init() throws {
            server = try TestHTTPServer { [unowned self] request, connection in
                let html = ["Content-Type": "text/html; charset=utf-8"]
                if request.path == "/sitemap.xml" {
                    let urls = (0..<count).map { "<url><loc>\(server.url(Self.path($0)).absoluteString)</loc></url>" }.joined()
                    connection.respond(headers: ["Content-Type": "application/xml"],
                                       body: "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(urls)</urlset>")
                } else if let n = (0..<count).first(where: { Self.path($0) == request.path }) {
                    connection.respond(headers: html, body: page(n))
                } else {
                    connection.respond(status: 404, body: "not found")
                }
            }
        }

        static func path(_ n: Int) -> String { "/berita/\(n)-warga-menanam-bibit-mangrove" }

        /// Page `n`'s eight paragraphs: words in an order of each page's own, so that no page is
        /// a near duplicate of another.
        static func paragraphs(_ n: Int) -> String {
            let words = ["warga", "desa", "menanam", "bibit", "pesisir", "tambak", "abrasi", "pasang", "surut", "pekan", "relawan", "nelayan",
                         "hutan", "bakau", "perahu", "muara", "garam", "angin", "ombak", "pantai", "sungai", "kampung", "pagi"]
            return (0..<8).map { p in
                "<p>" + (0..<24).map { words[(n * 7 + p * 5 + $0 * (n + 2)) % words.count] }.joined(separator: " ") + ".</p>"
            }.joined()
        }

        func page(_ n: Int) -> String {
            let date = dated ? "<meta property=\"article:published_time\" content=\"2026-03-0\(n + 1)T08:00:00+07:00\">" : ""
            let paragraphs = Self.paragraphs(n)
            return """
                <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita \(n) - Situs Buatan</title>
                <meta property="og:title" content="Berita Nomor \(n) dari Pesisir">\(date)</head>
                <body><main><article><h1>Berita Nomor \(n) dari Pesisir</h1>\(paragraphs)</article></main></body></html>
                """
        }

        var scheduleYAML: String {
            """
            name: undatable
            extractor: generic
            allow_local: true
            sources:
              - sitemap: \(server.url("/sitemap.xml").absoluteString)
            every: 1h
            politeness: { concurrency: 2, per_host: 2, delay: 0s, robots: ignore, timeout: 20s, attempts: 1 }
            """
        }
    }

    @Test func reextractOfAnArchiveWhosePagesLackDatesWarnsNamingTheField() async throws {
        let site = try UndatableSite()
        defer { site.server.stop() }
        let folder = try Executables.temporaryFolder("reextract-health")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedule = folder.appendingPathComponent("undatable.yaml")
        try site.scheduleYAML.write(to: schedule, atomically: true, encoding: .utf8)
        let store = folder.appendingPathComponent("store").path
        let undated = folder.appendingPathComponent("undated").path

        // The store's live run: every page dated (its recent level: published 100%).
        let live = try await Kabar.run(["run", schedule.path, "--data", store, "--quiet"])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stdout.contains("health: generic: 6 pages, headline 100%, body 100%, published 100%"), "\(live.stdout)")

        // The site drops its dates; another run archives those pages in a folder of its own.
        site.dated = false
        let other = try await Kabar.run(["run", schedule.path, "--data", undated, "--quiet"])
        #expect(other.status == 0, "\(other.stderr)")

        // Re-extracting that archive into the store: the same health report as a run, and a
        // drop against the store's recent level that names the field and pages.
        let warc = undated + "/warc"
        let text = try await Kabar.run(["reextract", "--data", store, "--quiet", warc])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("health: generic: 6 pages, headline 100%, body 100%, published 0%"), "\(text.stdout)")
        #expect(text.stdout.contains("health: generic: published went from 100% (recent level) to 0%, e.g. \(site.server.baseURL.absoluteString)/berita/"),
                "\(text.stdout)")

        let json = try await Kabar.run(["reextract", "--data", store, "--quiet", "--json", warc])
        #expect(json.status == 0, "\(json.stderr)")
        let line = try #require(json.stdout.split(separator: "\n").last.map(String.init))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(json.stdout)")
        let health = try #require(report["health"] as? [String: Any], "\(line)")
        let generic = try #require((health["extractors"] as? [String: Any])?["generic"] as? [String: Any], "\(line)")
        #expect(generic["pages"] as? Int == 6)
        #expect((generic["fields"] as? [String: Any])?["published"] as? Double == 0)
        let warnings = try #require(health["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["measure"] as? String == "published" && $0["rule"] as? String == "drop" && $0["before"] as? Double == 1 },
                "\(warnings)")
        #expect(line.contains(#""failed":0,"file_bytes":"#) && line.contains(#","health":{"extractors":"#), "keys in order: \(line)")

        // An offline pass is not part of the store's trend: its history still holds the live run only.
        let stats = try await Kabar.run(["stats", "--data", store, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any], "\(stats.stdout)")
        let trend = try #require(object["health"] as? [[String: Any]])
        let row = try #require(trend.first { $0["extractor"] as? String == "generic" }, "\(trend)")
        #expect(row["runs"] as? Int == 1 && row["pages"] as? Int == 6, "\(row)")
        #expect((row["fields"] as? [String: Any])?["published"] as? Double == 1, "\(row)")
    }
}
