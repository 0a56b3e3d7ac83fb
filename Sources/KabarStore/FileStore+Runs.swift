import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// Runs: each `kabar` command that stores is a row of `runs` with its counts and status.
extension FileStore {
    // MARK: Runs

    public func startRun(command: String) throws {
        guard !isClosed else { throw Failure.closed }
        try commit()
        let s = try db.prepare("INSERT INTO runs(command, started_at, status) VALUES (?1, ?2, 'running')")
        s.bind(1, command); s.bind(2, StoreLayout.isoNow())
        try s.run()
        runID = sqlite3_last_insert_rowid(db.handle)
        runCounts = StoreCounts()
        runCounts.revisedFields = 0   // counted in the index's runs since schema 3
    }

    public func finishRun(failed: Int) throws { try finishRun(failed: failed, status: nil) }

    /// Ends the run with `status` as its caller judged it (a schedule run is `ok` with some
    /// pages failed, as its summary says); nil: `failed` when any page failed, else `ok`.
    public func finishRun(failed: Int, status: String?) throws {
        guard !isClosed else { throw Failure.closed }
        runCounts.failed = failed
        try commit()   // no batch in flight: the index connection is this thread's
        if let runID {
            try db.transaction {
                try committer.saveRun(runID, runCounts)
                let s = try db.prepare("UPDATE runs SET ended_at = ?2, status = ?3 WHERE run = ?1")
                s.bind(1, runID); s.bind(2, StoreLayout.isoNow()); s.bind(3, status ?? (failed > 0 ? "failed" : "ok"))
                try s.run()
            }
        }
        runID = nil
    }

    public func stats(runs: Int = 10) throws -> StoreStats {
        guard !isClosed else { throw Failure.closed }
        try commit()
        return try Self.readStats(db, runs: runs)
    }
}
