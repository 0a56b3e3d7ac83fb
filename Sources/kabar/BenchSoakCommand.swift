import ArgumentParser
import Foundation
import KabarSampleSites
import KabarStore

/// A long `kabar run` against a generated local site, with the run's memory sampled every
/// second: does peak RSS stay flat once the run has warmed up?
struct BenchSoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "A long `kabar run` over a generated local site of --pages articles, RSS sampled every second: flat after warm-up?",
        discussion: """
        Serves a generated news site of --pages distinct article pages on 127.0.0.1 (a sitemap \
        index over sitemaps of 1 000 URLs, read by the generic extractor), runs `kabar run` on \
        it as a child process into a fresh data folder (the whole pipeline: discovery, \
        frontier, fetch, extraction, dedup, store, WARC archive) and samples the child's \
        VmRSS from /proc every second. Prints pages/s and RSS at warm-up (10 % of the pages), \
        midway and the end. Verdict: flat when the highest RSS after warm-up is at most 1.1× \
        the highest RSS up to warm-up. Exit status 1 when it is not (runs of 50 000 pages or \
        more; shorter ones end while the store's caches still fill), or when the store does \
        not hold every page once. A CI-sized smoke run: --pages 20000 (about 40 s in release).
        """
    )

    @Option(help: "Article pages on the generated site.")
    var pages: Int = 100_000

    @Option(help: "Fetch concurrency (and per-host connections) of the run.")
    var concurrency: Int = 8

    @Option(help: "Work folder (default: a temporary folder, removed afterwards).")
    var folder: String?

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    struct Sample {
        let seconds: Double
        let pages: Int
        let rssKiB: Int
    }

    // Long: a benchmark script: set up, time each phase and print the figures, in the order they are
    // printed.
    func run() throws {
        guard pages >= 100 else { throw ValidationError("--pages must be at least 100") }
        let work = URL(fileURLWithPath: folder ?? NSTemporaryDirectory() + "kabar-bench-soak-\(getpid())")
        let keep = folder != nil
        try? FileManager.default.removeItem(at: work.appendingPathComponent("data"))
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }

        let site = try GeneratedNewsSite(count: pages, perSitemap: 1000)
        defer { site.stop() }
        let schedule = work.appendingPathComponent("soak.yaml")
        try site.scheduleYAML(name: "soak", concurrency: concurrency).write(to: schedule, atomically: true, encoding: .utf8)
        let data = work.appendingPathComponent("data")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BenchProcess.ownExecutable())
        process.arguments = ["run", schedule.path, "--data", data.path, "--quiet", "--json"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        // Read the summary as it comes, so a full pipe never blocks the child.
        nonisolated(unsafe) var summary = Data()
        let reader = Thread { summary = out.fileHandleForReading.readDataToEndOfFile() }
        reader.start()

        var samples: [Sample] = []
        var lastReport = 0
        while process.isRunning {
            usleep(1_000_000)
            guard let rss = Self.rssKiB(pid: process.processIdentifier) else { continue }
            let s = Sample(seconds: Date().timeIntervalSince(started), pages: site.served, rssKiB: rss)
            samples.append(s)
            if !json, s.pages * 10 / pages > lastReport {
                lastReport = s.pages * 10 / pages
                FileHandle.standardError.write(Data(String(format: "bench soak: %6.0f s  %7d pages  %6.0f pages/s  RSS %6.1f MiB\n",
                                                           s.seconds, s.pages, Double(s.pages) / s.seconds, Double(s.rssKiB) / 1024).utf8))
            }
        }
        process.waitUntilExit()
        while reader.isExecuting { usleep(10_000) }
        let total = Date().timeIntervalSince(started)
        let stats = try FileStore.stats(at: data)
        let summaryText = String(decoding: summary, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)

        // Warm-up: the first 10 % of the pages. Flat: nothing after it above 1.1× its peak.
        let fetching = samples.filter { $0.pages > 0 }
        guard let warm = fetching.firstIndex(where: { $0.pages >= pages / 10 }), !fetching.isEmpty else {
            throw ValidationError("the run ended before warm-up (exit \(process.terminationStatus)): \(summaryText)")
        }
        let mid = fetching.firstIndex(where: { $0.pages >= pages / 2 }) ?? fetching.count - 1
        let end = fetching.count - 1
        let warmPeak = fetching[...warm].map(\.rssKiB).max() ?? 0
        let afterPeak = fetching[warm...].map(\.rssKiB).max() ?? 0
        let flat = Double(afterPeak) <= 1.1 * Double(warmPeak)
        let complete = process.terminationStatus == 0 && stats.records == pages
        func rate(_ i: Int) -> Double {
            // Pages/s from the start of the run to sample i.
            let s = fetching[i]
            return Double(s.pages) / max(s.seconds, 0.001)
        }
        let mib = { (k: Int) in Double(k) / 1024 }
        if json {
            let r1 = { (x: Double) in BenchJSON.rounded(x, 1) }
            print(try BenchJSON.line(Figures(
                pages: pages, seconds: r1(total), pages_per_second: r1(Double(pages) / total),
                warmup_pages: fetching[warm].pages, warmup_rss_mib: r1(mib(fetching[warm].rssKiB)), warmup_peak_mib: r1(mib(warmPeak)),
                mid_pages: fetching[mid].pages, mid_rss_mib: r1(mib(fetching[mid].rssKiB)),
                end_pages: fetching[end].pages, end_rss_mib: r1(mib(fetching[end].rssKiB)), peak_after_warmup_mib: r1(mib(afterPeak)),
                flat: flat, stored: stats.records, run: AnyJSON(text: summaryText) ?? .null)))
        } else {
            print("kabar bench soak: \(pages) pages, concurrency \(concurrency), RSS of the `kabar run` child sampled every 1 s (\(samples.count) samples)")
            print("  point        pages  seconds    pages/s   RSS MiB")
            for (name, i) in [("warm-up", warm), ("midway", mid), ("end", end)] {
                let s = fetching[i]
                print("  " + name.padding(toLength: 9, withPad: " ", startingAt: 0)
                      + String(format: " %8d %8.0f %10.1f %9.1f", s.pages, s.seconds, rate(i), mib(s.rssKiB)))
            }
            print(String(format: "  whole run: %.0f s, %.1f pages/s; store: %d records (%d expected)", total, Double(pages) / total, stats.records, pages))
            print(String(format: "  peak RSS up to warm-up %.1f MiB, after warm-up %.1f MiB (%.2f×); rule: flat when ≤ 1.1×: ",
                         mib(warmPeak), mib(afterPeak), Double(afterPeak) / Double(max(warmPeak, 1))) + (flat ? "FLAT" : "GROWS"))
        }
        // Shorter runs end while SQLite's page caches are still filling (the index and
        // frontier grow with every page): their verdict is printed, not enforced.
        let enforced = pages >= Self.shortestJudged
        if !enforced && !json {
            print("  (a run under \(Self.shortestJudged) pages is too short for the rule: the store's caches are still filling; not enforced)")
        }
        if (!flat && enforced) || !complete {
            if !complete { CLIOutput.error("bench soak: the run stored \(stats.records) of \(pages) pages (exit \(process.terminationStatus)): \(summaryText)") }
            throw ExitCode(1)
        }
    }

    /// Runs this long or longer fail (exit status 1) when RSS is not flat.
    static let shortestJudged = 50_000

    /// VmRSS of a process, in KiB (Linux).
    static func rssKiB(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// The `--json` line; `run` is the `kabar run --json` summary of the child, as it printed it.
    struct Figures: Encodable {
        var pages: Int
        var seconds: Double
        var pages_per_second: Double
        var warmup_pages: Int
        var warmup_rss_mib: Double
        var warmup_peak_mib: Double
        var mid_pages: Int
        var mid_rss_mib: Double
        var end_pages: Int
        var end_rss_mib: Double
        var peak_after_warmup_mib: Double
        var flat: Bool
        var stored: Int
        var run: AnyJSON
    }
}
