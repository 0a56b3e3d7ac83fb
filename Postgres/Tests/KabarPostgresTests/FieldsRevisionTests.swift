import Foundation
import KabarCore
@testable import KabarPostgres
import KabarTesting
import XCTest

/// Schema migration 16: a record whose text is the same as its URL's latest revision but whose
/// other fields changed (a plugin fixed to read authors, its version bumped) is the next
/// revision, as in the embedded store; the same output again is unchanged. Before, the store
/// compared the text alone: `kabar-postgres reextract` after the fix said "unchanged" and the
/// database kept the old fields.
extension SharedFrontierTests {
    /// Constructed pages: a byline outside the article (so that the text does not hold it).
    static func riverPage(_ n: Int) -> String {
        let words = ["warga", "desa", "menanam", "bibit", "pesisir", "tambak", "abrasi", "pasang", "surut", "pekan", "relawan", "nelayan",
                     "hutan", "bakau", "perahu", "muara", "garam", "angin", "ombak", "pantai", "sungai", "kampung", "pagi"]
        let paragraphs = (0..<8).map { p in
            "<p>" + (0..<24).map { words[(n * 7 + p * 5 + $0 * (n + 2)) % words.count] }.joined(separator: " ") + ".</p>"
        }.joined()
        return """
            <!doctype html><html lang="id"><head><meta charset="utf-8"><title>River report \(n)</title>
            <link rel="canonical" href="https://river.example/news/a\(n).html"></head>
            <body><div class="byline">Ana Putri</div><article><h1>River report number \(n)</h1>\(paragraphs)</article></body></html>
            """
    }

    static func riverPlugin(version: Int, authors: Bool) -> String {
        """
        id: rivernews
        version: \(version)
        name: River News
        hosts: [river.example]
        language: id
        fields:
          headline: 'article h1'
          body: 'article'
        \(authors ? "  authors: 'div.byline'\n" : "")
        """
    }

    /// The user's case, end to end: three constructed pages extracted into the database with a
    /// plugin that reads no authors; the plugin fixed (authors read, version 2); `reextract`
    /// revises all three (`revised_fields` 3), the database's records then carry the authors
    /// and the new version as revision 2 (the old lines in `kabar_history`); a second
    /// `reextract` and an `extract` of the same pages change nothing.
    func testAPluginFixedAfterAnExtractReachesTheDatabaseOnReextraction() async throws {
        guard let tool = Self.kabarPostgres else { throw XCTSkip("kabar-postgres not built beside the tests") }
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-fields-cli")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let plugins = scratch.appendingPathComponent("Plugins"), pages = scratch.appendingPathComponent("pages")
        for folder in [plugins, pages] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for n in 0..<3 { try Self.riverPage(n).write(to: pages.appendingPathComponent("a\(n).html"), atomically: true, encoding: .utf8) }
        let yaml = plugins.appendingPathComponent("rivernews.yaml")
        try Self.riverPlugin(version: 1, authors: false).write(to: yaml, atomically: true, encoding: .utf8)
        let common = ["--store", url, "--name", "w", "--warc", scratch.appendingPathComponent("data").path, "--plugins", plugins.path,
                      "--site", "rivernews"]
        func records() async throws -> [Article] {
            let pg = try await PostgresFolder.open(url, worker: "check", archiveFolder: scratch)
            var lines: [String] = []
            try await pg.export { lines.append($0) }
            await pg.close()
            return try lines.map { try JSONDecoder().decode(Article.self, from: Data($0.utf8)) }
        }
        func reextract() async throws -> [String: Any] {
            let r = try await ChildProcess.launch(tool, ["reextract"] + common + ["--json", "--quiet", pages.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            let line = try XCTUnwrap(r.stdout.split(separator: "\n").last, r.stdout)
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }

        let extract = try await ChildProcess.launch(tool, ["extract"] + common + [pages.path])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stderr.contains("3 records seen, 3 new"), extract.stderr)
        let before = try await records()
        XCTAssertEqual(before.count, 3)
        XCTAssertTrue(before.allSatisfy { $0.authors.isEmpty && $0.extractor == "rivernews/1" }, "\(before.map { ($0.authors, $0.extractor) })")

        // The plugin fixed: authors read, version bumped. Re-extraction revises every record.
        try Self.riverPlugin(version: 2, authors: true).write(to: yaml, atomically: true, encoding: .utf8)
        let first = try await reextract()
        XCTAssertEqual(first["revised"] as? Int, 3, "\(first)")
        XCTAssertEqual(first["revised_fields"] as? Int, 3, "\(first)")
        XCTAssertEqual(first["unchanged"] as? Int, 0, "\(first)")
        XCTAssertEqual(first["new"] as? Int, 0, "\(first)")
        let after = try await records()
        XCTAssertEqual(after.count, 3)
        for record in after {
            XCTAssertEqual(record.authors, ["Ana Putri"], record.canonicalURL)
            XCTAssertEqual(record.extractor, "rivernews/2", record.canonicalURL)
            XCTAssertEqual(record.revision, 2, record.canonicalURL)
        }
        XCTAssertEqual(Set(after.map(\.text)), Set(before.map(\.text)))
        let db = try await Database(url: DatabaseURL(url), connections: 1)
        defer { db.close() }
        let history = try await db.query("""
            SELECT count(*), count(fields), (SELECT sum(revised_fields)::bigint FROM kabar_runs),
                   (SELECT count(*) FROM kabar_records r WHERE r.fields IS NULL) FROM kabar_history
            """)
        let h = try XCTUnwrap(history.first).decode((Int64, Int64, Int64, Int64).self)
        XCTAssertEqual(h.0, 3, "the old lines kept as revision 1"); XCTAssertEqual(h.1, 3, "with their digests")
        XCTAssertEqual(h.2, 3, "kabar_runs.revised_fields"); XCTAssertEqual(h.3, 0, "every record row has its digest")

        // The same output again: nothing changes.
        let second = try await reextract()
        XCTAssertEqual(second["revised"] as? Int, 0, "\(second)")
        XCTAssertEqual(second["revised_fields"] as? Int, 0, "\(second)")
        XCTAssertEqual(second["unchanged"] as? Int, 3, "\(second)")
        let again = try await ChildProcess.launch(tool, ["extract"] + common + [pages.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("3 records seen, 0 new, 0 revisions, 3 unchanged"), again.stderr)
        let last = try await records()
        XCTAssertEqual(last.map(\.revision), [2, 2, 2])
    }

    /// Records as the store function decides them, through both of its paths: a group of new
    /// records (decided set-wise) keeps each line's digest; the same records again are
    /// unchanged; two with another headline (the same text) and one with another text are the
    /// next revisions, counted apart in the run (`revisions` 3, `revised_fields` 1 + 1), and a
    /// reply lost after the commit gives the same outcomes from the run's row; then unchanged.
    /// `kabar-postgres stats` shows the run's 3 next to its 4 revisions, `--json` as `revised_fields`;
    /// `stats --verify` finds the revisions consistent, then, an old row given the latest
    /// row's digest, the two problems (exit status 1).
    func testSameTextOtherFieldsIsTheNextRevision() async throws {
        let url = try await database()
        let scratch = try Executables.temporaryFolder("pg-fields")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let db = folder.database
        func article(_ i: Int, headline: String = "Judul", text t: String? = nil) -> Article {
            let link = "https://f.example/berita/\(i)"
            let text = t ?? (0..<40).map { "kata\(i)x\($0)" }.joined(separator: " ")
            return Article(id: Hash64.hex(Hash64.of(link)), url: link, canonicalURL: link, site: "f", extractor: "test/1",
                           headline: headline, text: text, contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)))
        }
        try await folder.startRun(command: "test")
        let four = (0..<4).map { article($0) }
        let written = try await folder.store(four)
        XCTAssertEqual(written, Array(repeating: .written(revision: 1), count: 4))
        let digests = try await db.query("SELECT id, fields FROM kabar_records ORDER BY id")
        let stored = try Dictionary(uniqueKeysWithValues: digests.map { try $0.decode((Int64, Int64?).self) })
        for a in four { XCTAssertEqual(stored[PostgresFolder.key(a.id)!] ?? nil, Int64(bitPattern: a.fieldsDigest), a.canonicalURL) }

        let same = try await folder.store(four)
        XCTAssertEqual(same, Array(repeating: .unchanged, count: 4))
        var fieldRevisions = await folder.fieldRevisions
        XCTAssertEqual(fieldRevisions, 0)

        let changed = [article(0, headline: "Judul baru"), article(1), article(2, text: "teks lain " + (0..<40).map { "baru\($0)" }.joined(separator: " ")),
                       article(3, headline: "Judul baru")]
        let revised = try await folder.store(changed)
        XCTAssertEqual(revised, [.written(revision: 2), .unchanged, .written(revision: 2), .written(revision: 2)])
        fieldRevisions = await folder.fieldRevisions
        XCTAssertEqual(fieldRevisions, 2)

        // A reply lost after its group committed: the outcomes come from the run's row.
        await folder.setLoseNextReply()
        let lost = try await folder.store([article(0, headline: "Judul ketiga"), article(1)])
        XCTAssertEqual(lost, [.written(revision: 3), .unchanged])
        fieldRevisions = await folder.fieldRevisions
        XCTAssertEqual(fieldRevisions, 3)
        let again = try await folder.store([article(0, headline: "Judul ketiga"), article(1)] + Array(changed[2...]))
        XCTAssertEqual(again, Array(repeating: .unchanged, count: 4))

        let current = await folder.currentRun
        let run = try XCTUnwrap(current)
        let counts = try await db.query("SELECT revisions, revised_fields, unchanged FROM kabar_runs WHERE id = \(run)")
        let c = try XCTUnwrap(counts.first).decode((Int32, Int32, Int32).self)
        XCTAssertEqual(c.0, 4); XCTAssertEqual(c.1, 3); XCTAssertEqual(c.2, 4 + 1 + 1 + 4)
        let latest = try await db.query("SELECT record FROM kabar_records WHERE id = \(PostgresFolder.key(four[0].id)!)")
        let line = try XCTUnwrap(try XCTUnwrap(latest.first).decode(String?.self))
        XCTAssertEqual(try JSONDecoder().decode(Article.self, from: Data(line.utf8)).headline, "Judul ketiga")
        XCTAssertTrue(line.contains("\"revision\":3,"), line)
        try await folder.finishRun(failed: 0)

        // `stats` says them per run next to the revisions (text and `--json`).
        let stats = try await folder.stats()
        XCTAssertEqual(stats.runs.first?.counts.revisions, 4); XCTAssertEqual(stats.runs.first?.counts.revisedFields, 3)
        // `stats --verify`: 4 latest lines and 4 older ones (0: 1 and 2; 2: 1; 3: 1), consistent.
        let clean = try await folder.verifyRevisions()
        XCTAssertEqual(clean.lines, 8); XCTAssertEqual(clean.digests, 8); XCTAssertEqual(clean.problems, [])
        await folder.close()
        let tool = Self.kabarPostgres
        if let tool {
            let text = try await Executables.launch(tool, ["stats", "--store", url, "--verify"])
            XCTAssertEqual(text.status, 0, text.stderr)
            XCTAssertTrue(text.stdout.contains("#\(run) test [w] "), text.stdout)
            XCTAssertTrue(text.stdout.contains("written 4, revisions 4 (3 with the same text, other fields changed), unchanged 10,"), text.stdout)
            XCTAssertTrue(text.stdout.contains("verify: 8 lines (8 with a fields digest): consistent"), text.stdout)
            let json = try await Executables.launch(tool, ["stats", "--store", url, "--json"])
            XCTAssertEqual(json.status, 0, json.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stdout)
            let counts = try XCTUnwrap(((object["runs"] as? [[String: Any]])?.first)?["counts"] as? [String: Any], json.stdout)
            XCTAssertEqual(counts["revisions"] as? Int, 4, "\(counts)"); XCTAssertEqual(counts["revised_fields"] as? Int, 3, "\(counts)")
        }

        // Record 3's old line given the latest line's digest: the two revisions now read as the
        // same content, and the older row's digest is not its line's.
        let check = try await Database(url: DatabaseURL(url), connections: 1)
        defer { check.close() }
        let three = PostgresFolder.key(four[3].id)!
        try await check.query("UPDATE kabar_history SET fields = (SELECT fields FROM kabar_records WHERE id = \(three)) WHERE id = \(three) AND revision = 1")
        let reopened = try await PostgresFolder.open(url, worker: "check", archiveFolder: scratch)
        let broken = try await reopened.verifyRevisions()
        await reopened.close()
        let hex = PostgresFolder.hex(three)
        XCTAssertEqual(broken.problems.sorted(), [
            "kabar_history record \(hex) revision 1: the fields digest is not its line's (https://f.example/berita/3)",
            "record \(hex) revision 2 is written twice with the same content and fields",
        ])
        if let tool {
            let r = try await Executables.launch(tool, ["stats", "--store", url, "--verify", "--json"])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stdout.contains("\"verify\":{\"lines\":8,\"digests\":8,\"problems\":2}}"), r.stdout)
        }
    }

    /// A database of schema version 15 whose records have no digest (stored by an older
    /// kabar-postgres), migrated: a record extracted again with the same fields (another fetch
    /// time and WARC record, its image not downloaded: all left out of the digest) is unchanged and its row gets the
    /// digest; one whose authors are now read is the next revision; one whose text changed is
    /// one as before. Sent again, all three are unchanged.
    func testRowsStoredBeforeTheDigestAreComparedByTheirLines() async throws {
        let url = try await database()
        let db = try await Database(url: DatabaseURL(url), connections: 1)
        defer { db.close() }
        try await Migrator.migrate(db, upTo: 15)
        func article(_ i: Int, authors: [String] = [], fetched: String = "2026-12-01T08:00:00Z", offset: Int64 = 0, downloaded: Bool = false,
                     text t: String? = nil) -> Article {
            let link = "https://o.example/berita/\(i)"
            let text = t ?? (0..<40).map { "lama\(i)x\($0)" }.joined(separator: " ")
            return Article(id: Hash64.hex(Hash64.of(link)), url: link, canonicalURL: link, site: "o", extractor: "old/1",
                           fetchedAt: fetched, headline: "Berita \(i)", authors: authors,
                           body: [Block(.paragraph, text)], text: text,
                           images: [ImageRef(url: "https://o.example/\(i).jpg", caption: "Foto", role: .lead, download: downloaded
                                             ? ImageDownload(file: "images/\(i).jpg", sha256: "ab", bytes: 10, width: 4, height: 3, type: "image/jpeg") : nil)],
                           contentHash: Hash64.hex(Hash64.of(text)), simhash: Hash64.hex(SimHash.of(text)),
                           source: SourceRef(file: "warc/old.warc.gz", offset: offset))
        }
        let old = (0..<3).map { article($0, downloaded: true) }
        for a in old {
            try await db.query("""
                INSERT INTO kabar_records(id, kind, revision, content_hash, simhash, site, day, url, record)
                VALUES (\(PostgresFolder.key(a.id)!), 0, 1, \(PostgresFolder.key(a.contentHash)!), \(PostgresFolder.key(a.simhash)!),
                        'o', '2026-12-01', \(a.canonicalURL), \(RecordLine.json(a)))
                """)
        }
        let scratch = try Executables.temporaryFolder("pg-fields-old")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = try await PostgresFolder.open(url, worker: "w", archiveFolder: scratch)
        let version = try await db.query("SELECT value FROM kabar_meta WHERE key = 'schema_version'")
        XCTAssertEqual(try XCTUnwrap(version.first).decode(String.self), String(Schema.migrations.count))
        let none = try await db.query("SELECT count(*) FROM kabar_records WHERE fields IS NULL")
        XCTAssertEqual(try XCTUnwrap(none.first).decode(Int64.self), 3)

        try await folder.startRun(command: "reextract")
        let now = [article(0, fetched: "2026-12-07T09:00:00Z", offset: 4096), article(1, authors: ["Ana Putri"]),
                   article(2, text: (0..<40).map { "baru\($0)" }.joined(separator: " "))]
        let outcomes = try await folder.store(now)
        XCTAssertEqual(outcomes, [.unchanged, .written(revision: 2), .written(revision: 2)])
        let fieldRevisions = await folder.fieldRevisions
        XCTAssertEqual(fieldRevisions, 1)
        let rows = try await db.query("SELECT id, fields FROM kabar_records ORDER BY id")
        let digests = try Dictionary(uniqueKeysWithValues: rows.map { try $0.decode((Int64, Int64?).self) })
        for a in now { XCTAssertEqual(digests[PostgresFolder.key(a.id)!] ?? nil, Int64(bitPattern: a.fieldsDigest), a.canonicalURL) }

        let again = try await folder.store(now)
        XCTAssertEqual(again, [.unchanged, .unchanged, .unchanged])
        let history = try await db.query("SELECT count(*), count(fields) FROM kabar_history")
        let h = try XCTUnwrap(history.first).decode((Int64, Int64).self)
        XCTAssertEqual(h.0, 2, "the two revised records' old lines"); XCTAssertEqual(h.1, 0, "stored without a digest")
        try await folder.finishRun(failed: 0)
        await folder.close()
    }
}
