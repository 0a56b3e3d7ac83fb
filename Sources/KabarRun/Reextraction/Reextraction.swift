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
        /// The address of the saved page when only one .html file is given (`kabar extract --url`).
        public var pageURL: URL?
        /// How many problems `Summary.problems` keeps (the first ones).
        public var keptProblems = 20
        /// Every input is a saved page, whatever its name (`kabar extract`); else a file that is
        /// neither .html nor .warc is read as WARC.
        public var savedPages = false
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
        public var unchanged = 0
        public var duplicates = 0
        public var skipped = 0
        public var failed = 0
        public var seconds: Double = 0
        public var problems: [String] = []

        public var htmlMBPerSecond: Double { seconds > 0 ? Double(htmlBytes) / 1e6 / seconds : 0 }
        public var description: String {
            String(format: "%d files, %d WARC records, %d pages extracted (%.1f MB of HTML, %.1f MB/s): %d new, %d revised, %d unchanged, %d duplicates, %d skipped, %d failed in %.1fs",
                   files, records, pages, Double(htmlBytes) / 1e6, htmlMBPerSecond, written, revised, unchanged, duplicates, skipped, failed, seconds)
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

    /// WARC files (`.warc`, `.warc.gz`) and saved pages (`.html`, `.htm`, `.xhtml`) under
    /// `paths` (files as given, folders searched), in name order.
    public static func inputs(_ paths: [String]) throws -> [URL] {
        var out: [URL] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw Failure(description: "\(path): no such file or folder") }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue { out.append(url); continue }
            var found: [URL] = []
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
            while let next = walker?.nextObject() as? URL { if kind(next) != nil { found.append(next) } }
            out += found.sorted { $0.path < $1.path }
        }
        return out
    }

    enum Kind { case warc, html }

    static func kind(_ url: URL) -> Kind? {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".warc") || name.hasSuffix(".warc.gz") { return .warc }
        if ["html", "htm", "xhtml"].contains(url.pathExtension.lowercased()) { return .html }
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
        case skipped
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

        func read(fetchedAt: Date?) throws -> ArticleAssembler.PageBytes {
            switch self {
            case .file(let file):
                return ArticleAssembler.PageBytes(data: try Data(contentsOf: file), url: nil, fetchedAt: fetchedAt)
            case .warc(let at):
                let http = try WARCReader.record(path: at.file, offset: at.offset).http()
                return ArticleAssembler.PageBytes(data: try http.decodedBody(), url: nil, charset: http.charset, fetchedAt: fetchedAt)
            }
        }
    }

    /// Runs over `inputs` into `store`. `progress` is called about twice a second.
    public func run(_ inputs: [URL], store: any RecordStore, progress: @escaping (Summary) -> Void = { _ in }) async throws -> Summary {
        try await run(inputs, storing: { try store.store($0) }, progress: progress)
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
        let groupSize = max(1, groupSize)
        let start = Date()
        var summary = Summary()
        var continuations: [String: PageLocation] = [:]
        var deferred: [Job] = []
        // Continuation pages found by extraction, by URL, until a first page claims them.
        var orphans: [String: Job] = [:]
        var seq = 0
        var lastProgress = Date.distantPast
        let workers = max(1, options.workers)

        // The job source: files in order, records in order.
        var fileIterator = inputs.makeIterator()
        var reader: WARCReader?
        var readerPath = ""
        func nextJob() throws -> Job? {
            while true {
                if let r = reader {
                    let record: WARCRecord?
                    do { record = try r.next() } catch {
                        summary.failed += 1
                        summary.problems.append("\(error)")
                        reader = nil
                        continue
                    }
                    guard let record else { reader = nil; continue }
                    summary.records += 1
                    guard record.type == "response", let target = record.targetURI else { continue }
                    let page = record["Kabar-Page-URI"] ?? target
                    if let role = record["Kabar-Role"], role != "article", role != "page" { continue }
                    if record["Kabar-Continues"] != nil {
                        continuations[page] = .warc(WARCLocation(file: r.path, offset: record.offset))
                        continue
                    }
                    if let since = options.since, let d = record.date, d < since { summary.skipped += 1; continue }
                    guard let url = URL(string: page), url.host != nil else { summary.skipped += 1; continue }
                    let forced = record["Kabar-Extractor"]
                    if let site = options.site {
                        let id = forced.flatMap { registry.extractor(id: $0)?.id } ?? registry.extractor(for: url)?.id
                        if id != site { summary.skipped += 1; continue }
                    }
                    seq += 1
                    return Job(seq: seq, record: record, display: readerPath, pageURL: url, forcedExtractor: forced, date: record.date,
                               warcPath: r.path)
                }
                guard let file = fileIterator.next() else { return nil }
                summary.files += 1
                summary.fileBytes += (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int64) ?? 0
                switch options.savedPages ? .html : Self.kind(file) {
                case .warc?, nil:
                    do {
                        reader = try WARCReader(path: file.path)
                        readerPath = display(file)
                    } catch {
                        summary.failed += 1
                        summary.problems.append("\(error)")
                    }
                case .html?:
                    if let since = options.since,
                       let m = try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date, m < since {
                        summary.skipped += 1
                        continue
                    }
                    seq += 1
                    return Job(seq: seq, file: file, display: display(file), forcedExtractor: options.site)
                }
            }
        }

        let assembler = ArticleAssembler(registry: registry, maxPages: options.maxArticlePages)
        let this = self
        var ready: [Int: Outcome] = [:]
        var nextToStore = 1
        var group: [Article] = []
        func storeGroup() async throws {
            guard !group.isEmpty else { return }
            let articles = group
            group = []
            let outcomes = try await storingGroups(articles)
            guard outcomes.count == articles.count else {
                throw Failure(description: "the store returned \(outcomes.count) outcomes for \(articles.count) records")
            }
            for outcome in outcomes {
                summary.pages += 1
                switch outcome {
                case .written(let revision): if revision == 1 { summary.written += 1 } else { summary.revised += 1 }
                case .unchanged: summary.unchanged += 1
                case .duplicate: summary.duplicates += 1
                }
            }
        }
        func storeReady() async throws {
            while let outcome = ready.removeValue(forKey: nextToStore) {
                nextToStore += 1
                switch outcome {
                case .article(let article, let bytes, let pages):
                    summary.htmlBytes += Int64(bytes)
                    for page in pages.dropFirst() { orphans[page] = nil }
                    group.append(article)
                    if group.count >= groupSize { try await storeGroup() }
                case .needsPages(let job): deferred.append(job.lightweight)
                case .continuation(let url, let job):
                    if let location = PageLocation(job) { continuations[url] = location }
                    orphans[url] = job.lightweight
                case .skipped: summary.skipped += 1
                case .failed(let why):
                    summary.failed += 1
                    if summary.problems.count < options.keptProblems { summary.problems.append(why) }
                }
                if Date().timeIntervalSince(lastProgress) > 0.5 {
                    lastProgress = Date()
                    summary.seconds = Date().timeIntervalSince(start)
                    progress(summary)
                }
            }
        }

        func drive(_ source: () throws -> Job?, continuations: [String: PageLocation]?) async throws {
            // The reading and storing happen here, overlapped with the workers: jobs are read
            // ahead while they extract, and a finished worker gets its next job before the
            // result is stored.
            try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
                var inFlight = 0
                var ahead: [Job] = []
                var exhausted = false
                func launch() {
                    while inFlight < workers, !ahead.isEmpty {
                        let job = ahead.removeFirst()
                        group.addTask { (job.seq, this.extract(job, assembler: assembler, continuations: continuations)) }
                        inFlight += 1
                    }
                }
                func readAhead() throws {
                    while !exhausted, ahead.count < workers {
                        if let job = try source() { ahead.append(job) } else { exhausted = true }
                    }
                }
                try readAhead()
                while true {
                    launch()
                    try readAhead()
                    launch()
                    guard inFlight > 0, let (seq, outcome) = try await group.next() else { break }
                    inFlight -= 1
                    launch()
                    ready[seq] = outcome
                    try await storeReady()
                }
            }
            try await storeGroup()
        }

        try await drive(nextJob, continuations: nil)
        // Multi-page articles, now that every continuation page is known; then the
        // continuation pages no first page led to, each a record of its own (nothing is lost).
        func again(_ jobs: [Job], continuations: [String: PageLocation]) async throws {
            guard !jobs.isEmpty else { return }
            var iterator = jobs.sorted { $0.seq < $1.seq }.makeIterator()
            var renumber = 0
            let base = nextToStore
            try await drive({
                guard var job = iterator.next() else { return nil }
                job.seq = base + renumber
                renumber += 1
                return job
            }, continuations: continuations)
        }
        let multiPage = deferred
        deferred = []
        try await again(multiPage, continuations: continuations)
        try await again(Array(orphans.values), continuations: [:])
        summary.seconds = Date().timeIntervalSince(start)
        progress(summary)
        return summary
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
            guard let first = try firstPage(job) else { return .skipped }
            // A plugin id the archive names but this registry lacks: chosen by URL instead.
            let site = job.forcedExtractor.flatMap { registry.extractor(id: $0) == nil && job.file == nil ? nil : $0 }
            var assembly = try assembler.open(first, site: site)
            if continuations == nil {
                if let own = assembly.continuationURL { return .continuation(own.absoluteString, job) }
                if assembly.hasNextPage { return .needsPages(job) }
            }
            var bytes = first.data.count
            // A page the inputs lack (another crawler's WARC, a fixture): the pages there are.
            while let next = assembly.nextPage(), let location = continuations?[next.absoluteString] {
                let page = try location.read(fetchedAt: job.date)
                bytes += page.data.count
                try assembly.add(page, asked: next)
            }
            return .article(assembly.article(), bytes: bytes, pages: assembly.pages.map(\.url.absoluteString))
        } catch {
            return .failed("\(at): \(error)")
        }
    }

    /// The job's page: a saved file, or an archived 2xx HTML response (nil for any other).
    func firstPage(_ job: Job) throws -> ArticleAssembler.PageBytes? {
        if let file = job.file {
            return ArticleAssembler.PageBytes(data: try Data(contentsOf: file), url: options.pageURL, source: SourceRef(file: job.display))
        }
        var record = job.record
        if record == nil, let path = job.warcPath, let offset = job.recordOffset {
            record = try WARCReader.record(path: path, offset: offset)
        }
        guard let record, let url = job.pageURL else { return nil }
        let http = try record.http()
        guard (200..<300).contains(http.status) else { return nil }
        if let type = http.contentType?.lowercased(), !type.contains("html") { return nil }
        return ArticleAssembler.PageBytes(data: try http.decodedBody(), url: url, charset: http.charset, fetchedAt: job.date,
                                          source: SourceRef(file: job.display, offset: record.offset))
    }
}
