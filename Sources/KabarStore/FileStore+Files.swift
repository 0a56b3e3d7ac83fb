import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// The record files: a record's line added to its site and day file (`records/<site>/<day>.jsonl`),
/// and the lines waiting in memory handed to the writer.
extension FileStore {
    /// `line`: the record encoded as revision 1 (newline included), when `revision` is 1.
    func write(_ article: Article, id: Int64, content: Int64, simhash: Int64, revision: Int, dedup: Bool, line: [UInt8]?) throws {
        let slot = try slot(for: article)
        var pending = dirty.removeValue(forKey: slot.id) ?? Pending()
        let offset = slot.size + pending.written + Int64(pending.lineBytes)
        var encoded: [UInt8]
        if let line, revision == 1 {
            encoded = line
        } else {
            encoded = []
            RecordJSON.append(article, storedRevision: revision, to: &encoded)
            encoded.append(0x0A)
        }
        let length = encoded.count
        pending.lines.append(encoded)
        pending.lineBytes += length
        if revision == 1 { pending.records += 1 } else { pending.revisions += 1 }
        dirty[slot.id] = pending
        pendingBytes += length

        urlFilter.insert(UInt64(bitPattern: id))
        batch.put(.init(id: id, kind: .written, revision: revision, content: content, simhash: simhash, file: slot.id,
                        offset: offset, length: length, duplicateOf: nil, distance: nil, url: nil,
                        fields: article.fieldsDigest))
        if dedup {
            batch.addBands(simhash: UInt64(bitPattern: simhash), id: id)
            nearFilter.insert(UInt64(bitPattern: simhash))
        }
    }

    /// Hands the lines waiting in memory to the writer, to be written past what the file holds
    /// (not fsynced: `commit` has that done, and waits for both before the index names them).
    func flushLines() {
        let t = storingPhases.start()
        defer { storingPhases.add(.writeLines, since: t) }
        for (slotID, var pending) in dirty where !pending.lines.isEmpty {
            guard let slot = slotsByID[slotID] else { continue }
            let lines = pending.lines, bytes = pending.lineBytes
            pending.lines = []
            pending.lineBytes = 0
            writer.write(file: slotID, path: slot.path, parts: lines, bytes: bytes, at: slot.size + pending.written)
            pending.written += Int64(bytes)
            dirty[slotID] = pending
        }
        pendingBytes = 0
    }

    struct SlotKey: Hashable { let site: String; let day: Int }

    /// The file a record is filed in: by its site and the day of `published_at` or
    /// `fetched_at` without building its path (records with neither take the long way).
    func slot(for article: Article) throws -> Slot {
        guard let day = StoreLayout.packedDay(article.publishedAt) ?? StoreLayout.packedDay(article.fetchedAt) else {
            return try slot(site: article.site, day: StoreLayout.day(for: article))
        }
        let key = SlotKey(site: article.site, day: day)
        if let slot = slotsByKey[key] { return slot }
        let slot = try slot(site: article.site, day: StoreLayout.day(for: article))
        slotsByKey[key] = slot
        return slot
    }

    /// The file a site and day are filed in: known to this process, else to the index (read
    /// through the reader: what an earlier process committed), else new, its row going to the
    /// index with the open batch (one writing process per folder, so the ids are this one's to
    /// give). Lines written to a new file before that batch commits are past what the index knows,
    /// like any others: a killed process leaves a file the index does not know, which the next
    /// open removes.
    func slot(site: String, day: String) throws -> Slot {
        let folder = StoreLayout.siteFolder(site)
        let path = "records/\(folder)/\(day).jsonl"
        if let slot = slots[path] { return slot }
        selFile.bind(1, path)
        var found: Slot?
        if try selFile.step() { found = Slot(id: selFile.int64(0), site: folder, day: day, path: path, size: selFile.int64(1)) }
        selFile.reset()
        if found == nil {
            found = Slot(id: nextFileID, site: folder, day: day, path: path, size: 0)
            newFiles.append(.init(file: nextFileID, site: folder, day: day, path: path))
            nextFileID += 1
            batchOpen = true
        }
        slots[path] = found!
        slotsByID[found!.id] = found!
        return found!
    }
}
