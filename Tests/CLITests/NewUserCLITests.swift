import Foundation
import KabarTesting
import Testing

/// What a new user trips over (the README's commands, a schedule of one's own, a new site,
/// re-extraction, mistakes), each as the user runs it.
struct NewUserCLITests {
    static let root = Corpus.packageRoot

    /// `kabar sites` keeps every id apart from its version, however long the id.
    @Test func sitesTableKeepsColumnsApart() async throws {
        let json = try await Kabar.run(["sites", "--json", "--plugins", Self.root.appendingPathComponent("Plugins").path])
        let ids = json.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.contains { $0.count >= 12 }, "a plugin id of 12 characters or more to show the cut: \(ids)")
        let r = try await Kabar.run(["sites", "--plugins", Self.root.appendingPathComponent("Plugins").path])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("id ") == true, "a header: \(lines.first ?? "")")
        for id in ids {
            #expect(lines.contains { $0.hasPrefix(id + " ") && $0.contains(" v") }, "no line starts with \(id) then a space:\n\(r.stdout)")
        }
    }

    /// `kabar schedule FILE FILE`: files, not only a folder; `--quiet` leaves only warnings
    /// on standard error.
    @Test func scheduleFilesQuietly() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let folder = try Executables.temporaryFolder("kabar-schedule-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.yaml"), b = folder.appendingPathComponent("b.yaml")
        try site.scheduleYAML(name: "first").write(to: a, atomically: true, encoding: .utf8)
        try site.scheduleYAML(name: "second", extra: "data: \(folder.appendingPathComponent("data-b").path)\n").write(to: b, atomically: true, encoding: .utf8)
        let r = try await Self.runUntilLines(["schedule", a.path, b.path, "--data", folder.appendingPathComponent("data").path, "--json", "--quiet"], lines: 2)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let names = r.stdout.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["schedule"] as? String }
        #expect(Set(names) == ["first", "second"], "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(!r.stderr.contains(" info "), "--quiet: no info lines, got:\n\(r.stderr)")
    }

    /// `kabar schedule` with no path runs the folder Schedules, live sites included: it says
    /// so, and which schedules and hosts, before starting.
    @Test func scheduleWithoutPathSaysWhatItRuns() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let folder = try Executables.temporaryFolder("kabar-schedule-default")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedules = folder.appendingPathComponent("Schedules")
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        try site.scheduleYAML(name: "local-test").write(to: schedules.appendingPathComponent("local-test.yaml"), atomically: true, encoding: .utf8)
        let r = try await Self.runUntilLines(["schedule", "--json"], lines: 1, in: folder)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("no schedule given, so every schedule in Schedules/ runs, live sites included"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("  local-test (every 1h): 127.0.0.1"), "stderr: \(r.stderr)")
        let notice = try #require(r.stderr.range(of: "no schedule given"))
        let start = try #require(r.stderr.range(of: "local-test: starting"))
        #expect(notice.lowerBound < start.lowerBound, "said before starting")
    }

    /// Every problem of every schedule file is reported, not only the first; with no valid file, nothing runs.
    @Test func fiveBadSchedulesAreAllReported() async throws {
        let folder = try Executables.temporaryFolder("kabar-schedule-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let valid = "extractor: tempo\nsources:\n  - feed: https://www.tempo.co/rss\nevery: 15m\n"
        let bad = ["a": valid.replacingOccurrences(of: "15m", with: "15 minutes"), "b": valid + "frequency: 5m\n",
                   "c": valid.replacingOccurrences(of: "tempo\n", with: "nope\n"), "d": valid.replacingOccurrences(of: "every: 15m", with: "cron: \"0 0 31 2 *\""),
                   "e": "- not a mapping\n"]
        for (name, text) in bad { try text.write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8) }
        let r = try await Kabar.run(["schedule", folder.path, folder.appendingPathComponent("missing.yaml").path])
        #expect(r.status == 2)
        for name in bad.keys.sorted() { #expect(r.stderr.contains("\(name).yaml:"), "\(name).yaml not reported:\n\(r.stderr)") }
        #expect(r.stderr.contains("missing.yaml: no such file or folder"))
        #expect(r.stderr.contains("6 problems; nothing was run"), "stderr: \(r.stderr)")
    }

    /// A schedule file with three bad keys: `kabar run` and `kabar schedule` name all three,
    /// each as file:line: key (they named the first only, so a user fixed one key per try).
    @Test func threeBadKeysOfOneScheduleAreAllNamed() async throws {
        let folder = try Executables.temporaryFolder("kabar-schedule-three-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("three.yaml")
        try "extractor: tempo\nsources:\n  - feed: https://www.tempo.co/rss\nevery: 15 minutes\nfrequency: 5m\nlimits: { max_pages: lots }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let expected = ["\(file.path):4: every: expected a duration", "\(file.path):5: frequency: unknown key", "\(file.path):6: limits.max_pages: expected a whole number"]
        for args in [["run", file.path, "--data", folder.appendingPathComponent("data").path], ["schedule", file.path, "--data", folder.appendingPathComponent("data").path]] {
            let r = try await Kabar.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            for line in expected { #expect(r.stderr.contains("kabar: \(line)"), "\(args): \(line) not reported:\n\(r.stderr)") }
        }
    }

    /// The wrong kind of input is named as such: `kabar run FOLDER` (it said "cannot read the
    /// file: The operation could not be completed. (NSCocoaErrorDomain error 256.)"), and
    /// `kabar reextract` of a file that is neither WARC nor HTML (a "torn tail" warning, exit 0).
    @Test func theWrongKindOfInputIsNamed() async throws {
        let folder = try Executables.temporaryFolder("kabar-wrong-inputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await Kabar.run(["run", folder.path, "--data", folder.appendingPathComponent("data").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("kabar: \(folder.path): a folder; expected one schedule file (kabar schedule takes folders)"), "stderr: \(run.stderr)")
        let notes = folder.appendingPathComponent("notes.txt")
        try "some notes, not an archive\n".write(to: notes, atomically: true, encoding: .utf8)
        let re = try await Kabar.run(["reextract", "--data", folder.appendingPathComponent("store").path, notes.path])
        #expect(re.status == 1, "stderr: \(re.stderr)")
        #expect(re.stderr.contains("notes.txt: not a WARC file (") && re.stderr.contains("reextract reads WARC files (.warc, .warc.gz) and saved pages (.html, .htm, gzipped or not)"), "stderr: \(re.stderr)")
        #expect(!re.stderr.contains("torn tail"), "stderr: \(re.stderr)")
    }

    /// `kabar schedule` with no path, in a folder without Schedules, says what to give (it
    /// said "Schedules: no such file or folder (this schedule does not run)").
    @Test func scheduleWithoutPathOrFolderSaysWhatToGive() async throws {
        let folder = try Executables.temporaryFolder("kabar-schedule-nothing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try await Self.runUntilLines(["schedule"], lines: 1, in: folder)
        #expect(r.status == 2)
        #expect(r.stderr == "kabar: no schedule given, and no folder Schedules here to run; give schedule files or folders, e.g. kabar schedule Schedules/local-test.yaml\n", "stderr: \(r.stderr)")
    }

    /// `kabar stats` or `export` before any run (the default folder data is not there yet)
    /// says where a store comes from, after the missing-folder message of every command.
    @Test func statsBeforeAnyRunSaysWhereAStoreComesFrom() async throws {
        let folder = try Executables.temporaryFolder("kabar-no-store-yet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("data").path
        for command in ["stats", "export"] {
            let r = try await Kabar.run([command, "--data", missing])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr == "kabar: \(missing): no such file or folder; no store there yet (kabar demo or kabar run makes one), or give --data the folder a run wrote\n",
                    "\(command): \(r.stderr)")
        }
    }

    /// `kabar test-site` on a port in use says so and what to do (it said "socket(98)").
    @Test func testSiteOnABusyPortSaysSo() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let port = try #require(site.base.split(separator: ":").last.map(String.init))
        let r = try await Kabar.run(["test-site", "--port", port, "--seconds", "1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("kabar: --port \(port): 127.0.0.1:\(port) is in use (another kabar test-site or demo?); stop it, or give another --port"), "stderr: \(r.stderr)")
    }

    /// A missing file is the same message and exit status in every command, without the usage.
    @Test func missingFileIsOneMessageEverywhere() async throws {
        for args in [["extract", "nope.html"], ["parse", "nope.html"], ["run", "nope.yaml"], ["schedule", "nope.yaml"], ["reextract", "nope.warc.gz"],
                     ["stats", "--data", "nope"], ["fetch", "--input", "nope.txt"], ["eval", "nope"], ["new-extractor", "X", "--host", "x.example", "--from", "nope.html", "--plugins", "nope-plugins"]] {
            let r = try await Kabar.run(args)
            #expect(r.status == 2, "\(args): exit \(r.status)")
            let path = args.first { $0.hasPrefix("nope") }!
            #expect(r.stderr.contains("kabar: \(path): no such file or folder"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("USAGE"), "\(args): the usage text follows a missing file:\n\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "nope-plugins"), "new-extractor wrote its folder before failing")
        }
    }

    /// A command that reads does not create: `reextract --data MISSING` leaves no store there.
    @Test func reextractOfAMissingFolderCreatesNothing() async throws {
        let folder = try Executables.temporaryFolder("kabar-reextract-missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no-data")
        let r = try await Kabar.run(["reextract", "--data", missing.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(missing.path)/warc: no such folder"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing.path), "reextract created \(missing.path)")
    }

    /// A data folder another kabar writes to: its path once, and what to do.
    @Test func lockedStoreNamesItsPathOnce() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let folder = try Executables.temporaryFolder("kabar-locked")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let fd = open(data.appendingPathComponent("lock").path, O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let file = folder.appendingPathComponent("local.yaml")
        try site.scheduleYAML().write(to: file, atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["run", file.path, "--data", data.path])
        #expect(r.status == 1)
        #expect(r.stderr.components(separatedBy: data.path).count == 2, "the path once: \(r.stderr)")
        #expect(r.stderr.contains("another kabar process is writing to this data folder; wait for it to end"))
        // Every command that writes the store says it the same way.
        let page = Self.root.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html").path
        for args in [["extract", "--data", data.path, page], ["reextract", "--data", data.path, page], ["demo", "--data", data.path]] {
            let e = try await Kabar.run(args)
            #expect(e.status == 1, "\(args)")
            #expect(e.stderr.hasPrefix("kabar: ") && e.stderr.components(separatedBy: data.path).count == 2
                    && e.stderr.contains("another kabar process is writing to this data folder"), "\(args): \(e.stderr)")
        }
    }

    /// A page that fails is a warning, and `reextract` says what it skipped and why.
    @Test func failedPagesWarnAndSkippedPagesSayWhy() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let folder = try Executables.temporaryFolder("kabar-warn")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = LocalTestSite.articles[0].url
        site.change(broken, html: Data("<html><body></body></html>".utf8))
        let file = folder.appendingPathComponent("local.yaml")
        try site.scheduleYAML().write(to: file, atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("data").path
        let run = try await Kabar.run(["run", file.path, "--data", data])
        let failedLine = run.stderr.split(separator: "\n").first { $0.contains(broken) || $0.contains(LocalTestSite.path(for: broken)) }
        #expect(failedLine?.contains("warning") == true, "the failed page's line: \(failedLine ?? "none")\nstderr: \(run.stderr)")
        let re = try await Kabar.run(["reextract", "--data", data, "--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(re.stdout.utf8)) as? [String: Any], "stdout: \(re.stdout)")
        let skipped = try #require(summary["skipped"] as? Int)
        let why = try #require(summary["skipped_why"] as? [String: [String: Any]])
        #expect(skipped > 0 && why.values.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == skipped, "\(summary)")
        let text = try await Kabar.run(["reextract", "--data", data])
        for reason in why.keys { #expect(text.stdout.contains("skipped: \(reason) (e.g. warc/"), "stdout: \(text.stdout)") }
    }

    /// `new-extractor --host` for a host another plugin claims refuses before writing anything.
    @Test func newExtractorRefusesAClaimedHost() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-claimed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = dir.appendingPathComponent("plugins")
        let r = try await Kabar.run(["new-extractor", "Tempo Lagi", "--host", "tempo.co", "--plugins", plugins.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--host tempo.co is already claimed by tempo"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: plugins.path), "files were written: \((try? FileManager.default.contentsOfDirectory(atPath: plugins.path)) ?? [])")
        // A host a declarative file of the folder claims, likewise.
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try "id: harian\nhosts: [harian.example]\nfields:\n  headline: h1\n  body: article\n".write(to: plugins.appendingPathComponent("harian.yaml"), atomically: true, encoding: .utf8)
        let again = try await Kabar.run(["new-extractor", "Harian Dua", "--host", "harian.example", "--plugins", plugins.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already claimed by harian"), "stderr: \(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: plugins.path) == ["harian.yaml"])
    }

    /// The next step `new-extractor` without `--from` prints works as printed: running again
    /// with `--from` as it stood was refused (the host is claimed by the file just written).
    @Test func newExtractorsNextStepWorks() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-next")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = dir.appendingPathComponent("plugins")
        let skeleton = try await Kabar.run(["new-extractor", "Koran Sore", "--host", "koransore.example", "--plugins", plugins.path])
        #expect(skeleton.status == 0, "\(skeleton.stderr)")
        let file = plugins.appendingPathComponent("koransore.yaml")
        #expect(skeleton.stdout.contains("remove \(file.path) and run again with --from PAGE.html"), "\(skeleton.stdout)")
        // `kabar check` says where the first fixture goes, beside the file (before:
        // "koransore/Fixtures/NAME.json", which from the repository's folder is the wrong place).
        let check = try await Kabar.run(["check", "--plugins", plugins.path, "koransore"])
        #expect(check.stdout.contains("  no fixtures: add \(plugins.path)/koransore/Fixtures/NAME.json and the page it names"), "\(check.stdout)")
        let page = Self.root.appendingPathComponent("Plugins/Generic/Fixtures/constructed-news-article.html").path
        let arguments = ["new-extractor", "Koran Sore", "--host", "koransore.example", "--from", page, "--plugins", plugins.path]
        let refused = try await Kabar.run(arguments)
        #expect(refused.status == 2 && refused.stderr.contains("already claimed by koransore"), "\(refused.stderr)")
        try FileManager.default.removeItem(at: file)
        let proposed = try await Kabar.run(arguments)
        #expect(proposed.status == 0, "stdout: \(proposed.stdout)\nstderr: \(proposed.stderr)")
        // The draft fixture reads in the documented order: the page, its URL and the note to
        // review it first, then the expected fields (it was sorted: absent, expected, note, page, url).
        let fixture = try String(contentsOf: plugins.appendingPathComponent("koransore/Fixtures/constructed-news-article.json"), encoding: .utf8)
        let keys = fixture.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(keys == ["page", "url", "note", "expected", "absent"], "\(fixture)")
        #expect(try JSONSerialization.jsonObject(with: Data(fixture.utf8)) is [String: Any])
    }

    /// A JSON-LD `author` given as one string ("A and B") is read as two authors by the
    /// proposed file, as the generic extractor reads it. (Constructed page.)
    @Test func newExtractorReadsABylineInOneString() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-byline")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = dir.appendingPathComponent("plugins")
        let paragraphs = (1...6).map { "<p>Paragraf \($0) tentang banjir yang merendam kota dan membuat warga mengungsi ke tempat yang lebih tinggi sejak pagi hari.</p>" }.joined()
        let page = """
            <html lang="id"><head><title>Banjir Rendam Kota</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Banjir Rendam Kota","author":"Rina Wati and Budi Santoso","datePublished":"2025-01-05T08:00:00+07:00"}</script>
            </head><body><article><h1>Banjir Rendam Kota</h1>\(paragraphs)</article></body></html>
            """
        let file = dir.appendingPathComponent("constructed-banjir.html")
        try page.write(to: file, atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["new-extractor", "Koran Contoh", "--host", "koran.example", "--from", file.path,
                                     "--url", "https://koran.example/2025/01/05/banjir-rendam-kota", "--plugins", plugins.path])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        let data = try Data(contentsOf: plugins.appendingPathComponent("korancontoh/Fixtures/constructed-banjir.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let expected = try #require(object["expected"] as? [String: Any])
        #expect(expected["authors"] as? [String] == ["Rina Wati", "Budi Santoso"], "\(expected["authors"] ?? "none")")
        let yaml = try String(contentsOf: plugins.appendingPathComponent("korancontoh.yaml"), encoding: .utf8)
        #expect(yaml.contains("authors:"), "\(yaml)")
    }

    /// A run that finds nothing new leaves no new WARC file: a source whose body is the copy
    /// archived last is not archived again; one that changed is, with the page it leads to.
    @Test func aRunThatFetchesNothingLeavesNoWARCFile() async throws {
        let sample = try SampleSiteSchedule("kabar-no-empty-warc")
        defer { sample.stop() }
        let (site, folder, file) = (sample.site, sample.folder, sample.file)
        let data = folder.appendingPathComponent("data")
        func warcFiles() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("warc").path)) ?? []).sorted() }
        let first = try await Kabar.run(["run", file.path, "--data", data.path, "--json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(warcFiles().count == 1)
        let second = try await Kabar.run(["run", file.path, "--data", data.path, "--json"])
        #expect(second.status == 0 && second.stdout.contains("\"fetched\":0"), "stdout: \(second.stdout)")
        #expect(warcFiles().count == 1, "a run that fetched nothing left \(warcFiles())")
        // A changed article: the sitemap dating it changes, and both are archived.
        let changed = LocalTestSite.articles[1].url
        site.change(changed, html: try Data(contentsOf: Self.root.appendingPathComponent("Plugins/\(LocalTestSite.articles[1].file)")))
        let third = try await Kabar.run(["run", file.path, "--data", data.path, "--json"])
        #expect(third.status == 0 && third.stdout.contains("\"fetched\":1"), "stdout: \(third.stdout)")
        #expect(warcFiles().count == 2, "\(warcFiles())")
    }

    /// A run whose local sources all fail (the sample site not running) says
    /// what to check and how to run the sample site without a race.
    @Test func aStoppedTestSiteGetsAHint() async throws {
        let site = try LocalTestSite()
        let yaml = site.scheduleYAML()
        let address = site.base.replacingOccurrences(of: "http://", with: "")
        site.stop()
        let folder = try Executables.temporaryFolder("kabar-stopped-site")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("local.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["run", file.path, "--data", folder.appendingPathComponent("data").path, "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("hint: no source could be read, and they are on this machine: is the server at \(address) running?"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("kabar demo"), "stderr: \(r.stderr)")
        // How to start it, on the schedule's port (before: "`kabar test-site` serves the sample
        // site only for its --seconds", though it serves until stopped unless given --seconds).
        let port = try #require(address.split(separator: ":").last)
        #expect(r.stderr.contains("start `kabar test-site --port \(port)` in another terminal first (it serves until stopped, or for its --seconds)"), "stderr: \(r.stderr)")
    }

    /// A skip is not a failure of the run: `kabar run` of a feed whose only article is a PDF,
    /// gone (404) or disallowed says ok and exits 0 (it said FAILED, exit 1); one whose only
    /// article fails to fetch (500) or that no extractor reads says FAILED and exits 1.
    @Test func aRunOfSkippedPagesIsOkAndOfFailedPagesFails() async throws {
        let folder = try Executables.temporaryFolder("kabar-one-page")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, OnePageSite.Article, Int32, String)] = [
            ("pdf", .pdf, 0, "ok"), ("gone", .status(404), 0, "ok"), ("disallowed", .disallowed, 0, "ok"),
            ("error", .status(500), 1, "FAILED"), ("unreadable", .unreadable, 1, "FAILED"),
        ]
        for (name, article, status, word) in cases {
            let site = try OnePageSite(article)
            defer { site.stop() }
            let file = folder.appendingPathComponent("\(name).yaml")
            try site.scheduleYAML(name: name).write(to: file, atomically: true, encoding: .utf8)
            let r = try await Kabar.run(["run", file.path, "--data", folder.appendingPathComponent("data-\(name)").path, "--quiet"])
            #expect(r.status == status, "\(name): exit \(r.status)\n\(r.stdout)\(r.stderr)")
            #expect(r.stdout.hasPrefix("\(name): \(word);"), "\(name): \(r.stdout)")
            if name == "error" {
                // With --quiet the log's warnings are not shown: the hint names the first failure.
                #expect(r.stderr.contains("hint: not one page arrived (the first: \(site.articleURL): HTTP 500"), "\(r.stderr)")
                #expect(r.stderr.contains("kabar stats --data \(folder.appendingPathComponent("data-error").path)"), "\(r.stderr)")
            }
        }
    }

    /// `kabar --help` and `kabar help run` say what each exit status means, as the README does
    /// (neither did; `run` said only "1 when the run failed as a whole").
    @Test func helpSaysTheExitStatuses() async throws {
        let root = try await Kabar.run(["--help"])
        let text = root.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Exit status, every command: 0 done; 1 the work failed"), "\(root.stdout)")
        #expect(text.contains("pages only skipped as not HTML, gone or disallowed leave a run ok") && text.contains("64 the command line itself"), "\(root.stdout)")
        let run = try await Kabar.run(["help", "run"])
        let runText = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(runText.contains("Exit status: 0 when the summary says ok or stopped; 1 when it says FAILED"), "\(run.stdout)")
        #expect(runText.contains("2 for an invalid schedule"), "\(run.stdout)")
    }

    /// A run whose sources all fail names the first source's error in its hint, which --quiet
    /// otherwise hides (it said "check the network" and nothing of why). `.invalid` never
    /// resolves, so no network is needed.
    @Test func aFailedRunsHintNamesTheFirstError() async throws {
        let folder = try Executables.temporaryFolder("kabar-unresolvable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("nowhere.yaml")
        try "name: nowhere\nextractor: generic\nsources:\n  - feed: https://kabar-test.invalid/rss\nevery: 1h\npoliteness: { attempts: 1, timeout: 5s }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["run", file.path, "--data", folder.appendingPathComponent("data").path, "--quiet"])
        #expect(r.status == 1 && r.stdout.hasPrefix("nowhere: FAILED;"), "\(r.stdout)")
        #expect(r.stderr.contains("hint: no source could be read (the first: feed https://kabar-test.invalid/rss: "), "\(r.stderr)")
        #expect(r.stderr.contains("kabar-test.invalid") && r.stderr.contains("): check the network"), "\(r.stderr)")
    }

    /// `kabar demo`: the sample site served, its schedule run into the store, the stats
    /// shown, all in one process; a second run stores nothing new.
    @Test func demoRunsTheMainJobStartToEnd() async throws {
        let folder = try Executables.temporaryFolder("kabar-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let first = try await Kabar.run(["demo", "--data", data])
        #expect(first.status == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        #expect(first.stdout.contains("local-test: ok;") && first.stdout.contains("stored \(LocalTestSite.articleCount),"), "stdout: \(first.stdout)")
        #expect(first.stdout.contains("store \(data): \(LocalTestSite.articleCount) records"), "stdout: \(first.stdout)")
        #expect(FileManager.default.fileExists(atPath: data + "/index.sqlite"))
        // Discovery's counts add up to the links it found (the sample site's feed and sitemap
        // list the same articles: the second listing of each is counted as repeated; before,
        // "12 links ... 7 new, 0 already stored, 0 not articles, 0 too old" left 5 unexplained).
        func discoveryCounts(_ stderr: String) throws -> (links: Int, counts: [Int]) {
            let line = try #require(stderr.split(separator: "\n").first { $0.contains("discovery: ") && $0.contains(" new, ") })
            let counts = line.split(separator: ";").last!.split(separator: ",").compactMap { Int($0.split(separator: " ").first ?? "") }
            return (Int(line.split(separator: "discovery: ").last!.split(separator: " ").first!) ?? -1, counts)
        }
        let found = try discoveryCounts(first.stderr)
        #expect(found.counts.count == 6 && found.counts.reduce(0, +) == found.links && found.counts[1] > 0, "\(found)")
        // Each extractor's health line once, under the summary (before: also as a log line).
        for id in ["tempo", "sindonews"] {
            let lines = (first.stdout + first.stderr).split(separator: "\n").filter { $0.contains("health: \(id): ") }
            #expect(lines.count == 1 && first.stdout.contains("\nhealth: \(id): "), "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        }
        let second = try await Kabar.run(["demo", "--data", data, "--quiet"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("stored 0,") && second.stdout.contains("store \(data): \(LocalTestSite.articleCount) records"), "stdout: \(second.stdout)")
        // With nothing to fetch, the progress line once (before: the same line at the start and the end).
        let third = try await Kabar.run(["demo", "--data", data])
        let progress = third.stderr.split(separator: "\n").filter { $0.contains("local-test: discovered 0  fetched 0/0") }
        #expect(third.status == 0 && progress.count == 1, "stderr: \(third.stderr)")
        // On a second pass the repeats are still counted once each, not as more stored articles,
        // and the article robots.txt disallowed is skipped earlier, not already stored (before:
        // "7 already stored" with 6 records in the store).
        let again = try discoveryCounts(third.stderr)
        let disallowed = found.counts[0] - LocalTestSite.articleCount
        #expect(disallowed == 1 && again.links == found.links
                && again.counts == [0, found.counts[1], LocalTestSite.articleCount, disallowed, 0, 0], "\(again)")
    }

    /// A value the command checks as it starts (an unknown --site, a bad --since or size) is a
    /// usage error like one the parser refuses: status 64, with the usage of that command (it
    /// was the list of commands, `Usage: kabar <subcommand>`).
    @Test func aBadValueShowsTheCommandsUsage() async throws {
        let folder = try Executables.temporaryFolder("kabar-bad-value")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [([String], String, String)] = [
            (["reextract", "--data", folder.path, "--since", "yesterday"], "--since 'yesterday'", "kabar reextract"),
            (["reextract", "--data", folder.path, "--max-page-size", "5"], "--max-page-size '5'", "kabar reextract"),
            (["extract", "--site", "nosuch", folder.path], "unknown site 'nosuch'", "kabar extract"),
        ]
        for (arguments, message, command) in cases {
            let r = try await Kabar.run(arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("Error: \(message)"), "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("Usage: \(command) [") && r.stderr.contains("See '\(command) --help'"), "\(arguments): \(r.stderr)")
        }
    }

    /// The README's first command updates apt's lists before installing (a fresh machine has
    /// none) and runs the main job without a server that must still be running.
    @Test func readmeFirstCommandCannotRace() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "\n").first)
        #expect(block.hasPrefix("apt-get update && apt-get install -y "), "\(block)")
        #expect(block.hasSuffix("&& swift build && .build/debug/kabar demo --data data"), "\(block)")
        #expect(!block.contains("sleep") && !block.contains("&)"), "\(block)")
    }

    /// The README's Output example is what the command it names prints.
    @Test func readmeOutputIsRealOutput() async throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Output").dropFirst().first)
        let command = try #require(section.components(separatedBy: "`kabar extract ").dropFirst().first?.components(separatedBy: " |").first)
        let example = try #require(section.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "\n```").first)
        let r = try await Kabar.run(["extract", command])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let real = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? NSDictionary)
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(example.utf8)) as? NSDictionary)
        #expect(real == shown, "README's example differs from `kabar extract \(command)`:\n\(r.stdout)")
    }

    /// Runs kabar until `lines` lines are on standard output (or 60 s pass), then SIGINT.
    static func runUntilLines(_ arguments: [String], lines: Int, in directory: URL? = nil) async throws -> Kabar.Result {
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-stderr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: errFile) }
        let r = try await runBlocking { () -> (Int32, String) in
            _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
            let process = Process()
            process.executableURL = kabar
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = try FileHandle(forWritingTo: errFile)
            try process.run()
            var text = ""
            let handle = out.fileHandleForReading
            let deadline = Date().addingTimeInterval(60)
            while text.filter({ $0 == "\n" }).count < lines, Date() < deadline {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            process.interrupt()
            text += String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return Kabar.Result(status: r.0, stdout: r.1, stderr: stderr)
    }
}
