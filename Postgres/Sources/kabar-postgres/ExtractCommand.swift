import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarPlugins
import KabarPostgres
import KabarRun
import KabarArchive

/// `kabar-postgres extract`: saved pages into the database (as `kabar extract --data`).
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract article records from saved .html files or folders of them into the database, deduplicated.",
        discussion: """
        The same extraction as `kabar extract` (the pages of one multi-page article merged); each record is stored with the embedded store's \
        dedup rules, in input order, in groups of up to 64 records per round trip (each record \
        decided as if stored alone after the ones before it). A file that fails is reported on standard \
        error with its name and why; the others are still stored, and the exit status is 1.
        """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var plugins: PluginOptions

    @Option(help: "Use this extractor (see `kabar sites`).")
    var site: String?

    @Option(help: "The address the page was saved from (one file only).")
    var url: String?

    @Argument(help: "Saved .html files, or folders searched for them.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one .html file or folder") }
        if let url, URL(string: url)?.host == nil { throw ValidationError("--url '\(url)' is not an absolute URL") }
    }

    func run() async throws {
        let registry = try plugins.registry()
        if let site, registry.extractor(id: site) == nil {
            throw ValidationError("unknown site '\(site)' (known: \(registry.ids.joined(separator: ", ")))")
        }
        let files = try Self.expand(paths)
        if url != nil, files.count > 1 { throw ValidationError("--url names one page, but \(files.count) files were given") }
        // The offline path of `reextract`, over saved pages (as `kabar extract`): the pages of
        // one article merged, records in input order, stored in groups of up to
        // `PostgresFolder.maxGroup` (one `kabar_store_many` call each) while the next group is extracted.
        var options = Reextraction.Options()
        options.site = site
        options.pageURL = url.flatMap(URL.init(string:))
        options.keptProblems = .max
        options.savedPages = true
        let folder = try await store.open()
        try await folder.startRun(command: "extract")
        let summary: Reextraction.Summary
        do {
            summary = try await Reextraction(registry: registry, options: options)
                .run(files, storingGroups: { try await folder.store($0) }, groupSize: PostgresFolder.maxGroup)
        } catch {
            FileHandle.standardError.write(Data("kabar-postgres: \(error)\n".utf8))
            await folder.close()
            throw ExitCode(1)
        }
        for problem in summary.problems { FileHandle.standardError.write(Data("kabar-postgres: \(problem)\n".utf8)) }
        let failed = summary.failed
        let c = try await folder.runCounts()
        let revisedFields = await folder.fieldRevisions
        try await folder.finishRun(failed: failed)
        await folder.close()
        FileHandle.standardError.write(Data("""
            stored in \(folder.database.url.redacted): \(counted(c.seen, "record")) seen, \(c.written) new, \(counted(c.revisions, "revision"))\(StoreCounts.revisedFieldsNote(revisedFields)), \(c.unchanged) unchanged, \
            duplicates \(c.exactDuplicates) exact + \(c.nearDuplicates) near, \(failed) failed

            """.utf8))
        if failed > 0 {
            FileHandle.standardError.write(Data("kabar-postgres: \(failed) of \(counted(files.count, "file")) failed\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Files as given; folders searched recursively for .html/.htm/.xhtml files, in a stable order.
    static func expand(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw ValidationError("\(path): no such file or folder")
            }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue { files.append(url); continue }
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
            var found: [URL] = []
            while let next = walker?.nextObject() as? URL {
                if ["html", "htm", "xhtml"].contains(next.pathExtension.lowercased()) { found.append(next) }
            }
            files += found.sorted { $0.path < $1.path }
        }
        return files
    }
}

/// `kabar-postgres reextract`: this worker's WARC archive (or given WARC files and saved pages)
/// through today's extractors into the database (as `kabar reextract --data`).
struct ReextractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reextract",
        abstract: "Re-extract this worker's WARC archive (or given WARC files and saved pages) into the database, deduplicated.",
        discussion: """
        The same re-extraction as `kabar reextract`: reads the worker's WARC folder         (<--warc>/warc, default ./data-<name>/warc) or the WARC files and folders of .html given,         extracts on all cores, and stores each record with the embedded store's dedup rules         (unchanged stays unchanged, changed output becomes the next revision), in input order,         up to 64 records per round trip. Each worker re-extracts its own archive. The exit status         is 1 when a page or file failed.
        """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var plugins: PluginOptions

    @Option(help: "Only pages of this extractor (see `kabar sites`); for saved .html files, the extractor to use.")
    var site: String?

    @Option(help: "Only responses archived on or after this date or time (ISO 8601).")
    var since: String?

    @Option(help: "Extraction workers (default: all cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @Argument(help: "WARC files, saved .html files, or folders of them (default: this worker's WARC folder).")
    var paths: [String] = []

    func run() async throws {
        let registry = try plugins.registry()
        if let site, registry.extractor(id: site) == nil {
            throw ValidationError("unknown site '\(site)' (known: \(registry.ids.joined(separator: ", ")))")
        }
        let archive = URL(fileURLWithPath: store.warc ?? "data-\(store.worker)")
        var options = Reextraction.Options()
        options.site = site
        options.workers = max(1, workers)
        options.dataFolder = archive
        if let since {
            guard let d = WARCDate.parse(since) else { throw ValidationError("--since '\(since)' is not an ISO 8601 date or time") }
            options.since = d
        }
        let inputs: [URL]
        do { inputs = try Reextraction.inputs(paths.isEmpty ? [archive.appendingPathComponent("warc").path] : paths) } catch {
            throw ValidationError("\(error)")
        }
        let folder = try await store.open()
        var summary: Reextraction.Summary
        do {
            try await folder.startRun(command: "reextract")
            let showProgress = !quiet
            summary = try await Reextraction(registry: registry, options: options)
                .run(inputs, storingGroups: { try await folder.store($0) }, groupSize: PostgresFolder.maxGroup) { s in
                guard showProgress else { return }
                FileHandle.standardError.write(Data(("reextract: \(counted(s.files, "file")), \(counted(s.records, "record")), \(counted(s.pages, "page")), "
                                                     + "\(s.written) new, \(s.revised) revised, \(s.unchanged) unchanged, \(s.failed) failed\n").utf8))
            }
            // Of the revisions, those with the same text and other fields changed (a plugin fixed).
            summary.revisedFields = await folder.fieldRevisions
            try await folder.finishRun(failed: summary.failed)
        } catch {
            FileHandle.standardError.write(Data("kabar-postgres: reextract: \(error)\n".utf8))
            await folder.close()
            throw ExitCode(1)
        }
        await folder.close()
        for w in summary.warnings { FileHandle.standardError.write(Data("kabar-postgres: warning: \(w)\n".utf8)) }
        for p in summary.problems.prefix(20) { FileHandle.standardError.write(Data("kabar-postgres: \(p)\n".utf8)) }
        if json {
            print(ReextractionReport(summary, workers: options.workers).jsonLine)
        } else {
            print("reextract: \(summary)")
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
