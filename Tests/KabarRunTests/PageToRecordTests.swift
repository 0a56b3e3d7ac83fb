import Foundation
import KabarArchive
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore
import KabarTesting
import Testing

/// The same page gives the same record on every path that turns pages into records: a run
/// (fetched page by page), `reextract` of that run's archive, the saved pages offline
/// (`kabar extract`), and the assembler itself. The article is the constructed three-page
/// SINDOnews one (Plugins/Sindonews/Fixtures/constructed-s2-festival-page*.html).
@Suite(.serialized)
struct PageToRecordTests {
    static let fixtures = Corpus.packageRoot.appendingPathComponent("Plugins/Sindonews/Fixtures")
    static let pageFiles = (1...3).map { fixtures.appendingPathComponent("constructed-s2-festival-page\($0).html") }

    /// The record's fields that do not depend on when or from where it was read.
    static func content(_ line: some StringProtocol) throws -> NSDictionary {
        var o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in ["fetched_at", "source", "revision"] { o[key] = nil }
        return o as NSDictionary
    }

    static func festivalRecords(in data: URL) throws -> [NSDictionary] {
        var out: [NSDictionary] = []
        let folder = data.appendingPathComponent("records")
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        for case let file as URL in files where file.pathExtension == "jsonl" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let record = try content(line)
                if record["canonical_url"] as? String == LocalTestSite.festival { out.append(record) }
            }
        }
        return out
    }

    static func reextract(_ inputs: [URL], savedPages: Bool = false) async throws -> (Reextraction.Summary, [NSDictionary]) {
        let data = try Executables.temporaryFolder("kabar-page-to-record")
        defer { try? FileManager.default.removeItem(at: data) }
        let store = try FileStore(at: data)
        var options = Reextraction.Options()
        options.savedPages = savedPages
        options.workers = 2
        let summary = try await Reextraction(registry: BuiltinExtractors.registry, options: options).run(inputs, store: store)
        try store.close()
        return (summary, try festivalRecords(in: data))
    }

    @Test func aMultiPageArticleIsOneRecordOnEveryPath() async throws {
        // The assembler, the pages from the fixture files.
        let assembler = ArticleAssembler(registry: BuiltinExtractors.registry)
        let byURL = Dictionary(uniqueKeysWithValues: zip([LocalTestSite.festival + "/2", LocalTestSite.festival + "/3"], Self.pageFiles.dropFirst()))
        let direct = try assembler.assemble(.init(data: Data(contentsOf: Self.pageFiles[0]), url: URL(string: LocalTestSite.festival))) { next in
            try byURL[next.absoluteString].map { ArticleAssembler.PageBytes(data: try Data(contentsOf: $0), url: nil) }
        }
        let expected = try Self.content(direct.jsonLine)
        #expect(direct.metadata["pages"] == "3")
        #expect(direct.text.contains("Marsinah"), "page 3's text is in the record")

        // A run, page by page (no whole-article page on the site), archived.
        let site = try LocalTestSite()
        defer { site.stop() }
        site.setWholeArticlePages(false)
        let data = try Executables.temporaryFolder("kabar-page-to-record-run")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await EndToEndTests.run(try EndToEndTests.schedule(site), data: data)
        #expect(result.counters.stored == LocalTestSite.articleCount, "\(result.summary) \(result.problems)")
        #expect(try Self.festivalRecords(in: data) == [expected])

        // `reextract` of the run's archive.
        let archive = try Reextraction.inputs([data.appendingPathComponent("warc").path])
        let (fromArchive, archived) = try await Self.reextract(archive)
        #expect(archived == [expected], "\(fromArchive.problems)")

        // The saved pages offline (`kabar extract`, `reextract` of saved pages): one record of
        // all three pages, not revisions 1, 2 and 3 of one URL. In any order of the inputs.
        for inputs in [Self.pageFiles, Self.pageFiles.reversed()] {
            let (summary, saved) = try await Self.reextract(inputs, savedPages: true)
            #expect(saved == [expected], "\(summary) \(summary.problems)")
            #expect(summary.written == 1 && summary.revised == 0, "\(summary)")
        }
    }

    @Test func aLaterPageWithoutItsFirstPageIsStillARecord() async throws {
        // Nothing is lost: page 2 alone is read as before, under its canonical (page-1) address.
        let (summary, saved) = try await Self.reextract([Self.pageFiles[1]], savedPages: true)
        #expect(summary.written == 1 && summary.failed == 0, "\(summary) \(summary.problems)")
        let alone = try ArticleAssembler(registry: BuiltinExtractors.registry)
            .extract(data: Data(contentsOf: Self.pageFiles[1]), url: nil, source: SourceRef(file: Self.pageFiles[1].relativePath))
        #expect(saved == [try Self.content(alone.jsonLine)])
    }

    @Test func sindonewsNamesALaterPagesOwnAddress() throws {
        let registry = BuiltinExtractors.registry
        for (n, file) in Self.pageFiles.enumerated() {
            // Read as a saved copy: under its canonical address, which names page 1.
            let assembly = try ArticleAssembler(registry: registry).open(.init(data: Data(contentsOf: file), url: nil))
            #expect(assembly.continuationURL?.absoluteString == (n == 0 ? nil : LocalTestSite.festival + "/\(n + 1)"))
        }
    }
}
