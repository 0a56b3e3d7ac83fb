import Foundation
import KabarArchive
import KabarCore
import KabarFetch

/// Fetches one article and extracts it: through the plugin's whole-article URL when it names
/// one (SINDOnews' `?showpage=all`), else page by page along `nextPageURL`, merged with the
/// plugin's `merge`. A refetch sends the validators of the last fetch (conditional GET).
struct ArticleFetch: Sendable {
    let schedule: Schedule
    let extractors: ExtractorChoice
    let fetcher: Fetcher
    /// Every fetch is archived here (request, response or revisit, metadata); the response's
    /// file and offset become the record's `source`.
    var archive: WARCWriter? = nil
    /// Page bytes archived and extracted at once across the run's fetches (a page's parse tree
    /// and archive copies take many times its size); the bytes are held from the first
    /// response until the article is made.
    var budget: ByteBudget? = nil
    /// What one article may cost extraction (all its pages together).
    var extractionBudget = ExtractionBudget()
    /// Each article's health is tallied here (and a sample given a second opinion).
    var health: HealthRecorder? = nil

    enum Outcome: Sendable {
        case article(Article, status: Int, etag: String?, lastModified: String?, pages: Int)
        /// 304: the copy fetched before is current.
        case notModified
        /// The page is gone (404, 410), is no article, or can never be had (too large, a
        /// redirect loop, a refused host): off the queue for good. `kind` as in `PageFailure`.
        case gone(String, kind: String, status: Int)
        /// A failure worth trying again in a later run (network, 5xx, 429, robots unavailable).
        case failed(String, kind: String)
        /// robots.txt disallows it: never fetched, off the queue.
        case disallowed
        /// Not fetched because the run was asked to stop first: left queued.
        case stopped
    }

    func run(_ entry: Frontier.Entry, seen: Frontier.Seen?) async -> Outcome {
        guard let url = URL(string: entry.url) else { return .gone("not a URL", kind: "invalid_url", status: 0) }
        guard let extractor = extractors.extractor(for: url) else { return .gone("no extractor claims \(url.host ?? "")", kind: "no_extractor", status: 0) }
        var request = FetchRequest(url: schedule.fetchURL(for: extractor.wholeArticleURL(for: url) ?? url))
        if let seen {
            request.etag = seen.etag
            request.lastModified = seen.lastModified
        }
        let response = await fetcher.fetch(request)
        if Self.isStopped(response) { return .stopped }
        guard let budget else { return await process(response, request: request, url: url, extractor: extractor, seen: seen, entry: entry.url) }
        let held = response.body.count
        let outcome = await budget.with(held) { await process(response, request: request, url: url, extractor: extractor, seen: seen, entry: entry.url) }
        // A large page's parse tree was freed on this thread's malloc arena, which glibc keeps:
        // give it back, or each thread that ever parsed a large page holds its peak.
        if held >= 1 << 20 { ByteBudget.returnFreedMemory() }
        return outcome
    }

    /// Archives and extracts a fetched article (fetching its further pages). Its health is held
    /// under `entry` (its queue entry's URL) until the run loop settles it.
    private func process(_ first: FetchResponse, request: FetchRequest, url: URL, extractor: any Extractor, seen: Frontier.Seen?,
                         entry: String) async -> Outcome {
        var response = first
        // The page's real address (not its mirror's), read once for the archive and the parse.
        var real = schedule.mirrors.realURL(for: response.finalURL)
        var location: WARCLocation?
        do { location = try archived(response, real: real, seen: seen) } catch { return .failed("archive: \(error)", kind: "archive") }
        if response.notModified { return .notModified }
        if !response.isSuccess, extractor.wholeArticleURL(for: url) != nil, Self.isHTTPError(response) {
            // No whole-article page: the article's own URL, page by page.
            var plain = FetchRequest(url: schedule.fetchURL(for: url))
            plain.etag = request.etag
            plain.lastModified = request.lastModified
            response = await fetcher.fetch(plain)
            if Self.isStopped(response) { return .stopped }
            real = schedule.mirrors.realURL(for: response.finalURL)
            do { location = try archived(response, real: real, seen: seen) } catch { return .failed("archive: \(error)", kind: "archive") }
            if response.notModified { return .notModified }
        }
        guard response.isSuccess else { return Self.failure(response, maxRetryAfter: schedule.politeness.maxRetryAfter.seconds) }
        // The assembler parses, chooses the extractor, merges the pages and builds the record;
        // fetching and archiving the continuation pages is this loop's.
        var assembler = ArticleAssembler(registry: extractors.registry, maxPages: schedule.limits.maxArticlePages)
        assembler.budget = extractionBudget
        let opinion = health?.watch(&assembler)
        var assembly: ArticleAssembler.Assembly
        do {
            assembly = try assembler.open(try pageBytes(response, real: real), site: extractors.fixed?.id)
            while let next = assembly.nextPage() {
                let more = await fetcher.fetch(FetchRequest(url: schedule.fetchURL(for: next)))
                if Self.isStopped(more) { return .stopped }
                let moreReal = schedule.mirrors.realURL(for: more.finalURL)
                do { _ = try archived(more, real: moreReal, seen: nil, continues: assembly.first.url) } catch { return .failed("archive: \(error)", kind: "archive") }
                guard more.isSuccess else {
                    return .failed("page \(assembly.pages.count + 1) (\(next.absoluteString)): \(more.error?.reason(fetching: more.url.absoluteString) ?? "HTTP \(more.status)")",
                                   kind: more.error?.kind ?? "http_status")
                }
                try assembly.add(try pageBytes(more, real: moreReal), asked: next)
            }
        } catch let problem as NotAPage {
            return .gone(problem.reason, kind: "not_html", status: response.status)
        } catch ArticleAssembler.Failure.pageExtraction(let page, let reason) {
            // The log line names the article's URL: its first page's extraction error named it
            // again ("skipped: URL: no article text (URL)"). A page redirected elsewhere keeps its address.
            return .gone(page == url.absoluteString ? reason : "\(page): \(reason)", kind: "extraction", status: response.status)
        } catch ArticleAssembler.Failure.overBudget(let why) {
            return .gone(why, kind: "extraction_budget", status: response.status)
        } catch {
            return .gone("\(error)", kind: "extraction", status: response.status)
        }
        var article: Article
        do { article = try assembly.article() } catch {
            return .gone("\(error)", kind: "extraction_budget", status: response.status)
        }
        if let location { article.source = SourceRef(file: location.file, offset: location.offset) }
        health?.observe(article, extractor: assembly.extractor, opinion: opinion, until: entry)
        return .article(article, status: response.status, etag: response.etag, lastModified: response.lastModified, pages: assembly.pages.count)
    }

    /// Archives a fetch (`real`: its final URL's real address); the location of its response
    /// (nil with no archive or no response).
    func archived(_ response: FetchResponse, real: URL, seen: Frontier.Seen?, continues: URL? = nil) throws -> WARCLocation? {
        guard let archive else { return nil }
        let exchange = WARCExchange(response: response, configuration: fetcher.configuration, schedule: schedule.name,
                                    pageURI: real.absoluteString,
                                    continues: continues?.absoluteString,
                                    refersToDate: seen.map { Date(timeIntervalSince1970: TimeInterval($0.fetchedAt)) },
                                    role: continues == nil ? "article" : "page",
                                    extractor: schedule.extractor == "auto" ? nil : schedule.extractor)
        return try archive.archive(exchange)
    }

    /// The fetched page's bytes under its real address (`real`), unless they are no HTML page at all.
    func pageBytes(_ response: FetchResponse, real: URL) throws -> ArticleAssembler.PageBytes {
        if let problem = PageSniffer.problem(body: response.body, contentType: response.headers["Content-Type"]) {
            throw NotAPage(reason: problem)
        }
        return ArticleAssembler.PageBytes(data: response.body, url: real,
                                          charset: response.charset, fetchedAt: Date())
    }

    /// Not sent: the fetcher stopped starting requests (the run was asked to stop).
    static func isStopped(_ r: FetchResponse) -> Bool {
        if case .cancelled? = r.error { return true }
        return false
    }

    static func isHTTPError(_ r: FetchResponse) -> Bool {
        if case .httpStatus = r.error { return true }
        return false
    }

    struct NotAPage: Error { let reason: String }

    static func failure(_ r: FetchResponse, maxRetryAfter: Double? = nil) -> Outcome {
        // The URL the error names is the line's own (left out), or another (a redirect's target).
        var why = r.error?.reason(fetching: r.url.absoluteString) ?? "HTTP \(r.status)"
        if r.attempts > 1 { why += " after \(counted(r.attempts, "attempt"))" }
        // A pause asked for (429, 503) longer than the schedule waits: not retried now, and the
        // host held back the longest wait allowed, the run silent meanwhile; say so, with both.
        if r.status == 429 || r.status == 503, let maxRetryAfter, let value = r.headers["Retry-After"],
           let seconds = RetryPolicy.parseRetryAfter(value), seconds > maxRetryAfter {
            let asked = ScheduleDuration(seconds: seconds.rounded(.up)), allowed = ScheduleDuration(seconds: maxRetryAfter)
            why += " (Retry-After \(asked), over politeness.max_retry_after \(allowed): left for a later run; the host paused \(allowed))"
        }
        let kind = r.error?.kind ?? "http_status"
        switch r.error {
        case .httpStatus(let status) where status == 404 || status == 410 || (400..<500).contains(status) && status != 429 && status != 408:
            return .gone(why, kind: kind, status: status)
        case .robotsDisallowed:
            return .disallowed
        case let error? where error.isPermanent:
            return .gone(why, kind: kind, status: r.status)
        default:
            return .failed(why, kind: kind)
        }
    }
}
