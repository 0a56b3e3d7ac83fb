import Foundation
import KabarCore
import KabarRun
import KabarTesting
import Testing

/// `frontier.sqlite` lost beside a store that holds records: a new frontier is started (and
/// said so), and the store's index still decides what is stored, so nothing is stored twice.
@Suite struct FrontierLossTests {
    func article(_ url: String) -> Article {
        let text = (0..<40).map { "word\($0 * 7 % 13)x\($0)" }.joined(separator: " ")
        return Article(id: Hash64.hex(Hash64.of(url)), url: url, canonicalURL: url, site: "tempo", extractor: "tempo/1",
                       fetchedAt: "2024-05-01T03:00:00Z", publishedAt: "2024-05-01T10:00:00+07:00", headline: "H",
                       body: [.paragraph(text)], text: text, contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
    }

    @Test(arguments: ["deleted", "emptied", "garbage"])
    func lostFrontierIsStartedAfreshWithoutDuplicates(how: String) async throws {
        let data = try Executables.temporaryFolder("frontier-loss")
        let a = article("https://tempo.co/a")
        let entry = Frontier.Entry(url: a.canonicalURL, id: a.id, host: "tempo.co", priority: 1, modified: nil)
        let first = try DataFolder(url: data)
        #expect(!first.frontierRecreated)
        try await first.enqueue([entry], schedule: "s")
        _ = try await first.store(a, completion: .done(entry, status: 200, etag: nil, lastModified: nil), schedule: "s")
        try await first.close()

        let frontier = data.appendingPathComponent("frontier.sqlite")
        switch how {
        case "deleted": try FileManager.default.removeItem(at: frontier)
        case "emptied": try Data().write(to: frontier)
        default:
            try Data(repeating: 0x41, count: 8192).write(to: frontier)
            try? FileManager.default.removeItem(atPath: frontier.path + "-wal")
        }
        if how == "garbage" {
            // Not a database: refused with the file named and what to do, nothing else touched.
            let refused = #expect(throws: (any Error).self) { _ = try DataFolder(url: data) }
            #expect(refused.map { "\($0)" }?.contains("\(frontier.path): not a usable frontier database") == true)
            #expect(refused.map { "\($0)" }?.contains("move it aside") == true)
            return
        }
        let second = try DataFolder(url: data)
        #expect(second.frontierRecreated)
        // Rediscovered, the URL is known to the store: not stored again.
        #expect(try await second.known(id: a.id).stored)
        #expect(try await second.store(a, completion: .done(entry, status: 200, etag: nil, lastModified: nil), schedule: "s") == .unchanged)
        let stats = try await second.stats()
        try await second.close()
        #expect(stats.records == 1)
        let third = try DataFolder(url: data)
        #expect(!third.frontierRecreated, "said once, when it happened")
        try await third.close()
    }
}
