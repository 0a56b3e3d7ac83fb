import Foundation
import KabarCore
import KabarTesting
import Testing
@testable import KabarStore

/// A copy of a revised record's latest text, whose band 0 value is its first revision's: the
/// embedded store's decision, which the PostgreSQL store's (migration 18) now matches.
@Suite struct RevisedCopyTests {
    @Test func aCopyOfARevisedRecordsLatestTextIsAnExactDuplicate() throws {
        let root = try Executables.temporaryFolder("store")
        var options = FileStore.Options()
        options.durability = .process
        let store = try FileStore(at: root, options: options)
        let base = words(80, seed: 11)
        let first = base.joined(separator: " ")
        // A revision 1...3 bits from the first text, none of them in band 0.
        let band0 = SimHashBands(distance: options.dedup.nearDistance).bands[0]
        let mask = (UInt64(1) << band0.width &- 1) << band0.start
        let latest = try #require((0..<100).lazy.map { nearVariant(of: base, seed: 100 + $0) }.first { text in
            let x = SimHash.of(text) ^ SimHash.of(first)
            return x != 0 && x & mask == 0
        })
        let a = Hash64.hex(Hash64.of("https://tempo.co/a"))
        #expect(try store.store(record("https://tempo.co/a", first)) == .written(revision: 1))
        #expect(try store.store(record("https://tempo.co/a", latest)) == .written(revision: 2))
        #expect(try store.store(record("https://tempo.co/copy", latest)) == .duplicate(of: a, kind: .exact, distance: 0))
        #expect(try store.store(record("https://tempo.co/old", first)) == .duplicate(of: a, kind: .near, distance: 0),
                "the first text is not the record's latest: a near duplicate at distance 0")
        try store.close()
    }
}
