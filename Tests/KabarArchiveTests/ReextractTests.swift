import Foundation
import KabarArchive
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore
import KabarTesting
import Logging
import Testing

/// Live runs against the sample site archive every fetch; re-extraction over that archive
/// goes through the same dedup and finds nothing new.
@Suite(.serialized)
struct ReextractTests {
    static func run(_ site: LocalTestSite, data: URL, maxFileSize: Int64 = 1_000_000_000) async throws -> RunResult {
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(site.scheduleYAML(), file: "local.yaml")
        let folder = try DataFolder(url: data)
        var loop = RunLoop(schedule: schedule, registry: BuiltinExtractors.registry, folder: folder,
                           progress: RunProgress(name: schedule.name, mode: .silent, logger: Logger(label: "test")))
        loop.archiveMaxFileSize = maxFileSize
        do {
            let result = try await loop.run()
            try await folder.close()
            return result
        } catch {
            try? await folder.close()
            throw error
        }
    }

    static func reextract(_ data: URL, paths: [URL]? = nil, workers: Int = 2, site: String? = nil) async throws -> Reextraction.Summary {
        var options = Reextraction.Options()
        options.dataFolder = data
        options.workers = workers
        options.site = site
        let inputs = try Reextraction.inputs((paths ?? [data.appendingPathComponent("warc")]).map(\.path))
        let store = try FileStore(at: data)
        try store.startRun(command: "reextract")
        let summary = try await Reextraction(registry: BuiltinExtractors.registry, options: options).run(inputs, store: store)
        try store.finishRun(failed: summary.failed)
        try store.close()
        return summary
    }

    static func records(_ data: URL) throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        let walker = FileManager.default.enumerator(at: data.appendingPathComponent("records"), includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL {
            guard file.pathExtension == "jsonl" else { continue }
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                out.append(try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])
            }
        }
        return out
    }

    @Test(arguments: [true, false])
    func liveRunThenReextractFindsNothingNew(wholeArticlePages: Bool) async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        site.setWholeArticlePages(wholeArticlePages)
        let data = try Executables.temporaryFolder("kabar-reextract")
        defer { try? FileManager.default.removeItem(at: data) }
        let live = try await Self.run(site, data: data, maxFileSize: 8_000)
        #expect(live.counters.stored == LocalTestSite.articleCount, "\(live.summary) \(live.problems)")

        // Every record points at its response in the archive.
        let records = try Self.records(data)
        #expect(records.count == LocalTestSite.articleCount)
        let warcFiles = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("warc").path)
        #expect(warcFiles.count > 1, "rotation at 8 kB: \(warcFiles)")
        for r in records {
            let source = try #require(r["source"] as? [String: Any], "\(r["url"] ?? "")")
            let file = try #require(source["file"] as? String)
            let offset = try #require(source["offset"] as? Int)
            #expect(file.hasPrefix("warc/local-test-") && file.hasSuffix(".warc.gz"))
            let response = try WARCReader.record(path: data.appendingPathComponent(file).path, offset: Int64(offset))
            #expect(response.type == "response")
            #expect(response["Kabar-Role"] == "article")
            let url = try #require(r["url"] as? String)
            #expect(response["Kabar-Page-URI"].map { URL(string: $0)?.host } == URL(string: url)?.host)
            #expect(response["WARC-Payload-Digest"] == WARCDigest.sha1(try response.http().decodedBody()))
        }

        // Re-extraction from the archive: all unchanged, twice; with one worker too.
        let first = try await Self.reextract(data)
        #expect(first.failed == 0, "\(first.problems)")
        #expect(first.written == 0 && first.revised == 0 && first.duplicates == 0, "\(first)")
        #expect(first.unchanged == LocalTestSite.articleCount, "\(first)")
        let second = try await Self.reextract(data, workers: 1)
        #expect(second.written == 0 && second.revised == 0 && second.unchanged == LocalTestSite.articleCount, "\(second)")
        #expect(try Self.records(data).count == LocalTestSite.articleCount)

        // --site keeps one extractor's pages.
        let tempoOnly = try await Self.reextract(data, site: "tempo")
        #expect(tempoOnly.pages > 0 && tempoOnly.pages < LocalTestSite.articleCount && tempoOnly.written == 0, "\(tempoOnly)")
    }

    /// Re-extraction tallies health as the live run did: the same pages and field shares per
    /// extractor, and the second opinion on as many pages of each plugin. A multi-page
    /// article's first page, read in the first pass only to be read again once its later pages
    /// are known, gives its sample back (it took one of SINDOnews' two, which went without).
    @Test func reextractionTalliesHealthAsTheRunDid() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        site.setWholeArticlePages(false) // SINDOnews' multi-page article archived page by page
        let data = try Executables.temporaryFolder("kabar-reextract-health")
        defer { try? FileManager.default.removeItem(at: data) }
        let live = try await Self.run(site, data: data)
        let runHealth = try #require(live.health?.extractors)

        var options = Reextraction.Options()
        options.dataFolder = data
        let recorder = HealthRecorder(secondOpinion: 2, generic: BuiltinExtractors.registry.fallback)
        options.health = recorder
        let store = try FileStore(at: data)
        defer { try? store.close() }
        let inputs = try Reextraction.inputs([data.appendingPathComponent("warc").path])
        let summary = try await Reextraction(registry: BuiltinExtractors.registry, options: options).run(inputs, store: store)
        #expect(summary.unchanged == LocalTestSite.articleCount, "\(summary)")

        let tallies = recorder.health
        #expect(tallies.map(\.extractor) == runHealth.map(\.extractor))
        for (offline, online) in zip(tallies, runHealth) {
            #expect(offline.pages == online.pages && offline.present == online.present, "\(offline.extractor)")
            #expect(offline.coverages.count == min(2, offline.pages), "\(offline.extractor): \(offline.coverages.count) of \(offline.pages) pages sampled")
        }
        let sindonews = try #require(tallies.first { $0.extractor == "sindonews" })
        #expect(sindonews.pages == 2)
    }

    @Test func savedPagesReextractIdempotently() async throws {
        let data = try Executables.temporaryFolder("kabar-reextract-html")
        defer { try? FileManager.default.removeItem(at: data) }
        let pages = data.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        let plugins = Corpus.packageRoot.appendingPathComponent("Plugins")
        var copied = 0
        for (_, file) in LocalTestSite.articles.prefix(5) {
            let source = plugins.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            try FileManager.default.copyItem(at: source, to: pages.appendingPathComponent("\(copied)-" + source.lastPathComponent))
            copied += 1
        }
        #expect(copied > 0)
        let first = try await Self.reextract(data, paths: [pages])
        #expect(first.failed == 0, "\(first.problems)")
        #expect(first.written + first.duplicates == copied, "\(first)")
        let second = try await Self.reextract(data, paths: [pages])
        #expect(second.written == 0 && second.revised == 0 && second.unchanged + second.duplicates == copied, "\(second)")
    }
}
