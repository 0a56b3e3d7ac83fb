import KabarCore

/// What a row of the index's `urls` table is: its `kind` column. The numbers are part of the
/// index's file format (docs/STORE.md), so they never change.
enum URLKind: Int, Sendable {
    /// A written record: the row locates the URL's latest revision.
    case written = 0
    /// A duplicate of another record's content (same `content_hash`); nothing written.
    case exactDuplicate = 1
    /// A near duplicate (SimHash within the distance); nothing written.
    case nearDuplicate = 2

    init(_ duplicate: DuplicateKind) {
        self = duplicate == .exact ? .exactDuplicate : .nearDuplicate
    }

    /// The kind a `kind` column holds; a number this version does not know counts as a near
    /// duplicate, as every non-0, non-1 kind always has.
    init(column value: Int) {
        self = URLKind(rawValue: value) ?? .nearDuplicate
    }

    /// `kind = 0`, for SQL.
    static let writtenSQL = "kind = \(URLKind.written.rawValue)"
}
