import Foundation
import Kabar

// Embedding Kabar: each capability of its library product, against a constructed site this
// program serves itself on 127.0.0.1. Exits 1 when a result is not the one expected (CI runs it).

func check(_ condition: Bool, _ what: String) {
    print(condition ? "ok: \(what)" : "FAILED: \(what)")
    if !condition { exit(1) }
}

/// A record sink: here it keeps the records in memory and prints them; a service would send
/// them to its queue or index.
actor PrintingSink: RecordSink {
    private(set) var records: [Record] = []
    func receive(_ record: Record) async throws {
        records.append(record)
        print("sink: \(record.site) r\(record.revision) \(record.headline ?? "-") <\(record.canonicalURL)>")
    }
}

@main
struct EmbedKabar {
    static func main() async throws {
        let site = try TinySite()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("embed-kabar-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        // 1. A Swift extractor registered in code, beside the built-in ones.
        var extractors = try Extractors()
        try extractors.register(ExampleNews())
        check(extractors.ids.contains("example"), "ExampleNews registered (extractors: \(extractors.ids.joined(separator: ", ")))")

        // 2. A record from HTML bytes and a URL.
        let html = Data(TinySite.page(slug: "harbour-reopens", title: "The Old Harbour Reopens After Ten Years").utf8)
        let record = try extractors.extract(html: html, url: URL(string: "https://news.example/news/harbour-reopens.html")!)
        print(record.jsonLine)
        check(record.extractor == "example/1" && record.headline == "The Old Harbour Reopens After Ten Years"
              && record.body.count == 2 && record.publishedAt == "2026-03-02T08:30:00+07:00", "a record from bytes")

        // 3. A schedule run once, its records also sent to a custom sink.
        let schedule = work.appendingPathComponent("news-example.yaml")
        try """
            name: news-example
            extractor: example
            allow_local: true
            sources:
              - feed: \(site.origin)/feed.xml
            every: 1s
            politeness: { concurrency: 2, per_host: 2, delay: 0s, robots: obey, timeout: 10s, attempts: 1 }
            mirrors:
              "https://news.example": "\(site.origin)/news.example"
            """.write(to: schedule, atomically: true, encoding: .utf8)
        let sink = PrintingSink()
        let crawler = try Crawler(schedules: [schedule], dataFolder: work.appendingPathComponent("data"), extractors: extractors, sink: sink)
        let first = try await crawler.runOnce()
        print(first.map(\.description).joined(separator: "\n"))
        let afterFirst = await sink.records
        check(first.first?.status == "ok" && first.first?.stored == 2 && afterFirst.count == 2, "one pass stored 2 stories, the sink got both")

        // 4. The schedule on its timetable (every 1s): the site publishes a story, the next run stores
        // only that one; stopped after that run.
        site.publish("ferry-timetable", "The Ferry Keeps Its Winter Timetable")
        let stop = CrawlStop()
        let runs = RunLog()
        try await crawler.runOnTimetable(stop: stop) { summary in
            print("timetable: \(summary)")
            runs.add(summary)
            if summary.stored > 0 || runs.count >= 5 { stop.stop() }
        }
        let afterTimetable = await sink.records
        check(runs.last?.stored == 1 && afterTimetable.count == 3
              && afterTimetable.last?.headline == "The Ferry Keeps Its Winter Timetable", "on its timetable: the new story stored and sent to the sink")
        print("EmbedKabar: every capability worked")
    }
}


/// The runs the timetable reported (called from the scheduler's task).
final class RunLog: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [RunSummary] = []
    func add(_ run: RunSummary) { lock.withLock { runs.append(run) } }
    var count: Int { lock.withLock { runs.count } }
    var last: RunSummary? { lock.withLock { runs.last } }
}
