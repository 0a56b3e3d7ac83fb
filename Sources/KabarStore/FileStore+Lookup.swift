import Foundation

extension FileStore {
    /// Whether the index knows the record id (16 hex digits): written, or recorded as a
    /// duplicate. Records of the open batch count (their index rows wait in memory until the
    /// batch commits).
    /// Used by scheduled runs (KabarRun) to drop links of articles already stored.
    public func contains(id: String) throws -> Bool {
        guard let key = StoreLayout.key(id) else { return false }
        if batchHolds(key) { return true }
        if !mayHold(key) { return false }
        return try reader.scalar("SELECT 1 FROM urls WHERE id = ?1", key) != nil
    }

    /// Which of the record ids the index knows (as `contains(id:)`), the ones the filter cannot
    /// rule out read in one read transaction.
    public func contained(ids: [String]) throws -> Set<String> {
        var known = Set<String>()
        try reader.reading {
            for id in ids where try contains(id: id) { known.insert(id) }
        }
        return known
    }

    /// Whether the index holds any URL (written or a duplicate).
    public func hasRecords() throws -> Bool {
        try reader.scalar("SELECT 1 FROM urls LIMIT 1") != nil
    }
}
