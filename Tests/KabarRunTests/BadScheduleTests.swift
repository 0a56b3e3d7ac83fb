import Foundation
import KabarRun
import KabarTesting
import Testing

/// Every class of malformed schedule file: a clear error naming the file, the line and the
/// key (where there is one), never a crash.
struct BadScheduleTests {
    let loader = ScheduleLoader(extractors: ["tempo", "sindonews", "generic"])

    static let valid = """
        name: t
        extractor: tempo
        sources:
          - feed: https://www.tempo.co/rss
        every: 15m

        """

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let text: Data
        let line: Int?
        let key: String?
        let message: String
        var description: String { name }

        init(_ name: String, _ yaml: String, line: Int?, key: String?, _ message: String) {
            self.init(name, Data(yaml.utf8), line: line, key: key, message)
        }

        init(_ name: String, _ data: Data, line: Int?, key: String?, _ message: String) {
            self.name = name
            text = data
            self.line = line
            self.key = key
            self.message = message
        }
    }

    static let cases: [Case] = [
        // Opened and never closed: the line where it was opened, not the end of the file.
        Case("YAML syntax error", valid + "limits: { max_pages: 5\n", line: 6, key: nil, "not valid YAML: a mapping opened with { on this line is not closed with }"),
        // The 5 fields said once ("cron needs exactly 5 (minute ...); expected a cron expression of 5 fields (minute ...)").
        Case("cron of 4 fields", valid.replacingOccurrences(of: "every: 15m", with: "cron: \"*/5 * * *\""), line: 5, key: "cron",
             "4 fields in \"*/5 * * *\"; cron needs exactly 5 (minute hour day-of-month month day-of-week); e.g. \"*/15 * * * *\""),
        Case("unclosed quote", valid.replacingOccurrences(of: "every: 15m", with: "every: \"15m"), line: 5, key: nil, "not valid YAML: a quoted value opened on this line is not closed"),
        Case("unclosed quote, lines after it", valid.replacingOccurrences(of: "extractor: tempo", with: "extractor: \"tempo"), line: 2, key: nil, "a quoted value opened on this line is not closed"),
        Case("unclosed list", valid + "allow_hosts: [a.example, b.example\n\n", line: 6, key: nil, "a list opened with [ on this line is not closed with ]"),
        Case("wrong type: list for a number", valid + "limits:\n  max_pages: [1, 2]\n", line: 7, key: "limits.max_pages", "expected a whole number"),
        Case("wrong type: text for a boolean", valid + "refresh: sometimes\n", line: 6, key: "refresh", "expected true or false"),
        Case("wrong type: mapping for sources", valid.replacingOccurrences(of: "sources:\n  - feed: https://www.tempo.co/rss", with: "sources: { feed: https://www.tempo.co/rss }"),
             line: 3, key: "sources", "expected a list"),
        Case("wrong type: top level is a list", "- extractor: tempo\n", line: 1, key: nil, "expected a mapping"),
        Case("unknown key", valid + "frequency: 5m\n", line: 6, key: "frequency", "unknown key; expected one of"),
        Case("archive level past the codec's", valid + "archive: { level: 13 }\n", line: 6, key: "archive.level", "expected a whole number (0 to 12), got 13"),
        Case("archive level past zlib's", valid + "archive:\n  codec: zlib\n  level: 10\n", line: 8, key: "archive.level", "expected a whole number (0 to 9), got 10"),
        Case("unknown archive codec", valid + "archive: { codec: brotli }\n", line: 6, key: "archive.codec", "expected isal, libdeflate or zlib, got \"brotli\""),
        Case("unknown archive key", valid + "archive: { levels: 3 }\n", line: 6, key: "archive.levels", "unknown key"),
        Case("unknown nested key", valid + "politeness:\n  delay: 1s\n  robot: obey\n", line: 8, key: "politeness.robot", "unknown key; did you mean robots? expected one of"),
        Case("misspelt key", valid + "evry: 5m\n", line: 6, key: "evry", "unknown key; did you mean every? expected one of"),
        // A misspelt required key is one error, naming both (not also "every: missing").
        Case("misspelt required key", valid.replacingOccurrences(of: "every: 15m", with: "evry: 15m"), line: 5, key: "evry", "unknown key; did you mean every? expected one of"),
        Case("misspelt extractor", valid.replacingOccurrences(of: "extractor: tempo", with: "extractr: tempo"), line: 2, key: "extractr", "unknown key; did you mean extractor?"),
        Case("misspelt sources", valid.replacingOccurrences(of: "sources:", with: "source:"), line: 3, key: "source", "unknown key; did you mean sources?"),
        Case("misspelt source kind", valid.replacingOccurrences(of: "- feed:", with: "- fed:"), line: 4, key: "sources[0].fed", "unknown key; did you mean feed?"),
        Case("bad cron", valid.replacingOccurrences(of: "every: 15m", with: "cron: \"61 * * * *\""), line: 5, key: "cron", "minute field"),
        Case("cron with 4 fields", valid.replacingOccurrences(of: "every: 15m", with: "cron: \"* * * *\""), line: 5, key: "cron", "exactly 5"),
        Case("bad duration", valid.replacingOccurrences(of: "every: 15m", with: "every: 15 minutes"), line: 5, key: "every", "expected a duration"),
        Case("negative duration", valid + "politeness: { delay: -1s }\n", line: 6, key: "politeness.delay", "expected a duration"),
        Case("zero timeout", valid + "politeness: { timeout: 0s }\n", line: 6, key: "politeness.timeout", "more than 0s"),
        Case("bad size", valid + "limits: { max_page_size: huge }\n", line: 6, key: "limits.max_page_size", "expected a size"),
        Case("tiny size", valid + "limits: { max_page_size: 10B }\n", line: 6, key: "limits.max_page_size", "at least 1KB"),
        Case("bad URL", valid.replacingOccurrences(of: "https://www.tempo.co/rss", with: "www.tempo.co/rss"), line: 4, key: "sources[0].feed", "expected an http:// or https:// URL"),
        Case("file URL", valid.replacingOccurrences(of: "https://www.tempo.co/rss", with: "file:///etc/passwd"), line: 4, key: "sources[0].feed", "expected an http:// or https:// URL"),
        Case("local URL without allow_local", valid.replacingOccurrences(of: "https://www.tempo.co/rss", with: "http://10.0.0.5/rss"), line: 4, key: "sources[0].feed", "allow_local"),
        Case("missing sources", "extractor: tempo\nevery: 15m\n", line: 1, key: "sources", "missing"),
        Case("empty sources", "extractor: tempo\nsources: []\nevery: 15m\n", line: 2, key: "sources", "empty"),
        Case("source with two kinds", valid.replacingOccurrences(of: "  - feed: https://www.tempo.co/rss", with: "  - feed: https://www.tempo.co/rss\n    sitemap: https://www.tempo.co/s.xml"),
             line: 4, key: "sources[0]", "exactly one of"),
        Case("missing extractor", "sources:\n  - feed: https://www.tempo.co/rss\nevery: 15m\n", line: 1, key: "extractor", "missing"),
        Case("misspelt extractor", valid.replacingOccurrences(of: "extractor: tempo", with: "extractor: sindonew"), line: 2, key: "extractor",
             "unknown extractor \"sindonew\"; did you mean sindonews? expected one of tempo, sindonews, generic, or auto"),
        Case("unknown extractor", valid.replacingOccurrences(of: "extractor: tempo", with: "extractor: kompas"), line: 2, key: "extractor",
             "unknown extractor \"kompas\"; expected one of tempo, sindonews, generic, or auto (the plugin claiming each URL's host); a declarative extractor is read from --plugins DIR, else $KABAR_PLUGINS, else ./Plugins where kabar runs"),
        Case("missing timetable", "extractor: tempo\nsources:\n  - feed: https://www.tempo.co/rss\n", line: 1, key: "every", "missing"),
        Case("negative limit", valid + "limits: { max_pages: -5 }\n", line: 6, key: "limits.max_pages", "1 or more"),
        Case("zero limit", valid + "limits: { max_sitemaps: 0 }\n", line: 6, key: "limits.max_sitemaps", "1 or more"),
        Case("limit out of range", valid + "politeness: { attempts: 99 }\n", line: 6, key: "politeness.attempts", "1 to 10"),
        Case("duplicate key", valid + "every: 1h\n", line: 6, key: "every", "given twice (first on line 5)"),
        Case("duplicate nested key", valid + "limits:\n  max_pages: 1\n  max_pages: 2\n", line: 8, key: "limits.max_pages", "given twice (first on line 7)"),
        Case("duplicate key in a source", valid.replacingOccurrences(of: "rss\n", with: "rss\n    feed: https://www.tempo.co/x\n"), line: 5, key: "sources[0].feed", "given twice (first on line 4)"),
        Case("tabs for indentation", "extractor: tempo\nsources:\n\t- feed: https://www.tempo.co/rss\nevery: 15m\n", line: 3, key: nil, "not valid YAML: a tab character; YAML indents with spaces"),
        Case("unsafe name", valid.replacingOccurrences(of: "name: t", with: "name: ../../etc/cron.d/x"), line: 1, key: "name", "letters, digits"),
        Case("bad allow_hosts entry", valid + "allow_hosts: [\"http://evil.example/x\"]\n", line: 6, key: "allow_hosts[0]", "expected a host name"),
        Case("bad proxy", valid + "politeness: { proxy: \"ftp://bob:hunter2@proxy\" }\n", line: 6, key: "politeness.proxy", "expected a proxy URL"),
        Case("bad resolve entry", valid + "politeness: { resolve: [\"www.tempo.co\"] }\n", line: 6, key: "politeness.resolve[0]", "host:port:address"),
        // Numbers past what any conversion holds: each once crashed the process (SIGILL,
        // "Double value cannot be converted to Int") instead of naming the key.
        Case("huge timeout", valid + "politeness:\n  timeout: 9999999999999d\n", line: 7, key: "politeness.timeout", "at most 1d"),
        Case("huge stall", valid + "politeness:\n  stall: 9223372036854775807s\n", line: 7, key: "politeness.stall", "1s to 1d"),
        Case("huge every in seconds", valid.replacingOccurrences(of: "every: 15m", with: "every: 9223372036854775807s"), line: 5, key: "every", "1s to 52w"),
        Case("huge every in weeks", valid.replacingOccurrences(of: "every: 15m", with: "every: 99999999999999999999w"), line: 5, key: "every", "1s to 52w"),
        Case("infinite delay", valid + "politeness: { delay: \(String(repeating: "9", count: 400))s }\n", line: 6, key: "politeness.delay", "expected a duration"),
        Case("huge connect timeout", valid + "politeness: { connect_timeout: 1e9d }\n", line: 6, key: "politeness.connect_timeout", "expected a duration"),
        Case("huge max_retry_after", valid + "politeness: { max_retry_after: 100000w }\n", line: 6, key: "politeness.max_retry_after", "0s to 1d"),
        Case("huge max_age", valid + "limits: { max_age: 99999999w }\n", line: 6, key: "limits.max_age", "0s to 5200w"),
        Case("huge size", valid + "limits: { max_page_size: 999999GB }\n", line: 6, key: "limits.max_page_size", "1KB to 4GB"),
        Case("user agent injecting a header", valid + "politeness:\n  user_agent: \"Kabar/1\\r\\nX-Injected: 1\"\n", line: 7, key: "politeness.user_agent", "carriage return (CR)"),
        Case("user agent with a line feed", valid + "politeness:\n  user_agent: \"Kabar/1\\nCookie: a=b\"\n", line: 7, key: "politeness.user_agent", "line feed (LF)"),
        Case("empty file", "", line: nil, key: nil, "empty"),
        Case("only a comment", "# nothing here\n", line: nil, key: nil, "empty"),
        Case("binary file", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x00]), line: 1, key: nil, "not UTF-8 text"),
        Case("NUL byte in text", Data((valid + "\u{0}\n").utf8), line: 6, key: nil, "NUL byte"),
        Case("huge file", Data(("# " + String(repeating: "x", count: 2 << 20) + "\n" + valid).utf8), line: nil, key: nil, "at most 1024 KB"),
        Case("deeply nested", valid + "limits: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n",
             line: 6, key: nil, "not valid YAML"),
    ]

    /// A public source fetched through a mirror on this machine: the error named the source
    /// itself a local address ("https://www.tempo.co/rss is a local address"); it names the
    /// mirror's URL the source is fetched from.
    @Test func aSourceBehindALocalMirrorNamesTheMirror() throws {
        let text = Self.valid + "mirrors: { \"https://www.tempo.co\": \"http://127.0.0.1:8089/www.tempo.co\" }\n"
        do {
            _ = try loader.parse(Data(text.utf8), file: "Schedules/bad.yaml")
            Issue.record("accepted")
        } catch let e as ScheduleErrors {
            let source = try #require(e.errors.first { $0.key == "sources[0].feed" }, "\(e)")
            #expect(source.line == 4)
            #expect(source.message.hasPrefix("https://www.tempo.co/rss is fetched from http://127.0.0.1:8089/www.tempo.co/rss (mirrors:), which is a local address"), "\(source)")
        }
    }

    /// A key given twice hid the file's every other problem: YAML refused the file there, one
    /// repeated key at a time (the first in alphabetical order, not in the file's). Each is now
    /// named where it stands, with the others.
    @Test func repeatedKeysAreNamedWithTheFilesOtherProblems() throws {
        let text = "name: dup\nextractor: tempo\nevery: 15m\nevery: 1h\nsources:\n  - feed: https://www.tempo.co/rss\n"
            + "allow_local: true\nallow_local: false\nevry: 2h\nlimits:\n  max_pages: 1\n  max_pages: 2\n  max_pages: 3\n"
        do {
            _ = try loader.parse(Data(text.utf8), file: "Schedules/dup.yaml")
            Issue.record("accepted")
        } catch let e as ScheduleErrors {
            let said = e.errors.map { "\($0.line.map(String.init) ?? "-") \($0.key ?? "-"): \($0.message)" }
            #expect(said.count == 5, "\(said)")
            #expect(said.filter { !$0.hasPrefix("9 ") } == [
                "4 every: the key is given twice (first on line 3)",
                "8 allow_local: the key is given twice (first on line 7)",
                "12 limits.max_pages: the key is given twice (first on line 11)",
                "13 limits.max_pages: the key is given twice (first on line 11)",
            ], "\(said)")
            #expect(said.contains { $0.hasPrefix("9 evry: unknown key; did you mean every?") }, "\(said)")
        }
    }

    @Test(arguments: cases)
    func malformedScheduleNamesFileLineAndKey(_ c: Case) throws {
        do {
            _ = try loader.parse(c.text, file: "Schedules/bad.yaml")
            Issue.record("\(c.name): accepted")
        } catch let e as ScheduleError {
            #expect(e.file == "Schedules/bad.yaml", "\(c.name)")
            if let line = c.line { #expect(e.line == line, "\(c.name): \(e)") }
            #expect(e.key == c.key, "\(c.name): \(e)")
            #expect(e.message.contains(c.message), "\(c.name): \(e)")
            #expect(e.description.hasPrefix("Schedules/bad.yaml"), "\(c.name): \(e)")
        }
    }

    /// A long mapping of open keys (mirrors) is read in linear time: repeated keys are looked
    /// for with a set, not by comparing every key with every other (which took 13 s in a release
    /// build for 20 000 keys, and made the schedule fuzzer time out). Not a speed target: the
    /// test compares 2 500 keys with 20 000 in the same process, 8 times the keys taking about
    /// 8 times as long read linearly and 64 times read quadratically (the bar is 24).
    @Test func longMirrorsMappingIsReadInLinearTime() throws {
        func text(_ keys: Int) -> String {
            var text = Self.valid + "allow_local: true\nmirrors:\n"
            for i in 0..<keys { text += "  https://h\(i).example.com: http://127.0.0.1:\(1_000 + i)\n" }
            return text
        }
        func seconds(_ keys: Int) throws -> Double {
            let data = Data(text(keys).utf8)
            return try GrowthTiming.leastCPUSeconds {
                let schedule = try loader.parse(data, file: "Schedules/long.yaml")
                #expect(schedule.mirrors.mirrors.count == keys)
            }
        }
        let small = try seconds(2_500), large = try seconds(20_000)
        #expect(large / small < 24, "2 500 keys: \(small) s, 20 000 keys: \(large) s")
        do {
            _ = try loader.parse(Data((text(2_500) + "  https://h7.example.com: http://127.0.0.1:9\n").utf8), file: "Schedules/long.yaml")
            Issue.record("a repeated mirrors key was accepted")
        } catch let e as ScheduleError {
            #expect(e.key?.hasSuffix("https://h7.example.com") == true && e.message.contains("given twice"), "\(e)")
        }
    }

    /// Aliases of aliases multiply: eight lines stand for 10^8 values. Refused before Yams reads
    /// them (as a mapping key, Yams hashed every one of them: the schedule fuzzer's timeout).
    @Test func aliasBombIsRefusedBeforeItIsExpanded() throws {
        var text = Self.valid + "x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...7 { text += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        text += "limits: { ? *a7 : 1 }\n"
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            _ = try loader.parse(Data(text.utf8), file: "Schedules/bomb.yaml")
            Issue.record("accepted")
        } catch let e as ScheduleError {
            #expect(e.message.contains("anchors and aliases expand to more than"), "\(e)")
            #expect(e.line == 11, "the line of the alias that passes the limit (x5's): \(e)")
        }
        #expect(DispatchTime.now().uptimeNanoseconds - start < 10_000_000_000, "refused at once, not expanded")
        // A few aliases repeating a small part are fine.
        let shared = Self.valid + "politeness: &p { delay: 1s }\n"
        #expect(throws: Never.self) { _ = try loader.parse(Data(shared.utf8), file: "Schedules/anchor.yaml") }
    }

    /// A file with several bad keys names every one, in the file's order, each with the file,
    /// its line and its key (the loader stopped at the first: a user fixed one key per run).
    /// Unknown keys (top level and nested), bad values and a bad source item are all found.
    @Test func everyProblemOfAFileIsNamed() throws {
        let text = """
            name: t
            extractor: kompas
            sources:
              - feed: https://www.tempo.co/rss
              - feed: ftp://www.tempo.co/rss
            every: 15 minutes
            frequency: 5m
            politeness:
              delay: 1s
              robot: obey
              attempts: 99
            limits: { max_pages: lots }

            """
        do {
            _ = try loader.parse(Data(text.utf8), file: "Schedules/bad.yaml")
            Issue.record("accepted")
        } catch let e as ScheduleErrors {
            let found = e.errors.map { "\($0.file):\($0.line ?? 0): \($0.key ?? "")" }
            #expect(found == ["Schedules/bad.yaml:2: extractor", "Schedules/bad.yaml:5: sources[1].feed", "Schedules/bad.yaml:6: every",
                              "Schedules/bad.yaml:7: frequency", "Schedules/bad.yaml:10: politeness.robot",
                              "Schedules/bad.yaml:11: politeness.attempts", "Schedules/bad.yaml:12: limits.max_pages"], "\(e)")
            #expect(e.description.split(separator: "\n").count == 7, "one line each: \(e)")
            #expect(e.errors[2].message.contains("expected a duration") && e.errors[3].message.contains("unknown key"), "\(e)")
        }
        // One problem is still one ScheduleError, as before.
        #expect(throws: ScheduleError.self) { _ = try loader.parse(Data((Self.valid + "frequency: 5m\n").utf8), file: "s.yaml") }
    }

    /// An item of `sources:` with several problems names each, under its own key: it stopped
    /// at the first (a bad URL hid `links:` on a feed; two kinds hid their bad URLs).
    @Test func everyProblemOfASourceIsNamed() throws {
        let text = """
            name: t
            extractor: tempo
            sources:
              - feed: ftp://www.tempo.co/rss
                links: a.story
                colour: red
              - feed: https://www.tempo.co/rss
                sitemap: http://127.0.0.1/sitemap.xml
              - listing: www.tempo.co/indeks
                links: [a, b]
            every: 15m

            """
        let errors = problems(text)
        #expect(errors.map { "\($0.line ?? 0) \($0.key ?? "")" } == ["4 sources[0].feed", "5 sources[0].links", "6 sources[0].colour",
                "7 sources[1]", "8 sources[1].sitemap", "9 sources[2].listing", "10 sources[2].links"], "\(errors)")
        try #require(errors.count == 7)
        #expect(errors[1].message == "only a listing: source takes a link selector", "\(errors)")
        #expect(errors[3].message.hasPrefix("expected exactly one of feed:, sitemap: or listing: with a URL, got feed and sitemap"), "\(errors)")
        #expect(errors[4].message.contains("is a local address"), "\(errors)")
        #expect(errors.allSatisfy { $0.file == "Schedules/bad.yaml" })
    }

    /// `every:` and `cron:` together named the conflict only, and a bad cron expression came to
    /// light once one of them was deleted: both are named, each at its line.
    @Test func everyAndCronTogetherStillReadTheCron() throws {
        let both = problems(Self.valid + "cron: \"61 * * * *\"\n").map { "\($0.line ?? 0) \($0.key ?? ""): \($0.message)" }
        #expect(both.count == 2, "\(both)")
        #expect(both.first?.hasPrefix("5 every: give either every: or cron:, not both (cron: is on line 6)") == true, "\(both)")
        #expect(both.last?.hasPrefix("6 cron: minute field: 61 is outside 0-59") == true, "\(both)")
        // A bad duration beside a good cron expression is named as well.
        let badEvery = problems(Self.valid.replacingOccurrences(of: "every: 15m", with: "every: 15 minutes") + "cron: \"*/5 * * * *\"\n")
        #expect(badEvery.map { "\($0.line ?? 0) \($0.key ?? "")" } == ["5 every", "5 every"], "\(badEvery)")
        #expect(badEvery.last?.message.contains("expected a duration") == true, "\(badEvery)")
        // every: alone still loads.
        #expect(problems(Self.valid).isEmpty)
    }

    /// The problems `text` is refused with, in the file's order; none when it loads.
    func problems(_ text: String) -> [ScheduleError] {
        do {
            _ = try loader.parse(Data(text.utf8), file: "Schedules/bad.yaml")
            return []
        } catch {
            return ScheduleErrors.each(of: error) ?? []
        }
    }

    @Test func secretsInBadValuesAreRedacted() {
        do {
            _ = try loader.parse(Self.valid + "politeness: { proxy: \"ftp://bob:hunter2@proxy:3128\" }\n", file: "s.yaml")
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("hunter2") && "\(error)".contains("bob:***@proxy"), "\(error)")
        }
    }

    /// The CLI: every bad file exits 2 with the error on standard error, never a crash (a
    /// signal), for `kabar run` and for `kabar schedule` over a folder.
    @Test func commandsExitCleanlyOnEveryBadFile() async throws {
        guard let kabar = Executables.kabar else { Issue.record("kabar binary not built"); return }
        let folder = try Executables.temporaryFolder("kabar-bad-schedules")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (i, c) in Self.cases.enumerated() where i % 4 == 0 || c.name.contains("binary") || c.name.contains("huge") || c.name.contains("empty") {
            let dir = folder.appendingPathComponent("case\(i)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("bad.yaml")
            try c.text.write(to: file)
            let data = dir.appendingPathComponent("data").path
            let run = try await Executables.launch(kabar, ["run", file.path, "--data", data])
            #expect(run.status == 2, "\(c.name): run exit \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(file.path), "\(c.name): \(run.stderr)")
            let schedule = try await Executables.launch(kabar, ["schedule", dir.path, "--data", data])
            #expect(schedule.status == 2, "\(c.name): schedule exit \(schedule.status) \(schedule.stderr)")
            #expect(schedule.stderr.contains(file.path), "\(c.name): \(schedule.stderr)")
        }
    }
}
