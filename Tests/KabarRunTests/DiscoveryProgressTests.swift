import Foundation
@testable import KabarRun
import KabarPlugins
import KabarTesting
import Logging
import Testing

/// Discovery says what it has read while it reads: a line after a source is read (which one,
/// what it gave, the links so far), at most one a second and none in the first second. Before,
/// a discovery of several slow sources printed nothing until it was done (with a 2 s politeness
/// delay and four sources on one host, 8 s of silence).
@Suite(.serialized)
struct DiscoveryProgressTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// A swift-log handler keeping the messages, as `kabar run` logs them when standard error
    /// is no terminal.
    struct Keeping: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.add("\(event.level) \(event.message)") }
    }

    /// The lines' pace on a clock of the test's own: none in the first second, then at most one
    /// a second, each naming the document just read and counting every document read.
    @Test func atMostOneLineASecondAndNoneInTheFirst() {
        let lines = Lines()
        let start = Date(timeIntervalSince1970: 1_000)
        var progress = DiscoveryProgress(log: { lines.add($0) }, start: start)
        progress.read("feed http://a.example/rss", "12 links", links: 12, now: start.addingTimeInterval(0.3))
        progress.read("listing http://a.example/", "4 links", links: 16, now: start.addingTimeInterval(0.9))
        #expect(lines.all.isEmpty, "a fast discovery prints only its summary: \(lines.all)")
        progress.read("sitemap http://a.example/s.xml", "2 sitemaps", links: 16, now: start.addingTimeInterval(2.0))
        #expect(lines.all == ["discovery: sitemap http://a.example/s.xml: 2 sitemaps; 16 links from 3 documents so far"], "\(lines.all)")
        progress.read("sitemap http://a.example/1.xml", "40 links", links: 56, now: start.addingTimeInterval(2.5))
        progress.read("sitemap http://a.example/2.xml", "not modified", links: 56, now: start.addingTimeInterval(3.1))
        #expect(lines.all.count == 2 && lines.all[1] == "discovery: sitemap http://a.example/2.xml: not modified; 56 links from 5 documents so far",
                "\(lines.all)")
        // A source's password is not printed.
        progress.read("feed http://bob:hunter2@a.example/rss", "failed", links: 56, now: start.addingTimeInterval(5))
        #expect(lines.all.count == 3 && !lines.all[2].contains("hunter2"), "\(lines.all)")
    }

    /// A run whose sources answer slowly (1.2 s each, one at a time) logs discovery's progress
    /// before its summary line.
    @Test func aSlowDiscoveryIsNotSilent() async throws {
        let server = try TestHTTPServer { request, c in
            switch request.path {
            case "/feed.xml", "/feed2.xml":
                c.pause(1.2)
                c.respond(headers: ["Content-Type": "application/rss+xml"],
                          body: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>a</title><link>\(LocalTestSite.articles[2].url)</link></item></channel></rss>")
            case "/sitemap.xml":
                c.pause(1.2)
                c.respond(headers: ["Content-Type": "application/xml"],
                          body: "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>\(LocalTestSite.articles[3].url)</loc></url></urlset>")
            default:
                c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse("""
            name: slow
            extractor: auto
            allow_local: true
            sources:
              - feed: \(base)/feed.xml
              - feed: \(base)/feed2.xml
              - sitemap: \(base)/sitemap.xml
            every: 1h
            limits: { max_pages: 1 }
            politeness: { delay: 0s, per_host: 1, timeout: 20s }
            mirrors:
              "https://www.tempo.co": "\(base)/www.tempo.co"
            """, file: "slow.yaml")
        let data = try Executables.temporaryFolder("kabar-discovery-progress")
        defer { try? FileManager.default.removeItem(at: data) }
        let lines = Lines()
        let progress = RunProgress(name: "slow", mode: .log(interval: 60), logger: Logger(label: "test") { _ in Keeping(lines: lines) })
        let folder = try DataFolder(url: data)
        _ = try await RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder, progress: progress).run()
        try await folder.close()

        let all = lines.all
        let summary = try #require(all.firstIndex { $0.contains("slow: discovery: ") && $0.contains(" links from ") && $0.contains(" new") }, "\(all)")
        let progressLines = all[..<summary].filter { $0.contains(" so far") }
        #expect(!progressLines.isEmpty, "progress before the summary line:\n\(all.joined(separator: "\n"))")
        for line in progressLines {
            #expect(line.hasPrefix("info slow: discovery: ") && line.contains("\(base)/") && line.contains(" from "), "\(line)")
        }
        #expect(progressLines.count <= 3, "one line per document at most: \(progressLines)")
    }
}
