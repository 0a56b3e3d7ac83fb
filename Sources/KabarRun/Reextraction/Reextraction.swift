import Foundation
import KabarArchive
import KabarCore

/// Offline re-extraction: today's extractors over archived responses (WARC files) and saved
/// .html files, through the same extraction → dedup → store path as a live run. Reading is
/// sequential, extraction runs on `workers` tasks at once, and records reach the store one
/// at a time in input order (so revisions follow the archive's order). The store's dedup
/// makes an unchanged record `unchanged` and a changed one the next revision.
public struct Reextraction: Sendable {
    public struct Options: Sendable {
        /// Only pages whose extractor has this id.
        public var site: String?
        /// Only responses archived (WARC-Date) or files modified at or after this time.
        public var since: Date?
        public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
        /// Relative WARC paths in `source` (and `Kabar-...` lookups) are taken from here.
        public var dataFolder: URL?
        public var maxArticlePages = 20
        /// Pages (decoded bodies, saved files) larger than this are skipped with a warning: a
        /// page's parse tree takes many times its size.
        public var maxPageBytes = PageFile.defaultMaxBytes
        /// WARC records larger than this (block, or gzip member inflated) are skipped with a
        /// warning, never held in memory (`WARCReader.maxRecordBytes`).
        public var maxRecordBytes = WARCReader.defaultMaxRecordBytes
        /// The address of the saved page when only one .html file is given (`kabar extract --url`).
        public var pageURL: URL?
        /// How many problems `Summary.problems` keeps (the first ones).
        public var keptProblems = 20
        /// Every input is a saved page, whatever its name (`kabar extract`); else a file that is
        /// neither .html nor .warc is read as WARC.
        public var savedPages = false
        /// A page its plugin cannot read is read by the generic extractor, marked (false: the
        /// plugin's error is the page's; `kabar extract --site`).
        public var fallsBack = true
        /// Tallies each extracted record under its extractor (and gives a sample of each site
        /// plugin's pages a second opinion), as a live run does; nil: no health (`kabar extract`).
        public var health: HealthRecorder?
        public init() {}
    }

    public struct Summary: Sendable, CustomStringConvertible {
        public var files = 0
        public var records = 0
        /// Pages sent to extraction (responses and .html files).
        public var pages = 0
        /// HTML bytes extracted (decoded payloads), and archive bytes read.
        public var htmlBytes: Int64 = 0
        public var fileBytes: Int64 = 0
        public var written = 0
        public var revised = 0
        /// Of `revised`: records whose text was the same, other fields changed (a fixed plugin).
        public var revisedFields = 0
        public var unchanged = 0
        public var duplicates = 0
        public var skipped = 0
        public var failed = 0
        public var seconds: Double = 0
        public var problems: [String] = []
        /// What was skipped and why, not failures: records over the caps, torn file tails (first 20).
        public var warnings: [String] = []
        public var warned = 0
        /// Damaged ranges in the middle of WARC files (a gzip member that does not inflate, or
        /// holds no record, bytes between members), skipped with the records after them read;
        /// each is a problem and counted in `failed` too, so the exit status says so.
        public var damaged = 0
        public var damagedBytes: Int64 = 0

        /// Why pages were skipped: per reason ("HTTP 404, not a page", "archived before --since"), how many and the
        /// first one (`file@offset url`).
        public var skippedWhy: [String: (count: Int, example: String)] = [:]

        /// Counts a warning, keeping the first 20.
        mutating func warn(_ message: String) {
            warned += 1
            if warnings.count < 20 { warnings.append(message) }
        }

        /// Counts a damaged range of a WARC file (a failure, kept among the problems).
        mutating func damage(_ message: String, bytes: Int64, keeping kept: Int) {
            damaged += 1
            damagedBytes += bytes
            failed += 1
            if problems.count < kept { problems.append(message) }
        }

        /// Counts a skipped page with its reason.
        mutating func skip(_ reason: String, _ example: String) {
            skipped += 1
            skippedWhy[reason, default: (0, Redaction.redact(example))].count += 1
        }

        /// One line per reason: `1 skipped: HTTP 404, not a page (e.g. warc/x.warc.gz@1234 http://...)`.
        public var skippedLines: [String] {
            skippedWhy.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
                .map { "\($0.value.count) skipped: \($0.key) (e.g. \($0.value.example))" }
        }

        public var htmlMBPerSecond: Double { seconds > 0 ? Double(htmlBytes) / 1e6 / seconds : 0 }
        public var description: String {
            let sameText: String = StoreCounts.revisedFieldsNote(revisedFields)
            return "\(counted(files, "file")), \(counted(records, "WARC record")), \(counted(pages, "page")) extracted "
                + String(format: "(%.1f MB of HTML, %.1f MB/s): ", Double(htmlBytes) / 1e6, htmlMBPerSecond)
                + "\(written) new, \(revised) revised\(sameText), \(unchanged) unchanged, \(counted(duplicates, "duplicate")), \(skipped) skipped, \(failed) failed "
                + (damaged > 0 ? "(\(counted(damaged, "damaged range")) in WARC files, \(damagedBytes) bytes skipped) " : "")
                + String(format: "in %.1fs", seconds)
                + skippedLines.map { "\n  " + $0 }.joined()
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let registry: ExtractorRegistry
    public let options: Options

    public init(registry: ExtractorRegistry, options: Options = Options()) {
        self.registry = registry
        self.options = options
    }

    /// WARC files (`.warc`, `.warc.gz`) and saved pages (`.html`, `.htm`, `.xhtml`, gzipped or not) under
    /// `paths` (files as given, folders searched), in name order. With `named`, the paths are
    /// the user's: a folder holding neither is an error too (an archive folder may be empty).
    public static func inputs(_ paths: [String], named: Bool = false) throws -> [URL] {
        let (files, problems) = search(paths, named: named)
        if let problem = problems.first { throw Failure(description: problem.description) }
        return files
    }

    /// `inputs`' files, and what could not be read on the way, each named: a folder that
    /// cannot be listed, a link loop, a broken link (for the caller to report and count as
    /// failed files while the others are read, as `kabar extract` does).
    public static func search(_ paths: [String], named: Bool = false) -> (files: [URL], problems: [InputFolder.Problem]) {
        let wanted = named ? "WARC files (.warc, .warc.gz) or " + SavedPage.kinds : nil
        return InputFolder.files(paths, wanted: wanted) { kind($0) != nil }
    }

    enum Kind { case warc, html }

    static func kind(_ url: URL) -> Kind? {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".warc") || name.hasSuffix(".warc.gz") { return .warc }
        if SavedPage.isPage(url) { return .html }
        return nil
    }

    /// One page to extract.
    struct Job: Sendable {
        var seq: Int
        var record: WARCRecord?
        var file: URL?
        var display: String
        var pageURL: URL?
        var forcedExtractor: String?
        var date: Date?
        /// The WARC file the record came from. A job deferred until every continuation page is
        /// known keeps only this and `recordOffset` and reads its record again then, so that a
        /// long run does not hold the bodies of all its multi-page articles in memory.
        var warcPath: String? = nil
        var recordOffset: Int64? = nil
        /// A saved page's size on disk, as found when its file was opened.
        var fileBytes: Int? = nil

        /// The job without its record's bytes (read back by offset when extracted).
        var lightweight: Job {
            guard let record, warcPath != nil else { return self }
            var light = self
            light.recordOffset = record.offset
            light.record = nil
            return light
        }
    }

    enum Outcome: Sendable {
        /// The record, the HTML bytes read for it and the URLs of the pages merged into it.
        case article(Article, bytes: Int, pages: [String])
        /// The first page names a next page: extracted again once every page is known.
        case needsPages(Job)
        /// A later page of a multi-page article (its own URL): merged into its article's record,
        /// or, when no first page among the inputs leads to it, a record of its own at the end.
        case continuation(String, Job)
        /// Not a whole page (`NoPage.skipped`). `page`: an archived page skipped in the first
        /// pass, kept where a first page may name it as its next page (another crawler's
        /// archive marks no continuation pages), so that its article is skipped by the reason,
        /// not stored with the pages before it. `article`: the first page's URL of an article
        /// skipped for one of its later pages.
        case skipped(reason: String, example: String, page: Job? = nil, article: String? = nil)
        /// Over a cap: skipped with a warning.
        case tooLarge(String)
        case failed(String)
    }

    /// Where a continuation page is read from: an archived response or a saved file.
    enum PageLocation: Sendable {
        case warc(WARCLocation)
        case file(URL)

        init?(_ job: Job) {
            if let file = job.file { self = .file(file); return }
            guard let path = job.warcPath, let offset = job.record?.offset ?? job.recordOffset else { return nil }
            self = .warc(WARCLocation(file: path, offset: offset))
        }

        /// The page's bytes, within the caps (a later page over them ends the article there).
        /// An archived response goes through the checks of a first page (`Reextraction.page`):
        /// one that is no whole page (cut short when fetched, an error status, not HTML, empty)
        /// throws `NoPage.skipped`, and its article is skipped with it.
        func read(fetchedAt: Date?, url: URL, in reextraction: Reextraction) throws -> ArticleAssembler.PageBytes? {
            let options = reextraction.options
            switch self {
            case .file(let file):
                guard let data = try? SavedPage.read(file, limit: options.maxPageBytes) else { return nil }
                return ArticleAssembler.PageBytes(data: data, url: nil, fetchedAt: fetchedAt)
            case .warc(let at):
                let record = try WARCReader.record(path: at.file, offset: at.offset, maxRecordBytes: options.maxRecordBytes)
                let page: (http: HTTPMessage, body: Data)
                do { page = try reextraction.page(record, display: reextraction.display(URL(fileURLWithPath: at.file)), url: url) } catch NoPage.tooLarge {
                    return nil
                }
                return ArticleAssembler.PageBytes(data: page.body, url: nil, charset: page.http.charset, fetchedAt: fetchedAt)
            }
        }
    }

    /// Runs over `inputs` into `store`. `progress` is called about twice a second.
    public func run(_ inputs: [URL], store: any RecordStore, progress: @escaping (Summary) -> Void = { _ in }) async throws -> Summary {
        let before = store.fieldRevisions
        var summary = try await run(inputs, storing: { try store.store($0) }, progress: progress)
        summary.revisedFields = store.fieldRevisions - before
        return summary
    }

    /// Runs over `inputs`, handing each record to `storing` (one at a time, in input order): an
    /// asynchronous store (the PostgreSQL one) as well as a `RecordStore`.
    public func run(_ inputs: [URL], storing: (Article) async throws -> StoreOutcome,
                    progress: @escaping (Summary) -> Void = { _ in }) async throws -> Summary {
        try await run(inputs, storingGroups: { articles in
            var out: [StoreOutcome] = []
            for article in articles { out.append(try await storing(article)) }
            return out
        }, groupSize: 1, progress: progress)
    }

    /// Runs over `inputs`, handing the records to `storingGroups` in groups of up to
    /// `groupSize`, in input order (a store that takes several records per call, deciding each
    /// as if stored alone after the ones before it: the PostgreSQL one). `storingGroups`
    /// returns one outcome per record, in order. A group is sent once it is full and when the
    /// input (or the pass over multi-page articles) ends; extraction goes on while it is stored.
    public func run(_ inputs: [URL], storingGroups: ([Article]) async throws -> [StoreOutcome], groupSize: Int,
                    progress: @escaping (Summary) -> Void = { _ in }) async throws -> Summary {
        try await ReextractionPass(inputs, reextraction: self, groupSize: groupSize, progress: progress)
            .run(storingGroups: storingGroups)
    }


    func display(_ file: URL) -> String {
        if let data = options.dataFolder?.standardizedFileURL.path, file.standardizedFileURL.path.hasPrefix(data + "/") {
            return String(file.standardizedFileURL.path.dropFirst(data.count + 1))
        }
        return file.relativePath
    }

    /// Extracts one job (on a worker). Without `continuations` (the first pass), a first page
    /// that names a next page waits for the second pass, and a later page is set aside.
    func extract(_ job: Job, assembler: ArticleAssembler, continuations: [String: PageLocation]?) -> Outcome {
        let at = job.file == nil ? "\(job.display)@\(job.record?.offset ?? job.recordOffset ?? 0): \(job.pageURL?.absoluteString ?? "")" : job.display
        do {
            let first: ArticleAssembler.PageBytes
            do { first = try firstPage(job) } catch NoPage.skipped(let reason, let example) where continuations == nil && job.file == nil {
                return .skipped(reason: reason, example: example, page: job.lightweight)
            }
            // A plugin id the archive names but this registry lacks: chosen by URL instead.
            let site = job.forcedExtractor.flatMap { registry.extractor(id: $0) == nil && job.file == nil ? nil : $0 }
            var assembler = assembler
            let opinion = options.health?.watch(&assembler)
            var assembly = try assembler.open(first, site: site)
            if continuations == nil, assembly.continuationURL != nil || assembly.hasNextPage {
                // Read again in a later pass: the second opinion is taken then.
                if let opinion { options.health?.release(opinion) }
                if let own = assembly.continuationURL { return .continuation(own.absoluteString, job) }
                return .needsPages(job)
            }
            var bytes = first.data.count
            // A page the inputs lack (another crawler's WARC, a fixture): the pages there are.
            while let next = assembly.nextPage(), let location = continuations?[next.absoluteString] {
                let read: ArticleAssembler.PageBytes?
                do { read = try location.read(fetchedAt: job.date, url: next, in: self) } catch NoPage.skipped(let reason, let example) {
                    // As in the live run, where a later page that fails fails its article: no
                    // record of the pages before it (the first page alone is not the article).
                    return .skipped(reason: "page \(assembly.pages.count + 1) of the article: \(reason); the article is not stored", example: example,
                                    article: assembly.first.url.absoluteString)
                }
                guard let page = read else { break }
                bytes += page.data.count
                try assembly.add(page, asked: next)
            }
            let article = try assembly.article()
            options.health?.observe(article, extractor: assembly.extractor, opinion: opinion)
            return .article(article, bytes: bytes, pages: assembly.pages.map(\.url.absoluteString))
        } catch let skip as NoPage {
            switch skip {
            case .skipped(let reason, let example): return .skipped(reason: reason, example: example)
            case .tooLarge(let why): return .tooLarge(why)
            }
        } catch ArticleAssembler.Failure.pageExtraction(_, let reason) {
            // `at` names the page (its file, or the record and its URL): the URL again said it twice.
            return .failed("\(at): \(reason)")
        } catch let error as GzipCodec.TooLarge {
            let offset = job.record.map { "@\($0.offset)" } ?? job.recordOffset.map { "@\($0)" } ?? ""
            return .tooLarge("\(job.display)\(offset): skipped: the page's body \(error), over the page size cap")
        } catch {
            return .failed("\(at): \(error)")
        }
    }

    /// A saved file that is not an HTML page (a PDF, Markdown, JSON): that file fails, with why.
    struct NotAPage: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Why a job gives no page: not a page (skipped, with the reason), or over a cap (skipped
    /// with a warning).
    enum NoPage: Error {
        case skipped(reason: String, example: String)
        case tooLarge(String)
    }

    /// The job's page: a saved file within the page size cap, or an archived 2xx HTML response
    /// within the record and page caps (`NoPage` for any other).
    func firstPage(_ job: Job) throws -> ArticleAssembler.PageBytes {
        if let file = job.file {
            let data: Data
            do { data = try SavedPage.read(file, limit: options.maxPageBytes) } catch {
                guard let why = SavedPage.overCap(error) else { throw error }
                throw NoPage.tooLarge("\(job.display): skipped: \(why)")
            }
            if let problem = PageSniffer.problem(savedPage: data) {
                // `kabar extract` reads pages only; its user may not know the command that reads a WARC file.
                throw NotAPage(reason: problem + (Self.kind(file) == .warc ? "; a WARC file: `kabar reextract` reads the pages in it" : ""))
            }
            return ArticleAssembler.PageBytes(data: data, url: options.pageURL, source: SourceRef(file: job.display))
        }
        var record = job.record
        if record == nil, let path = job.warcPath, let offset = job.recordOffset {
            record = try WARCReader.record(path: path, offset: offset, maxRecordBytes: options.maxRecordBytes)
        }
        guard let record, let url = job.pageURL else { throw NoPage.skipped(reason: "no WARC record", example: job.display) }
        let (http, body) = try page(record, display: job.display, url: url)
        return ArticleAssembler.PageBytes(data: body, url: url, charset: http.charset, fetchedAt: job.date,
                                          source: SourceRef(file: job.display, offset: record.offset))
    }

    /// An archived response's decoded body when it is a whole page: a 2xx HTML response within
    /// the page cap, not cut short when fetched, neither empty nor binary; else `NoPage` with
    /// why (`display` and `url` name the record in the example). A first page and a later page
    /// of an article pass the same checks.
    func page(_ record: WARCRecord, display: String, url: URL) throws -> (http: HTTPMessage, body: Data) {
        let at = "\(display)@\(record.offset) \(url.absoluteString)"
        let http = try record.page()
        guard (200..<300).contains(http.status) else { throw NoPage.skipped(reason: "HTTP \(http.status), not a page", example: at) }
        if let type = http.contentType?.lowercased(), !type.contains("html") { throw NoPage.skipped(reason: "not HTML (\(type))", example: at) }
        // A body cut short when it was fetched is not the page: the live run that fetched it
        // stored nothing (retry, or skipped as too large), and neither does re-extraction.
        if let why = record["WARC-Truncated"] {
            throw NoPage.skipped(reason: "cut short when fetched (WARC-Truncated: \(why)), not a whole page", example: at)
        }
        if let cut = http.cutShort {
            throw NoPage.skipped(reason: "cut short when fetched (\(cut.stored) of the \(cut.said) bytes its Content-Length said), not a whole page", example: at)
        }
        let body = try http.decodedBody(limit: options.maxPageBytes)
        guard body.count <= options.maxPageBytes else {
            throw NoPage.tooLarge("\(display)@\(record.offset): skipped: the page is \(body.count) bytes, over the page size cap of \(options.maxPageBytes)")
        }
        // What the live run skips before parsing (an empty body, binary bytes served as HTML) is
        // skipped here too, not failed as a page no extractor could read.
        if body.isEmpty { throw NoPage.skipped(reason: "an empty body, not a page", example: at) }
        if let problem = PageSniffer.problem(body: body, contentType: http.contentType) {
            throw NoPage.skipped(reason: problem, example: at)
        }
        return (http, body)
    }
}
