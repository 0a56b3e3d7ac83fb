import ArgumentParser
import Foundation
import KabarCore
import KabarRun
import KabarStore

/// `kabar bench store`: synthetic records with planted exact and near duplicates through the
/// `FileStore`: records/s, per-record cost as the store grows, peak memory, and how many of the
/// planted duplicates were found. With `--data` it keeps the store and, run again, continues it
/// (records already stored come back unchanged): the crash test uses it as its writer.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Store synthetic records with planted duplicates: throughput, growth, memory, recall."
    )

    @Option(help: "Records to store.")
    var records = 1_000_000

    @Option(help: "Share of exact duplicates (same text under another URL).")
    var exact = 0.10

    @Option(help: "Share of near duplicates (a few words changed).")
    var near = 0.05

    @Option(help: "Share of new revisions (changed text under a stored URL).")
    var revisions = 0.0

    @Option(help: "Words per synthetic article.")
    var words = 120

    @Option(help: "Seed of the synthetic records.")
    var seed: UInt64 = 1

    @Option(help: "Keep the store in this folder (default: a temporary folder, removed afterwards).")
    var data: String?

    @Option(help: "Durability: process, flush or full.")
    var durability = "flush"

    @Option(help: "Commit after this many records.")
    var commitEvery = FileStore.Options().commitEvery

    @Option(help: "Commit after this many milliseconds.")
    var commitMs = Int(FileStore.Options().commitInterval * 1000)

    @Option(help: "SQLite page cache in MiB (half for the connection that writes, half for the one that reads).")
    var cacheMib = 64

    @Option(help: "SQLite page size of a new index, in bytes.")
    var pageSize = FileStore.Options().pageSize

    @Option(help: "WAL pages after which a commit checkpoints.")
    var checkpointPages = FileStore.Options().checkpointPages

    @Option(help: "URL id filter in MiB (0: none).")
    var urlFilterMib = FileStore.Options().urlFilterMiB

    @Option(help: "SimHash block-pair filter in MiB (0: none).")
    var nearFilterMib = FileStore.Options().nearFilterMiB

    @Flag(help: "Print only the closing summary.")
    var quiet = false

    @Flag(help: ArgumentHelp("Make every record before storing any, so that nothing else runs while the store works.",
                             discussion: "By default each 4 096 records are made (on every core) just before they are stored, and the store's threads (encoder, writer, committer) go on working while the next ones are made, as they do while a run extracts pages. With this flag the records are made first (about 2.5 GB for a million) and stored back to back: the store's throughput when fed at once. Only the last row then waits for the batches in flight (the others show the steady state). Peak RSS then includes the records; the store's own part is printed beside it."))
    var pregenerate = false

    // Long: a benchmark script: set up, time each phase and print the figures, in the order they are
    // printed.
    func run() throws {
        guard let mode = FileStore.Durability(rawValue: durability) else {
            throw ValidationError("--durability must be one of \(FileStore.Durability.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let root: URL
        let temporary = data == nil
        if let data { root = URL(fileURLWithPath: data) } else {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-bench-store-\(getpid())")
            try? FileManager.default.removeItem(at: root)
        }
        defer { if temporary { try? FileManager.default.removeItem(at: root) } }

        var options = FileStore.Options()
        options.durability = mode
        options.commitEvery = commitEvery
        options.commitInterval = Double(commitMs) / 1000
        options.cacheMiB = cacheMib
        options.pageSize = pageSize
        options.checkpointPages = checkpointPages
        options.urlFilterMiB = urlFilterMib
        options.nearFilterMiB = nearFilterMib
        options.timesPhaseCPU = true
        let generator = SyntheticNews(count: records, seed: seed, exactShare: exact, nearShare: near,
                                      revisionShare: revisions, words: words, nearDistance: options.dedup.nearDistance)
        var made: [(article: Article, kind: SyntheticNews.Kind)] = []
        var madeMiB = 0
        if pregenerate {
            made = generator.records(0..<records)
            madeMiB = Memory.currentMiB()
        }
        let openStart = Clock.now()
        let store = try FileStore(at: root, options: options)
        let openSeconds = Clock.seconds(since: openStart)
        try store.startRun(command: "bench store")

        var checkpoints = Set([records / 10, records / 4, records / 2, records])
        checkpoints.remove(0)
        if !quiet {
            print("kabar bench store: \(records) records, \(Int(exact * 100)) % exact and \(Int(near * 100)) % near duplicates planted, \(words) words each, durability \(mode.rawValue), commit every \(commitEvery) records or \(commitMs) ms, SQLite cache \(cacheMib) MiB, page \(pageSize) B, checkpoint every \(checkpointPages) WAL pages, filters \(urlFilterMib) MiB (URL ids) + \(nearFilterMib) MiB (SimHash pairs)")
            print("store: \(root.path)\(temporary ? " (temporary)" : ""), opened in \(String(format: "%.3f", openSeconds)) s")
            if pregenerate { print("records made before storing: RSS \(madeMiB) MiB with them (peak RSS below includes them)") }
            print("")
        }
        var planted = (exact: 0, near: 0, far: 0, revisions: 0)
        var found = (exact: 0, exactAsNear: 0, near: 0, nearOther: 0, wrong: 0, falseDuplicates: 0, revisions: 0)
        var storeNanos: UInt64 = 0
        var storeCPU: UInt64 = 0
        var stretch = (nanos: UInt64(0), cpu: UInt64(0), start: 0)
        let wallStart = Clock.now()
        var rows: [[String]] = []
        let header = ["records", "store rate/s", "µs/record (stretch)", "CPU µs/record, all threads (stretch)", "µs/record (all)", "peak RSS MiB"]
        var next = 0
        while next < records {
            // Make a chunk of records (on every core), then time the store alone on it.
            let end = min(next + 4096, checkpoints.filter { $0 > next }.min() ?? records)
            let chunk = pregenerate ? Array(made[next..<end]) : generator.records(next..<end)
            let articles = chunk.map(\.article)
            let c0 = Clock.cpu(), t0 = Clock.now()
            let outcomes = try store.store(articles)
            // At each row the store commits (waits for its threads), so a row's time holds all
            // the work of its records; with --pregenerate only the last row does, the others
            // showing the pipeline in its steady state (batches still in flight).
            if checkpoints.contains(end) && (!pregenerate || end == records) { try store.commit() }
            let dt = Clock.now() &- t0, dc = Clock.cpu() &- c0
            storeNanos &+= dt; storeCPU &+= dc
            stretch.nanos &+= dt; stretch.cpu &+= dc
            for ((_, kind), outcome) in zip(chunk, outcomes) {
                switch (kind, outcome) {
                case (.exact(let j), .duplicate(let of, let k, _)):
                    planted.exact += 1
                    if of == generator.originalID(j) { if k == .exact { found.exact += 1 } else { found.exactAsNear += 1 } } else { found.wrong += 1 }
                case (.exact, _): planted.exact += 1
                case (.near(let j, _), .duplicate(let of, _, _)):
                    planted.near += 1
                    if of == generator.originalID(j) { found.near += 1 } else { found.nearOther += 1 }
                case (.near, _): planted.near += 1
                case (.farVariant, _): planted.far += 1
                case (.revision, .written(let r)) where r > 1: planted.revisions += 1; found.revisions += 1
                case (.revision, _): planted.revisions += 1
                case (.original, .duplicate): found.falseDuplicates += 1
                case (.original, _): break
                }
            }
            next = end
            if checkpoints.contains(end) {
                let n = stretch.start == end ? 1 : end - stretch.start
                let row = [String(end), String(Int(Double(end) / (Double(storeNanos) / 1e9))),
                           String(format: "%.2f", Double(stretch.nanos) / 1000 / Double(n)),
                           String(format: "%.2f", Double(stretch.cpu) / 1000 / Double(n)),
                           String(format: "%.2f", Double(storeNanos) / 1000 / Double(end)), String(Memory.peakMiB())]
                rows.append(row)
                if !quiet {
                    if rows.count == 1 { print(TextTable.lines(header, rows, left: [])[0]) }
                    print(TextTable.lines(header, rows, left: []).last!)
                }
                stretch = (0, 0, end)
            }
        }
        let closeStart = Clock.now(), closeCPU = Clock.cpu()
        let counts = store.runCounts
        try store.finishRun(failed: 0)
        try store.close()
        storeNanos &+= Clock.now() &- closeStart
        storeCPU &+= Clock.cpu() &- closeCPU
        let wall = Clock.seconds(since: wallStart)
        let storeSeconds = Double(storeNanos) / 1e9
        func percent(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.2f %%", 100 * Double(a) / Double(b)) }
        let summary = """
            store: \(records) records in \(String(format: "%.2f", storeSeconds)) s inside the store = \(Int(Double(records) / storeSeconds)) records/s; \
            CPU \(String(format: "%.2f", Double(storeCPU) / 1e9)) s on all threads = \(Int(Double(records) / (Double(storeCPU) / 1e9))) records/s per core busy
            (\(String(format: "%.2f", wall)) s wall with generating the records and their SimHash = \(Int(Double(records) / wall)) records/s)
            peak RSS: \(Memory.peakMiB()) MiB\(pregenerate ? " (\(Memory.peakMiB() - madeMiB) MiB above the records made beforehand)" : "")
            outcomes: \(counts.written) new, \(counts.revisions) revisions, \(counts.unchanged) unchanged, \
            \(counts.exactDuplicates) exact + \(counts.nearDuplicates) near duplicates
            exact duplicates planted \(planted.exact): found \(found.exact + found.exactAsNear) (recall \(percent(found.exact + found.exactAsNear, planted.exact)); \(found.exactAsNear) of them as near)
            near duplicates planted within \(options.dedup.nearDistance) bits \(planted.near): found \(found.near + found.nearOther) (recall \(percent(found.near + found.nearOther, planted.near)); \(found.nearOther) matched another original at least as near, ties going to the smallest id); \
            \(planted.far) variants further than \(options.dedup.nearDistance) bits not counted
            revisions planted \(planted.revisions): written \(found.revisions); originals wrongly taken for duplicates: \(found.falseDuplicates); duplicates of the wrong original: \(found.wrong)
            """
        print(quiet ? summary : "\n" + summary)
        if !quiet {
            let p = store.phases
            // The storing thread's phases add up to the time inside the store (with "other");
            // the committer's run beside them, on its own thread.
            let phaseRows = StorePhases.Phase.allCases.map { phase -> [String] in
                let w = Double(p.wall[phase.rawValue]), c = Double(p.cpu[phase.rawValue])
                let beside = StorePhases.committerPhases.contains(phase)
                return [phase.name, beside ? "committer" : "storing", String(format: "%.2f", w / 1e9), String(format: "%.2f", c / 1e9),
                        String(format: "%.2f", w / 1000 / Double(records)),
                        beside ? "" : String(format: "%.1f %%", 100 * w / Double(storeNanos))]
            }
            let inPhases = StorePhases.Phase.allCases.filter { !StorePhases.committerPhases.contains($0) }.map { p.wall[$0.rawValue] }.reduce(0, +)
            print("\nwhere the time inside the store goes (the committer's thread inserts and commits one batch while the storing thread decides the next):")
            for line in TextTable.lines(["phase", "thread", "wall s", "CPU s (its thread)", "wall µs/record", "share of storing"], phaseRows + [
                ["other", "storing", String(format: "%.2f", Double(storeNanos &- min(storeNanos, inPhases)) / 1e9), "", "",
                 String(format: "%.1f %%", 100 * Double(storeNanos &- min(storeNanos, inPhases)) / Double(storeNanos))],
            ], left: [0, 1]) { print(line) }
            print("URL lookups: \(p.urlsRead) read from the index, \(p.urlsSkipped) ruled out by the filter; band lookups: \(p.bandRanges) ranges read, \(p.bandsSkipped) records ruled out by the filter")
        }
    }
}

enum Clock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func seconds(since start: UInt64) -> Double { Double(now() &- start) / 1e9 }

    /// CPU time of the process (all threads), in nanoseconds. Read around the store's calls,
    /// when no record is being made, it is the store's CPU, on whatever threads it runs.
    static func cpu() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

enum Memory {
    /// Resident set size of this process now (/proc/self/statm), in MiB.
    static func currentMiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / (1 << 20)
    }

    /// Peak resident set size of this process (getrusage ru_maxrss, KiB on Linux), in MiB.
    static func peakMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
