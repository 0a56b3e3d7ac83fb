import Foundation
import KabarCore
import Testing
@testable import KabarStore
#if canImport(Glibc)
import Glibc
#endif

/// The filters' memory is not written when a store opens: a fresh filter's pages are not yet
/// in memory (the kernel zeroes each on first touch), so the open costs no zeroing of its
/// tens of MiB; inserting touches only the pages the keys land on, and the filter answers as before.
@Suite struct KeyFilterMemoryTests {
    /// Pages of the filter's words resident in memory (`mincore`), and the number of pages.
    static func residentPages(_ filter: KeyFilter) -> (resident: Int, pages: Int) {
        residentPages(filter.words)
    }

    static func residentPages(_ words: KeyFilter.Words) -> (resident: Int, pages: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let bytes = words.count * 8
        let pages = (bytes + page - 1) / page
        var vector = [UInt8](repeating: 0, count: pages)
        let rc = mincore(UnsafeMutableRawPointer(words.base!), bytes, &vector)
        #expect(rc == 0, "mincore: \(String(cString: strerror(errno)))")
        return (vector.filter { $0 & 1 != 0 }.count, pages)
    }

    @Test func aFreshFilterHasNoPageInMemoryUntilAKeyLandsOnIt() {
        var filter = KeyFilter(mebibytes: 32)
        let before = Self.residentPages(filter)
        #expect(before.pages == 8192)
        #expect(before.resident == 0, "\(before.resident) of \(before.pages) pages written at creation")
        #expect(!filter.mayContain(42))   // a read of zero memory
        filter.insert(42)
        #expect(filter.mayContain(42))
        let after = Self.residentPages(filter)
        #expect(after.resident > 0)
        // One key touches one page (4 KiB) or one huge page (2 MiB = 512 pages), not the filter.
        #expect(after.resident <= 512, "\(after.resident) pages after one insert")
        // Words start at zero: nothing else is reported present.
        #expect((1_000..<2_000).filter { filter.mayContain(UInt64($0)) }.isEmpty)
    }

    @Test func theWordsAreAlignedToHugePages() {
        let filter = KeyFilter(mebibytes: 4)
        #expect(Int(bitPattern: filter.words.base!) % (2 << 20) == 0)
    }

    /// A store of a few thousand records touches about a MiB of its 32 MiB near filter: the
    /// filter starts at 256 KiB and doubles with its keys, where a filter using all its words
    /// from the start has its keys (ten a record) land on every page of it.
    @Test func aSmallStoresNearFilterTouchesAMiBNotItsSize() {
        var filter = NearFilter(distance: 3, mebibytes: 32)
        var rng = SeededRandom(seed: 7)
        let stored = (0..<2_000).map { _ in rng.next() }
        for h in stored { filter.insert(h) }
        let touched = Self.residentPages(filter.words)
        #expect(touched.pages == 8192)
        // 20 000 keys: 128 Ki words in use (1 MiB), within one huge page (512 pages of 4 KiB).
        #expect(filter.activeWords == 1 << 17)
        #expect(touched.resident <= 512, "\(touched.resident) of \(touched.pages) pages touched by 2 000 records")
        #expect(stored.allSatisfy { filter.mayHaveNear($0) })
    }

    /// A filter that grows by doubling still holds every key inserted before and after each
    /// doubling, and rules out keys never inserted as a filter of its final size does.
    @Test func aGrowingFilterHoldsEveryKeyAndStillRulesOut() {
        var filter = KeyFilter(mebibytes: 8)
        #expect(filter.activeWords == KeyFilter.firstWords)
        var rng = SeededRandom(seed: 11)
        let keys = (0..<300_000).map { _ in rng.next() }
        var sizes: Set<Int> = []
        for (i, k) in keys.enumerated() {
            filter.insert(k)
            sizes.insert(filter.activeWords)
            if i % 9_973 == 0 { #expect(keys[...i].allSatisfy { filter.mayContain($0) }, "after \(i + 1) keys") }
        }
        let doublings: Set<Int> = Set((15...20).map { 1 << $0 })
        #expect(sizes == doublings)
        #expect(filter.activeWords == filter.words.count)
        #expect(keys.allSatisfy { filter.mayContain($0) })
        let present = (0..<100_000).filter { _ in filter.mayContain(rng.next()) }.count
        #expect(present < 100, "\(present) of 100 000 keys never inserted passed")
    }

    /// `filters.bin` holds the words in use: loaded into filters of that size or larger (which
    /// go on growing from them), refused by a smaller one.
    @Test func savedWordsInUseLoadIntoAFilterOfTheirSizeOrLarger() throws {
        var url = KeyFilter(mebibytes: 8)
        var near = NearFilter(distance: 3, mebibytes: 8)
        var rng = SeededRandom(seed: 5)
        let keys = (0..<100_000).map { _ in rng.next() }
        for k in keys { url.insert(k) }
        for h in keys.prefix(5_000) { near.insert(h) }
        #expect(url.activeWords == 1 << 19)   // 4 MiB of 8
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keyfilter-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = try FilterFile.save(url, near, in: folder)
        let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(FilterFile.name).path)[.size] as? Int
        #expect(size == 6 * 8 + url.activeWords * 8 + near.activeWords * 8, "only the words in use are written")
        for mebibytes in [8, 32] {
            var u = KeyFilter(mebibytes: mebibytes)
            var n = NearFilter(distance: 3, mebibytes: 8)
            #expect(FilterFile.load(into: &u, &n, token: token, from: folder))
            #expect(u.activeWords == url.activeWords && n.activeWords == near.activeWords)
            #expect(keys.allSatisfy { u.mayContain($0) })
            #expect(keys.prefix(5_000).allSatisfy { n.mayHaveNear($0) })
            // And it grows on from the loaded words.
            let more = (0..<200_000).map { _ in rng.next() }
            for k in more { u.insert(k) }
            #expect(u.activeWords > url.activeWords || u.activeWords == u.words.count)
            #expect(keys.allSatisfy { u.mayContain($0) } && more.allSatisfy { u.mayContain($0) })
        }
        var small = KeyFilter(mebibytes: 2)
        var n = NearFilter(distance: 3, mebibytes: 8)
        #expect(!FilterFile.load(into: &small, &n, token: token, from: folder))
    }
}
