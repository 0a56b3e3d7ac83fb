import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract article records from saved .html files (or .html.gz) or folders of them.",
        discussion: """
        Prints one JSON record per line on standard output, or with --data stores the records \
        in that data folder, deduplicated (see `kabar stats`). The extractor is --site's, else the \
        one claiming --url's host, else the one claiming the page's canonical link or og:url. \
        A page its plugin cannot read (no known design) is read by the generic extractor and \
        marked in its metadata ("fallback": "generic", "fallback_from", "fallback_reason"); \
        with --site the plugin was asked for by name, and its error is reported instead. \
        The pages of one multi-page article among the files (SINDOnews' page 2, 3, ...) are \
        merged into one record, which comes after the single-page ones. \
        Gzipped pages (.html.gz, .htm.gz, .xhtml.gz) are inflated, within --max-page-size. \
        A file that fails is reported on standard error with its name and why (one that is \
        not an HTML page, such as Markdown, JSON, a PDF or gzip data, fails as such; a damaged \
        .html.gz says what is wrong with its gzip); the \
        others still come out, and the exit status is 1.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "Use this extractor (see `kabar sites`).")
    var site: String?

    @Option(help: "The address the page was saved from (one file only).")
    var url: String?

    @Option(help: "Store the records in this data folder (with dedup) instead of printing them.")
    var data: String?

    @Option(help: "Refuse files larger than this, before reading them (e.g. 10MB, 512KB): a page's parse tree takes many times its size.")
    var maxPageSize: String = "10MB"

    @Argument(help: "Saved .html (.htm, .xhtml, or gzipped: .html.gz) files, or folders searched for them.")
    var paths: [String]

    mutating func validate() throws {
        if let folder = try StoreOption.resolve(store) { data = folder }
        if paths.isEmpty { throw ValidationError("name at least one .html file or folder") }
        if let url, URL(string: url)?.host == nil { throw ValidationError("--url '\(url)' is not an absolute URL") }
        guard let size = ScheduleSize(maxPageSize), size.bytes >= 1024 else {
            throw ValidationError("--max-page-size '\(maxPageSize)' is not \(ScheduleSize.expected) of at least 1KB")
        }
    }

    @Option(help: StoreOption.help)
    var store: String?

    func run() async throws {
        let registry = try plugins.registry()
        if let site, registry.extractor(id: site) == nil {
            throw UnknownSite.error(site, known: registry.ids, plugins: plugins)
        }
        let (files, problems) = InputFiles.expand(paths)
        if files.isEmpty, !problems.isEmpty {
            // Nothing to extract: every path named is at fault (the missing-file message of every command).
            for problem in problems { CLIOutput.error(problem.description) }
            throw ExitCode(ExitStatus.badInput)
        }
        if url != nil, files.count > 1 { throw ValidationError("--url names one page, but \(files.count) files were given") }
        // The offline path of `reextract`, over saved pages: the pages of one article merged,
        // records in input order.
        var options = Reextraction.Options()
        options.site = site
        options.fallsBack = site == nil // one plugin asked for by name: its own error, no fallback
        options.pageURL = url.flatMap(URL.init(string:))
        options.keptProblems = .max
        options.savedPages = true
        let sink: any RecordSink
        do { sink = try data.map { try StoreSink(data: $0, command: "extract") } ?? StdoutSink() } catch {
            // A store that cannot be opened: named, with what to do (a damaged index), as `run` says it.
            throw CLIOutput.folderFailure(data ?? "", error)
        }
        // What could not be read is reported and counted; the rest is still extracted.
        for problem in problems { CLIOutput.error(problem.description) }
        options.maxPageBytes = ScheduleSize(maxPageSize)?.bytes ?? PageFile.defaultMaxBytes
        let progress = Progress(total: files.count)
        // A page that fails is that page's problem; a store that fails stops the run.
        let summary = try await Reextraction(registry: registry, options: options).run(files, storing: { try sink.put($0) }) { s in
            progress.update(done: s.pages + s.failed + s.skipped, failed: s.failed)
        }
        progress.finish()
        // A page over the size cap is refused by name: a failure of `extract`, not a warning.
        for problem in summary.warnings + summary.problems { CLIOutput.error(problem) }
        let failed = problems.count + summary.failed + summary.warned
        try sink.finish(failed: failed)
        if failed > 0 {
            CLIOutput.error("\(failed) of \(counted(files.count + problems.count, "file")) failed")
            throw ExitCode(1)
        }
    }
}

/// A one-line progress display on standard error, shown only for long jobs: redrawn in place
/// on a terminal; elsewhere (a log, a pipe), with `lines`, a line at each tenth of the work.
final class Progress {
    let total: Int
    let start = Date()
    var lastDraw = Date.distantPast
    let enabled: Bool
    /// Printed before the counts (`eval: 71/707 pages, ...`).
    let label: String
    let terminal = CLIOutput.stderrIsTerminal
    /// The tenths of the work reported so far as lines (not on a terminal).
    var tenths = 0

    init(total: Int, label: String = "", lines: Bool = false) {
        self.total = total
        self.label = label.isEmpty ? "" : label + ": "
        enabled = (terminal || lines) && total >= 50
    }

    func update(done: Int, failed: Int) {
        guard enabled else { return }
        if terminal {
            guard Date().timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
            lastDraw = Date()
        } else {
            guard done * 10 / total > tenths else { return }
            tenths = done * 10 / total
        }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = label + "\(done)/\(counted(total, "page")), \(failed) failed, " + String(format: "%.0f pages/s, ETA %.0fs", rate, eta)
        FileHandle.standardError.write(Data((terminal ? "\r" + line + " " : line + "\n").utf8))
    }

    /// Clears the status line on a terminal, so that a message printed next starts a line of
    /// its own (the next update draws the status again).
    func clear() {
        if enabled && terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    func finish() {
        if enabled && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
