/// The committed index's answers for a chunk of records, read before the chunk is decided: the
/// state of each record's URL, and the written lines whose SimHash is within the distance of
/// each record's. Each table is read in key order (sorted ids, sorted band ranges), so
/// consecutive lookups share their B-tree pages instead of landing on random ones.
///
/// The answers hold while the chunk is decided: the index changes only when the committer
/// commits a handed-over batch, whose entries stay in memory (`BatchIndex`, consulted with the
/// open batch's) until the next hand-over, and a chunk never spans a hand-over.
final class ChunkLookup {
    struct URLState {
        /// 0 written (latest revision), 1 exact duplicate, 2 near duplicate.
        let kind: URLKind
        let revision: Int
        let content: Int64
        let file: Int64
    }

    struct Match {
        let id: Int64
        let distance: Int
    }

    /// A record of the chunk whose content is to be matched: its place, id and SimHash.
    struct Query {
        let position: Int
        let id: Int64
        let simhash: UInt64
    }

    private let selURL: SQLiteStatement
    private let bandScan: [SQLiteStatement]
    private let bands: SimHashBands
    private let limit: Int
    /// Every id looked up for the chunk, with its state (nil: not in the index).
    private var states: [Int64: URLState?] = [:]
    /// Index lines within the distance, by position in the chunk (absent: none).
    private var matches: [Int: [Match]] = [:]
    /// Index reads so far: URL states, band ranges.
    private(set) var statesRead = 0
    private(set) var rangesRead = 0

    init(db: SQLiteDatabase, bands: SimHashBands, limit: Int) throws {
        selURL = try db.prepare("SELECT kind, revision, content_hash, file FROM urls WHERE id = ?1")
        bandScan = try (0..<bands.bands.count).map { try db.prepare("SELECT k, id FROM band\($0) WHERE k BETWEEN ?1 AND ?2") }
        self.bands = bands
        self.limit = limit
    }

    /// Reads the states of `ids`, in id order; those `absent` rules out are not in the index.
    func loadStates(_ ids: [Int64], absent: (Int64) -> Bool) throws {
        states.removeAll(keepingCapacity: true)
        for id in ids.sorted() where states[id] == nil {
            states[id] = .some(absent(id) ? nil : try read(id))
        }
    }

    /// Finds the index lines within the distance of each query, band by band in key order. A
    /// query that met its own SimHash in the first band skips the others: a line with the same
    /// SimHash shares every band, so the first band already gave them all, and nothing nearer
    /// is to be found.
    func loadMatches(_ queries: [Query]) throws {
        matches.removeAll(keepingCapacity: true)
        var pending = queries
        for b in 0..<bands.bands.count where !pending.isEmpty {
            let scan = bandScan[b]
            for (rotated, q) in pending.map({ (bands.key($0.simhash, band: b), $0) }).sorted(by: { $0.0 < $1.0 }) {
                let (low, high) = bands.range(q.simhash, band: b)
                scan.bind(1, low); scan.bind(2, high)
                rangesRead += 1
                while try scan.step() {
                    let candidate = scan.int64(1)
                    let distance = (scan.int64(0) ^ rotated).nonzeroBitCount
                    if distance <= limit && candidate != q.id {
                        matches[q.position, default: []].append(Match(id: candidate, distance: distance))
                    }
                }
                scan.reset()
            }
            if b == 0 { pending.removeAll { q in matches[q.position]?.contains { $0.distance == 0 } ?? false } }
        }
    }

    /// The URL's state in the index: as read for the chunk, else read now.
    func state(_ id: Int64) throws -> URLState? {
        if let known = states[id] { return known }
        return try read(id)
    }

    func matches(at position: Int) -> [Match] { matches[position] ?? [] }

    private func read(_ id: Int64) throws -> URLState? {
        statesRead += 1
        selURL.bind(1, id)
        defer { selURL.reset() }
        guard try selURL.step() else { return nil }
        return URLState(kind: URLKind(column: selURL.int(0)), revision: selURL.int(1), content: selURL.int64(2), file: selURL.int64(3))
    }
}
