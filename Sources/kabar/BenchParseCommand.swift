import ArgumentParser
import CHTMLTree
import CLibXML2
import Foundation
import KabarCore
import KabarFixtures
import KabarHTML

/// What libxml2's HTML parse costs next to its physical limit, on the same pages in one run:
/// a memory pass over the bytes (memcpy; memchr), a byte-at-a-time scan, libxml2's tokenizer
/// alone (the push parser with no SAX callbacks), and the tree Kabar builds (`htmlReadMemory`,
/// build and free timed apart) with the options one could change (no `HTML_PARSE_COMPACT`, a
/// reused parser context, the push parser building the tree), the tree built in a `ParseArena`
/// (as `HTMLDocument` builds it) instead of with malloc, and with Kabar's element callback
/// (CHTMLTree) instead of libxml2's.
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "ms/page of libxml2's HTML parse next to a memory pass and its tokenizer alone, on saved pages.",
        discussion: """
        Passes run in alternating rounds (median kept), timed by the thread's CPU time. By \
        default the pages are the plugins' fixture pages (and the corpus pages they name, where \
        present; a fixture that cannot be read is named on standard error and left out). \
        docs/PERFORMANCE.md reads the figures.
        """
    )

    @Option(help: "A folder of saved .html pages to use instead of the fixtures.")
    var pages: String?

    @Option(help: "Rounds per pass (alternating).")
    var rounds: Int = 5

    @Option(help: "Minimum seconds per pass per round.")
    var seconds: Double = 0.3

    @Flag(help: "Print the result as one JSON object per pass.")
    var json = false

    /// Kabar's parse options (HTMLDocument's).
    static let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue

    struct Pass {
        let name: String
        /// Runs the pass over one page; returns seconds of it to leave out of the timing (0:
        /// none), so that tree building and freeing can be timed apart.
        let run: (UnsafeRawBufferPointer) -> Double
    }

    func run() throws {
        let samples = try BenchArchiveCommand.pages(pages)
        guard !samples.isEmpty else { throw ValidationError("no pages to benchmark") }
        let bytes = samples.reduce(0) { $0 + $1.count }
        let largest = samples.map(\.count).max() ?? 0
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(largest, 1), alignment: 64)
        defer { scratch.deallocate() }
        _ = ParseArena.installed   // libxml2's allocator as in a crawl (malloc outside an arena)
        let passes = Self.passes(scratch: scratch)
        for p in passes { for s in samples { s.withUnsafeBytes { _ = p.run($0) } } }   // warm up, and check every pass runs
        var times = [[Double]](repeating: [], count: passes.count)
        for _ in 0..<max(rounds, 1) {
            for (i, p) in passes.enumerated() { times[i].append(measure(samples, p)) }
        }
        let medians = times.map { $0.sorted()[$0.count / 2] }
        let kb = Double(bytes) / Double(samples.count) / 1000
        let tree = passes.firstIndex { $0.name == "tree: htmlReadMemory + xmlFreeDoc" }!
        if json {
            for (i, p) in passes.enumerated() {
                print(try BenchJSON.line(Figures(pass: p.name, pages: samples.count, bytes: bytes, ms_per_page: BenchJSON.rounded(medians[i] * 1000, 4),
                                                 mb_per_s: BenchJSON.rounded(kb / 1000 / medians[i], 1),
                                                 of_parse: BenchJSON.rounded(medians[i] / medians[tree], 3))))
            }
            return
        }
        print(String(format: "kabar bench parse: %d pages, %d KB (%.1f KB a page), %d alternating rounds (median; the thread's CPU time)",
                     samples.count, bytes / 1024, kb, rounds))
        print("  pass                                       ms/page       MB/s   of the parse")
        for (i, p) in passes.enumerated() {
            print("  " + p.name.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + String(format: "  %8.4f  %9.1f   %6.3fx", medians[i] * 1000, kb / 1000 / medians[i], medians[i] / medians[tree]))
        }
    }

    /// Seconds of the thread's CPU per page of `pass`, over all pages, repeated for at least `seconds`.
    func measure(_ samples: [Data], _ pass: Pass) -> Double {
        var done = 0
        var excluded = 0.0
        let start = CPUClock.thread()
        var elapsed: Double = 0
        repeat {
            for s in samples { excluded += s.withUnsafeBytes { pass.run($0) } }
            done += samples.count
            elapsed = CPUClock.thread() - start
        } while elapsed < seconds
        return (elapsed - excluded) / Double(done)
    }

    // Long: one closure per pass, each a few libxml2 calls; together they are the table's rows.
    static func passes(scratch: UnsafeMutableRawPointer) -> [Pass] {
        let options = Int32(Self.options)
        let loose = Int32(Self.options & ~HTML_PARSE_COMPACT.rawValue)
        func read(_ b: UnsafeRawBufferPointer, _ options: Int32) -> htmlDocPtr? {
            htmlReadMemory(b.bindMemory(to: CChar.self).baseAddress, Int32(b.count), nil, "UTF-8", options)
        }
        var reused: htmlParserCtxtPtr? = htmlNewParserCtxt()
        var sink = 0
        return [
            Pass(name: "memory: memcpy") { b in
                memcpy(scratch, b.baseAddress!, b.count)
                return 0
            },
            Pass(name: "memory: memchr for every '<'") { b in
                var p = b.baseAddress!
                var left = b.count
                while left > 0, let hit = memchr(p, 0x3C, left) {
                    sink &+= 1
                    let next = UnsafeRawPointer(hit) + 1
                    left -= p.distance(to: next)
                    p = next
                }
                return 0
            },
            Pass(name: "scan: byte by byte, tags counted") { b in
                // The floor of any tokenizer that looks at each byte: one branchy state per byte.
                var inTag = false
                var tags = 0
                for byte in b {
                    if inTag { if byte == 0x3E { inTag = false } } else if byte == 0x3C { inTag = true; tags &+= 1 }
                }
                sink &+= tags
                return 0
            },
            Pass(name: "tokenizer: push parser, no callbacks") { b in
                var sax = htmlSAXHandler()
                let ctxt = htmlCreatePushParserCtxt(&sax, nil, nil, 0, nil, XML_CHAR_ENCODING_UTF8)
                _ = htmlCtxtUseOptions(ctxt, options)
                _ = htmlParseChunk(ctxt, b.bindMemory(to: CChar.self).baseAddress, Int32(b.count), 1)
                htmlFreeParserCtxt(ctxt)
                return 0
            },
            Pass(name: "tree: push parser + xmlFreeDoc") { b in
                let ctxt = htmlCreatePushParserCtxt(nil, nil, nil, 0, nil, XML_CHAR_ENCODING_UTF8)
                _ = htmlCtxtUseOptions(ctxt, options)
                _ = htmlParseChunk(ctxt, b.bindMemory(to: CChar.self).baseAddress, Int32(b.count), 1)
                if let doc = ctxt?.pointee.myDoc { xmlFreeDoc(doc) }
                htmlFreeParserCtxt(ctxt)
                return 0
            },
            Pass(name: "tree: htmlReadMemory + xmlFreeDoc") { b in
                if let doc = read(b, options) { xmlFreeDoc(doc) }
                return 0
            },
            Pass(name: "tree: htmlReadMemory only (build)") { b in
                let doc = read(b, options)
                let t = CPUClock.thread()
                if let doc { xmlFreeDoc(doc) }
                return CPUClock.thread() - t
            },
            Pass(name: "tree: xmlFreeDoc only (free)") { b in
                let t = CPUClock.thread()
                let doc = read(b, options)
                let built = CPUClock.thread() - t
                if let doc { xmlFreeDoc(doc) }
                return built
            },
            Pass(name: "tree: in an arena (HTMLDocument's)") { b in
                // The tree built in a ParseArena and dropped with it (no xmlFreeDoc walk).
                let arena = ParseArena()
                let doc = arena.build { read(b, options) }
                if arena?.spilled ?? true, let doc { xmlFreeDoc(doc) }
                return 0
            },
            Pass(name: "arena, Kabar's element callback") { b in
                // As Kabar's, the tree built with CHTMLTree's startElement (names from the
                // parser's dictionary, attribute values not copied) instead of libxml2's.
                let arena = ParseArena()
                let doc = arena.build { kabar_html_read_memory(b.bindMemory(to: CChar.self).baseAddress, Int32(b.count), nil, "UTF-8", options) }
                if arena?.spilled ?? true, let doc { xmlFreeDoc(doc.assumingMemoryBound(to: xmlDoc.self)) }
                return 0
            },
            Pass(name: "arena, no encoding given") { b in
                // As Kabar's, the UTF-8 bytes read as they are (HTML_PARSE_IGNORE_ENC, no encoding
                // named): libxml2 sets up no UTF-8 to UTF-8 converter and copies the page once less.
                let arena = ParseArena()
                let doc = arena.build { htmlReadMemory(b.bindMemory(to: CChar.self).baseAddress, Int32(b.count), nil, nil, options | Int32(HTML_PARSE_IGNORE_ENC.rawValue)) }
                if arena?.spilled ?? true, let doc { xmlFreeDoc(doc) }
                return 0
            },
            Pass(name: "HTMLDocument(data:scripts: .jsonOnly)") { b in
                // The whole parse entry of extraction: charset detection, UTF-8 check, repairs,
                // the attribute cap, the arena's parse, the HTML5 fix-ups and the scripts emptied.
                sink &+= (try? HTMLDocument(data: Self.data(b), charset: "utf-8", scripts: .jsonOnly)) == nil ? 0 : 1
                return 0
            },
            Pass(name: "tree: without HTML_PARSE_COMPACT") { b in
                if let doc = read(b, loose) { xmlFreeDoc(doc) }
                return 0
            },
            Pass(name: "tree: one reused parser context") { b in
                if reused == nil { reused = htmlNewParserCtxt() }
                let doc = htmlCtxtReadMemory(reused, b.bindMemory(to: CChar.self).baseAddress, Int32(b.count), nil, "UTF-8", options)
                if let doc { xmlFreeDoc(doc) }
                return 0
            },
        ]
    }

    /// The page's bytes as `Data`, not copied.
    static func data(_ b: UnsafeRawBufferPointer) -> Data {
        Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: b.baseAddress!), count: b.count, deallocator: .none)
    }

    /// One `--json` line.
    struct Figures: Encodable {
        var pass: String
        var pages: Int
        var bytes: Int
        var ms_per_page: Double
        var mb_per_s: Double
        /// Its time over the time of Kabar's parse (htmlReadMemory + xmlFreeDoc).
        var of_parse: Double
    }
}
