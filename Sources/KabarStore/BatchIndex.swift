/// The `urls` and band entries of the open batch, kept in memory until the batch commits and
/// then written to the index in key order. B-tree inserts in key order touch each page once
/// per commit, where inserts in arrival order land on random pages (each read, dirtied and
/// written to the WAL again and again as the index outgrows the page cache). Lookups consult
/// the batch first, then the index. The memory is bounded by the batch (`commitEvery`), not by
/// the records stored.
struct BatchIndex {
    /// A row of `urls`: a written record (its latest revision) or a duplicate (`URLKind`).
    struct URLRow {
        var id: Int64
        var kind: URLKind
        var revision: Int
        var content: Int64
        var simhash: Int64
        var file: Int64
        var offset: Int64
        var length: Int
        var duplicateOf: Int64?
        var distance: Int?
        var url: String?
        /// `Article.fieldsDigest` of a line this process wrote (nil: a duplicate, or a row read
        /// from the index, whose fields are read back from its line when needed).
        var fields: UInt64? = nil
    }

    /// A band entry: the SimHash rotated for its band, and the record's id.
    struct BandEntry {
        let key: Int64
        let id: Int64
        /// The previous entry in the same bucket (-1: none).
        let next: Int32
    }

    private(set) var urls: [Int64: URLRow] = [:]
    /// Earlier revisions filed under `history` by this batch, in order (rows as they were in
    /// `urls`, kind 0).
    private(set) var history: [URLRow] = []
    private var historyContents: [Int64: [Int64]] = [:]
    /// Per band: entries, chained by bucket: the low `bucketBits` bits of the band value. A
    /// bucket may hold other band values too; they are candidates filtered by distance like any
    /// other, and a line within the distance is a right answer however it was found.
    private var entries: [[BandEntry]]
    private var heads: [[Int32]]
    private let bands: SimHashBands
    private static let bucketBits = 16

    init(bands: SimHashBands, capacity: Int = 0) {
        self.bands = bands
        urls.reserveCapacity(capacity)
        entries = Array(repeating: [], count: bands.bands.count)
        heads = Array(repeating: Array(repeating: -1, count: 1 << Self.bucketBits), count: bands.bands.count)
    }

    @inline(__always) private func bucket(_ simhash: UInt64, band: Int) -> Int {
        Int(truncatingIfNeeded: bands.value(simhash, band: band) & UInt64((1 << Self.bucketBits) - 1))
    }

    var isEmpty: Bool { urls.isEmpty && history.isEmpty && entries.allSatisfy(\.isEmpty) }

    subscript(id: Int64) -> URLRow? { urls[id] }

    mutating func put(_ row: URLRow) { urls[row.id] = row }

    /// Files a revision under `history`.
    mutating func putHistory(_ row: URLRow) {
        history.append(row)
        historyContents[row.id, default: []].append(row.content)
    }

    /// Whether this batch filed a revision of `id` with `content` under `history`.
    func historyHolds(_ id: Int64, content: Int64) -> Bool {
        historyContents[id]?.contains(content) ?? false
    }

    /// Adds a written line's SimHash to every band.
    mutating func addBands(simhash: UInt64, id: Int64) {
        for b in 0..<bands.bands.count {
            let h = bucket(simhash, band: b)
            entries[b].append(BandEntry(key: bands.key(simhash, band: b), id: id, next: heads[b][h]))
            heads[b][h] = Int32(entries[b].count - 1)
        }
    }

    /// Band entries so far (the same in every band): `candidates(since:)` takes it as a mark.
    var bandEntryCount: Int { entries.first?.count ?? 0 }

    /// Calls `body(rotated key, id)` for the batch's entries sharing `simhash`'s value in `band`
    /// (and any others in its bucket), newest first, down to the `since`-th entry added.
    func candidates(_ simhash: UInt64, band b: Int, since: Int = 0, _ body: (Int64, Int64) -> Void) {
        var i = heads[b][bucket(simhash, band: b)]
        while i >= since {
            let e = entries[b][Int(i)]
            body(e.key, e.id)
            i = e.next
        }
    }

    /// The rows in id order, and each band's entries in key order: the order they are inserted in.
    func sortedURLs() -> [URLRow] { urls.values.sorted { $0.id < $1.id } }

    func sortedBand(_ b: Int) -> [BandEntry] {
        entries[b].sorted { $0.key < $1.key || ($0.key == $1.key && $0.id < $1.id) }
    }
}
