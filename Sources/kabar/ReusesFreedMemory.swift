import ArgumentParser
import KabarFetch

/// A command that handles many pages in one process: `Kabar.main` calls
/// `AllocatorTuning.keepFreedMemoryForReuse()` before running it, so page bodies, parse trees
/// and records reuse freed heap memory instead of giving it back (`madvise`) and faulting it in
/// again for the next page. Extraction alone spent 3-4 % of its CPU there (docs/PERFORMANCE.md,
/// "Extraction CPU (fifth pass)"). `bench reextract` conforms because it measures what
/// `kabar reextract` does; `bench extract` does not, so its figures stay comparable with the
/// earlier ones (its ratio to bare parsing is what it tracks).
protocol ReusesFreedMemory {}

extension RunCommand: ReusesFreedMemory {}
extension ScheduleCommand: ReusesFreedMemory {}
extension FetchCommand: ReusesFreedMemory {}
extension ExtractCommand: ReusesFreedMemory {}
extension ReextractCommand: ReusesFreedMemory {}
extension BenchReextractCommand: ReusesFreedMemory {}

extension Kabar {
    /// Process-wide settings a parsed command asks for, applied before it runs.
    static func applyProcessSettings(for command: ParsableCommand) {
        if command is ReusesFreedMemory { AllocatorTuning.keepFreedMemoryForReuse() }
    }
}
