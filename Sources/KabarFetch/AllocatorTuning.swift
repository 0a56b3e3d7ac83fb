import CCurl

/// Process-wide glibc malloc settings for a process that fetches many pages. Every page body
/// is a fresh allocation of up to `maxBodyBytes`; with glibc's defaults the heap is trimmed
/// (`madvise`) as bodies are freed and faulted back in for the next ones, which cost more CPU
/// than the transfers themselves in `kabar bench fetch`. Keeping up to 16 MB of freed memory (per arena)
/// for reuse removes that. A library must not change this behind its user's back, so the
/// executable calls it (`kabar fetch` does).
public enum AllocatorTuning {
    public static func keepFreedMemoryForReuse() {
        kabar_keep_freed_memory(16 << 20, 4 << 20)
    }
}
