import Foundation
import KabarArchive
import KabarCore

/// One `Reextraction.run`, step by step: the inputs read and extracted on the workers
/// (`drive`), the outcomes put back in input order and stored in groups (`storeReady`,
/// `storeGroup`), then a second pass over multi-page articles once every continuation page is
/// known, and a last one over the continuation pages no first page led to (`again`).
final class ReextractionPass {
    typealias Job = Reextraction.Job
    typealias Outcome = Reextraction.Outcome
    typealias PageLocation = Reextraction.PageLocation
    typealias StoreGroup = ([Article]) async throws -> [StoreOutcome]

    let reextraction: Reextraction
    let groupSize: Int
    let progress: (Reextraction.Summary) -> Void
    let start = Date()
    private(set) var summary = Reextraction.Summary()

    private var inputs: ReextractionInputs
    /// Continuation pages by URL: marked in the archive, or found by extraction.
    private var continuations: [String: PageLocation] = [:]
    /// First pages that name a next page: extracted again in the second pass.
    private var deferred: [Job] = []
    /// Continuation pages found by extraction, by URL, until a first page claims them.
    private var orphans: [String: Job] = [:]
    /// Articles skipped for a later page (their first pages' URLs): a page of theirs no first
    /// page claimed is not made a record of its own (it would be a part of the article).
    private var skippedArticles: Set<String> = []
    /// The last pass, over the orphans.
    private var orphanPass = false
    /// Outcomes by job number, waiting for the ones before them.
    private var ready: [Int: Outcome] = [:]
    private var nextToStore = 1
    /// Records waiting to be stored as one group.
    private var pending: [Article] = []
    private var lastProgress = Date.distantPast
    /// The jobs of a later pass (nil: the first pass, which reads `inputs`), renumbered from `base`.
    private var queued: IndexingIterator<[Job]>?
    private var base = 0

    init(_ inputs: [URL], reextraction: Reextraction, groupSize: Int, progress: @escaping (Reextraction.Summary) -> Void) {
        self.reextraction = reextraction
        self.inputs = ReextractionInputs(inputs, reextraction: reextraction)
        self.groupSize = max(1, groupSize)
        self.progress = progress
    }

    /// Every pass, then the summary.
    func run(storingGroups: StoreGroup) async throws -> Reextraction.Summary {
        try await drive(continuations: nil, storingGroups: storingGroups)
        // Multi-page articles, now that every continuation page is known; then the
        // continuation pages no first page led to, each a record of its own (nothing is lost).
        let multiPage = deferred
        deferred = []
        try await again(multiPage, continuations: continuations, storingGroups: storingGroups)
        orphanPass = true
        try await again(Array(orphans.values), continuations: [:], storingGroups: storingGroups)
        summary.seconds = Date().timeIntervalSince(start)
        progress(summary)
        return summary
    }

    /// A later pass over `jobs`, in their first order, numbered on from the stored ones.
    private func again(_ jobs: [Job], continuations: [String: PageLocation], storingGroups: StoreGroup) async throws {
        guard !jobs.isEmpty else { return }
        queued = jobs.sorted { $0.seq < $1.seq }.makeIterator()
        base = nextToStore
        try await drive(continuations: continuations, storingGroups: storingGroups)
    }

    /// The next job of this pass.
    private func nextJob() throws -> Job? {
        guard queued != nil else { return try inputs.next(&summary, continuations: &continuations) }
        guard var job = queued!.next() else { return nil }
        job.seq = base
        base += 1
        return job
    }

    /// Extracts this pass's jobs on the workers and stores their records. The reading and
    /// storing happen here, overlapped with the workers: jobs are read ahead while they
    /// extract, and a finished worker gets its next job before the result is stored.
    private func drive(continuations: [String: PageLocation]?, storingGroups: StoreGroup) async throws {
        let this = reextraction
        let workers = max(1, this.options.workers)
        let assembler = {
            var a = ArticleAssembler(registry: this.registry, maxPages: this.options.maxArticlePages)
            a.fallsBack = this.options.fallsBack
            return a
        }()
        let budget = ByteBudget(capacity: max(RunLoop.pageBytesAtOnce, this.options.maxPageBytes))
        try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            var inFlight = 0
            var ahead: [Job] = []
            var exhausted = false
            func launch() {
                while inFlight < workers, !ahead.isEmpty {
                    let job = ahead.removeFirst()
                    // Pages extracted at once are held to a byte budget, as in a live run.
                    let bytes = job.record?.block.count ?? job.fileBytes ?? 0
                    group.addTask {
                        let outcome = await budget.with(bytes) { this.extract(job, assembler: assembler, continuations: continuations) }
                        if bytes >= 1 << 20 { ByteBudget.returnFreedMemory() }
                        return (job.seq, outcome)
                    }
                    inFlight += 1
                }
            }
            func readAhead() throws {
                while !exhausted, ahead.count < workers {
                    if let job = try nextJob() { ahead.append(job) } else { exhausted = true }
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
                try await storeReady(storingGroups)
            }
        }
        try await storeGroup(storingGroups)
    }

    /// Takes the outcomes that are next in input order: records into the group (stored when
    /// full), pages for later passes set aside, skips and failures counted.
    private func storeReady(_ storingGroups: StoreGroup) async throws {
        while let outcome = ready.removeValue(forKey: nextToStore) {
            nextToStore += 1
            switch outcome {
            case .article(let article, _, _) where orphanPass && skippedArticles.contains(article.canonicalURL):
                let at = article.source.map { "\($0.file)\($0.offset.map { "@\($0)" } ?? "") " } ?? ""
                summary.skip("a later page of an article skipped for another of its pages", at + article.url)
            case .article(let article, let bytes, let pages):
                summary.htmlBytes += Int64(bytes)
                for page in pages.dropFirst() { orphans[page] = nil }
                pending.append(article)
                if pending.count >= groupSize { try await storeGroup(storingGroups) }
            case .needsPages(let job): deferred.append(job.lightweight)
            case .continuation(let url, let job):
                if let location = PageLocation(job) { continuations[url] = location }
                orphans[url] = job.lightweight
            case .skipped(let reason, let example, let page, let article):
                summary.skip(reason, example)
                if let page, let url = page.pageURL?.absoluteString, continuations[url] == nil, let location = PageLocation(page) {
                    continuations[url] = location
                }
                if let article { skippedArticles.insert(article) }
            case .tooLarge(let why):
                summary.skip("over a size cap", why)
                summary.warn(why)
            case .failed(let why):
                summary.failed += 1
                if summary.problems.count < reextraction.options.keptProblems { summary.problems.append(why) }
            }
            if Date().timeIntervalSince(lastProgress) > 0.5 {
                lastProgress = Date()
                summary.seconds = Date().timeIntervalSince(start)
                progress(summary)
            }
        }
    }

    /// Stores the waiting records as one group and counts the store's outcomes.
    private func storeGroup(_ storingGroups: StoreGroup) async throws {
        guard !pending.isEmpty else { return }
        let articles = pending
        pending = []
        let outcomes = try await storingGroups(articles)
        guard outcomes.count == articles.count else {
            throw Reextraction.Failure(description: "the store returned \(outcomes.count) outcomes for \(articles.count) records")
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
}
