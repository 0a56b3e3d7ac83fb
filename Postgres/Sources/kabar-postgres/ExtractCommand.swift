import ArgumentParser
import Foundation
import KabarCore
import KabarPlugins
import KabarPostgres

/// `kabar-postgres extract`: saved pages into the database (as `kabar extract --data`).
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract article records from saved .html files or folders of them into the database, deduplicated.",
        discussion: """
        The same extraction as `kabar extract`; each record is stored with the embedded store's \
        dedup rules (one round trip per record). A file that fails is reported on standard \
        error with its name and why; the others are still stored, and the exit status is 1.
        """
    )

    @OptionGroup var store: StoreOptions

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
        let pipeline = ExtractionPipeline(registry: BuiltinExtractors.registry)
        if let site, pipeline.registry.extractor(id: site) == nil {
            throw ValidationError("unknown site '\(site)' (known: \(pipeline.registry.ids.joined(separator: ", ")))")
        }
        let files = try Self.expand(paths)
        if url != nil, files.count > 1 { throw ValidationError("--url names one page, but \(files.count) files were given") }
        let pageURL = url.flatMap(URL.init(string:))
        let folder = try await store.open()
        try await folder.startRun(command: "extract")
        var failed = 0
        for file in files {
            let display = file.relativePath
            let article: Article
            do {
                article = try pipeline.extract(data: try Data(contentsOf: file), url: pageURL, source: SourceRef(file: display), site: site)
            } catch {
                failed += 1
                FileHandle.standardError.write(Data("kabar-postgres: \(display): \(error)\n".utf8))
                continue
            }
            do {
                _ = try await folder.store(article)
            } catch {
                FileHandle.standardError.write(Data("kabar-postgres: \(error)\n".utf8))
                await folder.close()
                throw ExitCode(1)
            }
        }
        let c = try await folder.runCounts()
        try await folder.finishRun(failed: failed)
        await folder.close()
        FileHandle.standardError.write(Data("""
            stored in \(folder.database.url.redacted): \(c.seen) records seen, \(c.written) new, \(c.revisions) revisions, \(c.unchanged) unchanged, \
            duplicates \(c.exactDuplicates) exact + \(c.nearDuplicates) near, \(failed) failed

            """.utf8))
        if failed > 0 {
            FileHandle.standardError.write(Data("kabar-postgres: \(failed) of \(files.count) files failed\n".utf8))
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

/// `kabar-postgres reextract`: not built yet; says so (and what to do instead).
struct ReextractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reextract",
        abstract: "Not supported yet with a PostgreSQL store (re-extract into a data folder with kabar reextract --data)."
    )

    @Argument(parsing: .allUnrecognized)
    var rest: [String] = []

    func run() throws {
        FileHandle.standardError.write(Data("""
            kabar-postgres: reextract into PostgreSQL is not supported yet: re-extract a worker's WARC files into a data folder \
            (kabar reextract --data DIR WARC...) or extract saved pages with kabar extract --store postgres://...

            """.utf8))
        throw ExitCode(2)
    }
}
