/// The `urls` and band entries of the open batch, kept in memory until the batch commits and
/// then written to the index in key order. B-tree inserts in key order touch each page once
/// per commit, where inserts in arrival order land on random pages (each read, dirtied and
/// written to the WAL again and again as the index outgrows the page cache). Lookups consult
/// the batch first, then the index. The memory is bounded by the batch (`commitEvery`), not by
/// the records stored.
struct BatchIndex {
    /// A row of `urls`: kind 0 written (latest revision), 1 exact duplicate, 2 near duplicate.
    struct URLRow {
        var id: Int64
        var kind: Int
        var revision: Int
        var content: Int64
        var simhash: Int64
        var file: Int64
        var offset: Int64
        var length: Int
        var duplicateOf: Int64?
        var distance: Int?
        var url: String?
    }

    /// A band entry: the SimHash rotated for its band, and the record's id.
    struct BandEntry {
        let key: Int64
        let id: Int64
        /// The previous entry with the same band value (-1: none).
        let next: Int32
    }

    private(set) var urls: [Int64: URLRow] = [:]
    /// Per band: entries, and the newest entry of each band value (the band's bits).
    private var entries: [[BandEntry]]
    private var heads: [[UInt64: Int32]]
    private let bands: SimHashBands

    init(bands: SimHashBands) {
        self.bands = bands
        entries = Array(repeating: [], count: bands.bands.count)
        heads = Array(repeating: [:], count: bands.bands.count)
    }

    var isEmpty: Bool { urls.isEmpty && entries.allSatisfy(\.isEmpty) }

    subscript(id: Int64) -> URLRow? { urls[id] }

    mutating func put(_ row: URLRow) { urls[row.id] = row }

    /// Adds a written line's SimHash to every band.
    mutating func addBands(simhash: UInt64, id: Int64) {
        for b in 0..<bands.bands.count {
            let key = bands.key(simhash, band: b)
            let value = bands.value(simhash, band: b)
            let index = Int32(entries[b].count)
            entries[b].append(BandEntry(key: key, id: id, next: heads[b][value] ?? -1))
            heads[b][value] = index
        }
    }

    /// Calls `body(rotated key, id)` for the batch's entries sharing `simhash`'s value in `band`.
    func candidates(_ simhash: UInt64, band b: Int, _ body: (Int64, Int64) -> Void) {
        var i = heads[b][bands.value(simhash, band: b)] ?? -1
        while i >= 0 {
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

    mutating func removeAll() {
        urls.removeAll(keepingCapacity: true)
        for b in entries.indices {
            entries[b].removeAll(keepingCapacity: true)
            heads[b].removeAll(keepingCapacity: true)
        }
    }
}
