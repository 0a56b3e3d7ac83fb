#if canImport(Glibc)
import CCurl   // malloc.h (glibc's mallinfo2, malloc_usable_size): not in Swift's Glibc module
import Foundation
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

    /// Checked in a process of its own (this test binary again, running this test alone): in
    /// this one another suite may have applied the settings already (AllocatorTuningTests), or
    /// freed a mapped block, which raises glibc's threshold; either way the check would pass
    /// without extract's settings. The child starts with glibc's default threshold held fixed
    /// (`MALLOC_MMAP_THRESHOLD_=131072`: the test runner frees large mapped blocks before any
    /// test, which raised it past 200 KiB) and says in a file which blocks were mapped on their
    /// own before the settings (1 MiB and 4 MiB - 64 KiB at least) and which came from the heap
    /// after them (all).
    @Test func extractsBlocksComeFromTheHeap() throws {
        let environment = ProcessInfo.processInfo.environment
        if let report = environment[Self.reportVariable] {
            try Self.checkHeap(report: report)
            return
        }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-heap-check-\(getpid())")
        defer { try? FileManager.default.removeItem(at: report) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--testing-library", "swift-testing", "--filter", "ProcessSettingsTests/extractsBlocksComeFromTheHeap"]
        child.environment = environment.merging([Self.reportVariable: report.path, "MALLOC_MMAP_THRESHOLD_": "131072"]) { $1 }
        let output = Pipe()
        child.standardOutput = output
        child.standardError = output
        try child.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(child.terminationStatus == 0, "\(said)")
        let found = try #require(try? String(contentsOf: report, encoding: .utf8), "the child did not run the check:\n\(said)")
        // A block the allocator can take from memory already freed is not mapped even with
        // glibc's defaults: 200 KiB sometimes is (seen in the whole suite's child), 1 MiB and more not.
        let sizes = Self.sizes.map(String.init).joined(separator: ", ")
        let large = Self.sizes.dropFirst().map(String.init).joined(separator: ", ")
        #expect(found.hasSuffix("; from the heap after them: \(sizes)") && found.contains(large + "; "), "\(found)\n\(said)")
    }

    static let reportVariable = "KABAR_HEAP_CHECK_REPORT"
    static let sizes = [200 << 10, 1 << 20, AllocatorTuning.mmapThreshold - (64 << 10)]

    /// The check itself, in a fresh process: with glibc's default threshold (128 KiB) blocks of
    /// 1 to 4 MiB are mapped on their own (200 KiB too, unless memory freed before can take it);
    /// after `kabar extract`'s settings all of them come from the heap.
    static func checkHeap(report: String) throws {
        func mapped(_ size: Int) -> (block: UnsafeMutableRawPointer?, mapped: Bool) {
            let before = Int(mallinfo2().hblks)
            let block = malloc(size)
            #expect(malloc_usable_size(block) >= size)
            return (block, Int(mallinfo2().hblks) == before + 1)
        }
        // Kept until the settings are made: freeing a mapped block would raise a dynamic threshold.
        let byDefault = sizes.map(mapped)
        let largeMapped = byDefault.dropFirst().allSatisfy { $0.mapped }
        #expect(largeMapped, "glibc's default threshold did not hold")
        Kabar.applyProcessSettings(for: try Kabar.parseAsRoot(["extract", "page.html"]))
        for block in byDefault { free(block.block) }
        var fromTheHeap: [Int] = []
        for size in sizes {
            let after = mapped(size)
            free(after.block)
            #expect(!after.mapped, "a block of \(size) bytes was mapped on its own")
            if !after.mapped { fromTheHeap.append(size) }
        }
        let words = "mapped on their own before the settings: "
            + zip(sizes, byDefault).filter { $0.1.mapped }.map { String($0.0) }.joined(separator: ", ")
            + "; from the heap after them: " + fromTheHeap.map(String.init).joined(separator: ", ")
        try words.write(toFile: report, atomically: true, encoding: .utf8)
    }
}
#endif
