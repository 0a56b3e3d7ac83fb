import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KabarTesting
import Testing

/// `kabar schedule --metrics`: Prometheus `/metrics` while schedules run, scraped over HTTP
/// from the sample site's run.
@Suite(.serialized)
struct MetricsCLITests {
    /// promtool (Debian's `prometheus` package), when installed.
    static let promtool: String? = (["/usr/bin/promtool"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/promtool" })
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A scrape after the first run of the sample site's schedule, with that run's summary.
    struct Scrape {
        let text: String
        let summary: [String: Any]
        let notFoundStatus: Int
    }

    /// Runs `kabar schedule --metrics 127.0.0.1:0` on the sample site, waits for the first
    /// run's summary, scrapes `/metrics` (and a path that is not it), then stops kabar.
    func scheduleAndScrape() async throws -> Scrape {
        let sample = try SampleSiteSchedule("kabar-cli-metrics")
        defer { sample.stop() }
        let (folder, file) = (sample.folder, sample.file)
        let errors = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = Kabar.binary
        process.arguments = ["schedule", file.path, "--data", folder.appendingPathComponent("data").path, "--json",
                             "--metrics", "127.0.0.1:0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        let line = try await runBlocking { () -> String in
            var text = ""
            let handle = out.fileHandleForReading
            while !text.contains("\n") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text
        }
        let stderr = try String(contentsOf: errors, encoding: .utf8)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "stdout: \(line) stderr: \(stderr)")
        let address = try #require(stderr.firstMatch(of: /metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/)?.1, "stderr: \(stderr)")
        let (body, response) = try await URLSession.shared.data(from: URL(string: "\(address)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let (_, other) = try await URLSession.shared.data(from: URL(string: "\(address)/")!)
        return Scrape(text: String(decoding: body, as: UTF8.self), summary: summary,
                      notFoundStatus: (other as? HTTPURLResponse)?.statusCode ?? 0)
    }

    /// The value of the sample `name{labels}` (labels in the order printed), or nil.
    static func value(_ text: String, _ sample: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }

    /// The sum of every sample of `name` whose labels contain each of `having`.
    static func sum(_ text: String, _ name: String, having: [String] = []) -> Double {
        text.split(separator: "\n").filter { line in
            line.hasPrefix(name + "{") && having.allSatisfy { line.contains($0) }
        }.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }

    /// The counters of a run moved with it: pages stored equal the run's stored count, the
    /// bytes its bytes, requests and the latency histogram counted every request, the run's
    /// status and the store's size are there; another path is 404.
    @Test func scheduleServesMetrics() async throws {
        let scrape = try await scheduleAndScrape()
        let text = scrape.text
        let stored = try #require(scrape.summary["stored"] as? Int)
        #expect(stored == LocalTestSite.articleCount)
        let schedule = "schedule=\"local-test\""
        #expect(Self.value(text, "kabar_pages_total{\(schedule),outcome=\"stored\"}") == Double(stored), "\(text)")
        #expect(Self.value(text, "kabar_pages_total{\(schedule),outcome=\"disallowed\"}") == Double(scrape.summary["disallowed"] as? Int ?? -1), "\(text)")
        #expect(Self.sum(text, "kabar_http_response_bytes_total") == Double(scrape.summary["bytes"] as? Int ?? -1), "\(text)")
        let requests = Self.sum(text, "kabar_http_requests_total")
        #expect(requests >= Double(stored + 3), "the feed, sitemaps, listing, robots.txt and the articles: \(text)")
        #expect(Self.sum(text, "kabar_http_requests_total", having: ["status_class=\"2xx\""]) >= Double(stored))
        #expect(Self.sum(text, "kabar_http_request_duration_seconds_count") == requests, "\(text)")
        #expect(Self.value(text, "kabar_runs_total{\(schedule),status=\"ok\"}") == 1, "\(text)")
        #expect(Self.value(text, "kabar_run_last_status{\(schedule),status=\"ok\"}") == 1, "\(text)")
        #expect(Self.value(text, "kabar_run_in_progress{\(schedule)}") == 0, "\(text)")
        #expect(Self.value(text, "kabar_queue_depth{\(schedule)}") == Double(scrape.summary["left"] as? Int ?? -1), "\(text)")
        let start = try #require(Self.value(text, "kabar_run_last_start_timestamp_seconds{\(schedule)}"), "\(text)")
        let end = try #require(Self.value(text, "kabar_run_last_end_timestamp_seconds{\(schedule)}"), "\(text)")
        #expect(start <= end && abs(end - Date().timeIntervalSince1970) < 600)
        #expect(Self.sum(text, "kabar_store_records") == Double(stored), "\(text)")
        // The run's health report, exported: every page a site plugin read, and its headlines.
        let read = Self.sum(text, "kabar_extractor_pages_total")
        #expect(read >= Double(stored), "\(text)")
        #expect(Self.sum(text, "kabar_extractor_field_present_total", having: ["field=\"headline\""]) == read, "\(text)")
        #expect(text.contains("# HELP kabar_pages_total "))
        #expect(scrape.notFoundStatus == 404)
    }

    /// `promtool check metrics` accepts what /metrics serves (names, types, help, histogram).
    @Test(.enabled(if: promtool != nil, "promtool not found (Debian's prometheus package); the Prometheus format check is skipped"))
    func promtoolAcceptsTheOutput() async throws {
        let scrape = try await scheduleAndScrape()
        let text = scrape.text
        let result = try await runBlocking { () -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.promtool!)
            process.arguments = ["check", "metrics"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, said)
        }
        #expect(result.0 == 0, "promtool: \(result.1)\n\(scrape.text)")
        #expect(result.1.isEmpty, "promtool's lint: \(result.1)")
        #expect(scrape.text.contains("kabar_http_request_duration_seconds_bucket{"))
    }

    /// Only loopback unless asked: 0.0.0.0 is refused before anything runs, naming the flag.
    @Test func nonLoopbackAddressIsRefused() async throws {
        let folder = try Executables.temporaryFolder("kabar-cli-metrics-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml")
        let r = try await Kabar.run(["schedule", file.path, "--data", folder.path, "--metrics", "0.0.0.0:9464"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--metrics 0.0.0.0:9464: 0.0.0.0 is not a loopback address"), "\(r.stderr)")
        #expect(r.stderr.contains("--metrics-any-address"), "\(r.stderr)")
        let bad = try await Kabar.run(["schedule", file.path, "--data", folder.path, "--metrics", "127.0.0.1"])
        #expect(bad.status != 0 && bad.stderr.contains("--metrics 127.0.0.1: expected HOST:PORT"), "\(bad.stderr)")
    }
}
