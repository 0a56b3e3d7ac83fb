import Foundation
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
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pages = (filter.bytes + page - 1) / page
        var vector = [UInt8](repeating: 0, count: pages)
        let rc = mincore(UnsafeMutableRawPointer(filter.words.base!), filter.bytes, &vector)
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
}
