import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarEval
import KabarPlugins

/// Scores extraction against a folder of pages with expected JSON (the Fundus or the WCXB format).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score extraction against a corpus of pages with expected JSON (title, body, authors, date).",
        discussion: """
        CORPUS holds NAME.html beside NAME.json (the Fundus test format), or html/NNNN.html.gz and \
        ground-truth/NNNN.json (the WCXB format: "ground_truth" with "title", "author", \
        "publish_date", "main_content", "with" and "without" snippets). Each page is extracted \
        with the URL from its JSON (so a site plugin applies to its hosts and the generic extractor \
        to the rest) unless --site is given. Scores: exact title (white space folded, NFC, \
        typographic quotes, dashes and the ellipsis read as typed ones, a final . ? ! left out); body \
        precision, recall and F1 over word 4-grams of \\w+ tokens, averaged per page (expected body: \
        summary, section headlines and paragraphs); author sets; publishing date to the minute \
        (and to the day). WCXB pages are scored by WCXB's metric instead, word F1 over a bag of \\w+ \
        tokens, with its snippet checks: the share of "with" snippets the text holds (higher is \
        better) and of "without" boilerplate snippets (lower is better), as whole-word sequences; \
        "empty" counts pages with expected text and none extracted. With --predictions, another extractor's precomputed output is scored by \
        the same code: DIR/NAME.json with "title", "text", "authors", "date" and optionally "seconds" \
        (the page's extraction time, for pages/s of the pages scored); DIR/_meta.json may give \
        "label" and "pages_per_s". Build with -c release before reading pages/s. Progress of the \
        scored pass goes to standard error (a line per tenth when it is not a terminal; --quiet: none).
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "Use this extractor for every page (see `kabar sites`).")
    var site: String?

    @Option(help: "Score precomputed predictions from this folder instead of extracting.")
    var predictions: String?

    @Option(help: "Only pages in these top folders of the corpus (comma-separated, e.g. de,us).")
    var groups: String?

    @Option(help: "Leave out pages in these top folders (comma-separated).")
    var excludeGroups: String?

    @Option(help: "Only pages of one half of the corpus split by publisher (WCXB: by host): A or B (a hash of the name; see EvalPage.half).")
    var half: String?

    @Option(help: "The name shown for the extractor in the totals.")
    var label: String?

    @Option(help: "Show only the N worst pages in the table.")
    var worst: Int?

    @Option(help: "Repeat extraction until this many seconds have passed, for pages/s.")
    var seconds: Double = 2

    @Option(help: "Write Kabar's predictions (the scorer's input) into this folder.")
    var savePredictions: String?

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @Argument(help: "The corpus folder.")
    var corpus: String

    func run() throws {
        var pages: [EvalPage]
        guard FileManager.default.fileExists(atPath: corpus) else { throw CLIOutput.missing(corpus) }
        do {
            pages = try EvalPage.load(corpus: URL(fileURLWithPath: corpus), groups: groups.map(Self.set))
        } catch {
            CLIOutput.error("\(error)")
            throw ExitCode(ExitStatus.badInput)
        }
        if let excludeGroups {
            let out = Self.set(excludeGroups)
            pages.removeAll { out.contains($0.group) }
        }
        if let half {
            let h = half.uppercased()
            guard h == "A" || h == "B" else { throw ValidationError("--half: A or B, not '\(half)'") }
            pages.removeAll { $0.half != h }
        }
        guard !pages.isEmpty else { throw ValidationError("\(corpus): no pages (NAME.html beside NAME.json, or html/NNNN.html.gz with ground-truth/NNNN.json)") }

        let predicted: [Prediction]
        var rate: Double?
        var name = label ?? "kabar"
        if let predictions {
            let dir = URL(fileURLWithPath: predictions)
            predicted = pages.map { page in
                (try? Prediction(jsonFile: dir.appendingPathComponent(page.name + ".json")))
                    ?? Prediction(title: nil, text: "", authors: [], date: nil)
            }
            if let meta = try? Prediction.meta(in: dir) {
                rate = meta.pagesPerSecond
                if label == nil, let l = meta.label { name = l }
            }
            // Per-page times, when every page has one, give the rate of exactly these pages.
            let times = predicted.compactMap(\.seconds)
            if times.count == predicted.count, case let total = times.reduce(0, +), total > 0 {
                rate = Double(times.count) / total
            }
        } else {
            (predicted, rate) = try extractAll(pages)
        }
        if let savePredictions { try save(predicted, for: pages, into: savePredictions) }

        let scores = zip(predicted, pages).map { Scorer.score($0, against: $1) }
        let summary = EvalSummary(label: name, scores: scores, pagesPerSecond: rate)
        if json {
            print(EvalReport.json(scores, summary: summary))
        } else {
            print(EvalReport.table(scores, summary: summary, worst: worst), terminator: "")
        }
    }

    /// Extracts every page once for the scores, then again until `seconds` have passed for
    /// pages/s (files read beforehand: only parsing and extraction are timed).
    func extractAll(_ pages: [EvalPage]) throws -> ([Prediction], Double) {
        let pipeline = ArticleAssembler(registry: try plugins.registry())
        if let site, pipeline.registry.extractor(id: site) == nil {
            throw UnknownSite.error(site, known: pipeline.registry.ids, plugins: plugins)
        }
        let data = try pages.map { page in
            do { return try page.html() } catch { throw ValidationError("\(page.htmlFile.path): \(error)") }
        }
        var predicted: [Prediction] = []
        var failed = 0
        // The scored pass, page by page, on standard error (the repeats for pages/s are not shown).
        let progress = quiet ? nil : Progress(total: pages.count, label: "eval", lines: true)
        var done = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed: Double = 0
        repeat {
            for (page, bytes) in zip(pages, data) {
                let prediction: Prediction
                do {
                    prediction = Prediction(try pipeline.extract(data: bytes, url: page.url, source: SourceRef(file: page.htmlFile.path), site: site))
                } catch {
                    if predicted.count < pages.count {
                        progress?.clear()
                        CLIOutput.error("\(page.name): \(error)")
                        failed += 1
                    }
                    prediction = Prediction(title: nil, text: "", authors: [], date: nil)
                }
                if predicted.count < pages.count {
                    predicted.append(prediction)
                    progress?.update(done: predicted.count, failed: failed)
                    if predicted.count == pages.count { progress?.finish() }
                }
            }
            done += pages.count
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        return (predicted, Double(done) / elapsed)
    }

    func save(_ predicted: [Prediction], for pages: [EvalPage], into folder: String) throws {
        let dir = URL(fileURLWithPath: folder)
        for (p, page) in zip(predicted, pages) {
            let file = dir.appendingPathComponent(page.name + ".json")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(p.jsonObject.utf8).write(to: file)
        }
    }

    static func set(_ list: String) -> Set<String> {
        Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
