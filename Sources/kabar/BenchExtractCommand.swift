import ArgumentParser
import CLibXML2
import Foundation
import KabarCLI
import KabarCore
import KabarFixtures
import KabarRun
import KabarHTML
import KabarPlugins

/// Extraction speed next to bare libxml2 parsing of the same bytes, in the same process,
/// alternating rounds so that machine noise hits both alike.
struct BenchExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Pages/s and MB/s of extraction next to bare libxml2 parsing of the same pages.",
        discussion: """
        By default the pages are the plugins' fixture pages (and the corpus pages they name, \
        where the corpus is present), each read by its own extractor; a fixture that cannot \
        be read is named on standard error and left out. After the figures for all \
        pages, each extractor's ms/page is given next to the bare parse of the same pages (its \
        pages only), as a ratio. With --pages, --site may name several extractors \
        (--site tempo,generic): each reads all the pages. Goals: site plugins (Swift and \
        declarative) at most 1.3x the parse, the generic extractor at most 2x.
        """
    )

    @Option(help: "A folder of saved .html pages to use instead of the fixtures (needs --site).")
    var pages: String?

    @Option(help: "The extractor for --pages; several, comma-separated, are each measured on all the pages.")
    var site: String?

    @OptionGroup var plugins: PluginOptions

    @Option(help: "Rounds per side (alternating).")
    var rounds: Int = 7

    @Option(help: "Minimum seconds per round.")
    var seconds: Double = 0.5

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    @Flag(help: "Also show where extraction time goes: parse, plugin, normalise, JSON.")
    var stages = false

    struct Sample {
        let data: Data
        let url: URL?
        let site: String?
        /// The saved file a `--pages` page came from: a page that declares no address of its
        /// own (no canonical link or og:url) is read under the file's, as `kabar extract` does.
        var source: SourceRef? = nil
    }

    func run() throws {
        let samples = try loadSamples()
        guard !samples.isEmpty else { throw ValidationError("no pages to benchmark") }
        let bytes = samples.reduce(0) { $0 + $1.data.count }
        let pipeline = ArticleAssembler(registry: try plugins.registry())
        // Warm up both paths (and check every page extracts).
        for s in samples { _ = parseOnly(s) }
        for s in samples { _ = try pipeline.extract(data: s.data, url: s.url, source: s.source, site: s.site).jsonLine }

        var parseRates: [Double] = []
        var extractRates: [Double] = []
        for _ in 0..<rounds {
            parseRates.append(measure(samples) { _ = parseOnly($0) })
            extractRates.append(measure(samples) { s in
                _ = (try? pipeline.extract(data: s.data, url: s.url, source: s.source, site: s.site))?.jsonLine
            })
        }
        let parse = median(parseRates)
        let extract = median(extractRates)
        let ratio = parse / extract
        let mbPerPage = Double(bytes) / Double(samples.count) / 1_000_000
        if stages { try printStages(samples, pipeline: pipeline) }
        if !json {
            print("kabar bench extract: \(samples.count) pages, \(bytes / 1024) KB, \(rounds) alternating rounds (median; per page of the thread's CPU time)")
            print("                        pages/s       MB/s")
            print(String(format: "  libxml2 parse only  %9.1f  %9.2f", parse, parse * mbPerPage))
            print(String(format: "  kabar extract       %9.1f  %9.2f", extract, extract * mbPerPage))
            print(String(format: "  extract time / parse time: %.2fx", ratio))
            print("each extractor on its pages (ms/page, same run; goals: site plugins <= 1.3x, generic <= 2x):")
            print("  extractor            pages   parse ms   extract ms   ratio")
        }
        var perExtractor: [ExtractorFigures] = []
        for (id, pages) in Self.byExtractor(samples, registry: pipeline.registry) {
            let figures = compare(pages, pipeline: pipeline)
            let row = ExtractorFigures(id: id, pages: pages.count, parse_ms: BenchJSON.rounded(1000 / figures.parse, 3),
                                       extract_ms: BenchJSON.rounded(1000 / figures.extract, 3),
                                       ratio: BenchJSON.rounded(figures.parse / figures.extract, 3))
            perExtractor.append(row)
            if !json {
                print("  " + id.padding(toLength: max(20, id.count), withPad: " ", startingAt: 0)
                      + String(format: " %5d   %8.3f   %10.3f   %5.2fx", pages.count, 1000 / figures.parse, 1000 / figures.extract,
                               figures.parse / figures.extract))
            }
        }
        if json {
            print(try BenchJSON.line(Figures(pages: samples.count, bytes: bytes, rounds: rounds,
                                             parse_pages_per_s: BenchJSON.rounded(parse, 1), extract_pages_per_s: BenchJSON.rounded(extract, 1),
                                             parse_mb_per_s: BenchJSON.rounded(parse * mbPerPage, 2),
                                             extract_mb_per_s: BenchJSON.rounded(extract * mbPerPage, 2), ratio: BenchJSON.rounded(ratio, 3),
                                             extractors: perExtractor)))
        }
    }

    /// The samples grouped by the extractor that reads them (a page with no `site` by the
    /// extractor its URL chooses), in first-seen order.
    static func byExtractor(_ samples: [Sample], registry: ExtractorRegistry) -> [(id: String, pages: [Sample])] {
        var order: [String] = []
        var groups: [String: [Sample]] = [:]
        for s in samples {
            let id = s.site ?? s.url.flatMap { registry.extractor(for: $0)?.id } ?? "auto"
            if groups[id] == nil { order.append(id) }
            groups[id, default: []].append(s)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Pages/s of the bare parse and of extraction over `pages`, alternating rounds (medians).
    func compare(_ pages: [Sample], pipeline: ArticleAssembler) -> (parse: Double, extract: Double) {
        var parseRates: [Double] = []
        var extractRates: [Double] = []
        for _ in 0..<rounds {
            parseRates.append(measure(pages) { _ = parseOnly($0) })
            extractRates.append(measure(pages) { s in
                _ = (try? pipeline.extract(data: s.data, url: s.url, source: s.source, site: s.site))?.jsonLine
            })
        }
        return (median(parseRates), median(extractRates))
    }

    /// Time per stage over all samples, for at least `seconds`.
    func printStages(_ samples: [Sample], pipeline: ArticleAssembler) throws {
        var totals = [UInt64](repeating: 0, count: 4)
        var pagesDone = 0
        let start = DispatchTime.now().uptimeNanoseconds
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        repeat {
            for s in samples {
                let t0 = now()
                let doc = try HTMLDocument(data: s.data, url: s.url,
                                           scripts: pipeline.scripts(for: s.site.flatMap(pipeline.registry.extractor(id:))))
                let t1 = now()
                guard let url = s.url ?? ArticleAssembler.declaredURL(of: doc) ?? s.source.map({ URL(fileURLWithPath: $0.file) }),
                      let extractor = s.site.flatMap(pipeline.registry.extractor(id:)) ?? pipeline.registry.extractor(for: url) else { continue }
                let page = Page(document: doc, url: url)
                let extraction = try extractor.extract(page)
                let t2 = now()
                let article = RecordBuilder.build(extraction, page: page, extractor: extractor)
                let t3 = now()
                _ = article.jsonLine
                let t4 = now()
                totals[0] += t1 - t0; totals[1] += t2 - t1; totals[2] += t3 - t2; totals[3] += t4 - t3
            }
            pagesDone += samples.count
        } while Double(now() - start) / 1e9 < seconds * 2
        let all = Double(totals.reduce(0, +))
        print("where extraction time goes (\(pagesDone) pages):")
        for (name, t) in zip(["parse (charset, libxml2, HTML5 fix-ups)", "plugin extract", "normalise (RecordBuilder)", "JSON line"], totals) {
            print(String(format: "  %-42@ %7.1f µs/page  %5.1f%%", name, Double(t) / 1e3 / Double(pagesDone), Double(t) / all * 100))
        }
    }

    /// Pages per second of the thread's CPU time of `body` over all samples, repeated for at
    /// least `seconds` of it (CPU time: on a shared machine wall time depends on the others' load).
    func measure(_ samples: [Sample], _ body: (Sample) -> Void) -> Double {
        var pagesDone = 0
        let start = CPUClock.thread()
        var elapsed: Double = 0
        repeat {
            for s in samples { body(s) }
            pagesDone += samples.count
            elapsed = CPUClock.thread() - start
        } while elapsed < seconds
        return Double(pagesDone) / elapsed
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// The baseline: libxml2's HTML parser on the same bytes with the options Kabar uses.
    func parseOnly(_ s: Sample) -> Bool {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        return s.data.withUnsafeBytes { raw -> Bool in
            guard let doc = htmlReadMemory(raw.bindMemory(to: CChar.self).baseAddress, Int32(raw.count), nil, "UTF-8", options) else { return false }
            xmlFreeDoc(doc)
            return true
        }
    }

    func loadSamples() throws -> [Sample] {
        if let pages {
            guard let site else { throw ValidationError("--pages needs --site") }
            let (files, problems) = InputFiles.expand([pages])
            if let problem = problems.first { throw ValidationError(problem.description) }
            let datas = try files.map { (data: try SavedPage.read($0), source: SourceRef(file: $0.path)) }
            let ids = site.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return ids.flatMap { id in datas.map { Sample(data: $0.data, url: nil, site: id, source: $0.source) } }
        }
        return try Fixture.availablePages(broken: BenchArchiveCommand.skipBroken).map {
            Sample(data: try Data(contentsOf: $0.pageFile), url: $0.url, site: $0.site)
        }
    }

    /// The `--json` line.
    struct Figures: Encodable {
        var pages: Int
        var bytes: Int
        var rounds: Int
        var parse_pages_per_s: Double
        var extract_pages_per_s: Double
        var parse_mb_per_s: Double
        var extract_mb_per_s: Double
        var ratio: Double
        /// Each extractor on its own pages, next to the bare parse of those pages.
        var extractors: [ExtractorFigures]
    }

    struct ExtractorFigures: Encodable {
        var id: String
        var pages: Int
        var parse_ms: Double
        var extract_ms: Double
        var ratio: Double
    }
}
