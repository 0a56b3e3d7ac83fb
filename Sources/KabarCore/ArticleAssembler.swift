import Foundation
import KabarHTML

/// The one path from page bytes to an article record, shared by the run loop, `kabar fetch
/// --extract`, `kabar extract`, `kabar reextract` and `kabar-postgres`: each page parsed once,
/// the extractor chosen, the article's continuation pages (`nextPageURL`) followed and merged
/// with the plugin's `merge`, the record normalised. Nothing else turns pages into records.
///
/// Where continuation pages come from is the caller's: fetched live, or looked up among the
/// saved pages and archived responses of an offline run. The caller hands `assemble` a source
/// that answers a page URL with its bytes, or nil when it has no such page (the record then
/// holds the pages there are).
public struct ArticleAssembler: Sendable {
    public let registry: ExtractorRegistry
    /// The most pages one article is read from (the first included).
    public var maxPages: Int
    /// What one article may cost: a larger or slower page fails with `Failure.overBudget`.
    public var budget = ExtractionBudget()
    /// Called with the first page and its extractor before the extractor reads it (plugins may
    /// change the parsed page): the health check's second opinion reads the page as it came.
    public var beforeExtract: (@Sendable (Page, any Extractor) -> Void)?
    /// A page its plugin cannot read is read by the registry's fallback, marked in the
    /// record's metadata (`ExtractorFallback`); false makes the plugin's error the page's.
    public var fallsBack = true
    /// Pages are parsed with all of their scripts' and styles' text, whatever the extractor
    /// reads (`Extractor.scriptText`); false: only JSON scripts' unless the extractor asks.
    /// `KABAR_KEEP_SCRIPTS=1` in the environment sets it (to compare with the parse before the
    /// elision, in one binary).
    public var keepsScripts = ArticleAssembler.keepsScriptsByDefault
    /// `KABAR_KEEP_SCRIPTS=1`, read once per process: a crawl makes an assembler per page, and
    /// Foundation builds the whole environment dictionary on each read.
    static let keepsScriptsByDefault = ProcessInfo.processInfo.environment["KABAR_KEEP_SCRIPTS"] == "1"

    public init(registry: ExtractorRegistry, maxPages: Int = 20) {
        self.registry = registry
        self.maxPages = max(1, maxPages)
    }

    public enum Failure: Error, CustomStringConvertible {
        case noExtractor(String)
        case unknownSite(String, known: [String])
        case parse(String)
        case extraction(String)
        /// The first page's extractor found no article on it: the page's URL and the extractor's
        /// words. Printed as `ExtractionError` is (`URL: reason`); a reporter that names the page
        /// itself (`kabar extract`'s file, reextract's record) prints `reason` alone.
        case pageExtraction(url: String, reason: String)
        case overBudget(String)

        public var description: String {
            switch self {
            case .noExtractor(let what): return "no extractor claims \(what) (pass --site, or --url with the page's address)"
            case .unknownSite(let id, let known): return "unknown site '\(id)' (known: \(known.joined(separator: ", ")))"
            case .parse(let why): return "could not parse: \(why)"
            case .extraction(let why): return why
            case .pageExtraction(let url, let reason): return "\(url): \(reason)"
            case .overBudget(let why): return why
            }
        }
    }

    /// One page's bytes and where they came from.
    public struct PageBytes: Sendable {
        public var data: Data
        /// The page's address; nil for a saved file whose address is only in the page.
        public var url: URL?
        public var charset: String?
        public var fetchedAt: Date?
        public var source: SourceRef?

        public init(data: Data, url: URL?, charset: String? = nil, fetchedAt: Date? = nil, source: SourceRef? = nil) {
            self.data = data
            self.url = url
            self.charset = charset
            self.fetchedAt = fetchedAt
            self.source = source
        }
    }

    /// An article being read: its first page parsed and extracted, the later ones added as
    /// they arrive.
    public struct Assembly {
        public let extractor: any Extractor
        /// Reads a page `extractor` cannot (`ExtractorFallback`), nil when none may.
        let fallback: (any Extractor)?
        public private(set) var pages: [Page]
        var extractions: [Extraction]
        var requested: Set<String>
        let maxPages: Int
        /// The article's clock and size cap (all its pages together).
        let timer: ExtractionBudget.Timer
        let budget: ExtractionBudget
        /// What the article's pages are parsed with of their scripts and styles.
        let scripts: ScriptText

        /// The first page.
        public var first: Page { pages[0] }

        /// The first page's own address when it is itself a later page of a multi-page
        /// article (see `Extractor.continuationURL(of:)`): offline, such a page is merged into
        /// its article's record rather than made a record of its own.
        public var continuationURL: URL? { extractor.continuationURL(of: pages[0]) }

        /// The next page to read, when the last page names one not read yet and the article is
        /// below `maxPages`; the caller brings its bytes to `add` (or stops). Each URL is
        /// answered once, so a pager that loops ends.
        public mutating func nextPage() -> URL? {
            guard pages.count < maxPages, let next = extractor.nextPageURL(pages[pages.count - 1]),
                  requested.insert(next.absoluteString).inserted else { return nil }
            return next
        }

        /// Whether the last page read names a next page (without asking for it).
        public var hasNextPage: Bool { pages.count < maxPages && extractor.nextPageURL(pages[pages.count - 1]) != nil }

        /// Parses and extracts the continuation page asked for as `next` (read under its
        /// `url` when it has one: where redirects ended).
        public mutating func add(_ page: PageBytes, asked next: URL) throws {
            try ArticleAssembler.within(budget) { try budget.checkSize(page.data.count) }
            let url = page.url ?? next
            // A later page's failure names its number and address, as a failed fetch of it
            // does ("page 2 (URL): ..."): it said only "could not parse: empty page", or the
            // URL without which page of the article it was.
            let number = "page \(pages.count + 1) (\(url.absoluteString))"
            let parsed: Page
            do {
                parsed = Page(document: try ArticleAssembler.parse(page.data, url: url, charset: page.charset, scripts: scripts),
                              url: url, fetchedAt: page.fetchedAt, source: page.source)
            } catch Failure.parse(let why) { throw Failure.extraction("\(number): could not parse: \(why)") }
            do { extractions.append(try ExtractorFallback.extract(parsed, with: extractor, fallback: fallback)) } catch let error as ExtractionError {
                throw Failure.extraction(error.url == url.absoluteString ? "\(number): \(error.reason)" : "\(number): \(error)")
            } catch { throw Failure.extraction("\(number): \(error)") }
            pages.append(parsed)
            try ArticleAssembler.within(budget) { try timer.check(after: "page \(pages.count)") }
        }

        /// The record: the pages merged (when more than one), normalised.
        public func article() throws -> Article {
            let merged = extractions.count > 1 ? extractor.merge(extractions) : extractions[0]
            let article = RecordBuilder.build(merged, page: pages[0], extractor: extractor)
            try ArticleAssembler.within(budget) { try timer.check(after: "normalising") }
            return article
        }
    }

    /// Parses the first page, chooses its extractor and extracts it. The extractor is
    /// `site`'s if given, else the plugin claiming the page URL's host, else the plugin
    /// claiming the host of the page's canonical link or `og:url` (a saved or mirrored copy),
    /// else the registry's fallback. A page with no URL is read under its declared address,
    /// else under its source file's.
    public func open(_ input: PageBytes, site: String? = nil) throws -> Assembly {
        try Self.within(budget) { try budget.checkSize(input.data.count) }
        let timer = budget.start()
        // The extractor as far as it is known before the parse (the page's own address may name another).
        let likely = try? choose(site: site, url: input.url, declared: nil)
        var document = try Self.parse(input.data, url: input.url, charset: input.charset, scripts: scripts(for: likely))
        try Self.within(budget) { try timer.check(after: "parsing") }
        let declared = Self.declaredURL(of: document)
        let pageURL = input.url ?? declared
        let extractor = try choose(site: site, url: pageURL, declared: declared)
        if !document.scriptText.covers(scripts(for: extractor)) {
            document = try Self.parse(input.data, url: input.url, charset: input.charset, scripts: scripts(for: extractor))
        }
        if input.url == nil, let pageURL { document.url = pageURL }
        guard let finalURL = pageURL ?? input.source.map({ URL(fileURLWithPath: $0.file) }) else {
            throw Failure.noExtractor("a page with no URL")
        }
        let page = Page(document: document, url: finalURL, fetchedAt: input.fetchedAt, source: input.source)
        beforeExtract?(page, extractor)
        let fallback = fallsBack ? registry.fallback : nil
        let extraction = try Self.extract(page, with: extractor, fallback: fallback, first: true)
        try Self.within(budget) { try timer.check(after: "the extractor") }
        return Assembly(extractor: extractor, fallback: fallback, pages: [page], extractions: [extraction],
                        requested: [finalURL.absoluteString], maxPages: maxPages, timer: timer, budget: budget,
                        scripts: scripts(for: extractor))
    }

    /// What `extractor`'s pages are parsed with of scripts' and styles' text: what it and the
    /// fallback reading its pages ask for together (all of it with `keepsScripts`).
    public func scripts(for extractor: (any Extractor)?) -> ScriptText {
        let readers = [extractor, fallsBack ? registry.fallback : nil].compactMap { $0 }
        guard !keepsScripts, let first = readers.first else { return .kept }
        return readers.dropFirst().reduce(first.scriptText) { $0.union($1.scriptText) }
    }

    /// Runs a budget check, its `Exceeded` as `Failure.overBudget`.
    static func within(_ budget: ExtractionBudget, _ check: () throws -> Void) throws {
        do { try check() } catch let over as ExtractionBudget.Exceeded { throw Failure.overBudget(over.description) }
    }

    /// One article from its first page, following its continuation pages through `pages`
    /// (nil: no such page; the record holds the pages read so far).
    public func assemble(_ first: PageBytes, site: String? = nil,
                         pages: (URL) throws -> PageBytes? = { _ in nil }) throws -> Article {
        var assembly = try open(first, site: site)
        while let next = assembly.nextPage(), let bytes = try pages(next) { try assembly.add(bytes, asked: next) }
        return try assembly.article()
    }

    /// `assemble` with pages that arrive asynchronously (fetched).
    public func assemble(_ first: PageBytes, site: String? = nil,
                         pages: (URL) async throws -> PageBytes?) async throws -> Article {
        var assembly = try open(first, site: site)
        while let next = assembly.nextPage(), let bytes = try await pages(next) { try assembly.add(bytes, asked: next) }
        return try assembly.article()
    }

    /// One page on its own: its record, without looking for further pages.
    public func extract(data: Data, url: URL?, charset: String? = nil, fetchedAt: Date? = nil,
                        source: SourceRef? = nil, site: String? = nil) throws -> Article {
        try open(PageBytes(data: data, url: url, charset: charset, fetchedAt: fetchedAt, source: source), site: site).article()
    }

    func choose(site: String?, url: URL?, declared: URL?) throws -> any Extractor {
        if let site {
            guard let e = registry.extractor(id: site) else { throw Failure.unknownSite(site, known: registry.ids) }
            return e
        }
        if let e = url?.host.flatMap(registry.plugin(forHost:)) ?? declared?.host.flatMap(registry.plugin(forHost:)) ?? registry.fallback {
            return e
        }
        throw Failure.noExtractor(url?.host ?? "a page with no URL")
    }

    static func parse(_ data: Data, url: URL?, charset: String?, scripts: ScriptText) throws -> HTMLDocument {
        do { return try HTMLDocument(data: data, url: url, charset: charset, scripts: scripts) } catch let error as HTMLError {
            // Whoever reports the failure names the page (the run's log, extract's file,
            // reextract's record): the error's own "(URL)" said it twice.
            let alone: HTMLError
            switch error {
            case .empty: alone = .empty(url: nil)
            case .unparseable: alone = .unparseable(url: nil)
            case .tooLarge(_, let bytes): alone = .tooLarge(url: nil, bytes: bytes)
            case .badXPath: alone = error
            }
            throw Failure.parse(String(describing: alone))
        } catch { throw Failure.parse(String(describing: error)) }
    }

    /// `first`: the article's first page, the one its reporter names, so an `ExtractionError`
    /// about it keeps its reason apart (`Failure.pageExtraction`): `kabar extract` said
    /// `a.html: file:///.../a.html: no article text`. A later page's failure is `Assembly.add`'s.
    static func extract(_ page: Page, with extractor: any Extractor, fallback: (any Extractor)?, first: Bool = false) throws -> Extraction {
        do { return try ExtractorFallback.extract(page, with: extractor, fallback: fallback) } catch let error as ExtractionError where first && error.url == page.url.absoluteString {
            throw Failure.pageExtraction(url: error.url, reason: error.reason)
        } catch { throw Failure.extraction(String(describing: error)) }
    }

    /// The page's own address: `<link rel=canonical>`, else `og:url` (`HTMLDocument.declaredURL`).
    public static func declaredURL(of document: HTMLDocument) -> URL? { document.declaredURL }
}
