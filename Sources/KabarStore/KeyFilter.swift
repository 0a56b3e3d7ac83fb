#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// A filter of 64-bit keys of bounded size (a blocked Bloom filter: two bits in one 64-bit word per
/// key). `mayContain` is false only for keys never inserted, so a negative answer saves an
/// index read and a positive one is checked in the index as before. Its memory is bounded by its
/// size, whatever the number of keys: with more keys it fills up and rules out less (see
/// `falsePositiveRate`), it is never wrong.
///
/// It starts small and grows with its keys: the words in use are the first `activeWords` of
/// the mapping (a power of two, from `firstWords`), doubled whenever a quarter as many keys as
/// words have been inserted, until the whole mapping is in use. The keys inserted are kept until
/// then (at most an eighth of the filter's bytes) and inserted again at each doubling, so a
/// filter is always the one its size in use would be with all its keys: as selective as before,
/// and, once at its full size, the same words as a filter that used them all from the start. A
/// store of a few thousand records so touches about a MiB of its filters, not their tens of MiB,
/// whose first touch is the kernel zeroing each page (1-2 % of a 2 000-page crawl's CPU). A
/// filter loaded below its size (`adopt`) has no keys to insert again: it doubles by copying
/// its words onto the next as many (a key's word is its hash masked by the words in use less
/// one, so with one more mask bit it is that word or its copy, both holding the key's bits),
/// never losing a key but keeping the earlier keys' bits twice (more false positives).
struct KeyFilter {
    /// The bit words, in memory of their own: 2 MiB aligned and, where the kernel offers them on
    /// request, in huge pages (each key lands on a random word: with 4 KiB pages nearly every
    /// lookup would also miss the TLB). A fresh anonymous mapping, which the kernel gives zeroed
    /// page by page on first touch: opening a store does not write the filters' tens of MiB
    /// (on a virtual machine whose memory the host backs on first use, that zeroing took
    /// 40-220 ms of a run's serial start-up); a run touches the pages its keys land on, while
    /// the other cores are busy.
    final class Words {
        let base: UnsafeMutablePointer<UInt64>?
        let count: Int
        private let mapping: UnsafeMutableRawPointer?
        private let mappedBytes: Int
        init(count: Int) {
            self.count = count
            guard count > 0 else { base = nil; mapping = nil; mappedBytes = 0; return }
            let bytes = count * 8
            let align = 2 << 20
            // One alignment more than needed, so that an aligned start lies inside.
            mappedBytes = bytes + align
            let raw = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let raw, raw != MAP_FAILED else { fatalError("KeyFilter: cannot map \(bytes) bytes: \(String(cString: strerror(errno)))") }
            mapping = raw
            let aligned = raw + ((align - Int(bitPattern: raw) % align) % align)
            #if os(Linux)
            _ = madvise(aligned, bytes, MADV_HUGEPAGE)
            #endif
            base = aligned.bindMemory(to: UInt64.self, capacity: count)
        }
        deinit { if let mapping { munmap(mapping, mappedBytes) } }
    }

    /// The bit words, all of the mapping (the ones in use saved and loaded by `FilterFile`).
    let words: Words
    /// The words in use, less one (`activeWords` is a power of two).
    private var mask: UInt64
    private(set) var inserted = 0

    /// Words in use at first (256 KiB), or the whole filter when it is smaller.
    static let firstWords = 1 << 15

    /// A filter of `mebibytes` MiB (rounded down to a power of two; 0 disables it: every key may be there).
    init(mebibytes: Int) {
        var count = 1
        while count * 2 <= mebibytes * (1 << 20) / 8 { count *= 2 }
        words = Words(count: mebibytes > 0 ? count : 0)
        mask = UInt64(min(count, Self.firstWords) - 1)
    }

    var isEnabled: Bool { words.base != nil }
    /// The most memory the filter takes (its mapping's words).
    var bytes: Int { words.count * 8 }
    /// The words in use (a power of two; 0 when the filter is off).
    var activeWords: Int { isEnabled ? Int(mask) + 1 : 0 }

    @inline(__always) private func slot(_ key: UInt64) -> (Int, UInt64) {
        let h = Hash64.mix(key)
        return (Int(truncatingIfNeeded: h & mask), (1 << (h >> 58)) | (1 << ((h >> 52) & 63)))
    }

    @inline(__always) mutating func insert(_ key: UInt64) {
        guard let base = words.base else { return }
        if Int(mask) + 1 < words.count {
            if inserted >= (Int(mask) + 1) >> 2 { grow(base) }
            keys?.append(key)
        }
        let (w, bits) = slot(key)
        base[w] |= bits
        inserted += 1
    }

    /// The keys inserted, while the filter is below its size (nil after `adopt`).
    private var keys: [UInt64]? = []

    /// Doubles the words in use: cleared and filled again from `keys`, or, without them, the
    /// words in use copied onto the next as many.
    private mutating func grow(_ base: UnsafeMutablePointer<UInt64>) {
        let n = Int(mask) + 1
        mask = UInt64(2 * n - 1)
        if let keys {
            base.update(repeating: 0, count: 2 * n)
            for key in keys {
                let (w, bits) = slot(key)
                base[w] |= bits
            }
            if 2 * n == words.count { self.keys = nil }
        } else {
            (base + n).update(from: base, count: n)
        }
    }

    /// Takes the first `count` words as the ones in use (words `FilterFile` read into the
    /// mapping), with their keys counted from their bits; it grows on by copying (see above).
    mutating func adopt(activeWords count: Int) {
        guard let base = words.base, count > 0 else { return }
        precondition(count <= words.count && count & (count - 1) == 0, "KeyFilter: \(count) words in use of \(words.count)")
        mask = UInt64(count - 1)
        keys = nil
        var set = 0
        for i in 0..<count { set += base[i].nonzeroBitCount }
        inserted = set / 2
    }

    @inline(__always) func mayContain(_ key: UInt64) -> Bool {
        guard let base = words.base else { return true }
        let (w, bits) = slot(key)
        return base[w] & bits == bits
    }

    /// The chance that a key never inserted is reported present, at the current load.
    var falsePositiveRate: Double {
        guard let base = words.base else { return 1 }
        var set = 0
        for i in 0..<activeWords { set += base[i].nonzeroBitCount }
        let fill = Double(set) / Double(activeWords * 64)
        return fill * fill
    }
}

/// Rules out most records that have no stored SimHash within `distance` bits, without reading
/// the band tables: the 64 bits are cut into `distance + 2` blocks, and two hashes within
/// `distance` bits differ in at most `distance` blocks, so they agree on at least two: on one
/// of the pairs of blocks. The filter holds every pair (pair number, the two blocks' bits) of
/// every stored SimHash; a record none of whose pairs is there has no near line, and its band
/// lookups are skipped. A pair is 25-26 bits for distance 3, so at a million stored lines about
/// one record in six still meets some pair by chance (and is looked up as before); that share
/// grows with the lines stored, the memory only up to the filter's size.
struct NearFilter {
    private var filter: KeyFilter
    private let blocks: SimHashBands

    init(distance: Int, mebibytes: Int) {
        filter = KeyFilter(mebibytes: mebibytes)
        blocks = SimHashBands(distance: min(distance + 1, 63))
    }

    var isEnabled: Bool { filter.isEnabled }
    var bytes: Int { filter.bytes }
    var words: KeyFilter.Words { filter.words }
    var activeWords: Int { filter.activeWords }
    mutating func adopt(activeWords count: Int) { filter.adopt(activeWords: count) }
    var falsePositiveRate: Double { filter.falsePositiveRate }

    @inline(__always) private static func forEachPair(_ blocks: SimHashBands, _ simhash: UInt64, _ body: (UInt64) -> Bool) {
        let n = blocks.bands.count
        var pair: UInt64 = 0
        for i in 0..<n {
            let a = blocks.value(simhash, band: i)
            for j in (i + 1)..<n {
                pair += 1
                if !body(Hash64.mix(a ^ (pair << 56)) ^ blocks.value(simhash, band: j)) { return }
            }
        }
    }

    mutating func insert(_ simhash: UInt64) {
        guard filter.isEnabled else { return }
        Self.forEachPair(blocks, simhash) { filter.insert($0); return true }
    }

    /// False when no stored SimHash can be within the distance of `simhash`.
    func mayHaveNear(_ simhash: UInt64) -> Bool {
        guard filter.isEnabled else { return true }
        var found = false
        Self.forEachPair(blocks, simhash) { key in
            if filter.mayContain(key) { found = true; return false }
            return true
        }
        return found
    }
}
