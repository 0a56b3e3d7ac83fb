import CSQLite
import Foundation
import KabarCore
import KabarTesting
import Testing
@testable import KabarStore

/// A record as RecordBuilder would make it, for a URL and a text.
func record(_ url: String, _ text: String, site: String = "tempo", published: String? = "2024-05-01T10:00:00+07:00",
            fetched: String? = "2024-05-01T03:00:00Z") -> Article {
    Article(id: Hash64.hex(Hash64.of(url)), url: url, canonicalURL: url, site: site, extractor: "\(site)/1",
            fetchedAt: fetched, publishedAt: published, headline: "Headline of \(url)",
            body: text.isEmpty ? [] : [.paragraph(text)], text: text,
            contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
}

/// `count` pseudo-random words (the same for a seed).
func words(_ count: Int, seed: UInt64) -> [String] {
    (0..<count).map { i in "w" + String(Hash64.mix(seed &* 1_000_003 &+ UInt64(i)) % 5000, radix: 36) }
}

/// A copy of `text`'s words with one or more replaced, whose SimHash is 1...3 bits away.
func nearVariant(of base: [String], seed: UInt64) -> String {
    let target = SimHash.of(base.joined(separator: " "))
    for attempt in 0..<200 {
        var changed = base
        let r = Hash64.mix(seed &+ UInt64(attempt))
        changed[Int(r % UInt64(base.count))] = "changed\(attempt)"
        let text = changed.joined(separator: " ")
        let d = SimHash.distance(SimHash.of(text), target)
        if (1...3).contains(d) { return text }
    }
    Issue.record("no near variant found")
    return base.joined(separator: " ")
}

func lines(_ file: URL) throws -> [Article] {
    let data = try Data(contentsOf: file)
    return try data.split(separator: 0x0A).map { try JSONDecoder().decode(Article.self, from: Data($0)) }
}

@Suite struct FileStoreTests {
    let root: URL
    init() throws { root = try Executables.temporaryFolder("store") }

    func open(_ configure: (inout FileStore.Options) -> Void = { _ in }) throws -> FileStore {
        var options = FileStore.Options()
        options.durability = .process
        configure(&options)
        return try FileStore(at: root, options: options)
    }

    @Test func writesNewRecordUnderSiteAndDay() throws {
        let store = try open()
        let text = words(50, seed: 1).joined(separator: " ")
        #expect(try store.store(record("https://tempo.co/a", text)) == .written(revision: 1))
        try store.close()
        let written = try lines(root.appendingPathComponent("records/tempo/2024-05-01.jsonl"))
        #expect(written.count == 1)
        #expect(written[0].revision == 1)
        #expect(written[0].duplicateOf == nil)
        #expect(written[0].canonicalURL == "https://tempo.co/a")
        #expect(try FileStore.verify(at: root).problems == [])
    }

    @Test func containsSeesTheOpenBatchAndCommittedRecords() throws {
        let store = try open()
        let a = record("https://tempo.co/open-batch", words(50, seed: 7).joined(separator: " "))
        #expect(try !store.contains(id: a.id))
        _ = try store.store(a)
        #expect(try store.contains(id: a.id), "a record of the open batch counts")
        try store.commit()
        #expect(try store.contains(id: a.id), "a committed record counts")
        try store.close()
        let reopened = try open()
        #expect(try reopened.contains(id: a.id))
        #expect(try !reopened.contains(id: Hash64.hex(Hash64.of("https://tempo.co/other"))))
        try reopened.close()
    }

    /// A crawl stores one record at a time: the storing thread's phases read only the wall
    /// clock then (the thread CPU clock is a system call, 8 a record); `kabar bench store` asks
    /// for the CPU time too.
    @Test(arguments: [false, true])
    func phasesReadTheThreadCPUClockOnlyWhenAsked(asked: Bool) throws {
        let store = try open { $0.timesPhaseCPU = asked }
        for i in 0..<20 { _ = try store.store(record("https://tempo.co/p\(i)", words(50, seed: UInt64(i)).joined(separator: " "))) }
        let phases = store.phases
        try store.close()
        let storing = StorePhases.Phase.allCases.filter { !StorePhases.committerPhases.contains($0) }.map(\.rawValue)
        #expect(storing.map { phases.wall[$0] }.reduce(0, +) > 0)
        let cpu = storing.map { phases.cpu[$0] }.reduce(0, +)
        #expect(asked ? cpu > 0 : cpu == 0)
    }

    /// `contained(ids:)` answers as `contains(id:)` does for each id, in one read transaction.
    @Test func containedAnswersAsContainsForEachID() throws {
        let store = try open()
        let committed = record("https://tempo.co/committed", words(50, seed: 11).joined(separator: " "))
        let open = record("https://tempo.co/open", words(50, seed: 12).joined(separator: " "))
        _ = try store.store(committed)
        try store.commit()
        _ = try store.store(open)
        let never = Hash64.hex(Hash64.of("https://tempo.co/never"))
        let ids = [committed.id, open.id, never, "not hex", committed.id]
        let known = try store.contained(ids: ids)
        #expect(known == Set(try ids.filter { try store.contains(id: $0) }))
        #expect(known == [committed.id, open.id])
        try store.close()
    }

    @Test func sameURLSameContentIsUnchanged() throws {
        let store = try open()
        let a = record("https://tempo.co/a", words(50, seed: 1).joined(separator: " "))
        #expect(try store.store(a) == .written(revision: 1))
        #expect(try store.store(a) == .unchanged)
        try store.close()
        let again = try open()
        #expect(try again.store(a) == .unchanged)
        try again.close()
        #expect(try lines(root.appendingPathComponent("records/tempo/2024-05-01.jsonl")).count == 1)
    }

    @Test func changedContentIsNextRevisionAndStaleCopyIsUnchanged() throws {
        let store = try open()
        let v1 = record("https://tempo.co/a", words(50, seed: 1).joined(separator: " "))
        let v2 = record("https://tempo.co/a", words(50, seed: 2).joined(separator: " "))
        let v3 = record("https://tempo.co/a", words(50, seed: 3).joined(separator: " "))
        #expect(try store.store(v1) == .written(revision: 1))
        #expect(try store.store(v2) == .written(revision: 2))
        #expect(try store.store(v1) == .unchanged)   // an old copy again is not a new revision
        #expect(try store.store(v3) == .written(revision: 3))
        #expect(try store.store(v2) == .unchanged)
        let stats = try store.stats(runs: 5)
        #expect(stats.records == 1)
        #expect(stats.revisions == 2)
        try store.close()
        let written = try lines(root.appendingPathComponent("records/tempo/2024-05-01.jsonl"))
        #expect(written.map(\.revision) == [1, 2, 3])
        #expect(try FileStore.verify(at: root).problems == [])
    }

    /// The same text with other fields changed (authors read by a fixed plugin, its version
    /// bumped) is the next revision, whether the latest line is in the open batch or read back
    /// from the committed file; fetch time, URL and WARC source alone leave it unchanged.
    @Test(arguments: [false, true])
    func sameTextWithOtherFieldsChangedIsNextRevision(reopen: Bool) throws {
        var store = try open()
        let v1 = record("https://tempo.co/a", words(50, seed: 1).joined(separator: " "))
        var v2 = v1
        v2.authors = ["Ana Putri"]
        v2.extractor = "tempo/2"
        #expect(try store.store(v1) == .written(revision: 1))
        if reopen { try store.close(); store = try open() }
        var refetched = v1
        refetched.fetchedAt = "2024-05-02T03:00:00Z"
        refetched.url = "https://tempo.co/a?utm_source=feed"
        refetched.source = SourceRef(file: "warc/x.warc.gz", offset: 1234)
        #expect(try store.store(refetched) == .unchanged)
        #expect(store.fieldRevisions == 0)
        #expect(try store.store(v2) == .written(revision: 2))
        #expect(store.fieldRevisions == 1)
        if reopen { try store.close(); store = try open() }
        #expect(try store.store(v2) == .unchanged)
        var v3 = v2
        v3.images = [ImageRef(url: "https://tempo.co/a.jpg", caption: "Banjir", role: .lead)]
        #expect(try store.store(v3) == .written(revision: 3))
        #expect(try store.store(v3) == .unchanged)
        try store.close()
        let written = try lines(root.appendingPathComponent("records/tempo/2024-05-01.jsonl"))
        #expect(written.map(\.revision) == [1, 2, 3])
        #expect(written.map(\.authors) == [[], ["Ana Putri"], ["Ana Putri"]])
        #expect(written.map(\.extractor) == ["tempo/1", "tempo/2", "tempo/2"])
        #expect(try FileStore.verify(at: root).problems == [])
    }

    /// Each run in the index counts its revisions of the same text (`runs.revised_fields`);
    /// the runs of an index made before the column (schema 2) read as not counted (nil), and
    /// the next writer adds it.
    @Test func runsCountTheirRevisionsOfTheSameText() throws {
        var store = try open()
        let v1 = record("https://tempo.co/a", words(50, seed: 1).joined(separator: " "))
        var v2 = v1
        v2.authors = ["Ana Putri"]
        try store.startRun(command: "first")
        #expect(try store.store(v1) == .written(revision: 1))
        try store.finishRun(failed: 0)
        try store.close()
        // An index of schema 2: no runs.revised_fields.
        var db: OpaquePointer?
        #expect(sqlite3_open(root.appendingPathComponent("index.sqlite").path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "ALTER TABLE runs DROP COLUMN revised_fields; UPDATE meta SET value = '2' WHERE key = 'schema'", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        #expect(try FileStore.stats(at: root).runs.map(\.counts.revisedFields) == [nil])

        store = try open()
        try store.startRun(command: "second")
        #expect(try store.store(v2) == .written(revision: 2))
        #expect(try store.store(record("https://tempo.co/b", words(50, seed: 2).joined(separator: " "))) == .written(revision: 1))
        #expect(store.runCounts.revisedFields == 1)
        try store.finishRun(failed: 0)
        try store.startRun(command: "third")
        #expect(try store.store(v2) == .unchanged)
        try store.finishRun(failed: 0)
        let stats = try store.stats(runs: 10)
        #expect(stats.runs.map(\.command) == ["third", "second", "first"])
        #expect(stats.runs.map(\.counts.revisedFields) == [0, 1, nil])
        #expect(stats.runs.map(\.counts.revisions) == [0, 1, 0])
        try store.close()
        #expect(try FileStore.stats(at: root).runs.map(\.counts.revisedFields) == [0, 1, nil])
    }

    /// With a batch after every record, each decision meets its predecessors in the open batch,
    /// in the batch the committer is writing, or in the index: revisions, stale copies and
    /// duplicates come out the same wherever the earlier record is.
    @Test(arguments: [1, 2, 1_000])
    func decisionsSeeTheBatchBeingCommitted(commitEvery: Int) throws {
        let store = try open { $0.commitEvery = commitEvery }
        let v1 = record("https://tempo.co/a", words(50, seed: 1).joined(separator: " "))
        let v2 = record("https://tempo.co/a", words(50, seed: 2).joined(separator: " "))
        let v3 = record("https://tempo.co/a", words(50, seed: 3).joined(separator: " "))
        let copyOfV3 = record("https://tempo.co/copy", v3.text)
        let nearV3 = record("https://tempo.co/near", nearVariant(of: words(50, seed: 3), seed: 5))
        let outcomes = try [v1, v2, v1, v3, v2, copyOfV3, nearV3, v3].map { try store.store($0) }
        let a = Hash64.hex(Hash64.of("https://tempo.co/a"))
        #expect(outcomes[0] == .written(revision: 1))
        #expect(outcomes[1] == .written(revision: 2))
        #expect(outcomes[2] == .unchanged, "v1 again is a stale copy")
        #expect(outcomes[3] == .written(revision: 3))
        #expect(outcomes[4] == .unchanged, "v2 again is a stale copy")
        #expect(outcomes[5] == .duplicate(of: a, kind: .exact, distance: 0))
        if case .duplicate(let of, .near, let d) = outcomes[6] {
            #expect(of == a && d <= 3)
        } else {
            Issue.record("the near variant of v3 is a near duplicate, not \(outcomes[6])")
        }
        #expect(outcomes[7] == .unchanged)
        try store.close()
        let written = try lines(root.appendingPathComponent("records/tempo/2024-05-01.jsonl"))
        #expect(written.map(\.canonicalURL) == ["https://tempo.co/a", "https://tempo.co/a", "https://tempo.co/a"])
        #expect(written.map(\.revision) == [1, 2, 3])
        #expect(try FileStore.verify(at: root).problems == [])
        let stats = try FileStore.stats(at: root)
        #expect(stats.records == 1 && stats.revisions == 2)
        #expect(stats.exactDuplicates == 1 && stats.nearDuplicates == 1)
    }

    @Test func exactAndNearDuplicatesAreIndexedNotWritten() throws {
        let store = try open()
        let base = words(80, seed: 7)
        let original = record("https://tempo.co/original", base.joined(separator: " "))
        #expect(try store.store(original) == .written(revision: 1))
        let copy = record("https://m.tempo.co/copy", base.joined(separator: " "))
        #expect(try store.store(copy) == .duplicate(of: original.id, kind: .exact, distance: 0))
        let variant = nearVariant(of: base, seed: 7)
        let near = record("https://other.example/near", variant, site: "other")
        let outcome = try store.store(near)
        guard case .duplicate(let of, .near, let distance) = outcome else {
            Issue.record("expected a near duplicate, got \(outcome)")
            return
        }
        #expect(of == original.id)
        #expect((1...3).contains(distance))
        #expect(try store.store(record("https://tempo.co/different", words(80, seed: 8).joined(separator: " "))) == .written(revision: 1))
        // Seen again: unchanged, not counted twice.
        #expect(try store.store(copy) == .unchanged)
        let stats = try store.stats(runs: 1)
        #expect(stats.records == 2)
        #expect(stats.exactDuplicates == 1)
        #expect(stats.nearDuplicates == 1)
        try store.close()
        #expect(try lines(root.appendingPathComponent("records/tempo/2024-05-01.jsonl")).count == 2)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("records/other/2024-05-01.jsonl").path))
        let v = try FileStore.verify(at: root)
        #expect(v.problems == [])
        #expect(v.duplicates == 2)
    }

    @Test func nearDistanceIsConfigurable() throws {
        let store = try open { $0.dedup.nearDistance = 0 }
        let base = words(80, seed: 11)
        _ = try store.store(record("https://tempo.co/o", base.joined(separator: " ")))
        #expect(try store.store(record("https://tempo.co/n", nearVariant(of: base, seed: 11))) == .written(revision: 1))
        try store.close()
    }

    @Test func indexBuiltForSmallerDistanceRefusesLarger() throws {
        try open { $0.dedup.nearDistance = 1 }.close()
        #expect(throws: FileStore.Failure.self) { try open { $0.dedup.nearDistance = 3 } }
        try open { $0.dedup.nearDistance = 0 }.close()
    }

    @Test func shortAndEmptyTextsTakeNoPartInContentDedup() throws {
        let store = try open()
        for i in 0..<5 {
            #expect(try store.store(record("https://tempo.co/empty\(i)", "")) == .written(revision: 1))
            #expect(try store.store(record("https://tempo.co/short\(i)", "Baca juga berita lainnya")) == .written(revision: 1))
        }
        // Long enough: dedup applies.
        let long = words(20, seed: 3).joined(separator: " ")
        _ = try store.store(record("https://tempo.co/long1", long))
        #expect(try store.store(record("https://tempo.co/long2", long)) == .duplicate(of: Hash64.hex(Hash64.of("https://tempo.co/long1")), kind: .exact, distance: 0))
        try store.close()
    }

    @Test func dayRule() {
        #expect(StoreLayout.day(for: record("u", "", published: "2024-05-01T23:30:00+07:00")) == "2024-05-01")
        #expect(StoreLayout.day(for: record("u", "", published: nil, fetched: "2024-04-30T18:00:00Z")) == "2024-04-30")
        #expect(StoreLayout.day(for: record("u", "", published: "not a date", fetched: "2024-04-30T18:00:00Z")) == "2024-04-30")
        let now = Date(timeIntervalSince1970: 1_700_000_000)   // 2023-11-14T22:13:20Z
        #expect(StoreLayout.day(for: record("u", "", published: nil, fetched: nil), now: now) == "2023-11-14")
        #expect(StoreLayout.siteFolder("../Evil Site") == "_._evil_site")
        #expect(StoreLayout.siteFolder("") == "unknown")
    }

    @Test func bandsFindEveryHashWithinDistance() {
        for distance in [0, 1, 2, 3, 5] {
            let bands = SimHashBands(distance: distance)
            #expect(bands.bands.map(\.width).reduce(0, +) == 64)
            for seed in 0..<300 {
                let a = Hash64.mix(UInt64(seed) &+ 12345)
                var b = a
                for k in 0..<distance { b ^= 1 << (Hash64.mix(UInt64(seed * 31 + k)) % 64) }
                let inSomeBand = (0..<bands.bands.count).contains { band in
                    let (low, high) = bands.range(a, band: band)
                    let key = bands.key(b, band: band)
                    return low <= key && key <= high
                }
                #expect(inSomeBand, "distance \(distance) seed \(seed)")
            }
        }
    }

    @Test func recordIDsAreStoredAsInt64BitPatterns() {
        #expect(StoreLayout.key("ffffffffffffffff") == -1)
        #expect(StoreLayout.key("0000000000000001") == 1)
        #expect(StoreLayout.key("8000000000000000") == Int64.min)
        #expect(StoreLayout.key("xyz") == nil)
        #expect(StoreLayout.hex(-1) == "ffffffffffffffff")
    }

    @Test func oneWriterAtATime() throws {
        let store = try open()
        #expect(throws: FileStore.Failure.self) { try open() }
        try store.close()
        try open().close()
    }

    @Test func runsAreRecordedWithCounts() throws {
        let store = try open()
        try store.startRun(command: "test")
        _ = try store.store(record("https://tempo.co/a", words(30, seed: 1).joined(separator: " ")))
        _ = try store.store(record("https://tempo.co/a", words(30, seed: 1).joined(separator: " ")))
        try store.finishRun(failed: 2)
        try store.startRun(command: "still running")
        let stats = try store.stats(runs: 5)
        #expect(stats.runs.count == 2)
        #expect(stats.runs[1].command == "test")
        #expect(stats.runs[1].status == "failed")
        #expect(stats.runs[1].counts.seen == 2)
        #expect(stats.runs[1].counts.written == 1)
        #expect(stats.runs[1].counts.unchanged == 1)
        #expect(stats.runs[1].counts.failed == 2)
        #expect(stats.runs[0].status == "running")
    }

    @Test func tornTailAndOrphanFilesAreRepairedOnOpen() throws {
        let store = try open()
        for i in 0..<10 { _ = try store.store(record("https://tempo.co/\(i)", words(30, seed: UInt64(i)).joined(separator: " "))) }
        try store.close()
        let file = root.appendingPathComponent("records/tempo/2024-05-01.jsonl")
        let size = try Data(contentsOf: file).count
        // What a killed writer leaves: an uncommitted line and a torn one, a file no commit made.
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data((record("https://tempo.co/x", "lost").jsonLine + "\n{\"schema\":1,\"id\":\"ab").utf8))
        try handle.close()
        let orphan = root.appendingPathComponent("records/tempo/2024-05-02.jsonl")
        try Data("{\"torn".utf8).write(to: orphan)
        try markUnclean()
        let reopened = try open()
        try reopened.close()
        #expect(try Data(contentsOf: file).count == size)
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        #expect(try FileStore.verify(at: root).problems == [])
    }

    @Test func fileShorterThanIndexLosesOnlyTheMissingLines() throws {
        let store = try open()
        let v1 = record("https://tempo.co/r", words(30, seed: 100).joined(separator: " "))
        _ = try store.store(v1)
        for i in 0..<5 { _ = try store.store(record("https://tempo.co/\(i)", words(30, seed: UInt64(i)).joined(separator: " "))) }
        let v2 = record("https://tempo.co/r", words(30, seed: 101).joined(separator: " "))
        #expect(try store.store(v2) == .written(revision: 2))
        try store.close()
        // Power loss without fsync: the file lost its last line and a half.
        let file = root.appendingPathComponent("records/tempo/2024-05-01.jsonl")
        let data = try Data(contentsOf: file)
        let cut = data.count - (v2.jsonLine.utf8.count + 1) - 40
        try data.prefix(cut).write(to: file)
        try markUnclean()
        let reopened = try open()
        // The lines lost are gone from the index; written again, they are stored again.
        #expect(try reopened.store(v2) == .written(revision: 2))
        #expect(try reopened.store(record("https://tempo.co/4", words(30, seed: 4).joined(separator: " "))) == .written(revision: 1))
        #expect(try reopened.store(v1) == .unchanged)
        try reopened.close()
        #expect(try FileStore.verify(at: root).problems == [])
    }

    @Test func extractStyleRerunAddsNothing() throws {
        let records = (0..<200).map { i in
            record("https://tempo.co/\(i)", i % 10 == 0 ? "" : words(40, seed: UInt64(i % 150)).joined(separator: " "))
        }
        var first = StoreCounts()
        for pass in 0..<2 {
            let store = try open { $0.commitEvery = 7 }
            try store.startRun(command: "pass \(pass)")
            for r in records { _ = try store.store(r) }
            if pass == 0 { first = store.runCounts }
            if pass == 1 {
                #expect(store.runCounts.unchanged == 200)
                #expect(store.runCounts.written == 0)
            }
            try store.close()
        }
        #expect(first.written + first.exactDuplicates + first.nearDuplicates == 200)
        #expect(first.exactDuplicates == 50 - 5)   // seeds 150..<200 repeat 0..<50; ten of those are empty
        #expect(try FileStore.verify(at: root).problems == [])
    }

    /// Storing many records in one call (looked up a chunk at a time, with commits in between)
    /// gives the outcomes and the files of storing them one by one.
    @Test func batchStoreMatchesOneByOne() throws {
        let news = SyntheticNews(count: 3000, seed: 9, exactShare: 0.15, nearShare: 0.1, revisionShare: 0.1, words: 40)
        let articles = (0..<3000).map { news.record($0).article }
        let oneByOne = try open { $0.commitEvery = 7 }
        let expected = try articles.map { try oneByOne.store($0) }
        try oneByOne.close()
        let batched = try FileStore(at: try Executables.temporaryFolder("store-batch"), options: {
            var o = FileStore.Options(); o.durability = .process; o.commitEvery = 1000; return o
        }())
        var outcomes = try batched.store(Array(articles[..<1500]))
        outcomes += try batched.store(Array(articles[1500...]))
        try batched.close()
        #expect(outcomes == expected)
        #expect(outcomes.contains(.written(revision: 2)))
        #expect(outcomes.contains { if case .duplicate(_, .near, _) = $0 { true } else { false } })
        #expect(outcomes.contains { if case .duplicate(_, .exact, _) = $0 { true } else { false } })
        #expect(try FileStore.verify(at: root).problems == [])
        #expect(try FileStore.verify(at: batched.root).problems == [])
        #expect(try FileStore.stats(at: root).days == FileStore.stats(at: batched.root).days)
        // Stored in batches or one by one, the files hold the same bytes.
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("records").path).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: batched.root.appendingPathComponent("records").path).sorted()))
        for file in files where file.hasSuffix(".jsonl") {
            let a = try Data(contentsOf: root.appendingPathComponent("records/\(file)"))
            let b = try Data(contentsOf: batched.root.appendingPathComponent("records/\(file)"))
            #expect(a == b, "\(file)")
        }
    }

    /// The near filter may report a hash with no near line, never the reverse: every hash within
    /// the distance of one inserted is reported, in a small, well-filled filter too.
    @Test func nearFilterNeverRulesOutAHashWithinDistance() {
        for distance in [0, 1, 3, 5] {
            var filter = NearFilter(distance: distance, mebibytes: 1)
            var rng = SeededRandom(seed: UInt64(distance) + 1)
            let stored = (0..<20_000).map { _ in rng.next() }
            for h in stored { filter.insert(h) }
            for h in stored.prefix(2_000) {
                var v = h
                for _ in 0..<Int(rng.next() % UInt64(distance + 1)) { v ^= 1 << (rng.next() % 64) }
                #expect(filter.mayHaveNear(v), "distance \(distance)")
            }
        }
        // And it does rule out: unrelated hashes in a lightly filled filter are mostly absent.
        var filter = NearFilter(distance: 3, mebibytes: 4)
        var rng = SeededRandom(seed: 99)
        for _ in 0..<10_000 { filter.insert(rng.next()) }
        let present = (0..<10_000).filter { _ in filter.mayHaveNear(rng.next()) }.count
        #expect(present < 200, "\(present) of 10 000 unrelated hashes passed")
    }

    /// The filters are rebuilt from the index when a store opens: outcomes after a reopen are
    /// those of a store without filters.
    @Test func filtersRebuiltOnOpenGiveTheSameOutcomes() throws {
        let news = SyntheticNews(count: 3000, seed: 13, exactShare: 0.15, nearShare: 0.1, revisionShare: 0.1, words: 40)
        let articles = (0..<3000).map { news.record($0).article }
        func run(_ folder: URL, filters: Bool) throws -> [StoreOutcome] {
            var o = FileStore.Options()
            o.durability = .process
            if !filters { o.urlFilterMiB = 0; o.nearFilterMiB = 0 }
            var outcomes: [StoreOutcome] = []
            for part in [0..<1000, 1000..<2000, 2000..<3000] {
                let store = try FileStore(at: folder, options: o)
                outcomes += try store.store(Array(articles[part]))
                try store.close()
            }
            return outcomes
        }
        let with = try run(root, filters: true)
        let without = try run(try Executables.temporaryFolder("store-nofilter"), filters: false)
        #expect(with == without)
        #expect(with.contains(.written(revision: 2)))
        #expect(with.contains { if case .duplicate(_, .near, _) = $0 { true } else { false } })
        #expect(with.contains { if case .duplicate(_, .exact, _) = $0 { true } else { false } })
        #expect(try FileStore.verify(at: root).problems == [])
    }

    /// Filters saved at a clean close are loaded by the next open and give the outcomes of
    /// filters rebuilt from the index (and of no filters); a damaged file, a file of other sizes,
    /// or a store a killed writer left are rebuilt instead.
    @Test func filtersSavedAtCloseAreLoadedOnlyWhenTheyAreTheLastCloseOnes() throws {
        let news = SyntheticNews(count: 3000, seed: 17, exactShare: 0.15, nearShare: 0.1, revisionShare: 0.1, words: 40)
        let articles = (0..<3000).map { news.record($0).article }
        func options(saving: Bool, near: Int = 32) -> FileStore.Options {
            var o = FileStore.Options()
            o.durability = .process
            o.saveFiltersFrom = saving ? 0 : Int.max
            o.nearFilterMiB = near
            return o
        }
        func store(_ folder: URL, _ part: Range<Int>, _ o: FileStore.Options) throws -> (outcomes: [StoreOutcome], loaded: Bool) {
            let store = try FileStore(at: folder, options: o)
            let outcomes = try store.store(Array(articles[part]))
            let loaded = store.filtersFromFile
            try store.close()
            return (outcomes, loaded)
        }
        let file = root.appendingPathComponent(FilterFile.name)
        var saved: [StoreOutcome] = []
        var loads: [Bool] = []
        for part in [0..<1000, 1000..<2000, 2000..<3000] {
            let r = try store(root, part, options(saving: true))
            saved += r.outcomes; loads.append(r.loaded)
            #expect(FileManager.default.fileExists(atPath: file.path))
        }
        #expect(loads == [false, true, true], "the first open has nothing to load; the others load the last close's file")
        let reference = try Executables.temporaryFolder("store-unsaved")
        var rebuilt: [StoreOutcome] = []
        for part in [0..<1000, 1000..<2000, 2000..<3000] {
            let r = try store(reference, part, options(saving: false))
            rebuilt += r.outcomes
            #expect(!r.loaded)
            #expect(!FileManager.default.fileExists(atPath: reference.appendingPathComponent(FilterFile.name).path))
        }
        #expect(saved == rebuilt)
        #expect(saved.contains(.written(revision: 2)))
        #expect(saved.contains { if case .duplicate(_, .near, _) = $0 { true } else { false } })
        #expect(try FileStore.verify(at: root).problems == [])

        // A damaged file is not loaded.
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        #expect(try !store(root, 0..<10, options(saving: true)).loaded)
        // A file whose filters fit the options' sizes is loaded: its near filter's words in use
        // (1 MiB for these 3 000 records) serve a 16 MiB filter too, which grows from them.
        #expect(try store(root, 0..<10, options(saving: true, near: 16)).loaded)
        // Not a file made for other filter sizes: a near filter where none is wanted (more
        // words in use than a filter's size: `KeyFilterMemoryTests`).
        #expect(try !store(root, 0..<10, options(saving: true, near: 0)).loaded)
        #expect(try store(root, 0..<10, options(saving: true, near: 0)).loaded)
        // Nor after a writer that did not close the store.
        try markUnclean()
        #expect(try !store(root, 0..<10, options(saving: true, near: 0)).loaded)
        #expect(try FileStore.verify(at: root).problems == [])
    }

    @Test func recordJSONBytesMatchString() throws {
        var a = record("https://tempo.co/\"quoted\"", "Line one\n\nLine \\two\t\u{1}é 日本")
        a.metadata = ["b": "2", "a": "1"]
        a.images = [ImageRef(url: "https://tempo.co/i.jpg", caption: "Cap \"x\"", credit: nil, role: .lead)]
        var bytes: [UInt8] = [0x41]
        RecordJSON.append(a, to: &bytes)
        #expect(String(decoding: bytes.dropFirst(), as: UTF8.self) == a.jsonLine)
        let decoded = try JSONDecoder().decode(Article.self, from: Data(a.jsonLine.utf8))
        #expect(decoded == a)
    }

    /// The eight-bytes-at-a-time scan finds a byte to escape at any position.
    @Test func escapingFindsEverySpecialByteAtEveryPosition() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", "é", "日"] {
            for length in 1..<20 {
                for at in 0..<length {
                    var chars = Array(repeating: "a", count: length)
                    chars[at] = special
                    let s = chars.joined()
                    var bytes: [UInt8] = [0x5B]
                    JSONWriter.appendEscaped(s, to: &bytes)
                    bytes.append(0x5D)
                    #expect(try JSONDecoder().decode([String].self, from: Data(bytes)) == [s])
                    #expect(!bytes.contains { $0 < 0x20 })
                }
            }
        }
    }

    /// What a killed writer leaves: the store not closed.
    func markUnclean() throws {
        var db: OpaquePointer?
        #expect(sqlite3_open(root.appendingPathComponent("index.sqlite").path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "UPDATE meta SET value = '0' WHERE key = 'clean'", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
    }
}
