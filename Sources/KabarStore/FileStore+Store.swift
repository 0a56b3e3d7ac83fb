import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// `RecordStore`: records stored in order, a chunk at a time, each decided (written, revised,
/// unchanged, duplicate) against the index and the open batch.
extension FileStore {
    // MARK: RecordStore

    public func store(_ article: Article) throws -> StoreOutcome {
        try store([article])[0]
    }

    /// Stores records in order, as many calls of `store(_:)` would, looking each chunk of them up
    /// in the index in key order first. Every record is checked before any is stored.
    public func store(_ articles: [Article]) throws -> [StoreOutcome] {
        guard !isClosed else { throw Failure.closed }
        let keys = try articles.map(Self.keys)
        var outcomes: [StoreOutcome] = []
        outcomes.reserveCapacity(articles.count)
        var start = 0
        while start < articles.count {
            // A chunk never spans a hand-over: its lookups, with the batch being committed kept
            // in memory, hold until the next one.
            let end = min(start + Self.chunkSize, start + max(1, options.commitEvery - batchRecords), articles.count)
            if !batchOpen { batchOpen = true; batchStarted = Self.nanoseconds() }
            // Lines of the records that look new are encoded on two threads meanwhile.
            let encoder = end - start >= Self.encodeInParallel
                ? LineEncoder(articles, start..<end) { !self.mayHold(keys[$0].id) && !self.batchHolds(keys[$0].id) }
                : nil
            try lookUp(articles, keys, start..<end)
            let t = storingPhases.start()
            encoder?.finish()
            storingPhases.add(.encode, since: t)
            let td = storingPhases.start()
            for i in start..<end {
                let outcome = try decide(articles[i], keys[i], position: i - start, line: encoder?.line(i))
                count(outcome)
                outcomes.append(outcome)
            }
            storingPhases.add(.decide, since: td)
            batchRecords += end - start
            start = end
            if batchRecords >= options.commitEvery || Double(Self.nanoseconds() &- batchStarted) >= options.commitInterval * 1e9 {
                try submitBatch()
            } else if pendingBytes >= options.maxPendingBytes {
                flushLines()
            }
        }
        return outcomes
    }

    /// Records looked up in the index at a time.
    static let chunkSize = 4096
    /// Chunks of at least this many records have their lines encoded on two threads.
    static let encodeInParallel = 64

    typealias Keys = (id: Int64, content: Int64, simhash: Int64)

    static func keys(_ article: Article) throws -> Keys {
        guard let id = StoreLayout.key(article.id) else { throw Failure.badRecord("id '\(article.id)' is not 16 hex digits (\(article.canonicalURL))") }
        guard let content = StoreLayout.key(article.contentHash) else { throw Failure.badRecord("content_hash '\(article.contentHash)' is not 16 hex digits (\(article.canonicalURL))") }
        guard let simhash = StoreLayout.key(article.simhash) else { throw Failure.badRecord("simhash '\(article.simhash)' is not 16 hex digits (\(article.canonicalURL))") }
        return (id, content, simhash)
    }

    /// Reads what the index knows of a chunk: its URLs, then the near lines of the records that
    /// may need content dedup (all but URLs written before: those stay written whatever comes).
    func lookUp(_ articles: [Article], _ keys: [Keys], _ range: Range<Int>) throws {
        let t0 = storingPhases.start()
        var skipped = 0
        try lookup.loadStates(keys[range].map(\.id)) { id in
            if urlFilter.mayContain(UInt64(bitPattern: id)) { return false }
            skipped += 1
            return true
        }
        storingPhases.urlsSkipped += skipped
        storingPhases.add(.lookupURLs, since: t0)
        let t1 = storingPhases.start()
        defer {
            storingPhases.add(.lookupBands, since: t1)
            storingPhases.urlsRead = lookup.statesRead
            storingPhases.bandRanges = lookup.rangesRead
        }
        takesPartInDedup = articles[range].map { StoreLayout.wordCount($0.text, atLeast: options.dedup.minWords) }
        nearBeforeChunk = Array(repeating: true, count: range.count)
        chunkBandStart = batch.bandEntryCount
        var queries: [ChunkLookup.Query] = []
        for i in range {
            let k = keys[i]
            if try lookup.state(k.id)?.kind == .written { continue }
            guard takesPartInDedup[i - range.lowerBound] else { continue }
            guard nearFilter.mayHaveNear(UInt64(bitPattern: k.simhash)) else {
                storingPhases.bandsSkipped += 1
                nearBeforeChunk[i - range.lowerBound] = false
                continue
            }
            queries.append(.init(position: i - range.lowerBound, id: k.id, simhash: UInt64(bitPattern: k.simhash)))
        }
        try lookup.loadMatches(queries)
    }

    func count(_ outcome: StoreOutcome) {
        runCounts.seen += 1
        switch outcome {
        case .written(let revision): if revision == 1 { runCounts.written += 1 } else { runCounts.revisions += 1 }
        case .unchanged: runCounts.unchanged += 1
        case .duplicate(_, let kind, _): if kind == .exact { runCounts.exactDuplicates += 1 } else { runCounts.nearDuplicates += 1 }
        }
    }

    /// `line`: the record's line encoded as a first revision, if it was (see `LineEncoder`).
    func decide(_ article: Article, _ keys: Keys, position: Int, line: [UInt8]?) throws -> StoreOutcome {
        let (id, content, simhash) = (keys.id, keys.content, keys.simhash)
        let dedup = takesPartInDedup[position]
        let known = try urlState(id)
        if let known, known.kind == .written {
            if known.content == content {
                // The same text: unchanged unless a field a reader sees changed (a plugin fixed
                // to read authors, a date, an image; a new extractor version), then the next revision.
                guard let stored = try storedFields(id), stored != article.fieldsDigest else { return .unchanged }
                fieldRevisions += 1
                if runID != nil { runCounts.revisedFields = (runCounts.revisedFields ?? 0) + 1 }
                try moveToHistory(id)
                let revision = known.revision + 1
                try write(article, id: id, content: content, simhash: simhash, revision: revision, dedup: dedup, line: nil)
                return .written(revision: revision)
            }
            if known.revision > 1 {
                var seen = batch.historyHolds(id, content: content) || committing?.historyHolds(id, content: content) == true
                if !seen {
                    selHistoryHash.bind(1, id); selHistoryHash.bind(2, content)
                    seen = try selHistoryHash.step()
                    selHistoryHash.reset()
                }
                if seen { return .unchanged }   // an older revision's content again (a stale copy)
            }
            // Changed content under a known URL: the next revision, whatever else it resembles.
            try moveToHistory(id)
            let revision = known.revision + 1
            try write(article, id: id, content: content, simhash: simhash, revision: revision, dedup: dedup, line: nil)
            return .written(revision: revision)
        }
        if let known, known.content == content { return .unchanged }   // a known duplicate, again

        // A new URL (or a duplicate URL whose content changed): content dedup.
        if let original = try findOriginal(id: id, content: content, simhash: simhash, position: position, dedup: dedup) {
            let slot = try slot(for: article)
            urlFilter.insert(UInt64(bitPattern: id))
            batch.put(.init(id: id, kind: URLKind(original.kind), revision: 0, content: content, simhash: simhash,
                            file: slot.id, offset: -1, length: 0, duplicateOf: original.id, distance: original.distance,
                            url: article.canonicalURL))
            if original.kind == .exact { dirty[slot.id, default: Pending()].exact += 1 } else { dirty[slot.id, default: Pending()].near += 1 }
            if let known { uncount(duplicateKind: known.kind, slot: known.file) }
            return .duplicate(of: StoreLayout.hex(original.id), kind: original.kind, distance: original.distance)
        }
        if let known { uncount(duplicateKind: known.kind, slot: known.file) }
        try write(article, id: id, content: content, simhash: simhash, revision: 1, dedup: dedup, line: line)
        return .written(revision: 1)
    }
}
