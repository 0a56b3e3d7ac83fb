import Foundation
import KabarCore
import KabarFetch
import KabarPlugins
@testable import KabarRun
import KabarStore
import KabarTesting
import Logging
import Testing

/// `images: { download: true }` against the constructed `ImageNewsSite` on 127.0.0.1.
@Suite(.serialized)
struct ImageDownloadTests {
    static func schedule(_ sites: ImageNewsSite, images: String, refresh: Bool = false) throws -> Schedule {
        try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(sites.scheduleYAML(images: images, refresh: refresh), file: "harbour.yaml")
    }

    static func records(in data: URL) throws -> [Article] {
        var out: [Article] = []
        let records = data.appendingPathComponent("records")
        for case let file as URL in FileManager.default.enumerator(at: records, includingPropertiesForKeys: nil)! where file.pathExtension == "jsonl" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                out.append(try JSONDecoder().decode(Article.self, from: Data(line.utf8)))
            }
        }
        return out.sorted { $0.url < $1.url }
    }

    static func imageFiles(in data: URL) -> [String] {
        let images = data.appendingPathComponent("images")
        guard let e = FileManager.default.enumerator(at: images, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { ($0 as? URL).flatMap { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true ? $0 : nil } }
            .map { String($0.path.dropFirst(data.path.count + 1)) }.sorted()
    }

    /// Two articles: the same lead on both is one file; a JPEG, a GIF from the image host;
    /// a 404, an HTML page under an image's name and a path robots.txt disallows fail without
    /// failing their article; the record's entries carry file, sha256, bytes, width, height,
    /// type; `kabar stats` counts them; a second run (refresh) fetches no picture again.
    @Test func imagesAreDownloadedOnceContentAddressedAndFailuresSpareTheArticle() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let data = try Executables.temporaryFolder("kabar-images")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try Self.schedule(sites, images: "{ download: true, hosts: [localhost] }")

        let first = try await EndToEndTests.run(schedule, data: data)
        #expect(first.counters.stored == 2 && first.counters.failed == 0, "\(first.summary) \(first.problems)")
        let records = try Self.records(in: data)
        try #require(records.count == 2)
        let council = records[0], ferry = records[1]
        #expect(council.images.map(\.url).map { URL(string: $0)!.path } == ["/img/harbour.png", "/img/one.jpg", "/img/missing.png", "/c/two.gif"],
                "\(council.images.map(\.url))")
        #expect(ferry.images.map(\.url).map { URL(string: $0)!.path } == ["/img/harbour.png", "/img/page.jpg", "/private/secret.webp", "/c/two.gif"])

        // What the records say of each picture, from its bytes.
        let lead = try #require(council.images[0].download)
        #expect(lead.sha256 == SHA256Hex.of(ImageNewsSite.harbour) && lead.bytes == ImageNewsSite.harbour.count)
        #expect(lead.type == "image/png" && lead.width == 1200 && lead.height == 630)
        #expect(lead.file == "images/\(lead.sha256.prefix(2))/\(lead.sha256.dropFirst(2).prefix(2))/\(lead.sha256).png")
        #expect(try Data(contentsOf: data.appendingPathComponent(lead.file)) == ImageNewsSite.harbour)
        #expect(ferry.images[0].download == lead, "the same lead on both pages: one file")
        let one = try #require(council.images[1].download)
        #expect(one.type == "image/jpeg" && one.width == 800 && one.height == 600 && one.file.hasSuffix(".jpg"))
        let two = try #require(council.images[3].download)
        #expect(two.type == "image/gif" && two.width == 640 && two.height == 360 && ferry.images[3].download == two)
        // The failures: the entries stay, without a download.
        #expect(council.images[2].download == nil, "404")
        #expect(ferry.images[1].download == nil, "text/html is no image")
        #expect(ferry.images[2].download == nil, "robots.txt disallows /private/ on the image host")
        #expect(sites.cdn.count("/private/secret.webp") == 0, "a disallowed picture is never requested")
        #expect(sites.site.count("/img/harbour.png") == 1 && sites.cdn.count("/c/two.gif") == 1,
                "a picture on both pages (in flight at once) is requested once")

        // Three distinct pictures on disk, each once, no temporary file left.
        #expect(Self.imageFiles(in: data) == [lead.file, one.file, two.file].sorted())
        #expect(first.counters.images.failed == 3, "\(first.counters.images)")
        #expect(first.counters.images.downloaded + first.counters.images.reused == 5)
        #expect(first.summary.contains("images "), "\(first.summary)")

        // The line as written: the fields beside url, caption, credit, role.
        let line = try String(contentsOf: FileManager.default.enumerator(at: data.appendingPathComponent("records"), includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.first { $0.pathExtension == "jsonl" }!, encoding: .utf8)
        #expect(line.contains("\"role\":\"lead\",\"file\":\"\(lead.file)\",\"sha256\":\"\(lead.sha256)\",\"bytes\":\(lead.bytes),\"width\":1200,\"height\":630,\"type\":\"image/png\""))

        let stats = try FileStore.imageStats(at: data)
        #expect(stats.images == 3 && stats.files == 3, "shared, one, two and nothing else; \(stats)")
        #expect(stats.bytes == Int64(ImageNewsSite.harbour.count + ImageNewsSite.one.count + ImageNewsSite.two.count))
        #expect(stats.failures == 3 && stats.permanent == 3, "\(stats)")

        // Again, every article refetched: no picture is requested again (downloaded, or
        // failed for good), and the records keep their downloads.
        let before = sites.imageRequests
        let again = try await EndToEndTests.run(try Self.schedule(sites, images: "{ download: true, hosts: [localhost] }", refresh: true), data: data)
        #expect(again.counters.fetched == 2, "\(again.summary)")
        #expect(sites.imageRequests == before, "the re-run fetched \(sites.imageRequests - before) pictures")
        #expect(again.counters.images.downloaded == 0 && again.counters.images.reused == 5 && again.counters.images.failed == 0
                && again.counters.images.skipped == 3,
                "\(again.counters.images)")
    }

    /// A picture whose file was deleted is fetched again.
    @Test func aDeletedFileIsFetchedAgain() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let data = try Executables.temporaryFolder("kabar-images-deleted")
        defer { try? FileManager.default.removeItem(at: data) }
        _ = try await EndToEndTests.run(try Self.schedule(sites, images: "{ download: true }"), data: data)
        let lead = try #require(try Self.records(in: data)[0].images[0].download)
        try FileManager.default.removeItem(at: data.appendingPathComponent(lead.file))
        let before = sites.site.count("/img/harbour.png")
        _ = try await EndToEndTests.run(try Self.schedule(sites, images: "{ download: true }", refresh: true), data: data)
        #expect(sites.site.count("/img/harbour.png") == before + 1)
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent(lead.file).path))
    }

    /// Without `images:` (or with download: false) nothing is fetched and the records carry
    /// no download fields.
    @Test func offByDefault() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let data = try Executables.temporaryFolder("kabar-images-off")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await EndToEndTests.run(try Self.schedule(sites, images: "{ download: false }"), data: data)
        #expect(result.counters.stored == 2)
        #expect(sites.imageRequests == 0)
        #expect(try Self.records(in: data).allSatisfy { $0.images.count == 4 && $0.images.allSatisfy { $0.download == nil } })
        #expect(Self.imageFiles(in: data).isEmpty)
        #expect(!result.summary.contains("images "))
    }

    /// The caps: `max_per_article` takes the first images only (lead first); a picture over
    /// `max_bytes` fails for good; a host not named in `images.hosts` is not asked.
    @Test func capsAndHosts() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let data = try Executables.temporaryFolder("kabar-images-caps")
        defer { try? FileManager.default.removeItem(at: data) }
        // A 100-byte cap keeps the PNG, refuses the JPEG.
        #expect(ImageNewsSite.harbour.count <= 100 && ImageNewsSite.one.count > 100, "\(ImageNewsSite.harbour.count) \(ImageNewsSite.one.count)")
        let result = try await EndToEndTests.run(try Self.schedule(sites, images: "{ download: true, max_per_article: 3, max_bytes: 100B }"), data: data)
        #expect(result.counters.stored == 2, "\(result.summary)")
        let records = try Self.records(in: data)
        #expect(records.allSatisfy { $0.images[0].download != nil && $0.images.dropFirst().allSatisfy { $0.download == nil } })
        #expect(sites.site.count("/img/one.jpg") == 1, "requested, and refused past max_bytes")
        #expect(sites.cdn.requests.isEmpty, "the image host is not in images.hosts: not even its robots.txt is asked")
        // Skipped: two.gif on both pages (the 4th image), secret.webp (the image host).
        #expect(result.counters.images.skipped == 3 && result.counters.images.failed == 3, "\(result.counters.images)")
        let stats = try FileStore.imageStats(at: data)
        #expect(stats.images == 1 && stats.failures == 3 && stats.permanent == 3, "one.jpg over max_bytes, missing.png 404, page.jpg not an image; \(stats)")
    }

    /// Images go through the run's fetcher: the per-host delay spaces the requests for the
    /// pictures of both articles (in flight at once) on the site's host. A lower bound only:
    /// a loaded machine makes the gaps longer, never shorter.
    @Test func thePerHostDelayAppliesToImages() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let data = try Executables.temporaryFolder("kabar-images-polite")
        defer { try? FileManager.default.removeItem(at: data) }
        var schedule = try Self.schedule(sites, images: "{ download: true }")
        schedule.politeness.delay = ScheduleDuration(seconds: 0.3)
        let result = try await EndToEndTests.run(schedule, data: data)
        #expect(result.counters.stored == 2, "\(result.summary)")
        let times = sites.site.requests.filter { $0.path.hasPrefix("/img/") }.map(\.receivedAt).sorted()
        #expect(times.count == 4, "harbour, one, missing, page: \(times.count)")
        for (a, b) in zip(times, times.dropFirst()) {
            #expect(b.timeIntervalSince(a) >= 0.25, "two image requests to one host \(b.timeIntervalSince(a)) s apart")
        }
    }

    /// `images:` settings with a bad value: the file, the line and the key.
    @Test func badSettingsNameTheFileLineAndKey() throws {
        let loader = ScheduleLoader(extractors: BuiltinExtractors.registry.ids)
        func problem(_ images: String) -> String {
            let yaml = "name: x\nextractor: generic\nsources:\n  - feed: https://example.com/feed.xml\nevery: 1h\nimages:\n\(images)\n"
            do { _ = try loader.parse(yaml, file: "x.yaml"); return "no error" } catch { return "\(error)" }
        }
        #expect(problem("  download: yes please").contains("x.yaml:7: images.download: expected true or false"), "\(problem("  download: yes please"))")
        #expect(problem("  download: true\n  max_bytes: 12").contains("x.yaml:8: images.max_bytes: expected at least 64B"), "\(problem("  max_bytes: 12"))")
        #expect(problem("  max_bytes: 5 parsecs").contains("x.yaml:7: images.max_bytes: expected a size"))
        #expect(problem("  max_bytes: 9GB").contains("images.max_bytes: expected 64B to 4GB, got 9GB"), "\(problem("  max_bytes: 9GB"))")
        #expect(problem("  max_per_article: 0").contains("x.yaml:7: images.max_per_article: expected a whole number (1 to 1000), got 0"))
        #expect(problem("  hosts: [cdn.example.com, 'bad host!']").contains("x.yaml:7: images.hosts[1]: expected a host name"))
        #expect(problem("  hosts: [127.0.0.1]").contains("images.hosts[0]: 127.0.0.1 is a local address"))
        #expect(problem("  downlaod: true").contains("x.yaml:7: images.downlaod: unknown key"), "\(problem("  downlaod: true"))")
        let good = try loader.parse("name: x\nextractor: generic\nsources:\n  - feed: https://example.com/feed.xml\nevery: 1h\n"
                                    + "images: { download: true, max_bytes: 5MB, max_per_article: 20, hosts: [cdn.example.com] }\n", file: "x.yaml")
        #expect(good.images.download && good.images.maxBytes.bytes == 5 << 20 && good.images.maxPerArticle == 20 && good.images.hosts == ["cdn.example.com"])
    }

    /// A stop while an article's pictures wait for their host's politeness delay: the article is
    /// not stored without them but stays queued, and the next run stores it with its pictures.
    /// Before, it was stored with entries and no downloads and, already stored, never fetched
    /// again: its pictures were never downloaded, and the summary did not count them.
    @Test func aStopBeforeAnArticlesPicturesLeavesItQueued() async throws {
        let sites = try ImageNewsSite()
        defer { sites.stop() }
        let data = try Executables.temporaryFolder("kabar-images-stop")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try Self.schedule(sites, images: "{ download: true, hosts: [localhost] }")
        let (run, stop, folder) = try StopTests.startSlowRun(schedule, data: data)
        // The feed, then 3 s later the first article; its lead picture (same host) waits 3 s more.
        let deadline = Date().addingTimeInterval(30)
        while !sites.site.requests.contains(where: { $0.path.hasPrefix("/news/") }), Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(300))
        stop.stop()
        let result = try await run.value
        try await folder.close()
        #expect(result.stopped && result.counters.stored == 0, "\(result.summary)")
        #expect(try Self.records(in: data).isEmpty)
        #expect(sites.imageRequests == 0)
        // Its health counts only what was decided: the page extracted, then left queued, is not
        // a page of this run's health (it was counted as one, the next run counting it again).
        let pages = { (r: RunResult) in r.health?.extractors.reduce(0) { $0 + $1.pages } ?? 0 }
        #expect(pages(result) == 0, "\(result.health?.lines ?? [])")

        let next = try await EndToEndTests.run(schedule, data: data)
        let records = try Self.records(in: data)
        #expect(records.count == 2, "\(next.summary)")
        #expect(pages(next) == 2, "\(next.health?.lines ?? [])")
        #expect(records.allSatisfy { $0.images.first?.download != nil }, "\(records.map { $0.images.map(\.download) })")
    }
}

/// SHA-256 by another implementation than Kabar's (`sha256sum`), for the expected file names.
enum SHA256Hex {
    static func of(_ data: Data) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-sha-\(UUID().uuidString)")
        try? data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [file.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try? p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(String(decoding: out, as: UTF8.self).prefix(64))
    }
}
