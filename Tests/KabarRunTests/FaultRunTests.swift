import Foundation
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore
import KabarTesting
import Logging
import Testing

/// One whole run of a schedule over `FaultServer`: every fault gives its outcome (retry later,
/// skipped with a reason, or stored, partly or whole), and every good article between them is
/// stored.
@Suite(.serialized)
struct FaultRunTests {
    static func schedule(_ yaml: String) throws -> Schedule {
        try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(yaml, file: "faults.yaml")
    }

    /// Every fault that does not end in a record: its outcome and kind(s).
    static let failing: [String: (PageFailure.Outcome, Set<String>)] = [
        "slow-headers": (.retry, ["timeout", "stalled"]),
        "stall": (.retry, ["stalled", "timeout"]),
        "reset-mid-body": (.retry, ["network"]),
        "empty-reply": (.retry, ["network"]),
        "status-500": (.retry, ["http_status"]),
        "status-502": (.retry, ["http_status"]),
        "status-503": (.retry, ["http_status"]),
        "429-too-long": (.retry, ["http_status"]),
        "short-body": (.retry, ["network"]),
        "redirect-loop": (.skipped, ["redirect_loop"]),
        "redirect-offsite": (.skipped, ["host_not_allowed"]),
        "redirect-file": (.skipped, ["invalid_url"]),
        "oversize-declared": (.skipped, ["body_too_large"]),
        "huge-50mb": (.skipped, ["body_too_large"]),
        "gzip-bomb": (.skipped, ["body_too_large"]),
        "binary": (.skipped, ["not_html"]),
        "not-found": (.skipped, ["http_status"]),
    ]

    /// Faults that end in a record all the same.
    static let storedFaults = ["truncated-gzip", "503-then-ok", "429-seconds", "429-date", "long-body", "cp1252", "latin1", "no-charset", "wrong-charset"]

    @Test func everyFaultGivesItsOutcomeAndTheRunGoesOn() async throws {
        let site = try FaultServer()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-faults")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try Self.schedule(site.scheduleYAML())
        let result = try await EndToEndTests.run(schedule, data: data)
        let records = try EndToEndTests.records(data)
        let byURL = Dictionary(records.map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        let failures = Dictionary(result.failures.map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        let context = "\(result.summary)\n" + result.failures.map(\.line).joined(separator: "\n") + "\n" + result.problems.joined(separator: "\n")

        // Good articles, between the faults, from the feed and the self-listing sitemap index,
        // and the ones in the sources with bad dates and entities: all stored.
        for good in FaultServer.goodInFeed + FaultServer.goodInSitemap + [FaultServer.goodWrongDates, FaultServer.goodLaughs] {
            #expect(byURL[site.url(good: good)] != nil, "\(good) stored\n\(context)")
        }
        // Faults that heal, or give a partial or re-encoded page: stored.
        for fault in Self.storedFaults {
            #expect(byURL[site.url(fault: fault)] != nil, "\(fault) stored\n\(context)")
        }
        let redirected = site.url(good: "redirected-here")
        #expect(byURL[redirected] != nil, "a redirect within the site is followed\n\(context)")

        // The run is ok with some pages failed, and `kabar stats` (the store's runs) says
        // so too: it said failed for every run with a failed page.
        #expect(!result.failedAsAWhole && result.counters.failed > 0 && result.json.contains("\"status\":\"ok\""), "\(result.json)")
        let lastRun = try #require(try FileStore.stats(at: data, runs: 1).runs.first)
        #expect(lastRun.status == "ok" && lastRun.counts.failed == result.counters.failed, "\(lastRun)")

        // Every other fault: its outcome, kind and a reason that names the problem.
        for (fault, (outcome, kinds)) in Self.failing {
            let url = site.url(fault: fault)
            guard let f = failures[url] else {
                Issue.record("\(fault): no failure reported\n\(context)")
                continue
            }
            #expect(f.outcome == outcome && kinds.contains(f.kind), "\(fault): \(f.line) [\(f.kind)]")
            #expect(byURL[url] == nil, "\(fault) is not stored")
        }
        let slow = try #require(failures[site.slowRobotsArticle], "\(context)")
        #expect(slow.outcome == .retry && slow.kind == "robots_unavailable", "\(slow.line)")
        #expect(site.slowRobots.count("/a/behind-slow-robots/20240777") == 0, "never fetched without its robots.txt")

        // Counts agree with the lists.
        #expect(result.counters.failed == Self.failing.count + 1, "\(context)")
        #expect(result.counters.skippedFailures == Self.failing.values.filter { $0.0 == .skipped }.count)
        #expect(!result.failedAsAWhole)

        // Retries: transient faults tried `attempts` times, healed ones once more, 429 with a
        // Retry-After over the cap not waited for.
        for fault in ["status-500", "status-502", "status-503"] {
            #expect(site.count(site.path(fault: fault)) == 2, "\(fault) tried twice")
        }
        // (libcurl itself also retries a request once on a fresh connection when a reused one
        // dies before the answer, so these may reach the server more often.)
        for fault in ["reset-mid-body", "empty-reply"] {
            #expect(site.count(site.path(fault: fault)) >= 2, "\(fault) tried again")
        }
        #expect(site.count(site.path(fault: "503-then-ok")) == 2)
        #expect(site.count(site.path(fault: "429-too-long")) == 1, "a Retry-After of a day is not waited for")
        #expect(failures[site.url(fault: "429-too-long")]?.reason.contains("429") == true)
        // The reason says what was asked and what was done (it said "HTTP 429" alone, and the
        // run then stayed silent while the host was held back).
        #expect(failures[site.url(fault: "429-too-long")]?.reason.contains("HTTP 429 (Retry-After 1d, over politeness.max_retry_after 3s: "
                                                                          + "left for a later run; the host paused 3s)") == true,
                "\(failures[site.url(fault: "429-too-long")]?.reason ?? "")")
        #expect(site.count(site.path(fault: "redirect-loop")) == 1)
        #expect(site.count(site.path(fault: "oversize-declared")) == 1, "a page over the cap is not retried")
        // Retry-After honoured, in seconds and as an HTTP date: the second request waited.
        for fault in ["429-seconds", "429-date"] {
            let times = site.server.requests.filter { $0.path == site.path(fault: fault) }.map(\.receivedAt)
            #expect(times.count == 2)
            if times.count == 2 { #expect(times[1].timeIntervalSince(times[0]) >= 0.9, "\(fault): waited \(times[1].timeIntervalSince(times[0])) s") }
        }

        // Safety: the off-site redirect and the file:// one were never followed.
        #expect(site.count("/a/offsite-target/20240999") == 0)
        #expect(failures[site.url(fault: "redirect-offsite")]?.reason.contains("localhost") == true)
        // The 50 MB page was cut off near the cap, not read to the end.
        #expect(site.hugeBytesWritten < 25 << 20, "server wrote \(site.hugeBytesWritten) bytes")
        #expect(failures[site.url(fault: "huge-50mb")]?.reason.contains("\(FaultServer.pageCap)") == true)
        #expect(failures[site.url(fault: "binary")]?.reason.contains("binary") == true)

        // Charsets: Windows-1252 and ISO-8859-1 pages, declared or not, read correctly.
        for fault in ["cp1252", "latin1", "no-charset", "wrong-charset"] {
            let text = byURL[site.url(fault: fault)]?.text ?? ""
            #expect(text.contains(FaultServer.accented), "\(fault): \(text.prefix(200))")
        }
        // The page cut short by its Content-Length: a partial record.
        let partial = byURL[site.url(fault: "long-body")]?.text ?? ""
        #expect(partial.contains("Paragraph 1") && !partial.contains("Paragraph 6"))

        // Sources: the self-listing sitemap index read once; the broken feed reported; the
        // billion-laughs feed neither expanded nor fatal.
        #expect(site.count("/sitemap-self.xml") == 1)
        #expect(result.problems.contains { $0.contains("/bad/html-not-feed.xml") }, "\(context)")
        #expect(result.sourcesFailed == 1 && result.sourcesOK == 5, "a broken feed is read as far as it goes")
        // The gzip stream cut in half: what it decodes to is a partial record.
        let truncated = byURL[site.url(fault: "truncated-gzip")]?.text ?? ""
        #expect(truncated.contains("Paragraph 1") && !truncated.contains("Paragraph 6"))
        #expect(!records.contains { $0.text.contains("lollollol") })

        // The frontier's per-URL record of failures: every failed URL with its reason.
        let folder = try DataFolder(url: data)
        let recorded = try await folder.failures(schedule: schedule.name)
        try await folder.close()
        #expect(Set(recorded.map(\.0.url)) == Set(result.failures.filter { $0.outcome != .disallowed }.map(\.url)))

        // A second run: the retry-later faults are tried again (and fail again), nothing is lost or duplicated.
        let second = try await EndToEndTests.run(schedule, data: data)
        #expect(second.failures.filter { $0.outcome == .retry }.count == Self.failing.values.filter { $0.0 == .retry }.count + 1,
                "\(second.summary)")
        #expect(second.counters.stored == 0)
        #expect(try EndToEndTests.records(data).count == records.count)
    }

    @Test func billionLaughsDoNotExpand() throws {
        var entities = "<!ENTITY lol \"lol\">\n"
        for i in 1...9 { entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">\n" }
        let feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n\(entities)]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>"
            + "<item><title>&lol9;</title><link>https://example.com/news/2024/a-b-c-d</link><description>&lol9;</description></item></channel></rss>"
        let sitemap = "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [\n\(entities)]>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            + "<url><loc>https://example.com/x&lol9;</loc></url></urlset>"
        let start = ContinuousClock.now
        let links = try FeedParser.parse(Data(feed.utf8), url: URL(string: "https://example.com/feed")!)
        #expect(links.map(\.url.absoluteString) == ["https://example.com/news/2024/a-b-c-d"])
        #expect(links.allSatisfy { ($0.title ?? "").count < 1000 })
        let content = try? SitemapParser.parse(Data(sitemap.utf8), url: URL(string: "https://example.com/sitemap.xml")!)
        if case .urls(let found)? = content { #expect(found.allSatisfy { $0.url.absoluteString.count < 1000 }) }
        // 10^9 "lol"s would take gigabytes and minutes; unexpanded, this is milliseconds.
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func aNameResolvingToLoopbackIsRefusedWithoutAllowLocal() async throws {
        // The schedule's source names a host that is not a local address as written but
        // resolves to 127.0.0.1 (as a rebinding DNS name would): refused on the resolved address.
        let site = try TestHTTPServer { _, c in
            c.respond(headers: ["Content-Type": "application/rss+xml"], body: "<rss version=\"2.0\"><channel><title>t</title></channel></rss>")
        }
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-rebind")
        defer { try? FileManager.default.removeItem(at: data) }
        let name = "kabar-rebind.test"
        var schedule = try Self.schedule("""
            name: rebind
            extractor: generic
            sources:
              - feed: http://\(name):\(site.port)/feed.xml
            every: 1h
            politeness: { timeout: 2s, attempts: 1, robots: ignore, delay: 0s }
            """)
        schedule.politeness.resolve = ["\(name):\(site.port):127.0.0.1"]
        let result = try await EndToEndTests.run(schedule, data: data)
        #expect(result.sourcesFailed == 1 && result.failedAsAWhole)
        #expect(result.problems.contains { $0.contains("local address refused") && $0.contains("127.0.0.1") }, "\(result.problems)")
        #expect(site.count("/feed.xml") == 0, "not one request reached the server")
        #expect(site.connections == 0, "refused before connecting: not even a TCP connection reached the server")

        // With allow_local the same schedule reads the feed.
        schedule.allowLocal = true
        schedule.allowHosts = ["127.0.0.1"]
        let allowed = try await EndToEndTests.run(schedule, data: data)
        #expect(allowed.sourcesOK == 1, "\(allowed.problems)")
        #expect(site.count("/feed.xml") == 1)
    }
}
