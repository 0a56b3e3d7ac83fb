import ArgumentParser
import CLibXML2
import Foundation
import KabarCore
import KabarFixtures
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
        where the corpus is present). The goal is extraction within 1.5x of the bare parse.
        """
    )

    @Option(help: "A folder of saved .html pages to use instead of the fixtures (needs --site).")
    var pages: String?

    @Option(help: "The extractor for --pages.")
    var site: String?

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
    }

    func run() throws {
        let samples = try loadSamples()
        guard !samples.isEmpty else { throw ValidationError("no pages to benchmark") }
        let bytes = samples.reduce(0) { $0 + $1.data.count }
        let pipeline = ArticleAssembler(registry: BuiltinExtractors.registry)
        // Warm up both paths (and check every page extracts).
        for s in samples { _ = parseOnly(s) }
        for s in samples { _ = try pipeline.extract(data: s.data, url: s.url, site: s.site).jsonLine }

        var parseRates: [Double] = []
        var extractRates: [Double] = []
        for _ in 0..<rounds {
            parseRates.append(measure(samples) { _ = parseOnly($0) })
            extractRates.append(measure(samples) { s in
                _ = (try? pipeline.extract(data: s.data, url: s.url, site: s.site))?.jsonLine
            })
        }
        let parse = median(parseRates)
        let extract = median(extractRates)
        let ratio = parse / extract
        let mbPerPage = Double(bytes) / Double(samples.count) / 1_000_000
        if stages { try printStages(samples, pipeline: pipeline) }
        if json {
            print(try BenchJSON.line(Figures(pages: samples.count, bytes: bytes, rounds: rounds,
                                             parse_pages_per_s: BenchJSON.rounded(parse, 1), extract_pages_per_s: BenchJSON.rounded(extract, 1),
                                             parse_mb_per_s: BenchJSON.rounded(parse * mbPerPage, 2),
                                             extract_mb_per_s: BenchJSON.rounded(extract * mbPerPage, 2), ratio: BenchJSON.rounded(ratio, 3))))
        } else {
            print("kabar bench extract: \(samples.count) pages, \(bytes / 1024) KB, \(rounds) alternating rounds (median)")
            print("                        pages/s       MB/s")
            print(String(format: "  libxml2 parse only  %9.1f  %9.2f", parse, parse * mbPerPage))
            print(String(format: "  kabar extract       %9.1f  %9.2f", extract, extract * mbPerPage))
            print(String(format: "  extract time / parse time: %.2fx (goal: at most 1.5x)", ratio))
        }
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
                let doc = try HTMLDocument(data: s.data, url: s.url)
                let t1 = now()
                guard let url = s.url ?? ArticleAssembler.declaredURL(of: doc),
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

    /// Pages per second of `body` over all samples, repeated for at least `seconds`.
    func measure(_ samples: [Sample], _ body: (Sample) -> Void) -> Double {
        var pagesDone = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed: Double = 0
        repeat {
            for s in samples { body(s) }
            pagesDone += samples.count
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
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
            guard site != nil else { throw ValidationError("--pages needs --site") }
            let (files, problems) = InputFiles.expand([pages])
            if let problem = problems.first { throw ValidationError(problem.description) }
            return try files.map { Sample(data: try PageFile.read($0), url: nil, site: site) }
        }
        return try Fixture.all().filter(\.isAvailable).map {
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
    }
}
