import ArgumentParser
import Foundation
import GenericExtractor
import KabarCore
import KabarDeclarative
import KabarHTML
import KabarPlugins
import KabarRun

/// `kabar new-extractor NAME --host HOST [--from PAGE.html] [--swift]`: scaffold a site extractor.
struct NewExtractorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-extractor",
        abstract: "Scaffold a site extractor: a declarative file (or a Swift plugin), a fixture and its expected JSON.",
        discussion: """
        Writes PLUGINS/<id>.yaml (id: NAME lower-cased, letters, digits and '-'). With --from, \
        the generic extractor reads the page and its findings become the file's sources \
        (JSON-LD, <meta>, the CSS path of the headline and body it chose, elements in the body \
        it left out as remove:), so the file already works on that page; the page is copied to \
        PLUGINS/<id>/Fixtures/ with expected JSON written from the extraction (review it!) and \
        `kabar check <id>` runs. With --swift, a Swift plugin skeleton goes to \
        PLUGINS/<Name>/<Name>.swift (the site) and <Name>D1.swift (its first design) instead, registered in the Package.swift and \
        Sources/KabarPlugins/BuiltinExtractors.swift beside PLUGINS when they are found (else \
        the lines to add are printed); it needs `swift build`.
        """
    )

    @Argument(help: "The site's name, e.g. \"Media Indonesia\" (id: mediaindonesia).")
    var name: String

    @Option(help: "The site's domain, e.g. mediaindonesia.com (subdomains included).")
    var host: String

    @Option(help: ArgumentHelp("A saved article page of the site to propose selectors from and to keep as the first fixture.", valueName: "page.html"))
    var from: String?

    @Option(help: "The address the --from page was saved from (default: its canonical link, else https://HOST/).")
    var url: String?

    @Flag(help: "Scaffold a Swift plugin instead of a declarative file.")
    var swift = false

    @Option(name: .customLong("plugins"), help: ArgumentHelp("Where to write (default: $KABAR_PLUGINS, else ./Plugins).", valueName: "dir"))
    var pluginsFolder: String?

    var typeName: String {
        let words = name.split { !$0.isLetter && !$0.isNumber }
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var id: String {
        swift ? typeName.lowercased()
            : name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "").filter { $0.isASCII }
    }

    func validate() throws {
        guard !typeName.isEmpty, typeName.first!.isLetter, typeName.allSatisfy({ $0.isASCII }) else {
            throw ValidationError("NAME must start with a letter and use Latin letters and digits, got '\(name)'")
        }
        guard host.range(of: "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", options: .regularExpression) != nil else {
            throw ValidationError("--host must be a lower-case domain such as example.com (no scheme or path), got '\(host)'")
        }
        if let url, URL(string: url)?.host == nil { throw ValidationError("--url '\(url)' is not an absolute URL") }
    }

    // Long: the command's steps in the order their output is printed (check the inputs, read the page,
    // write the file, write the fixture, run check); each step is a few lines.
    func run() throws {
        // Nothing is written before every input is known to be usable.
        if let from, !FileManager.default.fileExists(atPath: from) { throw CLIOutput.missing(from) }
        let folder = URL(fileURLWithPath: pluginsFolder ?? ProcessInfo.processInfo.environment["KABAR_PLUGINS"] ?? "Plugins")
        if BuiltinExtractors.all.contains(where: { $0.id == id }) {
            throw ValidationError("'\(id)' is already the id of a Swift plugin; choose another NAME")
        }
        // A host belongs to one extractor: refuse before writing anything, or every command
        // would stop on the new file until it is deleted.
        let declared = DeclarativeLoader().loadFolder(folder, display: { $0.relativePath }).specs
        let owners: [(id: String, hosts: [String], file: String)] = BuiltinExtractors.sitePlugins.map { ($0.id, $0.hosts, "a Swift plugin") }
            + declared.map { ($0.id, $0.hosts, $0.file) }
        if let owner = owners.first(where: { $0.hosts.contains(host) }) {
            CLIOutput.error("--host \(host) is already claimed by \(owner.id) (\(owner.file)); a host belongs to one extractor: add pages of \(host) to \(owner.id)'s fixtures and edit it, or give another host. Nothing was written.")
            throw ExitCode(ExitStatus.badInput)
        }
        let yamlFile = folder.appendingPathComponent("\(id).yaml")
        let swiftFolder = folder.appendingPathComponent(typeName)
        let target = swift ? swiftFolder : yamlFile
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ValidationError("\(target.relativePath) exists already; remove it or choose another NAME")
        }

        // Read the page and let the generic extractor find its parts.
        var proposal: (page: Page, fields: [(DeclarativeField, [FieldSource])], remove: [String])?
        var pageData: Data?
        if let from {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: from)) } catch {
                CLIOutput.error("\(from): cannot read the file: \(SystemReason.of(error))")
                throw ExitCode(ExitStatus.badInput)
            }
            if let problem = PageSniffer.problem(savedPage: data) {
                CLIOutput.error("\(from): \(problem); save the article page as HTML, or run without --from")
                throw ExitCode(ExitStatus.badInput)
            }
            pageData = data
            let document = try HTMLDocument(data: data, url: url.flatMap(URL.init(string:)))
            let pageURL = url.flatMap(URL.init(string:)) ?? ArticleAssembler.declaredURL(of: document) ?? URL(string: "https://\(host)/")!
            document.url = pageURL
            let page = Page(document: document, url: pageURL)
            let findings: GenericFindings
            do { findings = try Generic().findings(page) } catch {
                CLIOutput.error("\(from): the generic extractor found no article on this page (\(error)); save an article page, or run without --from")
                throw ExitCode(ExitStatus.badInput)
            }
            let proposer = SelectorProposer(page: page, findings: findings, id: id, host: host, language: findings.extraction.language)
            let fields = proposer.propose()
            let body = fields.first { $0.0 == .body }?.1.first.flatMap { if case .css(let c) = $0.kind { return c } else { return nil } }
            proposal = (page, fields, body.map { proposer.removals(bodySelector: $0) } ?? [])
        }

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if swift {
            try writeSwift(folder: swiftFolder, proposal: proposal?.fields ?? [])
        } else {
            var writer = SpecWriter(id: id, name: name, host: host, language: proposal?.page.document.language.map { String($0.prefix(2)).lowercased() })
            writer.remove = proposal?.remove ?? []
            writer.fields = proposal?.fields ?? [
                (.headline, [FieldSource(.jsonld("headline"), key: ""), FieldSource(.css("h1"), key: "")]),
                (.lead, [FieldSource(.meta("description"), key: "")]),
                (.body, [FieldSource(.css("article"), key: "")]),
                (.published, [FieldSource(.jsonld("datePublished"), key: ""), FieldSource(.meta("article:published_time"), key: "")]),
            ]
            if !writer.fields.contains(where: { $0.0 == .headline }) { writer.fields.insert((.headline, [FieldSource(.css("h1"), key: "")]), at: 0) }
            if !writer.fields.contains(where: { $0.0 == .body }) { writer.fields.append((.body, [FieldSource(.css("article"), key: "")])) }
            try writer.yaml.write(to: yamlFile, atomically: true, encoding: .utf8)
            CLIOutput.stdout.writeLine("wrote \(yamlFile.relativePath)")
        }

        guard let from, let pageData, let proposal else {
            // Run again as it is, the command refuses: the host is claimed now by the file just written.
            CLIOutput.stdout.writeLine("next: save an article page of \(host) and add it as a fixture (docs/ADDING-A-SITE.md), "
                + "or remove \(target.relativePath) and run again with --from PAGE.html to have the selectors proposed from the page")
            if swift { CLIOutput.stdout.writeLine("then: swift build && kabar extract --site \(id) PAGE.html && kabar check \(id)") }
            CLIOutput.stdout.flush()
            return
        }
        // The fixture: the page and the fields read from it by the new file.
        let fixtures = (swift ? swiftFolder : folder.appendingPathComponent(id)).appendingPathComponent("Fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        let stem = URL(fileURLWithPath: from).deletingPathExtension().lastPathComponent
        let pageFile = fixtures.appendingPathComponent("\(stem).html")
        try pageData.write(to: pageFile)
        let reference: any Extractor
        if swift {
            var spec = DeclarativeSpec(id: id, version: 1, hosts: [host], file: "(proposal)")
            spec.fields = Dictionary(proposal.fields.map { ($0.0, FieldRule($0.1)) }, uniquingKeysWith: { a, _ in a })
            reference = DeclarativeExtractor(spec: spec)
        } else {
            reference = DeclarativeExtractor(spec: try DeclarativeLoader().load(file: yamlFile, displayName: yamlFile.relativePath))
        }
        let pipeline = ArticleAssembler(registry: ExtractorRegistry([reference]))
        let article = try pipeline.extract(data: pageData, url: proposal.page.url, source: SourceRef(file: "\(stem).html"), site: id)
        try FixtureJSON.write(article: article, page: "\(stem).html", url: proposal.page.url.absoluteString, to: fixtures.appendingPathComponent("\(stem).json"))
        CLIOutput.stdout.writeLine("wrote \(pageFile.relativePath) (a copy of \(from))")
        CLIOutput.stdout.writeLine("wrote \(fixtures.appendingPathComponent("\(stem).json").relativePath): the expected fields, written from this extraction.")
        CLIOutput.stdout.writeLine("REVIEW IT: compare every field with the page and correct the JSON (or the selectors) where they differ; a fixture copied from the extractor proves nothing until a person has read it.")
        CLIOutput.stdout.flush()
        if swift {
            CLIOutput.stdout.writeLine("then: swift build && kabar extract --site \(id) \(pageFile.relativePath) && kabar check \(id)")
            CLIOutput.stdout.flush()
            return
        }
        CLIOutput.stdout.writeLine("")
        // The command to type again later: with --plugins when a plain `kabar check` would read
        // another folder (before, `$ kabar check ID` was printed, and typed, it said unknown site).
        let plain = PluginCatalog.folder(explicit: nil)?.standardizedFileURL.path
        let flag = plain == folder.standardizedFileURL.path ? "" : " --plugins \(Self.shellWord(folder.relativePath))"
        CLIOutput.stdout.writeLine("$ kabar check \(id)\(flag)")
        CLIOutput.stdout.flush()
        let check = try CheckCommand.parse([id, "--plugins", folder.path])
        try check.checkFixtures()
    }

    /// A path as one shell word: as it is when plain, else in single quotes.
    static func shellWord(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+=:,@%".unicodeScalars.contains($0) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // Long: mostly the text of the two files it writes, kept whole so it reads as the code it makes.
    func writeSwift(folder: URL, proposal: [(DeclarativeField, [FieldSource])]) throws {
        func css(_ field: DeclarativeField, _ fallback: String) -> String {
            for s in proposal.first(where: { $0.0 == field })?.1 ?? [] { if case .css(let c) = s.kind { return c } }
            return fallback
        }
        // The site type (identity, URL rules, the designs in the order they are tried) and one
        // design variant in a file of its own: the shape of Plugins/Tempo and Plugins/Sindonews.
        let design = "\(typeName)D1"
        let site = """
        import Foundation
        import KabarCore
        import KabarHTML

        /// \(name) (\(host)): scaffolded by `kabar new-extractor --swift`. This type holds the site's
        /// identity, its URL rules and its designs in the order they are tried; each design reads
        /// pages in a file of its own (`\(design)`), and a new design of the site is a new variant.
        /// Adjust the selectors to the site's pages, then `swift build && kabar check \(id)`; bump
        /// `version` whenever the output changes.
        public struct \(typeName): Extractor {
            public let id = "\(id)"
            public let version = 1
            public let hosts = ["\(host)"]

            public init() {}

            /// The designs, in the order they are tried (the first that matches reads the page).
            static var variants: [any DesignVariant.Type] { [\(design).self] }

            public func isArticle(_ url: URL) -> Bool { claims(url) && url.path.count > 1 }

            public func extract(_ page: Page) throws -> Extraction {
                try DesignVariants.extract(page, with: Self.variants, otherwise: "not a \(name) article page of any known design")
            }

            // Multi-page articles (docs/ADDING-A-SITE.md, "Multi-page articles"): a run fetches the
            // page this returns, and the next, up to the schedule's limits.max_article_pages, and
            // merges them into one record (`merge`: bodies and images in order). Nil: a single page.
            // `wholeArticleURL(for:)` instead names a URL serving the whole article at once, and
            // `continuationURL(of:)` tells a saved later page (2, 3...) from a first one.
            public func nextPageURL(_ page: Page) -> URL? {
                // e.g. page.document.absoluteURL(page.document.first("a[rel=next]")?["href"])
                nil
            }
        }

        """
        let variant = """
        import Foundation
        import KabarCore
        import KabarHTML

        /// D1: the design of the page the scaffold was made from (`\(css(.headline, "h1"))`, body
        /// `\(css(.body, "article"))`). Recorded as `metadata.design`.
        enum \(design): DesignVariant {
            static let id = "D1"

            static let headlineSelector = "\(css(.headline, "h1"))"
            static let bodySelector = "\(css(.body, "article"))"

            static func matches(_ document: HTMLDocument) -> Bool {
                document.first(bodySelector) != nil
            }

            static func extract(_ page: Page) throws -> Extraction {
                let doc = page.document
                var e = Extraction()
                e.headline = TextNormalizer.clean(doc.first(headlineSelector)?.text) ?? doc.metaTags["og:title"]
                guard e.headline != nil else { throw ExtractionError(url: page.url, "D1: no headline (\\(headlineSelector))") }
                guard let body = doc.first(bodySelector) else { throw ExtractionError(url: page.url, "D1: no body (\\(bodySelector))") }
                e.body = BodyBuilder().blocks(of: body)
                e.lead = doc.metaTags["description"]
                // The page's JSON-LD article first (dates and authors), then its meta tags.
                let ld = doc.jsonLD(ofType: ["NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"])
                e.published = [ld?["datePublished"]?.string, doc.metaTags["article:published_time"]].lazy.compactMap { $0.flatMap { NewsDateParser.parse($0) } }.first
                e.modified = [ld?["dateModified"]?.string, doc.metaTags["article:modified_time"]].lazy.compactMap { $0.flatMap { NewsDateParser.parse($0) } }.first
                for author in ld?["author"]?.array ?? [] {
                    if let name = TextNormalizer.clean(author["name"]?.string ?? author.string), !e.authors.contains(name) { e.authors.append(name) }
                }
                e.tags = doc.metaTags.all("article:tag")
                // Images where the generic extractor finds them: the lead from og:image, else
                // twitter:image, else the JSON-LD article's image (a URL, an ImageObject or a list
                // of either); then the body's figures, lazy-loaded ones too, with their captions.
                let ldImage = ld?["image"]?.array.first
                let lead = doc.metaTags["og:image"] ?? doc.metaTags["og:image:url"] ?? doc.metaTags["twitter:image"]
                    ?? ldImage?.string ?? ldImage?["url"]?.string
                // Each with the caption printed in its figure, the credit split off it ("Photo: ...").
                if let url = doc.absoluteURL(lead)?.absoluteString {
                    let printed = printedCaption(of: url, in: doc)
                    e.images.append(ImageRef(url: url, caption: printed.caption, credit: printed.credit, role: .lead))
                }
                for figure in body.select("figure") {
                    guard let img = figure.first("img"), let src = imageSource(img),
                          let url = doc.absoluteURL(src)?.absoluteString, !e.images.contains(where: { $0.url == url }) else { continue }
                    let printed = CaptionCredit.split(figure.first("figcaption")?.text)
                    e.images.append(ImageRef(url: url, caption: printed.caption, credit: printed.credit, role: e.images.isEmpty ? .lead : .inline))
                }
                e.section = BreadcrumbSection(homeNames: ["home"], selectors: [".breadcrumb a"], unnumbered: .inPlace,
                                              jsonLDName: { TextNormalizer.clean($0) }, printedName: { TextNormalizer.clean($0) }).section(of: doc)
                e.language = doc.language
                e.canonicalURL = ArticleAssembler.declaredURL(of: doc)
                return e
            }

            /// An image element's address: lazy-loading attributes first, then `src`.
            static func imageSource(_ img: HTMLNode) -> String? {
                ["data-src", "data-lazy-src", "data-original", "src"].lazy.compactMap { img[$0] }.first { !$0.isEmpty && !$0.hasPrefix("data:") }
            }

            /// The caption and credit printed with the picture at `url` (the lead named by a meta
            /// tag is often shown in a figure of its own): its figure's figcaption, split.
            static func printedCaption(of url: String, in doc: HTMLDocument) -> (caption: String?, credit: String?) {
                for img in doc.select("figure img") where imageSource(img).flatMap({ doc.absoluteURL($0)?.absoluteString }) == url {
                    var holder = img.parent
                    while let node = holder, node.tag != "figure" { holder = node.parent }
                    return CaptionCredit.split(holder?.first("figcaption")?.text)
                }
                return (nil, nil)
            }
        }

        """
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, code) in [(folder.appendingPathComponent("\(typeName).swift"), site), (folder.appendingPathComponent("\(design).swift"), variant)] {
            try code.write(to: file, atomically: true, encoding: .utf8)
            CLIOutput.stdout.writeLine("wrote \(file.relativePath)")
        }
        let registrar = SwiftPluginRegistrar(typeName: typeName, folder: "Plugins/\(typeName)")
        for line in registrar.register(root: folder.deletingLastPathComponent().deletingLastPathComponent()) { CLIOutput.stdout.writeLine(line) }
        CLIOutput.stdout.flush()
    }
}
