import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// The commit hand-off: the open batch's lines written and fsynced, its index entries handed to
/// the `IndexCommitter`, and the folder let go after a failure.
extension FileStore {
    /// Hands the open batch to the committer and waits until it is in the index: every record
    /// stored before the call is durable (as `durability` says) when it returns.
    public func commit() throws {
        guard !isClosed else { throw Failure.closed }
        if batchOpen || !pendingImages.isEmpty { try submitBatch() }
        try waitForCommitter()
        committing = nil
        committingImages = [:]
    }

    /// Hands the open batch to the committer without waiting for it: returns once the batch
    /// before it is in the index, so every record stored before the previous `handOver` (or
    /// `commit`) is durable when it returns; the records since are on their way. A caller that
    /// acts on a record's durability (the frontier's completions) acts on the previous hand-over's
    /// records here and on the rest after `commit`, and its thread does not wait for the lines'
    /// fsync and the index's commit that the committer makes meanwhile.
    public func handOver() throws {
        guard !isClosed else { throw Failure.closed }
        if batchOpen || !pendingImages.isEmpty { try submitBatch() } else { try waitForCommitter() }
    }

    /// Waits for the batch in flight; a failed one closes the store (its rows were rolled back;
    /// the files may now be longer than the index says: the next open cuts them back).
    func waitForCommitter() throws {
        let t = storingPhases.start()
        defer { storingPhases.add(.waitIndex, since: t) }
        do { try committer.wait() } catch { release(); throw error }
    }

    /// Closes the files and lets the data folder go (after a failure, or at the end of `close`).
    func release() {
        isClosed = true
        writer.closeAll()
        Self.unlock(lockFD)
        lockFD = -1
    }

    /// Hands the open batch over: its lines to the writer (written, then fsynced), its index
    /// entries to the committer (which waits for the lines before it commits). Waits for the
    /// batch before it, whose entries are then in the index; this one's are consulted from
    /// memory (`committing`) until the next hand-over.
    func submitBatch() throws {
        flushLines()
        if options.durability != .process {
            writer.sync(dirty.compactMap { slotID, pending in
                guard pending.written > 0, let slot = slotsByID[slotID] else { return nil }
                return (slotID, slot.path)
            })
        }
        let files = dirty.map { slotID, p in
            IndexCommitter.Batch.FileUpdate(file: slotID, size: slotsByID[slotID].map { $0.size + p.written },
                                            records: p.records, revisions: p.revisions, exact: p.exact, near: p.near)
        }
        let t = storingPhases.start()
        do {
            try committer.submit(.init(index: batch, newFiles: newFiles, files: files, run: runID.map { ($0, runCounts) }, rowsRun: runID,
                                       images: Array(pendingImages.values)))
        } catch {
            storingPhases.add(.waitIndex, since: t)
            release()
            throw error
        }
        storingPhases.add(.waitIndex, since: t)
        for (slotID, pending) in dirty { slotsByID[slotID]?.size += pending.written }
        committing = batch
        committingImages = pendingImages
        pendingImages = [:]
        batch = BatchIndex(bands: bands, capacity: min(options.commitEvery, 1 << 17))
        batchOpen = false
        dirty.removeAll(keepingCapacity: true)
        newFiles.removeAll()
        pendingBytes = 0
        batchRecords = 0
    }
}
