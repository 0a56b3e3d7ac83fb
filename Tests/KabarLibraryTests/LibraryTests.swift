import Foundation
import Kabar
import KabarHTML
import KabarTesting
import Testing

/// The `Kabar` library product, used as an embedder uses it (only `import Kabar`'s API).
@Suite(.serialized) struct LibraryTests {
    /// A Swift extractor of a constructed site, written against the public API only.
    struct ConstructedNews: SiteExtractor {
        var id = "constructed"
        var version = 3
        var hosts = ["news.constructed.test"]
        func isArticle(_ url: URL) -> Bool { url.path.hasPrefix("/story/") }
        func extract(_ page: ArticlePage) throws -> ExtractedArticle {
            var a = ExtractedArticle()
            a.headline = page.first("h1.title")?.text
            a.paragraphs = page.select("div.story p").map(\.text)
            a.authors = page.select(".byline").map(\.text)
            a.published = page.meta("article:published_time")
            a.imageURLs = page.select("div.story img").compactMap { $0.attribute("src") }
            a.metadata["kind"] = "constructed"
            return a
        }
    }

    /// A constructed story page (long enough for content deduplication: at least 20 words).
    static func page(_ slug: String, title: String, body: String) -> String {
        """
        <html lang="en"><head><title>\(title) - Constructed</title>
        <meta property="article:published_time" content="2026-01-15T09:00:00+07:00"></head>
        <body><h1 class="title">\(title)</h1><span class="byline">Constructed Writer</span>
        <div class="story"><img src="/img/\(slug).jpg"><p>\(body)</p>
        <p>This second paragraph of the constructed story adds words enough for the store to compare texts by their SimHash and content hash.</p></div></body></html>
        """
    }

    @Test func extractsARecordFromBytesWithABuiltinOrARegisteredExtractor() throws {
        var extractors = try Extractors()
        // A built-in plugin: the README's example page of the Tempo fixtures.
        let fixture = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html")
        let tempo = try extractors.extract(html: Data(contentsOf: fixture),
                                           url: URL(string: "https://www.tempo.co/lingkungan/mangrove-di-pesisir-demak-mulai-pulih-2291547")!)
        #expect(tempo.site == "tempo" && tempo.extractor.hasPrefix("tempo/"))
        #expect(tempo.headline == "Mangrove di Pesisir Demak Mulai Pulih Setelah Lima Tahun Penanaman")
        #expect(tempo.images.first?.role == "lead")

        let url = URL(string: "https://news.constructed.test/story/one")!
        let html = Data(Self.page("one", title: "A Constructed Headline", body: "The story's first paragraph.").utf8)
        // Before registration the generic extractor reads the page.
        #expect(try extractors.extract(html: html, url: url).extractor.hasPrefix("generic/"))
        try extractors.register(ConstructedNews())
        let record = try extractors.extract(html: html, url: url)
        #expect(record.extractor == "constructed/3" && record.site == "constructed")
        #expect(record.headline == "A Constructed Headline")
        #expect(record.body.map(\.kind) == ["paragraph", "paragraph"])
        #expect(record.authors == ["Constructed Writer"])
        #expect(record.publishedAt == "2026-01-15T09:00:00+07:00")
        #expect(record.images.map(\.url) == ["https://news.constructed.test/img/one.jpg"])
        #expect(record.metadata["kind"] == "constructed")
        let json = try JSONSerialization.jsonObject(with: Data(record.jsonLine.utf8)) as? [String: Any]
        #expect(json?["id"] as? String == record.id && json?["headline"] as? String == record.headline)
        // By id, whatever the host.
        #expect(try extractors.extract(html: html, url: URL(string: "https://elsewhere.test/x")!, site: "constructed").extractor == "constructed/3")
    }

    /// A Swift extractor that reads one page script, the one holding `page_count`.
    struct ConstructedPaged: SiteExtractor {
        var id = "paged"
        var version = 1
        var hosts = ["paged.constructed.test"]
        var scriptWords: Set<String> = ["page_count"]
        func isArticle(_ url: URL) -> Bool { true }
        func extract(_ page: ArticlePage) throws -> ExtractedArticle {
            var a = ExtractedArticle()
            a.headline = page.first("h1")?.text
            a.paragraphs = page.select("p").map(\.text)
            a.metadata["scripts"] = page.select("script").map(\.text).joined(separator: "|")
            return a
        }
    }

    @Test func aSiteExtractorGetsTheScriptsHoldingItsWords() throws {
        var extractors = try Extractors()
        try extractors.register(ConstructedPaged())
        // Constructed page: an analytics script, the paging script and a style.
        let html = "<html><head><script>track('x')</script><script>var page_count = 4;</script><style>p{}</style></head>"
            + "<body><h1>A Constructed Paged Story</h1><p>The first paragraph of a constructed story with enough words in it to be read.</p></body></html>"
        let record = try extractors.extract(html: Data(html.utf8), url: URL(string: "https://paged.constructed.test/a")!)
        #expect(record.metadata["scripts"] == "|var page_count = 4;")
    }

    @Test func registeringATakenIdOrHostFails() throws {
        var extractors = try Extractors()
        try extractors.register(ConstructedNews())
        #expect(throws: Extractors.Problem.self) { try extractors.register(ConstructedNews(id: "other")) }
        #expect(throws: Extractors.Problem.self) { try extractors.register(ConstructedNews(hosts: ["elsewhere.test"])) }
        #expect(throws: Extractors.Problem.self) { try extractors.register(ConstructedNews(id: "tempo2", hosts: ["tempo.co"])) }
        #expect(throws: Extractors.Problem.self) { try extractors.register(ConstructedNews(id: "Upper", hosts: ["upper.test"])) }
    }

    /// A sink that keeps what it receives.
    actor Collector: RecordSink {
        var records: [Record] = []
        func receive(_ record: Record) async throws { records.append(record) }
    }

    /// A constructed site: a feed of its stories, which can change while it serves.
    final class Site: @unchecked Sendable {
        let lock = NSLock()
        var stories: [(slug: String, body: String)] = []
        var server: LoopbackHTTPServer!

        init(_ stories: [(String, String)]) throws {
            self.stories = stories.map { (slug: $0.0, body: $0.1) }
            server = try LoopbackHTTPServer { [unowned self] request, connection in
                let current = self.lock.withLock { self.stories }
                if request.path == "/feed.xml" {
                    let items = current.map { "<item><link>https://news.constructed.test/story/\($0.slug)</link></item>" }.joined()
                    connection.respond(headers: ["Content-Type": "application/rss+xml"], body: "<rss version=\"2.0\"><channel>\(items)</channel></rss>")
                } else if let story = current.first(where: { request.path == "/mirror/story/\($0.slug)" }) {
                    connection.respond(headers: ["Content-Type": "text/html; charset=utf-8"],
                                       body: LibraryTests.page(story.slug, title: "Story \(story.slug)", body: story.body))
                } else {
                    connection.respond(status: 404, body: "not found")
                }
            }
        }

        func add(_ slug: String, _ body: String) { lock.withLock { stories.append((slug, body)) } }

        func schedule(in folder: URL) throws -> URL {
            let file = folder.appendingPathComponent("constructed.yaml")
            try """
                name: constructed
                extractor: constructed
                allow_local: true
                sources:
                  - feed: \(server.url("/feed.xml").absoluteString)
                every: 1s
                politeness: { concurrency: 2, per_host: 2, delay: 0s, robots: ignore, timeout: 10s, attempts: 1 }
                mirrors:
                  "https://news.constructed.test": "\(server.url("/mirror").absoluteString)"
                """.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
    }

    static let words = "A constructed story told at length: the harbour, the market, the ferry and the people who keep them going through the season, in more than twenty words."

    /// One pass through `Crawler.runOnce`: the sink receives exactly the records the data folder
    /// wrote (not the duplicate), and nothing again on the next pass.
    @Test func runOnceHandsEveryWrittenRecordToTheSink() async throws {
        let folder = try Executables.temporaryFolder("library-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = try Site([("one", "First. " + Self.words), ("two", "Second story, other words entirely: rain over the city, a closed road, buses late by an hour and a mayor who promised repairs."), ("copy", "First. " + Self.words)])
        defer { site.server.stop() }
        var extractors = try Extractors()
        try extractors.register(ConstructedNews())
        let sink = Collector()
        let data = folder.appendingPathComponent("data")
        let crawler = try Crawler(schedules: [site.schedule(in: folder)], dataFolder: data, extractors: extractors, sink: sink)
        #expect(crawler.scheduleNames == ["constructed"])

        let first = try await crawler.runOnce()
        #expect(first.count == 1 && first[0].status == "ok", "\(first)")
        #expect(first[0].stored == 2 && first[0].duplicates == 1, "\(first)")
        let received = await sink.records
        #expect(received.count == 2)
        #expect(Set(received.map(\.extractor)) == ["constructed/3"] && received.allSatisfy { $0.revision == 1 })
        // Exactly what the data folder holds (its JSON lines, as `kabar export` reads them).
        let files = try FileManager.default.subpathsOfDirectory(atPath: data.appendingPathComponent("records").path).filter { $0.hasSuffix(".jsonl") }
        var stored: [String] = []
        for file in files {
            let text = try String(contentsOf: data.appendingPathComponent("records").appendingPathComponent(file), encoding: .utf8)
            stored += text.split(separator: "\n").map(String.init)
        }
        #expect(Set(stored) == Set(received.map(\.jsonLine)))

        let second = try await crawler.runOnce()
        #expect(second.first?.stored == 0)
        #expect(await sink.records.count == 2)
    }

    /// `Crawler.runOnTimetable`: runs every second until stopped; a story the site publishes in
    /// between is stored by a later run and handed to the sink.
    @Test func theTimetableRunsHandNewRecordsToTheSink() async throws {
        let folder = try Executables.temporaryFolder("library-timetable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = try Site([("one", "First. " + Self.words)])
        defer { site.server.stop() }
        var extractors = try Extractors()
        try extractors.register(ConstructedNews())
        let sink = Collector()
        let crawler = try Crawler(schedules: [site.schedule(in: folder)], dataFolder: folder.appendingPathComponent("data"),
                                  extractors: extractors, sink: sink)
        let stop = CrawlStop()
        let runs = Runs()
        // Bounded: stopped once the second story is stored, or after 20 runs.
        try await crawler.runOnTimetable(stop: stop) { summary in
            let n = runs.add(summary)
            if n == 1 { site.add("two", "Second story, other words entirely: rain over the city, a closed road, buses late by an hour and a mayor who promised repairs.") }
            if (n > 1 && summary.stored > 0) || n >= 20 { stop.stop() }
        }
        let all = runs.all
        #expect(all.first?.stored == 1)
        #expect(all.count >= 2 && all.last?.stored == 1, "\(all)")
        #expect(await sink.records.map(\.headline) == ["Story one", "Story two"])
    }

    final class Runs: @unchecked Sendable {
        let lock = NSLock()
        var list: [RunSummary] = []
        func add(_ r: RunSummary) -> Int { lock.withLock { list.append(r); return list.count } }
        var all: [RunSummary] { lock.withLock { list } }
    }
}
