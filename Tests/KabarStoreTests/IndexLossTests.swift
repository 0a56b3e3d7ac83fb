import Foundation
import KabarCore
import KabarTesting
import Synchronization
import Testing
@testable import KabarStore

/// The JSON Lines files are the data: an index that is lost (deleted, emptied), stale (restored
/// from a copy) or out of step with a file must never lead to a line written over records.
@Suite struct IndexLossTests {
    let root: URL
    init() throws { root = try Executables.temporaryFolder("index-loss") }

    func open(_ configure: (inout FileStore.Options) -> Void = { _ in }) throws -> FileStore {
        var options = FileStore.Options()
        options.durability = .process
        options.rebuildProgress = nil
        configure(&options)
        return try FileStore(at: root, options: options)
    }

    var index: URL { root.appendingPathComponent("index.sqlite") }

    func text(_ seed: UInt64) -> String { words(40, seed: seed).joined(separator: " ") }

    /// Two runs over two days: new records, a revision, an exact duplicate, a short text.
    func fill() throws {
        let first = try open()
        for i in 0..<20 { _ = try first.store(record("https://tempo.co/\(i)", text(UInt64(i)))) }
        _ = try first.store(record("https://tempo.co/dup", text(3)))
        _ = try first.store(record("https://tempo.co/short", "too short"))
        try first.close()
        let second = try open()
        #expect(try second.store(record("https://tempo.co/5", text(500))) == .written(revision: 2))
        for i in 20..<25 { _ = try second.store(record("https://tempo.co/\(i)", text(UInt64(i)), published: "2024-05-02T09:00:00+07:00")) }
        try second.close()
    }

    /// Every record file's bytes.
    func snapshot() throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in FileStore.recordFiles(in: root) { out[f.path] = try Data(contentsOf: root.appendingPathComponent(f.path)) }
        return out
    }

    @Test(arguments: ["deleted", "emptied"])
    func lostIndexIsRebuiltFromTheFilesAndNoRecordIsOverwritten(how: String) throws {
        try fill()
        let before = try snapshot()
        let counts = try FileStore.stats(at: root)
        #expect(counts.records == 26 && counts.revisions == 1 && counts.exactDuplicates == 1)
        if how == "deleted" {
            try FileManager.default.removeItem(at: index)
        } else {
            try Data().write(to: index)
        }
        let reports = Mutex<[FileStore.RebuildProgress]>([])
        let store = try open { $0.rebuildProgress = { p in reports.withLock { $0.append(p) } } }
        #expect(store.rebuiltIndex)
        // Records of existing site/days: new, unchanged, changed again, a duplicate of an old text.
        #expect(try store.store(record("https://tempo.co/new", text(900))) == .written(revision: 1))
        #expect(try store.store(record("https://tempo.co/7", text(7))) == .unchanged)
        #expect(try store.store(record("https://tempo.co/5", text(5))) == .unchanged, "an older revision's content is known")
        #expect(try store.store(record("https://tempo.co/5", text(501))) == .written(revision: 3))
        #expect(try store.store(record("https://tempo.co/copy", text(9))) == .duplicate(of: Hash64.hex(Hash64.of("https://tempo.co/9")), kind: .exact, distance: 0))
        #expect(try store.store(record("https://tempo.co/new2", text(901), published: "2024-05-02T09:00:00+07:00")) == .written(revision: 1))
        try store.close()

        // Every earlier byte is still there, the new lines after it.
        let after = try snapshot()
        for (path, old) in before {
            let now = try #require(after[path])
            #expect(now.prefix(old.count) == old, "\(path): earlier records changed")
            #expect(now.count > old.count, "\(path): the new records were appended")
        }
        let stats = try FileStore.stats(at: root)
        #expect(stats.records == 28)
        #expect(stats.revisions == 2)
        #expect(stats.exactDuplicates == 1, "the duplicate seen after the rebuild (the earlier one lived only in the lost index)")
        #expect(try FileStore.verify(at: root).problems == [])
        let last = try #require(reports.withLock { $0.last })
        #expect(last.finished && last.files == 2 && last.filesTotal == 2 && last.lines == 27)
        #expect(stats.runs.contains { $0.command == "rebuild-index" && $0.counts.seen == 27 })
    }

    @Test func staleIndexIsRefusedAndRebuiltOnRequest() throws {
        let store = try open()
        for i in 0..<5 { _ = try store.store(record("https://tempo.co/\(i)", text(UInt64(i)))) }
        try store.close()
        let stale = try Data(contentsOf: index)
        try fill()
        let before = try snapshot()
        // An index restored from a copy: clean, but it knows shorter files and not the second day.
        try FileManager.default.removeItem(at: index)
        try stale.write(to: index)
        let refused = "\(#expect(throws: FileStore.Failure.self) { _ = try open() }.map { "\($0)" } ?? "")"
        #expect(refused.contains("records/tempo/2024-05-01.jsonl: "))
        #expect(refused.contains("records/tempo/2024-05-02.jsonl: not in the index"))
        #expect(refused.contains("kabar rebuild-index --data \(root.path)"))
        #expect(try snapshot() == before, "nothing was written")

        let rebuilt = try open { $0.rebuildIndex = true }
        #expect(rebuilt.rebuiltIndex)
        let kept = try #require(rebuilt.replacedIndex)
        #expect(try Data(contentsOf: URL(fileURLWithPath: kept)) == stale, "the replaced index is kept")
        #expect(try rebuilt.store(record("https://tempo.co/24", text(24), published: "2024-05-02T09:00:00+07:00")) == .unchanged)
        try rebuilt.close()
        #expect(try snapshot() == before)
        #expect(try FileStore.stats(at: root).records == 26)
        #expect(try FileStore.verify(at: root).problems == [])
    }

    @Test func tornLastLineIsMovedAsideAndABadLineStopsTheRebuild() throws {
        try fill()
        let file = root.appendingPathComponent("records/tempo/2024-05-02.jsonl")
        let whole = try Data(contentsOf: file)
        let torn = Data("{\"schema\":1,\"id\":\"ab".utf8)
        try (whole + torn).write(to: file)
        try FileManager.default.removeItem(at: index)
        let store = try open()
        try store.close()
        #expect(try Data(contentsOf: file) == whole)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path + ".torn")) == torn)
        #expect(try FileStore.verify(at: root).problems == [])

        // A whole line that is no record: the file and line are named, nothing is changed.
        try (whole + Data("not json\n".utf8)).write(to: file)
        try FileManager.default.removeItem(at: index)
        let bad = #expect(throws: FileStore.Failure.self) { _ = try open() }
        #expect(bad.map { "\($0)" }?.contains("records/tempo/2024-05-02.jsonl:6: not a record") == true)
        #expect(try Data(contentsOf: file) == whole + Data("not json\n".utf8))
        // Once the line is moved away, the next open rebuilds (the failed rebuild left no index behind).
        try whole.write(to: file)
        let again = try open()
        #expect(again.rebuiltIndex)
        try again.close()
        #expect(try FileStore.verify(at: root).problems == [])
    }

    @Test func linesAreOnlyEverWrittenAtTheEndOfAFile() throws {
        let store = try open()
        _ = try store.store(record("https://tempo.co/a", text(1)))
        try store.commit()
        // Another hand adds to the file behind the store's back.
        let file = root.appendingPathComponent("records/tempo/2024-05-01.jsonl")
        let other = record("https://tempo.co/other", text(2)).jsonLine + "\n"
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(other.utf8))
        try handle.close()
        let expected = try Data(contentsOf: file)
        _ = try store.store(record("https://tempo.co/b", text(3)))
        let refused = #expect(throws: (any Error).self) { try store.commit() }
        #expect(refused.map { "\($0)" }?.contains("refusing to write over records") == true)
        #expect(try Data(contentsOf: file) == expected, "the other line is intact")
    }
}
