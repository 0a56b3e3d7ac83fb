import ArgumentParser
import KabarFetch

/// A command that handles many pages in one process: `Kabar.main` calls
/// `AllocatorTuning.keepFreedMemoryForReuse()` before running it, so page bodies, parse trees
/// and records reuse freed heap memory instead of giving it back (`madvise`) and faulting it in
/// again for the next page. Extraction alone spent 3-4 % of its CPU there (docs/PERFORMANCE.md,
/// "Extraction CPU (fifth pass)"; `kabar extract` over 300 pages: a quarter of the page faults,
/// 7 % less CPU). `kabar reextract` does not conform: with the same settings (GLIBC_TUNABLES) it
/// took as many page faults and as much CPU, so nothing backs the change there (nor in its
/// bench). `bench extract` does not either, so its figures stay comparable with the earlier ones.
protocol ReusesFreedMemory {}

extension RunCommand: ReusesFreedMemory {}
extension ScheduleCommand: ReusesFreedMemory {}
extension FetchCommand: ReusesFreedMemory {}
extension ExtractCommand: ReusesFreedMemory {}

extension Kabar {
    /// Process-wide settings a parsed command asks for, applied before it runs.
    static func applyProcessSettings(for command: ParsableCommand) {
        if command is ReusesFreedMemory { AllocatorTuning.keepFreedMemoryForReuse() }
    }
}
