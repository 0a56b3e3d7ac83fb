import ArgumentParser
import Foundation
import KabarCore
import KabarPlugins

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract article records from saved .html files or folders of them.",
        discussion: """
        Prints one JSON record per line on standard output. The extractor is --site's, else the \
        one claiming --url's host, else the one claiming the page's canonical link or og:url. \
        A file that fails is reported on standard error with its name and why; the others \
        still come out, and the exit status is 1.
        """
    )

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

    func run() throws {
        let pipeline = ExtractionPipeline(registry: BuiltinExtractors.registry)
        if let site, pipeline.registry.extractor(id: site) == nil {
            throw ValidationError("unknown site '\(site)' (known: \(pipeline.registry.ids.joined(separator: ", ")))")
        }
        let files: [URL]
        do { files = try InputFiles.expand(paths) } catch { throw ValidationError(String(describing: error)) }
        if url != nil, files.count > 1 { throw ValidationError("--url names one page, but \(files.count) files were given") }
        let pageURL = url.flatMap(URL.init(string:))
        var failed = 0
        let progress = Progress(total: files.count)
        for (index, file) in files.enumerated() {
            let display = file.relativePath
            do {
                let data = try Data(contentsOf: file)
                let article = try pipeline.extract(data: data, url: pageURL, source: SourceRef(file: display), site: site)
                CLIOutput.stdout.writeLine(article.jsonLine)
            } catch {
                failed += 1
                CLIOutput.error("\(display): \(error)")
            }
            progress.update(done: index + 1, failed: failed)
        }
        CLIOutput.stdout.flush()
        progress.finish()
        if failed > 0 {
            CLIOutput.error("\(failed) of \(files.count) files failed")
            throw ExitCode(1)
        }
    }
}

/// A one-line progress display on standard error, shown only on a terminal and only for
/// long jobs.
final class Progress {
    let total: Int
    let start = Date()
    var lastDraw = Date.distantPast
    let enabled: Bool

    init(total: Int) {
        self.total = total
        enabled = CLIOutput.stderrIsTerminal && total >= 50
    }

    func update(done: Int, failed: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r%d/%d pages, %d failed, %.0f pages/s, ETA %.0fs ", done, total, failed, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
