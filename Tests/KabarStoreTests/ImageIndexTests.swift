import CSQLite
import Foundation
import KabarCore
import KabarTesting
import Testing
@testable import KabarStore

/// The index's `images` table (schema 2): image URL -> downloaded file or failure.
@Suite struct ImageIndexTests {
    let root: URL
    init() throws { root = try Executables.temporaryFolder("store-images") }

    func open() throws -> FileStore {
        var options = FileStore.Options()
        options.durability = .process
        return try FileStore(at: root, options: options)
    }

    static let download = ImageDownload(file: "images/ab/cd/abcd.png", sha256: String(repeating: "ab", count: 32), bytes: 81,
                                        width: 1200, height: 630, type: "image/png")

    /// Rows are found as soon as recorded (before the commit), and after a reopen; a row with
    /// no record stored beside it is committed all the same.
    @Test func rowsAreFoundBeforeAndAfterTheCommitAndAfterReopening() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try open()
        try store.recordImage(ImageRow(url: "https://cdn.example.com/a.png", download: Self.download, at: 1))
        try store.recordImage(ImageRow(url: "https://cdn.example.com/gone.png", download: nil, failure: "HTTP 404", permanent: true, at: 2))
        try store.recordImage(ImageRow(url: "https://cdn.example.com/later.png", download: nil, failure: "timeout", at: 3))
        #expect(try store.image(url: "https://cdn.example.com/a.png")?.download == Self.download)
        try store.commit()
        #expect(try store.image(url: "https://cdn.example.com/a.png")?.download == Self.download, "read back from the index")
        try store.close()

        let again = try open()
        #expect(try again.image(url: "https://cdn.example.com/a.png") == ImageRow(url: "https://cdn.example.com/a.png", download: Self.download, at: 1))
        #expect(try again.image(url: "https://cdn.example.com/gone.png") == ImageRow(url: "https://cdn.example.com/gone.png", download: nil, failure: "HTTP 404", permanent: true, at: 2))
        #expect(try again.image(url: "https://cdn.example.com/never.png") == nil)
        // A later download replaces the failure.
        try again.recordImage(ImageRow(url: "https://cdn.example.com/later.png", download: Self.download, at: 4))
        try again.close()
        let stats = try FileStore.imageStats(at: root)
        #expect(stats.images == 2 && stats.files == 1 && stats.bytes == 81 && stats.failures == 1 && stats.permanent == 1, "\(stats)")
    }

    /// An index made before images were downloaded (schema 1, no `images` table): `kabar stats`
    /// reads zeros, and the next writer adds the table.
    @Test func anIndexOfSchema1GetsTheTableWhenOpened() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try open().close()
        var db: OpaquePointer?
        #expect(sqlite3_open(root.appendingPathComponent("index.sqlite").path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "DROP TABLE images; UPDATE meta SET value = '1' WHERE key = 'schema'", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        #expect(try FileStore.imageStats(at: root) == ImageStats())

        let store = try open()
        try store.recordImage(ImageRow(url: "https://cdn.example.com/a.png", download: Self.download))
        try store.close()
        #expect(try FileStore.imageStats(at: root).images == 1)
        let reader = try SQLiteDatabase(path: root.appendingPathComponent("index.sqlite").path)
        let s = try reader.prepare("SELECT value FROM meta WHERE key = 'schema'")
        #expect(try s.step() && s.text(0) == "3")
        s.reset()
    }

    /// A record's image entry: the download's fields written after `role` and read back; an
    /// entry not downloaded is written as before (no new keys).
    @Test func theRecordLineCarriesTheDownload() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        var a = record("https://tempo.co/a", "Some text of the article")
        a.images = [ImageRef(url: "https://cdn.example.com/a.png", role: .lead, download: Self.download),
                    ImageRef(url: "https://cdn.example.com/b.png", caption: "B", role: .inline)]
        let line = a.jsonLine
        #expect(line.contains(#"{"url":"https://cdn.example.com/a.png","caption":null,"credit":null,"role":"lead","file":"images/ab/cd/abcd.png","sha256":"\#(Self.download.sha256)","bytes":81,"width":1200,"height":630,"type":"image/png"}"#), "\(line)")
        #expect(line.contains(#"{"url":"https://cdn.example.com/b.png","caption":"B","credit":null,"role":"inline"}"#))
        let decoded = try JSONDecoder().decode(Article.self, from: Data(line.utf8))
        #expect(decoded.images == a.images)
        // Codable both ways too (the library's users encode records with JSONEncoder).
        #expect(try JSONDecoder().decode([ImageRef].self, from: JSONEncoder().encode(a.images)) == a.images)
    }
}
