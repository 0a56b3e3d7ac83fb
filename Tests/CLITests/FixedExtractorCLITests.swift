import Foundation
import KabarTesting
import Testing

/// A new extractor whose article_url took none of the feed's links stored nothing (the run said
/// why); its article_url fixed, the next run stored nothing either: the feed answered 304 Not
/// Modified to the validators kept from the first run, so its links were never looked at again.
/// The validators of such a run are not kept now, and the fixed extractor stores the articles.
struct FixedExtractorCLITests {
    @Test func aFixedArticleURLIsNotHiddenByANotModifiedFeed() async throws {
        let page = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>The bridge opened on Friday</title></head>
            <body><article><h1>The bridge opened on Friday</h1>
            <p>The new bridge over the river opened on Friday, and the first cars crossed it before noon under a light rain.</p>
            <p>The ferry that carried people across for forty years made its last trip in the evening, with its crew waving.</p>
            <p>Traders on both banks expect more customers; the council will count the traffic for a year before it decides on tolls.</p>
            </article></body></html>
            """
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/feed.xml":
                if request.header("if-none-match") == "\"feed-1\"" { c.respond(status: 304, body: ""); return }
                let port = request.header("host")?.split(separator: ":").last ?? ""
                c.respond(headers: ["Content-Type": "application/rss+xml", "ETag": "\"feed-1\""],
                          body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>f</title><item><title>t</title><link>http://127.0.0.1:\(port)/stories/bridge.html</link></item></channel></rss>")
            case "/stories/bridge.html": c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: page)
            default: c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let folder = try Executables.temporaryFolder("kabar-fixed-article-url")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugins = folder.appendingPathComponent("Plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let spec = { (pattern: String) in
            "id: bridges\nversion: 1\nhosts: [127.0.0.1]\narticle_url: '\(pattern)'\nfields:\n  headline: article h1\n  body: article p\n"
        }
        // The user's first try: the site's articles are under /stories/, not /news/.
        try spec("^https?://127\\.0\\.0\\.1(:[0-9]+)?/news/.+").write(to: plugins.appendingPathComponent("bridges.yaml"), atomically: true, encoding: .utf8)
        let schedule = try NewUserMistakeTests.feedSchedule(server, in: folder, extractor: "bridges")
        let data = folder.appendingPathComponent("data").path
        let first = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(first.status == 0 && first.stdout.contains("stored 0,"), "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.contains("not one of the 1 link found is an article"), "\(first.stdout)")
        try spec("^https?://127\\.0\\.0\\.1(:[0-9]+)?/stories/.+").write(to: plugins.appendingPathComponent("bridges.yaml"), atomically: true, encoding: .utf8)
        let fixed = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("stored 1,"), "the fixed extractor stores the article: \(fixed.stdout)")
        // Once links are taken, the validators are kept again: the next run is a 304.
        let again = try await Kabar.run(["run", schedule.path, "--plugins", plugins.path, "--data", data, "--quiet"])
        #expect(again.stdout.contains("1 not modified"), "\(again.stdout)")
    }
}
