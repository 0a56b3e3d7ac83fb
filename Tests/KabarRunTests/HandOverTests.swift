import Foundation
import KabarCore
import KabarRun
import KabarTesting
import Testing

/// A due flush (every 500 completions or second) hands the store's batch to its committer
/// without waiting for it, and takes off the queue only the entries of the batch handed over
/// before, which is committed by then: an entry never leaves the queue before its record is
/// in the store's index, and the storing thread does not wait for the commit's fsyncs.
@Suite struct HandOverTests {
    func article(_ n: Int) -> Article {
        let url = "https://tempo.co/read/\(n)"
        let text = (0..<40).map { "w\($0 * 7 % 13)n\(n)x\($0 * n % 17)" }.joined(separator: " ")
        return Article(id: Hash64.hex(Hash64.of(url)), url: url, canonicalURL: url, site: "tempo", extractor: "tempo/1",
                       fetchedAt: "2024-05-01T03:00:00Z", publishedAt: "2024-05-01T10:00:00+07:00", headline: "H\(n)",
                       body: [.paragraph(text)], text: text, contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
    }

    func entry(_ n: Int) -> Frontier.Entry {
        let url = "https://tempo.co/read/\(n)"
        return Frontier.Entry(url: url, id: Hash64.hex(Hash64.of(url)), host: "tempo.co", priority: 1, modified: nil)
    }

    @Test func aDueFlushCompletesOnlyTheBatchHandedOverBefore() async throws {
        let data = try Executables.temporaryFolder("hand-over")
        defer { try? FileManager.default.removeItem(at: data) }
        let count = 500
        let folder = try DataFolder(url: data)
        try await folder.enqueue((0..<count).map(entry), schedule: "s")
        for n in 0..<count {
            _ = try await folder.store(article(n), completion: .done(entry(n), status: 200, etag: nil, lastModified: nil), schedule: "s")
        }
        // The 500th completion made a flush due: its batch went to the committer, and its
        // entries stay queued until the next due flush or `flush` (before, they left at once).
        let queued = try await folder.queued(schedule: "s")
        #expect(queued > 0, "entries left the queue at the hand-over of their own batch")
        #expect(try await folder.known(id: article(count - 1).id).stored)
        try await folder.flush()
        #expect(try await folder.queued(schedule: "s") == 0)
        try await folder.close()

        let reopened = try DataFolder(url: data)
        #expect(try await reopened.queued(schedule: "s") == 0)
        for n in [0, count / 2, count - 1] { #expect(try await reopened.known(id: article(n).id).stored) }
        try await reopened.close()
    }
}
