import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// Dedup: a URL's latest state, its earlier revisions moved to `history`, and the original a
/// record duplicates (exact content hash first, else the nearest SimHash).
extension FileStore {
    /// The URL's latest state: from the open batch, else the one committing, else the index.
    func urlState(_ id: Int64) throws -> (kind: URLKind, revision: Int, content: Int64, file: Int64)? {
        if let row = pendingRow(id) { return (row.kind, row.revision, row.content, row.file) }
        return try lookup.state(id).map { ($0.kind, $0.revision, $0.content, $0.file) }
    }

    /// `Article.fieldsDigest` of the latest revision of a written URL: kept with the batch's
    /// rows for lines this process wrote, else read back from the committed line (the index
    /// keeps the text's hash only). Nil when the line cannot be read or parsed: the caller then
    /// takes the record as unchanged, as before the fields were compared.
    func storedFields(_ id: Int64) throws -> UInt64? {
        if let row = pendingRow(id), row.kind == .written, let fields = row.fields { return fields }
        let s = selLatest
        s.bind(1, id)
        guard try s.step() else { s.reset(); return nil }
        let (file, offset, length) = (s.int64(3), s.int64(4), s.int(5))
        s.reset()
        selFilePath.bind(1, file)
        defer { selFilePath.reset() }
        guard try selFilePath.step(), let path = selFilePath.text(0) else { return nil }
        let fd = Glibc.open(root.appendingPathComponent(path).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, length - done, off_t(offset) + off_t(done)) }
            if n <= 0 { return nil }
            done += n
        }
        guard let stored = try? JSONDecoder().decode(Article.self, from: Data(bytes)) else { return nil }
        return stored.fieldsDigest
    }

    /// Files the latest revision of a written URL under `history` (with the open batch) before
    /// its next revision.
    func moveToHistory(_ id: Int64) throws {
        if let row = pendingRow(id) {
            batch.putHistory(row)
            return
        }
        let s = selLatest
        s.bind(1, id)
        defer { s.reset() }
        guard try s.step() else { return }
        batch.putHistory(.init(id: id, kind: .written, revision: s.int(0), content: s.int64(1), simhash: s.int64(2),
                               file: s.int64(3), offset: s.int64(4), length: s.int(5), duplicateOf: nil, distance: nil, url: nil))
    }

    func uncount(duplicateKind kind: URLKind, slot: Int64) {
        if kind == .exactDuplicate { dirty[slot, default: Pending()].exact -= 1 } else { dirty[slot, default: Pending()].near -= 1 }
    }

    struct Original { let id: Int64; let kind: DuplicateKind; let distance: Int }

    /// The kept record this content duplicates: exact (same content_hash) first, else the nearest
    /// SimHash within the distance (ties: the smallest id). Nil below `minWords` words.
    func findOriginal(id: Int64, content: Int64, simhash: Int64, position: Int, dedup: Bool) throws -> Original? {
        guard dedup else { return nil }
        let limit = options.dedup.nearDistance
        let hash = UInt64(bitPattern: simhash)
        var best: (id: Int64, distance: Int)?
        var exactCandidates: [Int64] = []
        func consider(_ candidate: Int64, _ distance: Int) {
            guard candidate != id, distance <= limit else { return }
            if distance == 0 { exactCandidates.append(candidate) }
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.id) {
                best = (candidate, distance)
            }
        }
        // The index's lines within the distance (read for the chunk), then the batches'. When the
        // near filter ruled out every line within the distance as the chunk was looked up (it then
        // held the index's and both batches' lines), only lines written since can be near: the
        // open batch's newest entries.
        let wide = nearBeforeChunk[position]
        for match in lookup.matches(at: position) { consider(match.id, match.distance) }
        for b in 0..<bands.bands.count {
            let rotated = bands.key(hash, band: b)
            batch.candidates(hash, band: b, since: wide ? 0 : chunkBandStart) { key, candidate in consider(candidate, (key ^ rotated).nonzeroBitCount) }
            if wide { committing?.candidates(hash, band: b) { key, candidate in consider(candidate, (key ^ rotated).nonzeroBitCount) } }
        }
        // Same SimHash is not yet the same text: compare the content hashes.
        for candidate in exactCandidates.sorted() {
            if let state = try urlState(candidate), state.kind == .written, state.content == content {
                return Original(id: candidate, kind: .exact, distance: 0)
            }
        }
        return best.map { Original(id: $0.id, kind: .near, distance: $0.distance) }
    }
}
