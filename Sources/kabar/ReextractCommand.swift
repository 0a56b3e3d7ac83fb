import ArgumentParser
import Foundation
import KabarConfig
import KabarArchive
import KabarCore
import KabarCLI
import KabarPlugins
import KabarRun
import KabarStore

/// `kabar reextract`: today's extractors over the archive (or given WARC files and saved
/// pages), into the store; only changed output becomes a new revision.
struct ReextractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reextract",
        abstract: "Re-run today's extractors over archived pages; only changed output becomes a new revision.",
        discussion: """
        Reads the data folder's WARC archive (DATA/warc) by default, or the WARC files \
        (.warc, .warc.gz; Kabar's or any crawler's, WARC/1.0 or 1.1) and folders of saved .html \
        files (or .htm, .xhtml, gzipped or not) given, extracts every archived 2xx HTML response \
        (and page saved as an HTML resource record) on all cores (not one cut short \
        when fetched, by a timeout or a broken connection: WARC-Truncated, or a body shorter \
        than its Content-Length; nor an empty body or binary bytes served as HTML: skipped, \
        counted by reason, as the live run stored nothing from them), and stores the \
        records in the data folder with the same dedup as a live run: an unchanged record is \
        counted unchanged, a changed one (its text, or another field a reader sees: authors, \
        dates, images, metadata, the extractor's version) is written as the next revision (its \
        `extractor` field names the extractor version). Progress goes to standard error, the summary to \
        standard output, with each extractor's health as `kabar run` reports it (pages, the \
        share with each field, body words, fallbacks, a second opinion on 3 pages of each site \
        plugin) and warnings against the recent level of the store's live runs (`health` in \
        the JSON); a re-extraction's health is not saved in that history. A damaged gzip \
        member in the middle of a WARC file (a damaged record of a plain .warc, a damaged \
        first gzip signature) is skipped to the next record, named with its \
        offsets and counted (`damaged` in the JSON); the rest of the file is still read. A \
        broken link, a link loop or a folder that cannot be listed among the inputs is named \
        and counted as a failed file; the rest is read. A --data folder inside another data \
        folder (its warc/ or records/) is refused, exit status 2. The exit status is 1 when a \
        page or file failed or a WARC file was damaged.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "The data folder (records and index; its warc/ folder is the default input).")
    var data: String = "data"

    @Option(help: "Only pages of this extractor (see `kabar sites`); for saved .html files, the extractor to use.")
    var site: String?

    @Option(help: "Only responses archived on or after this date or time (ISO 8601, e.g. 2026-05-01 or 2026-05-01T12:00:00Z).")
    var since: String?

    @Option(help: "Extraction workers; by default one per core (this machine's count is shown).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Skip pages larger than this (decoded), with a warning: a page's parse tree takes many times its size (e.g. 10MB, 512KB).")
    var maxPageSize: String = "10MB"

    @Option(help: "Skip WARC records larger than this (their block, or their gzip member inflated), with a warning, without holding them in memory.")
    var maxRecordSize: String = "64MB"

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @Argument(help: "WARC files, saved .html files, or folders of them (default: DATA/warc).")
    var paths: [String] = []

    @Option(help: StoreOption.help)
    var store: String?

    mutating func validate() throws {
        try FlagCheck.check("--workers", workers, FlagCheck.parallel)
        if let folder = try StoreOption.resolve(store) { data = folder }
    }

    // Long: the command's steps in the order their output is printed (options checked, the work run,
    // the summary printed).
    func run() async throws {
        let registry = try plugins.registry()
        if let site, registry.extractor(id: site) == nil {
            throw UnknownSite.error(site, known: registry.ids, plugins: plugins)
        }
        var options = Reextraction.Options()
        options.site = site
        options.workers = max(1, workers)
        options.dataFolder = URL(fileURLWithPath: data)
        guard let page = ScheduleSize(maxPageSize), page.bytes >= 1024 else {
            throw ValidationError("--max-page-size '\(maxPageSize)' is not \(ScheduleSize.expected) of at least 1KB")
        }
        guard let record = ScheduleSize(maxRecordSize), record.bytes >= 1024 else {
            throw ValidationError("--max-record-size '\(maxRecordSize)' is not \(ScheduleSize.expected) of at least 1KB")
        }
        options.maxPageBytes = page.bytes
        options.maxRecordBytes = record.bytes
        if let since {
            guard let d = WARCDate.parse(since) else { throw ValidationError("--since '\(since)' is not an ISO 8601 date or time") }
            options.since = d
        }
        let warcFolder = URL(fileURLWithPath: data).appendingPathComponent("warc")
        let inputPaths = paths.isEmpty ? [warcFolder.path] : paths
        // Nothing is created before the inputs are known to exist: without paths the data
        // folder is read, and a missing one must not become an empty store.
        if let store = FileStore.enclosingStore(of: URL(fileURLWithPath: data)) {
            throw CLIOutput.folderFailure(data, FileStore.Failure.insideStore(folder: data, store: store))
        }
        if paths.isEmpty, !FileManager.default.fileExists(atPath: warcFolder.path) {
            CLIOutput.error("\(warcFolder.path): no such folder: \(FileManager.default.fileExists(atPath: data) ? "this data folder has no archive yet (kabar run writes it)" : "no data folder at \(data)"); give --data the folder kabar run wrote, or WARC files and folders to read")
            throw ExitCode(ExitStatus.badInput)
        }
        for path in paths where !FileManager.default.fileExists(atPath: path) { throw CLIOutput.missing(path) }
        let store: FileStore
        do {
            store = try FileStore(at: URL(fileURLWithPath: data))
        } catch {
            throw CLIOutput.folderFailure(data, error)
        }
        // The store's lock is held: no run is writing the archive. Finish what a killed run left.
        if paths.isEmpty { try? WARCWriter.recover(in: warcFolder) { CLIOutput.note($0) } }
        // What cannot be read (a broken link or a link loop among the files, a folder that cannot
        // be listed) is named and fails that file; the rest is read. Only when nothing can be
        // read is it bad input (one broken link stopped the whole re-extraction, naming only it).
        let (inputs, unreadable) = Reextraction.search(inputPaths, named: !paths.isEmpty)
        if inputs.isEmpty, !unreadable.isEmpty {
            try? store.close()
            for problem in unreadable { CLIOutput.error(problem.description) }
            throw ExitCode(ExitStatus.badInput)
        }
        try store.startRun(command: "reextract")
        // Each extractor's health, as a run tallies it: judged against the recent level of the
        // live runs in this store's history, and not saved there (docs/ARCHIVE.md).
        let recorder = HealthRecorder(secondOpinion: ScheduleHealth().secondOpinion, generic: registry.fallback)
        options.health = recorder
        let showProgress = !quiet
        let terminal = CLIOutput.stderrIsTerminal
        var summary: Reextraction.Summary
        let health: RunHealth
        do {
            summary = try await Reextraction(registry: registry, options: options).run(inputs, store: store) { s in
                guard showProgress else { return }
                let line = "reextract: \(counted(s.files, "file")), \(counted(s.records, "record")), \(counted(s.pages, "page")), "
                    + String(format: "%.1f MB/s, ", s.htmlMBPerSecond) + "\(s.written) new, \(s.revised) revised, \(s.unchanged) unchanged, \(s.failed) failed"
                FileHandle.standardError.write(Data((terminal ? "\r" + line + " " : line + "\n").utf8))
            }
            if showProgress && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            health = try await RunHealth.judge(recorder) { try store.recentHealth(extractor: $0) }
            summary.failed += unreadable.count
            summary.problems = unreadable.map(\.description) + summary.problems
            try store.finishRun(failed: summary.failed)
            try store.close()
        } catch {
            try? store.close()
            CLIOutput.error("reextract: \(error)")
            throw ExitCode(1)
        }
        for w in summary.warnings { CLIOutput.error("warning: \(w)") }
        if summary.warned > summary.warnings.count { CLIOutput.error("warning: ... and \(summary.warned - summary.warnings.count) more") }
        for p in summary.problems.prefix(20) { CLIOutput.error(p) }
        if json {
            var report = ReextractionReport(summary, workers: options.workers)
            report.health = health.json
            print(report.jsonLine)
        } else {
            print((["reextract: \(summary)"] + health.lines).joined(separator: "\n"))
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
