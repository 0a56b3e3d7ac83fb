import Foundation
import KabarArchive
import KabarCore
import KabarFetch
import KabarHTML

/// Discovery: the schedule's feeds, sitemaps (indexes followed, bounded by depth and count)
/// and listing pages, fetched with conditional GET, read into links; links canonicalised,
/// filtered by the plugin's `isArticle` and by age, dropped when already stored (unless the
/// schedule refreshes, or the source says the article changed since it was fetched), and the
/// rest put in the frontier.
struct Discovery {
    let schedule: Schedule
    let extractors: ExtractorChoice
    let fetcher: Fetcher
    let folder: any RunStorage
    let log: @Sendable (String) -> Void
    /// Where every source fetch is archived (role feed, sitemap or listing).
    var archive: WARCWriter? = nil

    struct Report: Sendable {
        var sourcesOK = 0
        var sourcesNotModified = 0
        var sourcesFailed = 0
        /// Sources not requested because the run was asked to stop first (not failures).
        var sourcesStopped = 0
        var sitemapsRead = 0
        var links = 0
        var notArticles = 0
        var tooOld = 0
        /// Links to an article stored before, not fetched again.
        var known = 0
        /// Links to an article an earlier run fetched and skipped (not HTML, too large, gone,
        /// disallowed...) less than `retry_skipped_after` ago: nothing stored, not fetched yet.
        var skippedEarlier = 0
        /// Links to an article an earlier link of this run already named (a feed and a sitemap
        /// listing the same articles), so that the counts add up to `links`.
        var repeated = 0
        /// Links to local addresses (without allow_local) and to hosts the schedule does not allow.
        var local = 0
        var offsite = 0
        var refusedExamples: [String] = []
        /// The first links the extractor did not take for articles (for the warning when it took none).
        var notArticleExamples: [String] = []
        var queued = 0
        /// Of the queued links, those skipped by an earlier run (not HTML, too large, gone...)
        /// at least `retry_skipped_after` ago, tried again.
        var retried = 0
        var failures: [String] = []
    }

    /// One fetched source document.
    enum Fetched: Sendable {
        case fresh(data: Data, url: URL, charset: String?, validators: Frontier.Validators)
        case notModified(Frontier.Validators)
        case failed(String)
        /// Not requested: the run was asked to stop.
        case stopped
    }

    /// Reads the schedule's sources: feeds and listings, then sitemaps (through their indexes);
    /// the links found are filtered and queued, then the sources' validators saved.
    func run() async throws -> Report {
        var report = Report()
        var links: [DiscoveredLink] = []
        var validators: [String: Frontier.Validators] = [:]
        var progress = DiscoveryProgress(log: log)
        await readFeedsAndListings(report: &report, links: &links, validators: &validators, progress: &progress)
        let cutoff = schedule.limits.maxAge.map { Date().addingTimeInterval(-$0.seconds) }
        await readSitemaps(cutoff: cutoff, report: &report, links: &links, validators: &validators, progress: &progress)

        report.links = links.count
        let entries = try await select(links, cutoff: cutoff, report: &report)
        try await folder.enqueue(entries, schedule: schedule.name)
        // Validators only after the links are queued: a run killed in between fetches the sources again.
        // Not when links were found and not one was an article to the extractor (its
        // article_url to fix, most likely): the next run reads the sources in full again,
        // where a 304 would hide their links from the fixed extractor.
        if !(report.notArticles > 0 && report.notArticles == report.links) {
            try await folder.saveValidators(validators)
        }
        report.queued = entries.count
        return report
    }

    /// Feeds and listings: one document each, fetched concurrently, each read as it arrives.
    func readFeedsAndListings(report: inout Report, links: inout [DiscoveredLink], validators: inout [String: Frontier.Validators],
                              progress: inout DiscoveryProgress) async {
        let simple = schedule.sources.filter { $0.kind != .sitemap }
        await withTaskGroup(of: (ScheduleSource, Fetched).self) { group in
            for source in simple {
                group.addTask { (source, await self.fetch(source.url)) }
            }
            for await (source, fetched) in group {
                let before = (links.count, report.sourcesFailed)
                readFeedOrListing(source, fetched, report: &report, links: &links, validators: &validators)
                progress.read("\(source.kind.rawValue) \(source.url.absoluteString)",
                              DiscoveryProgress.outcome(fetched, links: links.count - before.0, unreadable: report.sourcesFailed > before.1),
                              links: links.count)
            }
        }
    }

    /// One fetched feed or listing: its links, its validators, its count in the report.
    func readFeedOrListing(_ source: ScheduleSource, _ fetched: Fetched, report: inout Report, links: inout [DiscoveredLink],
                           validators: inout [String: Frontier.Validators]) {
        switch fetched {
        case .failed(let why):
            report.sourcesFailed += 1
            report.failures.append("\(source.kind.rawValue) \(source.url.absoluteString): \(why)")
        case .notModified:
            report.sourcesNotModified += 1
        case .stopped:
            report.sourcesStopped += 1
        case .fresh(let data, let url, let charset, let v):
            do {
                let found = try read(source, data: data, url: url, charset: charset)
                if found.count >= FeedParser.maxItems { report.failures.append(Self.capNote(source.url)) }
                links += found
                validators[Self.key(source.url)] = v
                report.sourcesOK += 1
            } catch {
                report.sourcesFailed += 1
                report.failures.append("\(source.kind.rawValue) \(source.url.absoluteString): \(error)")
            }
        }
    }

    /// Sitemaps: breadth first through indexes, at most `maxSitemaps` fetched, `sitemapDepth` deep.
    func readSitemaps(cutoff: Date?, report: inout Report, links: inout [DiscoveredLink],
                      validators: inout [String: Frontier.Validators], progress: inout DiscoveryProgress) async {
        var level: [(URL, isSource: Bool)] = schedule.sources.filter { $0.kind == .sitemap }.map { ($0.url, true) }
        var visited = Set<String>()
        var depth = 0
        while !level.isEmpty, depth < schedule.limits.sitemapDepth {
            depth += 1
            var batch: [(URL, Bool)] = []
            // By canonical form: an index listing itself as HTTP://HOST:80/x.xml#a is read once.
            for item in level where visited.insert(Self.key(item.0)).inserted {
                if report.sitemapsRead + batch.count >= schedule.limits.maxSitemaps {
                    log("discovery: sitemap limit reached (\(schedule.limits.maxSitemaps)); \(item.0.absoluteString) and others left for later")
                    break
                }
                batch.append(item)
            }
            var nextLevel: [(URL, isSource: Bool)] = []
            await withTaskGroup(of: (URL, Bool, Fetched, Parsed?).self) { group in
                // Each parsed in its own task, so that sitemaps arriving together are parsed on
                // all cores; then read as it arrives.
                for (url, isSource) in batch {
                    group.addTask {
                        let fetched = await self.fetch(url)
                        guard case .fresh(let data, let finalURL, _, _) = fetched else { return (url, isSource, fetched, nil) }
                        return (url, isSource, fetched, Result { try SitemapParser.parse(data, url: finalURL) })
                    }
                }
                for await (url, isSource, result, parsed) in group {
                    let before = (links.count, report.failures.count)
                    let children = readSitemap(url, isSource: isSource, result, parsed: parsed, cutoff: cutoff, report: &report, links: &links, validators: &validators)
                    nextLevel += children
                    let unreadable = report.failures.count > before.1 && links.count == before.0 && children.isEmpty
                    progress.read("sitemap \(url.absoluteString)",
                                  DiscoveryProgress.outcome(result, links: links.count - before.0, sitemaps: children.count, unreadable: unreadable),
                                  links: links.count)
                }
            }
            level = nextLevel
        }
        if !level.isEmpty, depth >= schedule.limits.sitemapDepth {
            log("discovery: sitemap indexes nest deeper than \(schedule.limits.sitemapDepth); \(level.count) sitemap(s) not read")
        }
    }

    /// A fetched sitemap's content, or why it could not be read.
    typealias Parsed = Result<SitemapParser.Content, any Error>

    /// One fetched sitemap: its URLs become links; an index's sitemaps (within `cutoff`) are
    /// returned for the next level. `parsed`: the fresh body already parsed (else parsed here).
    func readSitemap(_ url: URL, isSource: Bool, _ result: Fetched, parsed: Parsed? = nil, cutoff: Date?, report: inout Report,
                     links: inout [DiscoveredLink], validators: inout [String: Frontier.Validators]) -> [(URL, isSource: Bool)] {
        var next: [(URL, isSource: Bool)] = []
        report.sitemapsRead += 1
        switch result {
        case .failed(let why):
            if isSource { report.sourcesFailed += 1 }
            report.failures.append("sitemap \(url.absoluteString): \(why)")
        case .stopped:
            if isSource { report.sourcesStopped += 1 }
        case .notModified(let v):
            if isSource { report.sourcesNotModified += 1 }
            // An unchanged index: its sitemaps may still have changed.
            next += v.children.compactMap { URL(string: $0) }.map { ($0, false) }
        case .fresh(let data, let finalURL, _, var v):
            do {
                switch try (parsed ?? Result { try SitemapParser.parse(data, url: finalURL) }).get() {
                case .urls(let found):
                    if found.count >= FeedParser.maxItems { report.failures.append(Self.capNote(url)) }
                    links += found
                case .sitemaps(let maps):
                    let wanted = maps.filter { m in cutoff.map { c in (m.modified ?? .distantFuture) >= c } ?? true }
                    v.children = wanted.map { $0.url.absoluteString }
                    next += wanted.map { ($0.url, false) }
                }
                validators[Self.key(url)] = v
                if isSource { report.sourcesOK += 1 }
            } catch {
                if isSource { report.sourcesFailed += 1 }
                report.failures.append("sitemap \(url.absoluteString): \(error)")
            }
        }
        return next
    }

    /// A source's identity, for the sitemaps already read and its validators in the data
    /// folder: its canonical form (case, default port, fragment, `.` and `..` segments),
    /// without `user:password@`.
    static func key(_ url: URL) -> String { URLCanonicalizer.canonicalize(url.standardized).absoluteString }

    /// The links worth fetching, as frontier entries.
    func select(_ links: [DiscoveredLink], cutoff: Date?, report: inout Report) async throws -> [Frontier.Entry] {
        var chosen: [String: Frontier.Entry] = [:]
        let now = Int64(Date().timeIntervalSince1970)
        // The links that may be queued, in order; then what the store and the frontier know of
        // their ids, asked once for them all (one read transaction, not one per link).
        var candidates: [(link: DiscoveredLink, canonical: URL, text: String, id: String)] = []
        for (link, verdict) in zip(links, await verdicts(links, cutoff: cutoff)) {
            switch verdict {
            case .notArticle:
                report.notArticles += 1
                if report.notArticleExamples.count < 2 {
                    report.notArticleExamples.append(Redaction.redact(schedule.mirrors.realURL(for: link.url).absoluteString))
                }
            case .tooOld: report.tooOld += 1
            case .refused(let refusal):
                if case .localAddress = refusal { report.local += 1 } else { report.offsite += 1 }
                if report.refusedExamples.count < 3 { report.refusedExamples.append(refusal.description) }
            case .candidate(let canonical, let text, let id):
                candidates.append((link, canonical, text, id))
            }
        }
        // Each id once, in order: asked of the folder, then, read again below, a later link's id
        // already there is a repeat.
        var considered = Set<String>()
        let ids = candidates.map(\.id).filter { considered.insert($0).inserted }
        let known = schedule.refresh ? [:] : try await folder.known(ids: ids)
        considered.removeAll(keepingCapacity: true)
        for (link, canonical, text, id) in candidates {
            let modified = link.modified.map { Int64($0.timeIntervalSince1970) }
            // A later listing of the same article is counted as repeated, but still read: it
            // may date a change the first listing did not.
            let repeated = !considered.insert(id).inserted
            if chosen[id] != nil { report.repeated += 1; continue }
            if let known = known[id] {
                // Fetched before: again only when the source says it changed since, or when
                // that fetch stored nothing and was retry_skipped_after ago (never fetched: always).
                guard schedule.fetches(known: known, modified: modified, now: now) else {
                    if repeated { report.repeated += 1 } else if known.stored || known.seen?.storedElsewhere == true { report.known += 1 } else { report.skippedEarlier += 1 }
                    continue
                }
                if schedule.isSkippedRetry(known: known, now: now) { report.retried += 1 }
            }
            let priority = link.date.map { Int64($0.timeIntervalSince1970) } ?? now
            chosen[id] = Frontier.Entry(url: text, id: id, host: canonical.host ?? "", priority: priority, modified: modified)
        }
        return Array(chosen.values)
    }

    /// What `select` makes of one link on its own, before the store is asked.
    enum Verdict: Sendable, Equatable {
        case notArticle, tooOld
        case refused(FetchError)
        /// To be queued unless stored or repeated: its canonical URL, as text, and its id.
        case candidate(URL, String, String)
    }

    /// Links judged at a time by one task of `verdicts`.
    static let verdictChunk = 512

    /// Each link's `Verdict`, in order: the URL work (mirror mapping, the plugin's
    /// `isArticle`, canonical form, host policy, id) is most of discovery's CPU and depends on
    /// the link alone, so chunks of links are judged on all cores at once while the run's other
    /// core would otherwise wait for the first page.
    func verdicts(_ links: [DiscoveredLink], cutoff: Date?) async -> [Verdict] {
        let chunk = Self.verdictChunk
        guard links.count > chunk else { return links.map { verdict($0, cutoff: cutoff) } }
        let parts = await withTaskGroup(of: (Int, [Verdict]).self) { group in
            for start in stride(from: 0, to: links.count, by: chunk) {
                let slice = links[start..<min(start + chunk, links.count)]
                group.addTask { (start, slice.map { self.verdict($0, cutoff: cutoff) }) }
            }
            var parts: [Int: [Verdict]] = [:]
            for await (start, part) in group { parts[start] = part }
            return parts
        }
        return parts.keys.sorted().flatMap { parts[$0]! }
    }

    func verdict(_ link: DiscoveredLink, cutoff: Date?) -> Verdict {
        let real = schedule.mirrors.realURL(for: link.url)
        guard let extractor = extractors.extractor(for: real), extractor.isArticle(real) else { return .notArticle }
        if let cutoff, let date = link.date, date < cutoff { return .tooOld }
        let canonical = URLCanonicalizer.canonicalize(real, for: extractor)
        if let refusal = fetcher.configuration.hostPolicy.refusal(for: schedule.mirrors.fetchURL(for: canonical)) { return .refused(refusal) }
        let text = canonical.absoluteString
        return .candidate(canonical, text, Hash64.hex(Hash64.of(text)))
    }

    /// What is said of a source whose entries reached the cap (the rest were not read).
    static func capNote(_ url: URL) -> String {
        "\(url.absoluteString): \(FeedParser.maxItems) entries or more; only the first \(FeedParser.maxItems) are read (the cap per feed or sitemap)"
    }

    /// Fetches a source with the validators of its last fetch.
    func fetch(_ url: URL) async -> Fetched {
        let previous = (try? await folder.validators(url: Self.key(url))) ?? nil
        let target = schedule.fetchURL(for: url)
        var request = FetchRequest(url: target, etag: previous?.etag, lastModified: previous?.lastModified)
        request.maxBodyBytes = schedule.limits.maxSourceSize.bytes
        let response = await fetcher.fetch(request)
        if response.error == .cancelled { return .stopped }
        // A source is archived when what it answered is new to the archive: not a 304, not the
        // same body as the copy archived last (so a run that finds nothing new leaves no new
        // WARC file). Failures are archived as they come.
        let digest = response.isSuccess && !response.notModified ? WARCDigest.sha1(response.body) : nil
        let unchanged = response.notModified || (digest != nil && digest == previous?.digest)
        if let archive, !unchanged {
            let x = WARCExchange(response: response, configuration: fetcher.configuration, schedule: schedule.name,
                                 pageURI: schedule.mirrors.realURL(for: response.finalURL).absoluteString, role: "discovery")
            do { try archive.archive(x) } catch { return .failed("archive: \(error)") }
        }
        if response.notModified, let previous { return .notModified(previous) }
        if let error = response.error { return .failed(error.description) }
        guard response.isSuccess else { return .failed("HTTP \(response.status)") }
        // Without an archive nothing was archived: no digest to keep.
        let v = Frontier.Validators(etag: response.etag, lastModified: response.lastModified, digest: archive == nil ? nil : digest)
        return .fresh(data: response.body, url: schedule.mirrors.realURL(for: response.finalURL), charset: response.charset, validators: v)
    }

    /// The links of a feed or listing page.
    func read(_ source: ScheduleSource, data: Data, url: URL, charset: String?) throws -> [DiscoveredLink] {
        switch source.kind {
        case .feed:
            return try FeedParser.parse(data, url: url)
        case .sitemap:
            if case .urls(let links) = try SitemapParser.parse(data, url: url) { return links }
            return []
        case .listing:
            guard let extractor = extractors.extractor(for: url) else { throw ArticleAssembler.Failure.noExtractor(url.host ?? url.absoluteString) }
            let document = try HTMLDocument(data: data, url: url, charset: charset, scripts: extractor.scriptText)
            let page = Page(document: document, url: url, fetchedAt: Date())
            let found = source.links.map { extractor.articleLinks(in: page, selector: $0) } ?? extractor.listingLinks(page)
            return found.map { DiscoveredLink(url: $0) }
        }
    }
}
