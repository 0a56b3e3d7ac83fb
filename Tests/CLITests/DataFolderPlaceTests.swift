import Foundation
import KabarTesting
import Testing

/// Where a data folder is: on a read-only disk, or inside another data folder.
///
/// A data folder on a read-only disk (a snapshot, a backup mounted read-only) is read by the
/// commands that only read: `kabar stats` and `kabar export` failed there with "SQLite error
/// 14: unable to open database file in `SELECT ...`" (an index in WAL mode needs its `-shm`
/// file created to be read), which named neither the cause nor a way out.
struct ReadOnlyDataFolderTests {
    /// Needs a tmpfs mounted and remounted read-only for the test (root); skipped with a
    /// message elsewhere.
    @Test func statsAndExportReadAFolderOnAReadOnlyDisk() async throws {
        let folder = try Executables.temporaryFolder("kabar-read-only")
        defer { try? FileManager.default.removeItem(at: folder) }
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard NewUserMistakeTests.system("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.path]) == 0 else {
            print("statsAndExportReadAFolderOnAReadOnlyDisk: skipped: cannot mount a tmpfs here (not root?)")
            return
        }
        defer { _ = NewUserMistakeTests.system("/bin/umount", [disk.path]) }
        // A name a URI must escape: the index is opened as file:...?immutable=1 there.
        let data = disk.appendingPathComponent("data #1?%").path
        let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html").path
        let stored = try await Kabar.run(["extract", "--data", data, page])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(NewUserMistakeTests.system("/bin/mount", ["-o", "remount,ro", disk.path]) == 0)

        let stats = try await Kabar.run(["stats", "--data", data, "--json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let object = try #require(try? JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any], "\(stats.stdout) \(stats.stderr)")
        #expect(object["records"] as? Int == 1, "\(stats.stdout)")
        let table = try await Kabar.run(["stats", "--data", data, "--verify"])
        #expect(table.status == 0 && table.stdout.contains(": 1 record, 0 revisions"), "\(table.stdout) \(table.stderr)")
        let export = try await Kabar.run(["export", "--data", data])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.split(separator: "\n").count == 1 && export.stdout.contains("mangrove-di-pesisir-demak"), "\(export.stdout)")
        // Writing is still refused, by name.
        let write = try await Kabar.run(["extract", "--data", data, page])
        #expect(write.status != 0 && write.stderr.contains(data), "\(write.stderr)")
    }
}

/// `--data data/warc` (the archive folder taken for the data folder, as `reextract`'s help
/// names both) or `--data data/records` made a second store inside the first, without a word:
/// the records went there, not to the store meant. A new data folder inside another is
/// refused by name (exit status 2), nothing written; the folder itself still opens.
struct DataFolderInsideAnotherTests {
    @Test func aDataFolderInsideAnotherIsRefused() async throws {
        let folder = try Executables.temporaryFolder("kabar-nested-data")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html").path
        let stored = try await Kabar.run(["extract", "--data", data, page])
        #expect(stored.status == 0, "\(stored.stderr)")
        let records = data + "/records"
        let archive = data + "/warc"
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        for arguments in [["extract", "--data", archive, page], ["reextract", "--data", archive], ["reextract", "--data", records, page],
                          ["stats", "--data", records], ["export", "--data", archive]] {
            let r = try await Kabar.run(arguments)
            let inner = arguments[2]
            #expect(r.status == 2, "\(arguments): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("kabar: \(inner): inside the data folder \(data) (it holds index.sqlite and records/): give --data \(data)"),
                    "\(arguments): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: inner + "/index.sqlite"), "\(arguments): no store made inside")
        }
        let right = try await Kabar.run(["extract", "--data", data, page])
        #expect(right.status == 0, "the data folder itself still opens: \(right.stderr)")
    }
}
