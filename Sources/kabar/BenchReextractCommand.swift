import ArgumentParser
import Foundation
import KabarArchive
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore

/// Re-extraction throughput over a generated archive, with 1 worker and with all cores, next
/// to single-threaded in-memory extraction of the same pages (the `bench extract` path), in
/// the same run.
struct BenchReextractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reextract",
        abstract: "MB/s of `kabar reextract` over a generated WARC archive, 1 worker and all cores, next to `bench extract`'s rate.",
        discussion: """
        Writes a WARC archive of about --mb megabytes (gzip members, as live runs write it) \
        from the fixture pages under distinct URLs, then re-extracts it into a fresh data folder \
        once with 1 worker and once with --workers (default: all cores), each through the \
        store. MB/s counts HTML bytes extracted (decoded payloads), the unit of `bench extract`.
        """
    )

    @Option(help: "Archive size to generate, in MB on disk (compressed).")
    var mb: Int = 1000

    @Option(help: "Workers for the parallel run (default: all cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Work folder (default: a temporary folder, removed afterwards).")
    var folder: String?

    @Option(help: "Seconds of single-threaded in-memory extraction for the baseline.")
    var seconds: Double = 5

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    // Long: a benchmark script: set up, time each phase and print the figures, in the order they are
    // printed.
    func run() async throws {
        let samples = try BenchExtractCommand.parse([]).loadSamples().filter { $0.url != nil }
        guard !samples.isEmpty else { throw ValidationError("no fixture pages with a URL") }
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        let usable = samples.filter { (try? pipeline.extract(data: $0.data, url: $0.url, site: $0.site)) != nil }
        let work = URL(fileURLWithPath: folder ?? NSTemporaryDirectory() + "kabar-bench-reextract-\(getpid())")
        let keep = folder != nil
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        // 1. The archive.
        let warcDir = work.appendingPathComponent("warc")
        let target = Int64(mb) * 1_000_000
        var archiveBytes = archiveSize(warcDir)
        let genStart = Date()
        if archiveBytes < target {
            let writer = try WARCWriter(directory: warcDir, site: "bench")
            var i = 0
            while archiveBytes < target {
                let s = usable[i % usable.count]
                var c = URLComponents(url: s.url!, resolvingAgainstBaseURL: false)!
                c.queryItems = (c.queryItems ?? []) + [URLQueryItem(name: "bench", value: String(i))]
                var x = WARCExchange(targetURI: c.url!.absoluteString, status: 200)
                x.requestHeaders = [("Host", c.host ?? ""), ("User-Agent", "Kabar/bench")]
                x.responseHeaders = [("Content-Type", "text/html; charset=utf-8")]
                x.body = s.data
                x.httpVersion = "1.1"
                x.role = "article"
                x.extractor = s.site
                x.metadata = [("schedule", "bench")]
                try writer.archive(x)
                i += 1
                if i % 200 == 0 { archiveBytes = archiveSize(warcDir) }
            }
            try writer.close()
            archiveBytes = archiveSize(warcDir)
            FileHandle.standardError.write(Data(String(format: "bench reextract: wrote %.0f MB of WARC (%d responses) in %.1fs\n",
                                                      Double(archiveBytes) / 1e6, i, Date().timeIntervalSince(genStart)).utf8))
        }

        // 2. The baseline: bench extract's path, one thread, in memory.
        var done = 0
        var bytes: Int64 = 0
        let t0 = Date()
        repeat {
            for s in usable {
                _ = try pipeline.extract(data: s.data, url: s.url, site: s.site).jsonLine
                bytes += Int64(s.data.count)
                done += 1
            }
        } while Date().timeIntervalSince(t0) < seconds
        let extractRate = Double(bytes) / 1e6 / Date().timeIntervalSince(t0)

        // 3. Re-extraction, 1 worker then all.
        var results: [(workers: Int, summary: Reextraction.Summary)] = []
        for w in [1, max(1, workers)] {
            let data = work.appendingPathComponent("data-\(w)")
            try? FileManager.default.removeItem(at: data)
            var options = Reextraction.Options()
            options.workers = w
            options.dataFolder = work
            let store = try FileStore(at: data)
            try store.startRun(command: "bench reextract")
            let summary = try await Reextraction(registry: BuiltinExtractors.registry, options: options)
                .run(try Reextraction.inputs([warcDir.path]), store: store)
            try store.finishRun(failed: summary.failed)
            try store.close()
            try? FileManager.default.removeItem(at: data)
            FileHandle.standardError.write(Data("bench reextract: \(w) worker(s): \(summary)\n".utf8))
            results.append((w, summary))
        }
        let one = results[0].summary.htmlMBPerSecond
        let all = results[1].summary.htmlMBPerSecond
        if json {
            print(try BenchJSON.line(Figures(archiveMB: BenchJSON.rounded(Double(archiveBytes) / 1e6, 1),
                                             htmlMB: BenchJSON.rounded(Double(results[0].summary.htmlBytes) / 1e6, 1),
                                             pages: results[0].summary.pages, extractMBPerSecond: BenchJSON.rounded(extractRate, 2),
                                             oneWorkerMBPerSecond: BenchJSON.rounded(one, 2), workers: results[1].workers,
                                             workersMBPerSecond: BenchJSON.rounded(all, 2), speedup: BenchJSON.rounded(one > 0 ? all / one : 0, 2),
                                             cores: ProcessInfo.processInfo.activeProcessorCount)))
        } else {
            print(String(format: "kabar bench reextract: %.0f MB archive (%.0f MB HTML, %d pages), %d cores",
                         Double(archiveBytes) / 1e6, Double(results[0].summary.htmlBytes) / 1e6, results[0].summary.pages,
                         ProcessInfo.processInfo.activeProcessorCount))
            print(String(format: "  bench extract path (1 thread, in memory)   %8.2f MB/s", extractRate))
            print(String(format: "  reextract, 1 worker (archive → store)       %8.2f MB/s  (%.0f%% of extract)", one, extractRate > 0 ? one / extractRate * 100 : 0))
            print(String(format: "  reextract, %d workers                        %8.2f MB/s  (%.2fx of 1 worker)", results[1].workers, all, one > 0 ? all / one : 0))
        }
    }

    func archiveSize(_ dir: URL) -> Int64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent($1).path)[.size] as? Int64) ?? 0) }
    }

    /// The `--json` line; the key of the many-worker rate names the worker count
    /// (`reextract_<n>_mb_per_s`).
    struct Figures: Encodable {
        var archiveMB: Double
        var htmlMB: Double
        var pages: Int
        var extractMBPerSecond: Double
        var oneWorkerMBPerSecond: Double
        var workers: Int
        var workersMBPerSecond: Double
        var speedup: Double
        var cores: Int

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(archiveMB, forKey: Key("archive_mb"))
            try c.encode(htmlMB, forKey: Key("html_mb"))
            try c.encode(pages, forKey: Key("pages"))
            try c.encode(extractMBPerSecond, forKey: Key("extract_mb_per_s"))
            try c.encode(oneWorkerMBPerSecond, forKey: Key("reextract_1_mb_per_s"))
            try c.encode(workersMBPerSecond, forKey: Key("reextract_\(workers)_mb_per_s"))
            try c.encode(speedup, forKey: Key("speedup"))
            try c.encode(cores, forKey: Key("cores"))
        }
    }
}
