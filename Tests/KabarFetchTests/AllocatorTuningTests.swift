#if canImport(Glibc)
import CCurl   // malloc.h (glibc's mallinfo2, malloc_usable_size): not in Swift's Glibc module
import Glibc
import KabarFetch
import Testing

/// After `AllocatorTuning.keepFreedMemoryForReuse` (which `kabar run`, `kabar schedule` and
/// `kabar fetch` call first), a block under its mmap threshold comes from the heap, where freed
/// blocks are reused, not from a mapping of its own, whose pages the kernel zeroes on first touch
/// each time. Setting the trim threshold alone would leave the mmap threshold at glibc's 128 KiB
/// start: every block over it (a page's WARC record, a large body) a fresh mapping.
@Suite(.serialized) struct AllocatorTuningTests {
    /// Mapped blocks, as glibc counts them.
    static func mappedBlocks() -> Int { Int(mallinfo2().hblks) }

    @Test func blocksUnderTheThresholdComeFromTheHeap() {
        AllocatorTuning.keepFreedMemoryForReuse()
        for size in [200 << 10, 1 << 20, AllocatorTuning.mmapThreshold - (64 << 10)] {
            let before = Self.mappedBlocks()
            let block = malloc(size)
            let after = Self.mappedBlocks()
            #expect(malloc_usable_size(block) >= size)
            free(block)
            #expect(after == before, "a block of \(size) bytes was mapped on its own")
        }
        // A larger block may be mapped or, when the heap's top already holds that much (freed
        // memory kept by the trim threshold, e.g. after other tests in this process), served
        // from the heap: glibc maps a block only when the top cannot serve it, so no assertion
        // on which here.
        let block = malloc(2 * AllocatorTuning.mmapThreshold)
        #expect(malloc_usable_size(block) >= 2 * AllocatorTuning.mmapThreshold)
        free(block)
    }
}
#endif
