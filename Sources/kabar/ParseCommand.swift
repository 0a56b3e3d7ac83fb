import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarDeclarative
import KabarFetch
import KabarHTML
import KabarPlugins
import KabarRun

/// `kabar parse [--site ID] FILE|URL`: each field of one page with where it came from.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show each field of one page and the selector that produced it.",
        discussion: """
        Extracts one saved page (FILE) or fetched page (an http(s) URL) and prints every field \
        with its value and its source: for a declarative extractor, the key, line and selector \
        (CSS, XPath, JSON-LD path or meta tag) that produced it, the sources tried before it \
        that gave nothing and why (matched nothing; or matched, but with no text, no such \
        attribute, no value the pattern fits, no value that reads as a date), the design variant whose `when` matched and what `remove` took \
        out; for a Swift plugin, the plugin and its design. --record also prints the JSON record. \
        A file or response that is not an HTML page (a PDF, gzip data, an image, Markdown or \
        JSON) fails with what it is, as in `kabar extract`. A gzipped FILE (.html.gz, .htm.gz, \
        .xhtml.gz) is inflated, within --max-page-size, as `kabar extract` reads it.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "Use this extractor (default: the one claiming the page's host, else generic).")
    var site: String?

    @Option(help: "The address a saved FILE was saved from.")
    var url: String?

    @Flag(help: "Also print the record as one JSON line.")
    var record = false

    @Option(help: "Refuse a FILE larger than this, or a gzipped one that inflates past it (e.g. 10MB, 512KB), as `kabar extract` does.")
    var maxPageSize: String = "10MB"

    func validate() throws {
        guard let size = ScheduleSize(maxPageSize), size.bytes >= 1024 else {
            throw ValidationError("--max-page-size '\(maxPageSize)' is not \(ScheduleSize.expected) of at least 1KB")
        }
    }

    @Argument(help: "A saved .html file (or .html.gz), or an http(s) URL to fetch.")
    var page: String

    // Long: the command's steps in the order their output is printed (options checked, the work run,
    // the summary printed).
    func run() async throws {
        let catalog = try plugins.catalog()
        let registry = catalog.registry
        let data: Data
        var pageURL: URL?
        var charset: String?
        if page.hasPrefix("http://") || page.hasPrefix("https://") {
            guard let target = URL(string: page), target.host != nil else { throw ValidationError("'\(page)' is not a URL") }
            let response = await Fetcher().fetch(target)
            if let error = response.error {
                CLIOutput.error("\(page): \(error)")
                throw ExitCode(1)
            }
            if let problem = PageSniffer.problem(body: response.body, contentType: response.contentType) {
                CLIOutput.error("\(page): \(problem)")
                throw ExitCode(1)
            }
            data = response.body
            pageURL = response.finalURL
            charset = response.charset
        } else {
            guard FileManager.default.fileExists(atPath: page) else { throw CLIOutput.missing(page) }
            // As `kabar extract` reads a saved page: within the page size cap, a .html.gz inflated.
            do { data = try SavedPage.read(URL(fileURLWithPath: page), limit: ScheduleSize(maxPageSize)?.bytes ?? PageFile.defaultMaxBytes) } catch {
                if let why = SavedPage.overCap(error) {
                    CLIOutput.error("\(page): \(why)")
                    throw ExitCode(1)
                }
                if error is SavedPage.Damaged {
                    CLIOutput.error("\(page): \(error)")
                    throw ExitCode(1)
                }
                let why = (error as? InputFolder.Problem)?.reason ?? SystemReason.of(error)
                CLIOutput.error("\(page): \(why)")
                throw ExitCode(ExitStatus.badInput)
            }
            if let problem = PageSniffer.problem(savedPage: data) {
                CLIOutput.error("\(page): \(problem)")
                throw ExitCode(1)
            }
            if let url {
                guard let u = URL(string: url), u.host != nil else { throw ValidationError("--url '\(url)' is not an absolute URL") }
                pageURL = u
            }
        }
        let document: HTMLDocument
        do { document = try HTMLDocument(data: data, url: pageURL, charset: charset) } catch {
            CLIOutput.error("\(page): could not parse: \(error)")
            throw ExitCode(1)
        }
        let finalURL = pageURL ?? ArticleAssembler.declaredURL(of: document) ?? URL(fileURLWithPath: page)
        if pageURL == nil { document.url = finalURL }
        let extractor: any Extractor
        if let site {
            guard let e = registry.extractor(id: site) else {
                throw UnknownSite.error(site, known: registry.ids, plugins: plugins)
            }
            extractor = e
        } else if let e = finalURL.host.flatMap(registry.plugin(forHost:))
                    ?? ArticleAssembler.declaredURL(of: document)?.host.flatMap(registry.plugin(forHost:))
                    ?? registry.fallback {
            extractor = e
        } else {
            throw ValidationError("no extractor for \(page); pass --site")
        }
        // Parsed again as extraction parses it, when the extractor reads no scripts.
        let read = extractor.scriptText == .kept ? document
            : (try? HTMLDocument(data: data, url: finalURL, charset: charset, scripts: extractor.scriptText)) ?? document
        let pageValue = Page(document: read, url: finalURL, source: SourceRef(file: page))
        let extraction: Extraction
        var trace: ExtractionTrace?
        do {
            if let declarative = extractor as? DeclarativeExtractor {
                let result = try declarative.extractWithTrace(pageValue)
                extraction = result.extraction
                trace = result.trace
            } else {
                extraction = try extractor.extract(pageValue)
            }
        } catch {
            CLIOutput.error("\(page): \(error)")
            throw ExitCode(1)
        }
        let article = RecordBuilder.build(extraction, page: pageValue, extractor: extractor)
        for line in ParseReport(extractor: extractor, article: article, trace: trace).lines { CLIOutput.stdout.writeLine(line) }
        if record { CLIOutput.stdout.writeLine(article.jsonLine) }
        CLIOutput.stdout.flush()
    }
}

/// The lines `kabar parse` prints: field, value, source.
struct ParseReport {
    let extractor: any Extractor
    let article: Article
    let trace: ExtractionTrace?

    var file: String { (extractor as? DeclarativeExtractor)?.spec.file ?? "" }

    var lines: [String] {
        var out: [String] = []
        if let d = extractor as? DeclarativeExtractor {
            out.append(row("extractor", "\(extractor.versionedID) (\(d.spec.file))"))
            if let name = trace?.variant, let v = d.spec.variants.first(where: { $0.name == name }) {
                out.append(row("variant", "\(name) (\(v.when.key) \(v.when.description) matched, line \(v.when.line.map(String.init) ?? "?"))"))
            } else if !d.spec.variants.isEmpty {
                out.append(row("variant", "none matched; the top-level fields"))
            }
            for r in trace?.removed ?? [] {
                out.append(row("removed", "\(counted(r.count, "element")) by \(r.selector.key) \(r.selector.description) (line \(r.selector.line.map(String.init) ?? "?"))"))
            }
        } else {
            let design = article.metadata["design"].map { ", design \($0)" } ?? ""
            out.append(row("extractor", "\(extractor.versionedID) (Swift plugin\(design); fields come from its code, see Plugins/)"))
        }
        let fields: [(String, DeclarativeField?, String)] = [
            ("headline", .headline, quote(article.headline)),
            ("lead", .lead, quote(article.lead)),
            ("authors", .authors, list(article.authors)),
            ("published", .published, article.publishedAt ?? "null"),
            ("modified", .modified, article.modifiedAt ?? "null"),
            ("section", .section, quote(article.section)),
            ("tags", .tags, list(article.tags)),
            ("language", .language, article.language ?? "null"),
            ("images", nil, "\(article.images.count)"),
            ("body", .body, "\(counted(article.body.count, "block")), \(counted(article.text.count, "character"))"),
        ]
        for (name, field, value) in fields {
            out.append(row(name, value))
            if let trace {
                if name == "images" {
                    for f in [DeclarativeField.leadImage, .images] { out += sourceLines(trace.field(f), label: f.rawValue) }
                } else if let field {
                    out += sourceLines(trace.field(field), label: nil)
                }
            }
            if name == "images" {
                for image in article.images {
                    var line = "  [\(image.role.rawValue)] \(image.url)"
                    if let c = image.caption { line += " caption \(quote(c))" }
                    if let c = image.credit { line += " credit \(quote(c))" }
                    out.append(String(repeating: " ", count: 10) + line)
                }
            }
            if name == "body" {
                for block in article.body {
                    out.append(String(repeating: " ", count: 12) + "[\(block.type.rawValue)] " + shorten(block.text, 100))
                }
            }
        }
        if let canonical = Optional(article.canonicalURL) { out.append(row("canonical", canonical)) }
        if !article.metadata.isEmpty {
            out.append(row("metadata", article.metadata.keys.sorted().map { "\($0)=\(article.metadata[$0]!)" }.joined(separator: ", ")))
        }
        return out
    }

    func sourceLines(_ field: ExtractionTrace.Field?, label: String?) -> [String] {
        let pad = String(repeating: " ", count: 12)
        let prefix = label.map { "\($0): " } ?? ""
        guard let field else { return [pad + "← \(prefix)not in the file"] }
        var out: [String] = []
        let fromVariant = field.variant.map { " (variant \($0))" } ?? ""
        if let s = field.source {
            out.append(pad + "← \(prefix)\(s.key) \(s.description) (\(file):\(s.line.map(String.init) ?? "?"))\(fromVariant)")
        } else {
            out.append(pad + "← \(prefix)nothing: no source gave a value\(fromVariant)")
        }
        for (miss, reason) in zip(field.misses, field.reasons) {
            out.append(pad + "  tried \(miss.key) \(miss.description) (line \(miss.line.map(String.init) ?? "?")): \(reason)")
        }
        return out
    }

    func row(_ name: String, _ value: String) -> String { name.padding(toLength: 12, withPad: " ", startingAt: 0) + value }
    func quote(_ s: String?) -> String { s.map { "\"" + shorten($0, 120) + "\"" } ?? "null" }
    func list(_ a: [String]) -> String { "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
    func shorten(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }
}
