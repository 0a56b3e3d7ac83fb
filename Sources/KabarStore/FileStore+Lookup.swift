import Foundation

extension FileStore {
    /// Whether the index knows the record id (16 hex digits): written, or recorded as a
    /// duplicate. Reads through the store's own connection, so records of the open batch count.
    /// Used by scheduled runs (KabarRun) to drop links of articles already stored.
    public func contains(id: String) throws -> Bool {
        guard let key = StoreLayout.key(id) else { return false }
        return try db.scalar("SELECT 1 FROM urls WHERE id = ?1", key) != nil
    }
}
