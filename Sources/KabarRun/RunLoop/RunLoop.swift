import Foundation
import KabarArchive
import KabarCore
import KabarFetch
import KabarStore

/// One pass of a schedule: discovery → frontier → fetch → extract → dedup → store. Pages are
/// fetched and extracted concurrently (up to twice the fetch concurrency in flight); records
/// are stored one at a time through the data folder's actor, or, with a store that groups
/// concurrent calls, handed over to it while the next pages are fetched (`storesWaiting`). A
/// stop request lets the pages in flight finish and be stored; what is left stays queued for
/// the next run.
public struct RunLoop: Sendable {
    public let schedule: Schedule
    public let registry: ExtractorRegistry
    public let folder: any RunStorage
    public let progress: RunProgress
    public let stop: StopSignal
    /// Archive every fetch to `<data>/warc/<schedule>-<time>-<n>.warc.gz` (WARC/1.1).
    public var archive = true
    /// A WARC file is closed and the next begun before it would pass this size.
    public var archiveMaxFileSize: Int64 = 1_000_000_000
    /// Page bytes archived and extracted at once (`ByteBudget`), at least one page of
    /// `limits.max_page_size`: memory follows this, not the number of fetches in flight.
    public static let pageBytesAtOnce = 16 << 20
    /// Run discovery first (false: only work off what is queued, as a worker helping another
    /// worker's run of the schedule does).
    public var discover = true
    /// Entries leased at a time from a shared frontier (`RunStorage.leasesInBatches`).
    public var leaseBatch = 32
    /// WARC file names begin with this (the schedule's name when nil); workers sharing a
    /// database add their name so that their files never collide.
    public var archivePrefix: String? = nil
    /// With a store that groups concurrent calls (`RunRecordSink.groupsStores`): a fetched
    /// article is handed over to the store and its fetch slot goes to the next page while the
    /// article's group commits. The pages held at once (fetching, or extracted and waiting for
    /// their group to commit) are at most the fetch window plus this many, which bounds the
    /// records held in memory. An article is counted, and its frontier entry completed (in the
    /// store's transaction), only when its group committed, as before.
    public var storesWaiting = 64
    /// Pages fetched at once (nil: twice the politeness concurrency, at least 4) and queued
    /// entries looked up at once (nil: the fetch window). Not settings: tests set them to put
    /// a run's steps in a known order.
    var fetchWindow: Int? = nil
    var lookahead: Int? = nil

    public init(schedule: Schedule, registry: ExtractorRegistry, folder: any RunStorage, progress: RunProgress, stop: StopSignal = StopSignal()) {
        self.schedule = schedule
        self.registry = registry
        self.folder = folder
        self.progress = progress
        self.stop = stop
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the pass: discovery, then the frontier's share fetched, extracted and stored, then
    /// the run's ledger closed. Throws only when the store or the frontier fails; everything
    /// else is in the result.
    public func run() async throws -> RunResult {
        guard let extractors = ExtractorChoice(id: schedule.extractor, registry: registry) else {
            throw Failure(description: "\(schedule.file): extractor: unknown extractor \"\(schedule.extractor)\"")
        }
        let started = Date()
        var result = RunResult(schedule: schedule.name, counters: RunCounters())
        result.retrySkippedAfter = schedule.retrySkippedAfter
        var counters = RunCounters()
        try await begin(at: started)
        let fetcher = makeFetcher(for: extractors)
        // Asked to stop: nothing new is requested, not even a page already waiting for its
        // host's politeness delay; the transfers under way finish and are stored.
        let stopToken = stop.onStop { [weak fetcher] in fetcher?.stopStarting() }
        defer { stop.removeAction(stopToken) }
        let warc = try openArchive()
        defer { try? warc?.close() }
        let health = HealthRecorder(secondOpinion: schedule.health.secondOpinion, generic: registry.fallback)

        var sourcesStopped = 0
        if discover, !stop.isStopped {
            result.phases.discoveryStart = result.phases.now()
            sourcesStopped = try await runDiscovery(extractors: extractors, fetcher: fetcher, warc: warc, result: &result, counters: &counters)
            result.phases.discoveryEnd = result.phases.now()
        }
        try await fetchExtractStore(extractors: extractors, fetcher: fetcher, warc: warc, health: health, result: &result, counters: &counters)
        return try await end(started: started, sourcesStopped: sourcesStopped, fetcher: fetcher, warc: warc, health: health, result: result, counters: counters)
    }
}

// MARK: - The pass's steps

extension RunLoop {
    /// Opens the run in the ledger (and the schedule's start, when this pass discovers).
    func begin(at started: Date) async throws {
        if discover { try await folder.recordStart(schedule: schedule.name, at: started) }
        try await folder.startRun(command: "run \(schedule.name)")
        metrics.started(at: started)
        progress.start()
        if (folder as? DataFolder)?.frontierRecreated == true {
            progress.note("frontier: frontier.sqlite was missing or empty and was started afresh; the store's index still decides what is stored, so nothing is stored twice (the queue is found again by discovery, feeds are fetched once without validators)")
        }
    }

    /// The fetcher of the schedule's politeness, page size limit and allowed hosts.
    func makeFetcher(for extractors: ExtractorChoice) -> Fetcher {
        var configuration = schedule.politeness.fetchConfiguration
        configuration.maxBodyBytes = schedule.limits.maxPageSize.bytes
        configuration.hostPolicy = HostPolicy(allowedHosts: schedule.allowedHosts(claimed: extractors.claimedHosts) + schedule.images.fetchedHosts,
                                              allowLocal: schedule.allowLocal)
        return Fetcher(configuration: configuration)
    }

    /// The WARC writer of this pass (nil when not archiving), after the files a killed run left
    /// unfinished are cut back to their last whole record.
    func openArchive() throws -> WARCWriter? {
        guard archive else { return nil }
        let warcFolder = folder.url.appendingPathComponent("warc")
        let warcSite = archivePrefix ?? schedule.name
        try WARCWriter.recover(in: warcFolder, site: warcSite) { progress.warning($0) }
        return try WARCWriter(directory: warcFolder, site: warcSite, maxFileSize: archiveMaxFileSize, compression: schedule.archive,
                              responseBlockDigest: schedule.archiveResponseBlockDigest)
    }

    /// 1. Discovery: the schedule's sources read and new links queued. Returns the number of
    /// sources a stop request left unread.
    func runDiscovery(extractors: ExtractorChoice, fetcher: Fetcher, warc: WARCWriter?,
                      result: inout RunResult, counters: inout RunCounters) async throws -> Int {
        var discovery = Discovery(schedule: schedule, extractors: extractors, fetcher: fetcher, folder: folder,
                                  log: { [progress] in progress.note($0) })
        discovery.archive = warc
        let report = try await discovery.run()
        result.sourcesOK = report.sourcesOK
        result.sourcesNotModified = report.sourcesNotModified
        result.sourcesFailed = report.sourcesFailed
        counters.discovered = report.queued
        counters.knownAtDiscovery = report.known
        for failure in report.failures.prefix(10) { progress.warning("discovery: \(Redaction.redact(failure))") }
        result.problems += report.failures.prefix(10).map(Redaction.redact)
        if report.local + report.offsite > 0 {
            progress.note("discovery: \(counted(report.offsite, "link")) to hosts the schedule does not allow and \(report.local) to local addresses refused, e.g. "
                          + report.refusedExamples.joined(separator: "; "))
        }
        progress.note("discovery: \(counted(report.links, "link")) from \(counted(report.sourcesOK + report.sourcesNotModified, "source")) (\(report.sourcesNotModified) not modified, \(report.sourcesFailed) failed, \(counted(report.sitemapsRead, "sitemap"))); "
                      + "\(report.queued) new\(report.retried > 0 ? " (\(report.retried) skipped before, tried again)" : ""), \(report.repeated) repeated, \(report.known) already stored, \(report.skippedEarlier) skipped earlier, \(report.notArticles) not articles, \(report.tooOld) too old")
        if let warning = Self.noArticleWarning(report, extractor: schedule.extractor) {
            progress.warning("discovery: " + warning)
            result.notes.append(warning)
            result.problems.append(warning)
        }
        return report.sourcesStopped
    }

    /// Links were found and not one was an article to the extractor: the run stores nothing
    /// and is ok, so without this only an info line's count said why.
    static func noArticleWarning(_ report: Discovery.Report, extractor: String) -> String? {
        guard report.notArticles > 0, report.notArticles == report.links else { return nil }
        let why = switch extractor {
        case "generic": "the generic extractor takes a URL for an article when its last part is a slug of 4 or more words or holds 5 or more digits; "
            + "for other URLs write a site extractor with an article_url pattern (kabar new-extractor NAME --host HOST, docs/ADDING-A-SITE.md)"
        case "auto": "no site extractor claims their hosts, or the one claiming them does not take them for articles (kabar sites lists each extractor's hosts)"
        default: "\(extractor) does not take them for articles (a declarative extractor: its article_url pattern)"
        }
        return "not one of the \(counted(report.links, "link")) found is an article, e.g. \(report.notArticleExamples.joined(separator: ", ")): \(why)"
    }

    /// What one task hands back: the queue entry, what the frontier had seen of its URL, the
    /// fetch's outcome (nil: not fetched) and, from a store task (a store that groups calls),
    /// the store's outcome.
    typealias Fetched = (entry: Frontier.Entry, seen: Frontier.Seen?, outcome: ArticleFetch.Outcome?, stored: StoreOutcome?)

    /// 2. The frontier: this run's share of the queue, hosts in turn, newest first (a shared
    /// frontier is leased a batch at a time as the batch drains). 3. Fetch, extract, store:
    /// up to `window` pages in flight, each settled as it comes back; with a store that groups
    /// calls, an extracted article goes to a store task of its own and is settled when its
    /// group committed, up to `window + storesWaiting` pages held at once.
    func fetchExtractStore(extractors: ExtractorChoice, fetcher: Fetcher, warc: WARCWriter?, health: HealthRecorder? = nil,
                           result: inout RunResult, counters: inout RunCounters) async throws {
        let batched = folder.leasesInBatches
        let maxPages = schedule.limits.maxPages
        let entries = try await folder.next(schedule: schedule.name, limit: batched ? min(leaseBatch, maxPages) : maxPages)
        counters.planned = entries.count
        progress.update(counters, force: true)

        let window = fetchWindow ?? max(schedule.politeness.concurrency * 2, 4)
        let lookahead = max(1, self.lookahead ?? window)
        var articleFetch = ArticleFetch(schedule: schedule, extractors: extractors, fetcher: fetcher)
        articleFetch.archive = warc
        articleFetch.health = health
        articleFetch.budget = ByteBudget(capacity: max(Self.pageBytesAtOnce, schedule.limits.maxPageSize.bytes))
        let fetch = articleFetch
        let images = ImageDownloader(schedule: schedule, claimedHosts: extractors.claimedHosts, fetcher: fetcher, folder: folder,
                                     warn: { [progress] in progress.warning($0) })
        let store = storeArticle
        let handsOver = folder.groupsStores
        let held = window + max(storesWaiting, 0)
        var failures = FailedPages()
        try await withThrowingTaskGroup(of: Fetched.self) { group in
            var iterator = entries.makeIterator()
            // Fetch tasks running, and store tasks waiting for their group's commit.
            var inFlight = 0, storing = 0
            // The ids of the records this run stored since the last lookup (see `nextEntry`).
            var storedIDs = Set<String>()
            func refill() async throws -> Frontier.Entry? {
                guard batched, !stop.isStopped, counters.planned < maxPages else { return nil }
                // A leasing folder answers `known` from the lease (PostgreSQL's): what this run
                // stored before the lease, the lease saw.
                storedIDs.removeAll(keepingCapacity: true)
                let more = try await folder.next(schedule: schedule.name, limit: min(leaseBatch, maxPages - counters.planned))
                counters.planned += more.count
                iterator = more.makeIterator()
                return iterator.next()
            }
            // The next entries with what the store and the frontier know of them, looked up a
            // window's worth at a time (`known(ids:)`: one call to the folder and one read of
            // each database), not one call per page in the loop that keeps the fetches going.
            // A record stored by this run after its chunk was looked up is known as stored all
            // the same (an entry whose id another page's canonical URL took), as a lookup at
            // launch would have found it. Only those are remembered: a record stored before the
            // lookup is in its answer (the embedded store answers from its open and committing
            // batches as well as its index; a leasing folder from the lease, see `refill`), so
            // the set is emptied at each lookup (at each lease) and holds a few windows of ids,
            // not every id of the pass.
            var ahead = Lookahead()
            func nextEntry() async throws -> (Frontier.Entry, Known)? {
                if let next = ahead.next() { return next }
                var chunk: [Frontier.Entry] = []
                while chunk.count < lookahead {
                    var next = iterator.next()
                    if next == nil, chunk.isEmpty { next = try await refill() }
                    guard let entry = next else { break }
                    chunk.append(entry)
                }
                guard !chunk.isEmpty else { return nil }
                if !batched { storedIDs.removeAll(keepingCapacity: true) }
                ahead.fill(chunk, known: try await folder.known(ids: chunk.map(\.id)))
                return ahead.next()
            }
            func launch() async throws {
                while inFlight < window, inFlight + storing < held, !stop.isStopped {
                    guard let (entry, lookedUp) = try await nextEntry() else { break }
                    var known = lookedUp
                    if !known.stored, storedIDs.contains(entry.id) { known.stored = true }
                    if try await skipStored(entry, known: known) {
                        counters.skipped += 1
                        if known.stored || known.seen?.storedElsewhere == true { counters.skippedStored += 1 }
                        continue
                    }
                    let seen = known.seen
                    if result.phases.firstPage == nil { result.phases.firstPage = result.phases.now() }
                    group.addTask { [stop] in
                        // A shared frontier's politeness slot for the host.
                        if let wait = entry.notBefore?.timeIntervalSinceNow, wait > 0 {
                            await stop.sleep(wait)
                        }
                        return (entry, seen, await images.attach(to: fetch.run(entry, seen: seen)), nil)
                    }
                    inFlight += 1
                }
            }
            try await launch()
            metrics.queued(try? await folder.queued(schedule: schedule.name))
            while let fetched = try await group.next() {
                if fetched.stored != nil {
                    storing -= 1
                } else {
                    inFlight -= 1
                    if handsOver, case .article? = fetched.outcome {
                        // Handed over: stored in a task of its own (joining the group the
                        // store forms), settled when that group committed.
                        storing += 1
                        group.addTask { (fetched.entry, fetched.seen, fetched.outcome, try await store(fetched.entry, fetched.outcome)) }
                        try await launch()
                        continue
                    }
                }
                try await settle(fetched, store: store, counters: &counters, failures: &failures, result: &result)
                // Its health counts once it is stored; a page left queued (stopped) is not counted.
                var stored = false
                if case .article(let article, _, _, _, _)? = fetched.outcome { storedIDs.insert(article.id); stored = true }
                health?.settle(fetched.entry.url, stored: stored)
                result.phases.lastPage = result.phases.now()
                progress.update(counters)
                try await launch()
            }
        }
        if failures.count > 10 { progress.warning("... and \(failures.count - 10) more failed pages") }
        counters.images = images.counts
    }

    /// What the store and the frontier know of an entry's id (`known(id:)`).
    typealias Known = (stored: Bool, seen: Frontier.Seen?)

    /// Entries taken off the frontier's list ahead of their launch, each with what was known of
    /// its id when the chunk was looked up.
    struct Lookahead {
        private var entries: [(Frontier.Entry, Known)] = []
        private var position = 0

        mutating func fill(_ chunk: [Frontier.Entry], known: [String: Known]) {
            entries = chunk.map { ($0, known[$0.id] ?? (stored: false, seen: nil)) }
            position = 0
        }

        mutating func next() -> (Frontier.Entry, Known)? {
            guard position < entries.count else { return nil }
            defer { position += 1 }
            return entries[position]
        }
    }

    /// Stores a fetched article with its queue entry's completion (nil: no article). A store
    /// that groups concurrent calls is called from a task of its own per article (see
    /// `groupsStores`), the other from the settling loop as results come in.
    var storeArticle: @Sendable (Frontier.Entry, ArticleFetch.Outcome?) async throws -> StoreOutcome? {
        let folder = self.folder
        let scheduleName = schedule.name
        return { entry, outcome in
            guard case .article(let article, let status, let etag, let lastModified, _)? = outcome else { return nil }
            return try await folder.store(article, completion: .done(entry, status: status, etag: etag, lastModified: lastModified),
                                          schedule: scheduleName)
        }
    }

    /// Whether a queued entry is dropped unfetched: stored since it was queued (a run killed
    /// after its store committed) and its source does not say it changed since, or fetched
    /// and skipped less than `retry_skipped_after` ago (`Schedule.fetches`). Not with `refresh`.
    func skipStored(_ entry: Frontier.Entry, known: Known) async throws -> Bool {
        guard !schedule.refresh, !schedule.fetches(known: known, modified: entry.modified, now: Int64(Date().timeIntervalSince1970)) else { return false }
        try await folder.complete(.dropped(entry), schedule: schedule.name)
        return true
    }

    /// One page back from its fetch task: counted, stored (unless the task stored it), its
    /// failure noted, and its queue entry completed.
    func settle(_ fetched: Fetched, store: @Sendable (Frontier.Entry, ArticleFetch.Outcome?) async throws -> StoreOutcome?,
                counters: inout RunCounters, failures: inout FailedPages, result: inout RunResult) async throws {
        let (entry, seen, outcome) = (fetched.entry, fetched.seen, fetched.outcome)
        let before = counters
        defer { metrics.counted(from: before, to: counters) }
        switch outcome {
        case .article?:
            counters.fetched += 1
            var stored = fetched.stored
            if stored == nil { stored = try await store(entry, outcome) }
            switch stored! {
            case .written(let revision): if revision == 1 { counters.stored += 1 } else { counters.revised += 1 }
            case .unchanged: counters.unchanged += 1
            case .duplicate: counters.duplicates += 1
            }
        case .notModified?:
            counters.fetched += 1
            counters.unchanged += 1
            try await folder.complete(.done(entry, status: 304, etag: seen?.etag, lastModified: seen?.lastModified), schedule: schedule.name)
        case .gone(let why, let kind, let status)?:
            counters.failed += 1
            counters.skippedFailures += 1
            let failure = PageFailure(url: entry.url, outcome: .skipped, kind: kind, reason: Redaction.redact(why))
            try await failures.note(failure, in: &result, loop: self)
            try await folder.complete(.skipped(entry, status: status), schedule: schedule.name)
        case .failed(let why, let kind)?:
            counters.failed += 1
            // Its runs' tries are counted in the queue entry: the last one skips it like a
            // permanent error (into `seen`, fetched again after retry_skipped_after), so that
            // discovery does not queue it again as new at the next run.
            let tries = entry.attempts + 1, lastTry = tries >= Frontier.maxAttempts
            if lastTry { counters.skippedFailures += 1 }
            let failure = PageFailure(url: entry.url, outcome: lastTry ? .skipped : .retry, kind: kind,
                                      reason: Redaction.redact(why) + " (try \(tries) of \(Frontier.maxAttempts), one a run)")
            try await failures.note(failure, in: &result, loop: self)
            try await folder.complete(lastTry ? .skipped(entry, status: 0) : .failed(entry), schedule: schedule.name)
        case .disallowed?:
            counters.disallowed += 1
            result.failures.append(PageFailure(url: entry.url, outcome: .disallowed, kind: "robots_disallowed",
                                               reason: "robots.txt disallows it"))
            try await folder.complete(.done(entry, status: 0, etag: nil, lastModified: nil), schedule: schedule.name)
        case .stopped?, nil:
            // Not requested (the run was stopped first): it stays queued for the next run.
            break
        }
    }

    /// Closes the pass: archive and store flushed, what is left counted, the run's status in
    /// the ledger.
    func end(started: Date, sourcesStopped: Int, fetcher: Fetcher, warc: WARCWriter?, health: HealthRecorder? = nil,
             result: RunResult, counters: RunCounters) async throws -> RunResult {
        var result = result
        var counters = counters
        // The archive's fsync (what its writeback left, up to `writebackBytes`) on a thread of
        // its own while the store's last batch is fsynced and committed: neither waits for the
        // other (no record's durability depends on the order of the two), and both are done
        // before the run is recorded as finished.
        async let archiveSynced: Void = Self.sync(warc)
        try await folder.flush()
        try await archiveSynced
        counters.left = try await folder.queued(schedule: schedule.name)
        counters.bytes = fetcher.bytesReceived
        result.counters = counters
        if counters.skippedFailures > 0 { progress.note(result.skippedNote) }
        result.stopped = stop.isStopped && (counters.left > 0 || sourcesStopped > 0)
        result.seconds = Date().timeIntervalSince(started)
        let status = result.failedAsAWhole ? "failed" : result.stopped ? "stopped" : "ok"
        if let health { result.health = try await judgeHealth(health) }
        result.revisedFields = await folder.runRevisedFields()
        try await folder.finishRun(failed: counters.failed, status: status)
        if discover { try await folder.recordEnd(schedule: schedule.name, status: status) }
        await metrics.ended(result, status: status, store: folder)
        result.phases.end = result.phases.now()
        progress.update(counters, force: true)
        progress.note("timing: " + result.phases.line(fetched: counters.fetched))
        progress.finish()
        return result
    }
}

extension RunLoop {
    /// `warc.sync()` on a dispatch thread, not on one of the few threads that run the tasks.
    static func sync(_ warc: WARCWriter?) async throws {
        guard let warc else { return }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            DispatchQueue.global().async {
                do { try warc.sync(); done.resume() } catch { done.resume(throwing: error) }
            }
        }
    }
}

/// A pass's failed pages: each in the result and in the frontier's per-URL record of
/// failures, the first 10 also in the log and the result's problems.
struct FailedPages {
    private(set) var count = 0

    mutating func note(_ failure: PageFailure, in result: inout RunResult, loop: RunLoop) async throws {
        result.failures.append(failure)
        loop.metrics.failed(failure)
        if count < 10 { loop.progress.warning(failure.line); result.problems.append("\(failure.url): \(failure.reason)") }
        count += 1
        try await loop.folder.recordFailure(failure, schedule: loop.schedule.name)
    }
}
