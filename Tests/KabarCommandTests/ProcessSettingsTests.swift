#if canImport(Glibc)
import CCurl   // malloc.h (glibc's mallinfo2, malloc_usable_size): not in Swift's Glibc module
import Glibc
@testable import KabarCommand
import KabarFetch
import Testing

/// The commands that handle many pages in one process get glibc's malloc settings
/// (`AllocatorTuning`) before they run: `extract` as well as `run`, `schedule` and `fetch`
/// (not `reextract`, where the settings measured no gain). Checked on the command line as `kabar` parses it, then on the
/// allocator itself: after the settings for `kabar extract`, blocks of 200 KiB to 4 MiB come
/// from the heap (reused once freed), where glibc's defaults map each on its own.
@Suite(.serialized) struct ProcessSettingsTests {
    static let manyPages: [[String]] = [
        ["run", "Schedules/x.yaml"], ["schedule"], ["fetch", "https://example.com/"],
        ["extract", "page.html"],
    ]
    static let others: [[String]] = [["stats"], ["sites"], ["reextract"], ["bench", "extract"], ["bench", "reextract"]]

    @Test func commandsOverManyPagesAskForTheSettings() throws {
        for arguments in Self.manyPages {
            let command = try Kabar.parseAsRoot(arguments)
            #expect(command is ReusesFreedMemory, "kabar \(arguments.joined(separator: " "))")
        }
        for arguments in Self.others {
            let command = try Kabar.parseAsRoot(arguments)
            #expect(!(command is ReusesFreedMemory), "kabar \(arguments.joined(separator: " "))")
        }
    }

    @Test func extractsBlocksComeFromTheHeap() throws {
        // First in this process to allocate blocks this large: with glibc's defaults (mmap
        // threshold 128 KiB, raised only once a mapped block is freed) the first is mapped.
        Kabar.applyProcessSettings(for: try Kabar.parseAsRoot(["extract", "page.html"]))
        for size in [200 << 10, 1 << 20, AllocatorTuning.mmapThreshold - (64 << 10)] {
            let before = Int(mallinfo2().hblks)
            let block = malloc(size)
            let after = Int(mallinfo2().hblks)
            #expect(malloc_usable_size(block) >= size)
            free(block)
            #expect(after == before, "a block of \(size) bytes was mapped on its own")
        }
    }
}
#endif
