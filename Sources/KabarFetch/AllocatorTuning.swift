import CCurl

/// Process-wide glibc malloc settings for a process that fetches many pages. Every page body
/// is a fresh allocation of up to `maxBodyBytes`; with glibc's defaults the heap is trimmed
/// (`madvise`) as bodies are freed and faulted back in for the next ones, which cost more CPU
/// than the transfers themselves in `kabar bench fetch`. Keeping up to 16 MB of freed memory (per arena)
/// for reuse removes that. Setting the trim threshold also fixes glibc's mmap threshold at its
/// 128 KiB start (it no longer rises with the blocks freed), so every larger block would be a
/// fresh mapping, zeroed page by page by the kernel on first touch: the threshold is set to
/// 4 MiB, and blocks up to that size are reused from the heap. A library must not change this
/// behind its user's back, so the executable calls it (for `kabar fetch`, `run`, `schedule`
/// and `extract`).
public enum AllocatorTuning {
    /// Blocks at least this large are mapped on their own (and unmapped when freed).
    public static let mmapThreshold = 4 << 20

    public static func keepFreedMemoryForReuse() {
        kabar_keep_freed_memory(16 << 20, 4 << 20)
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, Int32(mmapThreshold))   // malloc.h, through CCurl's shim
        #endif
    }
}
