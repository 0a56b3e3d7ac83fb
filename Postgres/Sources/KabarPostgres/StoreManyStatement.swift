import PostgresNIO

/// A `kabar_store_many` call as a prepared statement (`PostgresFolder.storeGroup`): each pooled
/// connection parses, analyses and plans the call's text once and then only binds a group's
/// arrays and runs it. Sent as unnamed statement text (`PostgresQuery`), every group call
/// parsed, analysed and planned it again: about 8 % of the storing backend's CPU in
/// `bench store` (docs/POSTGRES.md).
struct StoreManyStatement: PostgresPreparedStatement {
    typealias Row = (String, Int32, Int64?, Int32)

    static let name = "kabar_store_many_v2"
    static let sql = """
        SELECT * FROM kabar_store_many($1, $2, $3, $4::int[], $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
            $20, $21, $22, $23)
        """

    /// The parameters' types, so that a first call with NULLs (no run, no token) prepares the
    /// same statement as any other.
    static let bindingDataTypes: [PostgresDataType] = [
        .int8Array, .int8Array, .int8Array, .int4Array, .int4, .boolArray, .int4, .textArray, .textArray, .textArray, .textArray,
        .textArray, .int8Array, .text, .int8, .textArray, .textArray, .int4Array, .textArray, .textArray, .int8, .int8Array, .int8Array,
    ]

    let bindings: PostgresBindings

    /// The group's records, the band count, the near-duplicate distance, the worker, its run
    /// and the group's token, in `kabar_store_many`'s order (each record's fields digest last,
    /// since migration 16).
    init(_ group: [StoreRequest], bands: Int32, near: Int32, worker: String, run: Int64?, token: Int64?) {
        var b = PostgresBindings(capacity: 23)
        b.append(group.map(\.id)); b.append(group.map(\.content)); b.append(group.map(\.simhash))
        b.append(group.flatMap(\.bands)); b.append(bands); b.append(group.map(\.dedup)); b.append(near)
        b.append(group.map(\.site)); b.append(group.map(\.day)); b.append(group.map(\.url)); b.append(group.map(\.line))
        b.append(NullableArray(group.map(\.warcFile))); b.append(NullableArray(group.map(\.warcOffset)))
        b.append(worker); b.append(run)
        b.append(NullableArray(group.map(\.schedule))); b.append(NullableArray(group.map(\.queueURL)))
        b.append(NullableArray(group.map(\.status))); b.append(NullableArray(group.map(\.etag)))
        b.append(NullableArray(group.map(\.lastModified))); b.append(token)
        b.append(NullableArray(group.map(\.lease)))
        b.append(group.map(\.fields))
        bindings = b
    }

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
