import ArgumentParser
import Foundation
import KabarCore
import KabarPlugins

/// `kabar extract`: saved pages to records, as JSON Lines on stdout or into the store.
///
/// A minimal version written on the `store` branch so that `--data` can be wired and tested;
/// the lead's fuller command (WARC input, more options) replaces the rest when the branches meet.
/// The store part is the `--data` option and the `StoreSink` it selects (StatsCommand.swift).
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Saved .html files or folders to records: JSON Lines on stdout, or into the store at --data."
    )

    @Option(help: "Use this site's extractor for every page.")
    var site: String?

    @Option(help: "The page's address (for one saved file whose address is not in the page).")
    var url: String?

    // Store (KabarStore): with --data, records go into the store, deduplicated, instead of stdout.
    @Option(help: "Store the records in this data folder (with dedup) instead of printing them.")
    var data: String?

    @Argument(help: "Saved .html files, or folders of them.")
    var paths: [String]

    func run() throws {
        let pipeline = ExtractionPipeline(registry: BuiltinExtractors.registry)
        let pageURL = try url.map { value -> URL in
            guard let u = URL(string: value), u.scheme != nil else { throw ValidationError("--url '\(value)' is not an absolute URL") }
            return u
        }
        let files = try SavedPages.list(paths)
        let sink: any RecordSink = try data.map { try StoreSink(data: $0, command: "extract") } ?? StdoutSink()
        var failed = 0
        for file in files {
            let article: Article
            do {
                let bytes = try Data(contentsOf: file)
                article = try pipeline.extract(data: bytes, url: pageURL, source: SourceRef(file: file.path), site: site)
            } catch {
                failed += 1
                FileHandle.standardError.write(Data("\(file.path): \(error)\n".utf8))
                continue
            }
            try sink.put(article)
        }
        try sink.finish(failed: failed)
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Saved pages named on the command line: files as given, folders walked for .html/.htm.
enum SavedPages {
    static func list(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("\(path): no such file or folder") }
            guard isDirectory.boolValue else { files.append(URL(fileURLWithPath: path)); continue }
            let root = URL(fileURLWithPath: path)
            let found = fm.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            files += found.filter { ["html", "htm"].contains($0.pathExtension.lowercased()) }.sorted { $0.path < $1.path }
        }
        return files
    }
}
