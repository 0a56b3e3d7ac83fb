import Foundation
import KabarCore
import KabarRun
import KabarTesting
import Testing

/// Discovery asks the data folder what it knows of all its links' ids at once
/// (`known(ids:)`, one read transaction): the answers are `known(id:)`'s for each id.
@Suite struct KnownBatchTests {
    func article(_ url: String, seed: Int) -> Article {
        let text = (0..<40).map { "word\($0 * 7 % 13)x\($0)s\(seed)" }.joined(separator: " ")
        return Article(id: Hash64.hex(Hash64.of(url)), url: url, canonicalURL: url, site: "tempo", extractor: "tempo/1",
                       fetchedAt: "2024-05-01T03:00:00Z", publishedAt: "2024-05-01T10:00:00+07:00", headline: "H",
                       body: [.paragraph(text)], text: text, contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
    }

    func entry(_ url: String) -> Frontier.Entry {
        Frontier.Entry(url: url, id: Hash64.hex(Hash64.of(url)), host: "tempo.co", priority: 1, modified: nil)
    }

    @Test func knownOfManyIDsIsKnownOfEach() async throws {
        let data = try Executables.temporaryFolder("known-batch")
        let folder = try DataFolder(url: data)
        // Stored and seen (completed at the flush); seen only (a 304); stored, not yet flushed
        // (the store's open batch); neither.
        let stored = article("https://tempo.co/stored", seed: 1)
        let open = article("https://tempo.co/open", seed: 2)
        let seenOnly = entry("https://tempo.co/seen")
        try await folder.enqueue([entry(stored.url), seenOnly, entry(open.url)], schedule: "s")
        _ = try await folder.store(stored, completion: .done(entry(stored.url), status: 200, etag: "\"e1\"", lastModified: nil), schedule: "s")
        try await folder.complete(.done(seenOnly, status: 304, etag: "\"e2\"", lastModified: "Wed, 01 May 2024 03:00:00 GMT"), schedule: "s")
        try await folder.flush()
        _ = try await folder.store(open, completion: .done(entry(open.url), status: 200, etag: nil, lastModified: nil), schedule: "s")
        let neither = Hash64.hex(Hash64.of("https://tempo.co/neither"))
        let ids = [stored.id, seenOnly.id, open.id, neither, stored.id]

        let many = try await folder.known(ids: ids)
        #expect(Set(many.keys) == Set(ids))
        for id in ids {
            let one = try await folder.known(id: id)
            #expect(many[id]?.stored == one.stored, "\(id)")
            #expect(many[id]?.seen?.fetchedAt == one.seen?.fetchedAt && many[id]?.seen?.etag == one.seen?.etag
                    && many[id]?.seen?.lastModified == one.seen?.lastModified && many[id]?.seen?.status == one.seen?.status, "\(id)")
        }
        #expect(many[stored.id]?.stored == true && many[stored.id]?.seen?.etag == "\"e1\"")
        #expect(many[seenOnly.id]?.stored == false && many[seenOnly.id]?.seen?.status == 304)
        #expect(many[open.id]?.stored == true)
        #expect(many[neither]?.stored == false && many[neither]?.seen == nil)
        try await folder.close()
    }
}
