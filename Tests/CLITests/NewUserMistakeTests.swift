import Foundation
import KabarTesting
import Testing

/// A new user's mistakes and accidents, each as the user meets it: a time or size written as a
/// schedule writes it on the command line, a mistyped URL or folder, a run killed, links that
/// are not articles to the extractor.
struct NewUserMistakeTests {
    /// `kabar fetch --delay 1s`: flags of time and size take what the schedule's keys take
    /// (`politeness.delay: 1s`, `max_page_size: 10MB`), and bare numbers as before. They were
    /// refused as invalid values (exit 64).
    @Test func fetchFlagsTakeDurationsAndSizes() async throws {
        let url = "http://127.0.0.1:9/news/some-story-of-the-day"
        let r = try await Kabar.run(["fetch", "--dry-run", "--delay", "500ms", "--timeout", "2m", "--max-bytes", "10MB", url])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == url + "\n")
        let plain = try await Kabar.run(["fetch", "--dry-run", "--delay", "0.5", "--timeout", "30", "--max-bytes", "1048576", url])
        #expect(plain.status == 0, "bare numbers still seconds and bytes: \(plain.stderr)")
        let check = try await Kabar.run(["check", "--live", "--delay", "1s", "--help"])
        #expect(check.stdout.contains("500ms"), "check --live's --delay says so: \(check.stdout)")
        // Still checked: a word, a duration past the range.
        let bad = try await Kabar.run(["fetch", "--dry-run", "--delay", "soon", url])
        #expect(bad.status == 64 && bad.stderr.contains("--delay"), "\(bad.status) \(bad.stderr)")
        let long = try await Kabar.run(["fetch", "--dry-run", "--delay", "2h", url])
        #expect(long.status == 64 && long.stderr.contains("--delay: expected"), "\(long.status) \(long.stderr)")
    }

    /// A URL mistyped on the command line is named and nothing is fetched (exit 64, as every
    /// other command's bad URL); a line of --input that is no URL is named as written. Both
    /// said "not an http(s) URL: invalid:" in a JSON line, without the URL at fault.
    @Test func fetchNamesABadURL() async throws {
        let r = try await Kabar.run(["fetch", "http://exa mple.com/news"])
        #expect(r.status == 64, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("'http://exa mple.com/news' is not an http:// or https:// URL"), "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let folder = try Executables.temporaryFolder("kabar-fetch-bad-line")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("urls.txt")
        try "# mine\nexa mple\n".write(to: input, atomically: true, encoding: .utf8)
        let line = try await Kabar.run(["fetch", "--input", input.path])
        #expect(line.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.stdout.utf8)) as? [String: Any], "one JSON line: \(line.stdout)")
        #expect(json["url"] as? String == "exa mple")
        // The line is named with its file and number (a long list had no way to find it).
        #expect(json["error"] as? String == "not an http:// or https:// URL: exa mple (\(input.path):2)", "\(json)")
        #expect(!line.stdout.contains("invalid:"), "\(line.stdout)")
        let dry = try await Kabar.run(["fetch", "--dry-run", "--input", input.path])
        #expect(dry.status == 1 && dry.stderr.contains("\(input.path):2: exa mple: not an http:// or https:// URL") && !dry.stdout.contains("invalid:"),
                "\(dry.status) \(dry.stdout) \(dry.stderr)")
    }

    /// A list of URLs with a bad line deep in it (Windows line ends, comments, blank lines): the
    /// bad line is named by its number as an editor counts it, once per bad line; the good
    /// lines still come out.
    @Test func fetchInputNamesTheLineNumberOfABadLine() async throws {
        let folder = try Executables.temporaryFolder("kabar-fetch-line-number")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("urls.txt")
        let lines = ["# exported list", "http://127.0.0.1:9/news/one", "", "http://127.0.0.1:9/news/two", "htp//127.0.0.1/news/three",
                     "http://127.0.0.1:9/news/four", "   ", "ftp://127.0.0.1/news/five"]
        try (lines.joined(separator: "\r\n") + "\r\n").write(to: input, atomically: true, encoding: .utf8)
        let dry = try await Kabar.run(["fetch", "--dry-run", "--input", input.path])
        #expect(dry.status == 1, "\(dry.stderr)")
        #expect(dry.stdout == "http://127.0.0.1:9/news/one\nhttp://127.0.0.1:9/news/two\nhttp://127.0.0.1:9/news/four\n", "\(dry.stdout)")
        #expect(dry.stderr.contains("\(input.path):5: htp//127.0.0.1/news/three: not an http:// or https:// URL\n"), "\(dry.stderr)")
        #expect(dry.stderr.contains("\(input.path):8: ftp://127.0.0.1/news/five: not an http:// or https:// URL"), "\(dry.stderr)")
        // A URL written without its scheme (copied from a browser's address bar) gets the hint.
        let bare = try await Kabar.run(["fetch", "--dry-run", "127.0.0.1:9/news/one"])
        #expect(bare.status == 64 && bare.stderr.contains("'127.0.0.1:9/news/one' is not an http:// or https:// URL; did you mean https://127.0.0.1:9/news/one (or http://)?"),
                "\(bare.status) \(bare.stderr)")
        try "news.example/world/2026/story\n".write(to: input, atomically: true, encoding: .utf8)
        let line = try await Kabar.run(["fetch", "--dry-run", "--input", input.path])
        #expect(line.stderr.contains("\(input.path):1: news.example/world/2026/story: not an http:// or https:// URL; did you mean https://news.example/world/2026/story (or http://)?"),
                "\(line.stderr)")
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let stdin = try await Executables.launch(URL(fileURLWithPath: "/bin/sh"),
                                                 ["-c", "printf 'http://127.0.0.1:9/a\\n\\nnope\\n' | \"$0\" fetch --dry-run --input -", kabar.path])
        #expect(stdin.status == 1 && stdin.stderr.contains("standard input:3: nope: not an http:// or https:// URL"), "\(stdin.stderr)")
    }

    /// `kabar rebuild-index --data <typo>` made an empty store there and said "rebuilt the
    /// index of <typo>: 0 records" (exit 0); a folder that is no store got index and records
    /// added to it. Both are refused now, nothing written.
    @Test func rebuildIndexRefusesAFolderThatIsNoStore() async throws {
        let folder = try Executables.temporaryFolder("kabar-rebuild-typo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let typo = folder.appendingPathComponent("dta")
        let r = try await Kabar.run(["rebuild-index", "--data", typo.path])
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stderr.contains("\(typo.path): no such file or folder"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: typo.path), "no store made at the typo")
        let other = folder.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try "mine\n".write(to: other.appendingPathComponent("todo.txt"), atomically: true, encoding: .utf8)
        let o = try await Kabar.run(["rebuild-index", "--data", other.path])
        #expect(o.status == 2 && o.stderr.contains("no store here"), "\(o.status) \(o.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["todo.txt"], "nothing added to the folder")
    }

    /// A data folder that cannot be made (its parent is a file) is named with the reason,
    /// exit 2; it was Foundation's "Error Domain=NSCocoaErrorDomain Code=4 ..." and exit 1.
    @Test func aDataFolderThatCannotBeMadeIsNamed() async throws {
        let folder = try Executables.temporaryFolder("kabar-bad-data")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let schedule = folder.appendingPathComponent("s.yaml")
        try "extractor: generic\nallow_local: true\nsources:\n  - feed: http://127.0.0.1:9/feed.xml\nevery: 1h\n".write(to: schedule, atomically: true, encoding: .utf8)
        let data = file.appendingPathComponent("data").path
        let r = try await Kabar.run(["run", schedule.path, "--data", data, "--quiet"])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("\(data): cannot open or make the data folder: not a directory"), "\(r.stderr)")
        #expect(!r.stderr.contains("Error Domain"), "\(r.stderr)")
        let s = try await Kabar.run(["schedule", schedule.path, "--data", data, "--quiet"])
        #expect(s.status == 2, "stderr: \(s.stderr)")
        #expect(s.stderr.contains("\(data): cannot open or make the data folder: not a directory") && !s.stderr.contains("Error Domain"), "\(s.stderr)")
    }

    /// A run killed with SIGKILL stayed "running" in `kabar stats` until the next run opened
    /// the folder; with no process holding the folder's lock it is shown "interrupted", and
    /// while the run goes on it is still "running".
    @Test func aKilledRunIsNotShownRunning() async throws {
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/feed.xml":
                Self.respondRSS(c, request, paths: (1...3).map { "/news/a-story-that-never-comes-\($0)" })
            case let p where p.hasPrefix("/news/"):
                c.pause(30)   // the run is killed before this answers
                c.close()
            default:
                c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let folder = try Executables.temporaryFolder("kabar-killed-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedule = try Self.feedSchedule(server, in: folder, politeness: "{ delay: 0s, timeout: 60s, attempts: 1 }")
        let data = folder.appendingPathComponent("data").path
        let kabar = try #require(Executables.kabar)
        let process = Process()
        process.executableURL = kabar
        process.arguments = ["run", schedule.path, "--data", data, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !server.requests.contains(where: { $0.path.hasPrefix("/news/") }), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.requests.contains { $0.path.hasPrefix("/news/") }, "the run reached the articles")
        let during = try await Kabar.run(["stats", "--data", data, "--json"])
        #expect(Self.runStatuses(during.stdout) == ["running"], "while it runs: \(during.stdout) \(during.stderr)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let after = try await Kabar.run(["stats", "--data", data, "--json"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(Self.runStatuses(after.stdout) == ["interrupted"], "after SIGKILL: \(after.stdout)")
        let table = try await Kabar.run(["stats", "--data", data])
        #expect(table.stdout.contains(" interrupted "), "\(table.stdout)")
    }

    static func runStatuses(_ json: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let runs = object["runs"] as? [[String: Any]] else { return [] }
        return runs.compactMap { $0["status"] as? String }
    }

    /// A schedule whose links are none of them articles to its extractor stored nothing and said
    /// ok, the reason only in an info line's count ("9 not articles"): now a warning names
    /// examples and what the extractor takes (a warning of the log, which --quiet leaves out
    /// with the rest of the progress).
    @Test func linksThatAreNoArticlesAreExplained() async throws {
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/feed.xml":
                Self.respondRSS(c, request, paths: (1...3).map { "/news/a\($0).html" })
            default:
                c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let folder = try Executables.temporaryFolder("kabar-no-articles")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedule = try Self.feedSchedule(server, in: folder)
        let r = try await Kabar.run(["run", schedule.path, "--data", folder.appendingPathComponent("data").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("not one of the 3 links found is an article, e.g. \(server.baseURL.absoluteString)/news/a1.html"), "\(r.stderr)")
        #expect(r.stderr.contains("warning") && r.stderr.contains("article_url"), "\(r.stderr)")
        // --quiet leaves the log out, not the reason: a note under the summary.
        let quiet = try await Kabar.run(["run", schedule.path, "--data", folder.appendingPathComponent("data-quiet").path, "--quiet"])
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout.contains("\nnote: not one of the 3 links found is an article, e.g. \(server.baseURL.absoluteString)/news/a1.html"), "\(quiet.stdout)")
    }

    /// `kabar export --site tmepo` printed nothing and exited 0, as an empty store does: it now
    /// says the store has no record of that site and which sites it has. `--output` into a
    /// folder that does not exist says why it cannot create the file.
    @Test func exportSaysWhatAFilterDidNotMatch() async throws {
        let folder = try Executables.temporaryFolder("kabar-export-typo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html").path
        let stored = try await Kabar.run(["extract", "--data", data, page])
        #expect(stored.status == 0, "\(stored.stderr)")
        let typo = try await Kabar.run(["export", "--data", data, "--site", "tmepo"])
        #expect(typo.status == 0 && typo.stdout.isEmpty)
        #expect(typo.stderr.contains("no record of site 'tmepo' in \(data); it holds records of tempo"), "\(typo.stderr)")
        // A misspelt --extractor likewise (it printed nothing and exited 0).
        let extractorTypo = try await Kabar.run(["export", "--data", data, "--extractor", "tmepo/2"])
        #expect(extractorTypo.status == 0 && extractorTypo.stdout.isEmpty)
        #expect(extractorTypo.stderr.contains("no record of extractor 'tmepo/2' in \(data); it holds records of tempo"), "\(extractorTypo.stderr)")
        let extractorRight = try await Kabar.run(["export", "--data", data, "--extractor", "tempo"])
        #expect(extractorRight.stdout.split(separator: "\n").count == 1 && extractorRight.stderr.isEmpty, "\(extractorRight.stderr)")
        let right = try await Kabar.run(["export", "--data", data, "--site", "tempo"])
        #expect(right.stdout.split(separator: "\n").count == 1 && right.stderr.isEmpty, "\(right.stdout) \(right.stderr)")
        let none = try await Kabar.run(["export", "--data", data, "--site", "tempo", "--since", "2099-01-01"])
        #expect(none.stdout.isEmpty && none.stderr.isEmpty, "a site the store holds, filtered out by day: nothing to say: \(none.stderr)")
        let output = folder.appendingPathComponent("no-such-folder/out.jsonl").path
        let o = try await Kabar.run(["export", "--data", data, "--output", output])
        #expect(o.status == 2 && o.stderr.contains("--output \(output): cannot create the file: no such file or directory"), "\(o.status) \(o.stderr)")
    }

    /// A full disk ended `kabar run` with "SQLite error 13: database or disk is full in
    /// `COMMIT`" and nothing more: it now says the disk of the data folder is full and what to
    /// do, and doing it (space freed, the run again) stores every page once. Needs a small
    /// tmpfs mounted for the test (root); skipped with a message elsewhere.
    @Test func aFullDiskSaysWhatToDoAndLosesNothing() async throws {
        let folder = try Executables.temporaryFolder("kabar-full-disk")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let disk = Self.smallDisk(in: folder) else {
            print("aFullDiskSaysWhatToDoAndLosesNothing: skipped: cannot mount a tmpfs here (not root?)")
            return
        }
        defer { _ = Self.system("/bin/umount", [disk.path]) }
        let pages = 60
        let server = try Self.storiesSite(pages: pages)
        defer { server.stop() }
        let schedule = try Self.storiesSchedule(server, in: folder)
        let data = disk.appendingPathComponent("data").path
        let full = try await Kabar.run(["run", schedule.path, "--data", data, "--quiet"])
        #expect(full.status == 1, "the disk filled: \(full.stdout) \(full.stderr)")
        #expect(full.stderr.contains("the disk holding \(data) is full: free space there"), "\(full.stderr)")
        #expect(Self.system("/bin/mount", ["-o", "remount,size=64m", disk.path]) == 0)
        let again = try await Kabar.run(["run", schedule.path, "--data", data, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        let stats = try await Kabar.run(["stats", "--data", data, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any], "\(stats.stdout)")
        #expect(object["records"] as? Int == pages, "every page stored, once: \(stats.stdout)")
        #expect(object["exact_duplicates"] as? Int == 0 && object["near_duplicates"] as? Int == 0, "\(stats.stdout)")
        let verify = try await Kabar.run(["stats", "--data", data, "--verify"])
        #expect(verify.status == 0, "files and index agree: \(verify.stdout) \(verify.stderr)")
    }

    /// `kabar new-extractor --host 127.0.0.1 --url http://127.0.0.1:8765/...` wrote an
    /// article_url without a port, so a run of the new extractor over the very site the page
    /// came from took none of its links for articles and stored nothing.
    @Test func aScaffoldedExtractorTakesItsSiteOnAnyPort() async throws {
        let page = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>The river rose again on Tuesday</title></head>
            <body><article><h1>The river rose again on Tuesday</h1>
            <p>The river rose again, and the town's people gathered on the bridge to watch the brown water carry branches toward the sea.</p>
            <p>Farmers upstream reported flooded fields; the county opened two shelters and asked residents to stay away from the banks.</p>
            <p>Engineers will inspect the old levee on Monday. Repairs could take months, the mayor said, and money has not been found.</p>
            </article></body></html>
            """
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/feed.xml": Self.respondRSS(c, request, paths: ["/news/a1.html"])
            case "/news/a1.html": c.respond(headers: ["Content-Type": "text/html; charset=utf-8"], body: page)
            default: c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let folder = try Executables.temporaryFolder("kabar-scaffold-port")
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("a1.html")
        try page.write(to: saved, atomically: true, encoding: .utf8)
        let plugins = folder.appendingPathComponent("Plugins").path
        let made = try await Kabar.run(["new-extractor", "River News", "--host", "127.0.0.1", "--from", saved.path,
                                        "--url", server.url("/news/a1.html").absoluteString, "--plugins", plugins])
        #expect(made.status == 0, "\(made.stdout) \(made.stderr)")
        let schedule = try Self.feedSchedule(server, in: folder, extractor: "rivernews")
        let r = try await Kabar.run(["run", schedule.path, "--plugins", plugins, "--data", folder.appendingPathComponent("data").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("stored 1,"), "the page the extractor was made from is stored: \(r.stdout)")
    }

    /// A schedule whose feed URL is wrong (404 from a server that runs) was told "is the server
    /// at 127.0.0.1:PORT running? start kabar test-site ...": the server answered, so the hint
    /// now says so and points at the source URLs.
    @Test func aWrongSourceURLIsNotTakenForAStoppedServer() async throws {
        let server = try TestHTTPServer { _, c in c.respond(status: 404, body: "not found") }
        defer { server.stop() }
        let folder = try Executables.temporaryFolder("kabar-wrong-source")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedule = try Self.feedSchedule(server, in: folder)
        let r = try await Kabar.run(["run", schedule.path, "--data", folder.appendingPathComponent("data").path, "--quiet"])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stderr.contains("hint: no source could be read, though the server answered (the first: feed \(server.baseURL.absoluteString)/feed.xml: HTTP 404): check the source URLs in \(schedule.path)"), "\(r.stderr)")
        #expect(!r.stderr.contains("running?") && !r.stderr.contains("check the network"), "\(r.stderr)")
    }

    /// An RSS feed of the server's `paths`, at the address the request came to.
    static func respondRSS(_ c: TestHTTPConnection, _ request: TestHTTPServer.Request, paths: [String]) {
        let port = request.header("host")?.split(separator: ":").last ?? ""
        let items = paths.map { "<item><title>t</title><link>http://127.0.0.1:\(port)\($0)</link></item>" }
        c.respond(headers: ["Content-Type": "application/rss+xml"], body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>f</title>\(items.joined())</channel></rss>")
    }

    /// A schedule of the server's /feed.xml in `folder`, local addresses allowed.
    /// A server whose robots.txt answers 503: the run was told "check the source URLs", which
    /// are right; it now says the robots.txt did not answer and what Kabar does then.
    @Test func anUnavailableRobotsTxtIsNotTakenForWrongSourceURLs() async throws {
        let server = try TestHTTPServer { request, c in
            if request.target == "/robots.txt" { c.respond(status: 503, body: "down") } else { c.respond(status: 404, body: "not found") }
        }
        defer { server.stop() }
        let folder = try Executables.temporaryFolder("kabar-robots-503")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedule = try Self.feedSchedule(server, in: folder, politeness: "{ delay: 0s, attempts: 1 }")
        let r = try await Kabar.run(["run", schedule.path, "--data", folder.appendingPathComponent("data").path, "--quiet"])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stderr.contains("hint: no source could be read: their host's robots.txt did not answer (the first: feed \(server.baseURL.absoluteString)/feed.xml: robots.txt of 127.0.0.1 unavailable (HTTP 503)"), "\(r.stderr)")
        #expect(r.stderr.contains("`politeness: { robots: ignore }` in \(schedule.path)"), "\(r.stderr)")
        #expect(!r.stderr.contains("check the source URLs"), "\(r.stderr)")
    }

    static func feedSchedule(_ server: TestHTTPServer, in folder: URL, extractor: String = "generic", politeness: String = "{ delay: 0s }") throws -> URL {
        let file = folder.appendingPathComponent("\(extractor).yaml")
        try "extractor: \(extractor)\nallow_local: true\nsources:\n  - feed: \(server.baseURL.absoluteString)/feed.xml\nevery: 1h\npoliteness: \(politeness)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A tmpfs of 400 KB mounted at `folder/disk` (root only); nil when it cannot be mounted.
    static func smallDisk(in folder: URL) -> URL? {
        let disk = folder.appendingPathComponent("disk")
        guard (try? FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)) != nil,
              system("/bin/mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", disk.path]) == 0 else { return nil }
        return disk
    }

    /// A site of `pages` distinct article pages listed in /sitemap.xml (no page a near duplicate
    /// of another: distinct random words on every one).
    static func storiesSite(pages: Int) throws -> TestHTTPServer {
        try TestHTTPServer { request, c in
            let port = request.header("host")?.split(separator: ":").last ?? ""
            if request.path == "/sitemap.xml" {
                let urls = (1...pages).map { "<url><loc>http://127.0.0.1:\(port)/news/story-number-\($0)-of-the-day</loc></url>" }
                c.respond(headers: ["Content-Type": "application/xml"], body: "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(urls.joined())</urlset>")
            } else if request.path.hasPrefix("/news/") {
                var rng = SystemRandomNumberGenerator()
                let words = (0..<400).map { _ in String((0..<7).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! }) }
                let paragraphs = stride(from: 0, to: words.count, by: 40).map { "<p>" + words[$0..<($0 + 40)].joined(separator: " ") + ".</p>" }
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"],
                          body: "<html><head><title>Story \(request.path)</title></head><body><article><h1>Story \(request.path)</h1>\(paragraphs.joined())</article></body></html>")
            } else {
                c.respond(status: 404, body: "not found")
            }
        }
    }

    /// A schedule of `storiesSite`'s sitemap in `folder`: generic, local, no delay, hourly.
    static func storiesSchedule(_ server: TestHTTPServer, in folder: URL) throws -> URL {
        let schedule = folder.appendingPathComponent("full.yaml")
        try "extractor: generic\nallow_local: true\nsources:\n  - sitemap: \(server.baseURL.absoluteString)/sitemap.xml\nevery: 1h\nlimits: { max_pages: 1000 }\npoliteness: { delay: 0s }\n"
            .write(to: schedule, atomically: true, encoding: .utf8)
        return schedule
    }

    static func system(_ tool: String, _ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
