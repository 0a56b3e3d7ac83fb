import Foundation
import KabarCore
import KabarStore

/// Where a run keeps its per-extractor health, so that the next run has a recent level to
/// compare with. The embedded `DataFolder` keeps it in the store's index, the shared PostgreSQL
/// store in `kabar_extractor_health`; a storage without it compares with declared floors only.
public protocol HealthLedger: Actor {
    /// The extractor's health in its last `runs` runs, newest first.
    func recentHealth(extractor: String, runs: Int) async throws -> [HealthRow]
    /// Saves this run's health (before the run is finished).
    func saveHealth(_ rows: [HealthRow]) async throws
}

extension DataFolder: HealthLedger {
    public func recentHealth(extractor: String, runs: Int) throws -> [HealthRow] {
        try store.recentHealth(extractor: extractor, runs: runs)
    }

    public func saveHealth(_ rows: [HealthRow]) throws {
        try flush()
        try store.saveHealth(rows)
    }
}
