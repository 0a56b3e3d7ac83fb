import Foundation
import KabarTesting
import Testing

/// A data folder whose index is damaged or whose disk is full, as a user meets it: the error
/// names the database file and says what to do, in every command that opens the store.
struct StoreErrorCLITests {
    /// An `index.sqlite` overwritten (a bad copy, a disk error): `kabar stats` said "DATA:
    /// SQLite error 26: file is not a database in `SELECT ...`", naming neither the file (the
    /// folder holds two databases) nor the way out. It now names `DATA/index.sqlite` and the
    /// command that makes it again from the record files, and that command works.
    @Test func aDamagedIndexIsNamedWithTheWayOut() async throws {
        let folder = try Executables.temporaryFolder("kabar-damaged-index")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let page = Corpus.packageRoot.appendingPathComponent("Plugins/Tempo/Fixtures/constructed-2024-mangrove-demak.html").path
        let stored = try await Kabar.run(["extract", "--data", data, page])
        #expect(stored.status == 0, "\(stored.stderr)")
        let index = data + "/index.sqlite"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: index + suffix) }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: index))

        let stats = try await Kabar.run(["stats", "--data", data])
        #expect(stats.status == 1, "\(stats.stdout) \(stats.stderr)")
        #expect(stats.stderr.contains("\(index): SQLite error 26: file is not a database"), "\(stats.stderr)")
        #expect(stats.stderr.contains("kabar rebuild-index --data \(data)"), "\(stats.stderr)")
        let extract = try await Kabar.run(["extract", "--data", data, page])
        #expect(extract.status == 1 && extract.stderr.contains("\(index): SQLite error 26")
                && extract.stderr.contains("kabar rebuild-index --data \(data)"), "\(extract.status) \(extract.stderr)")

        let rebuilt = try await Kabar.run(["rebuild-index", "--data", data])
        #expect(rebuilt.status == 0, "the advice works: \(rebuilt.stderr)")
        let again = try await Kabar.run(["stats", "--data", data, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any], "\(again.stdout) \(again.stderr)")
        #expect(object["records"] as? Int == 1, "\(again.stdout)")
    }

    /// `kabar schedule` on a full disk logged "SQLite error 13: database or disk is full in
    /// `COMMIT`" at every run and nothing more (`run` and `demo` said what to do); it now says
    /// the disk of the data folder is full and what to do, as `run` does. Needs a small tmpfs
    /// mounted for the test (root); skipped with a message elsewhere.
    @Test func scheduleOnAFullDiskSaysWhatToDo() async throws {
        let folder = try Executables.temporaryFolder("kabar-schedule-full-disk")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let disk = NewUserMistakeTests.smallDisk(in: folder) else {
            print("scheduleOnAFullDiskSaysWhatToDo: skipped: cannot mount a tmpfs here (not root?)")
            return
        }
        defer { _ = NewUserMistakeTests.system("/bin/umount", [disk.path]) }
        let server = try NewUserMistakeTests.storiesSite(pages: 60)
        defer { server.stop() }
        let schedule = try NewUserMistakeTests.storiesSchedule(server, in: folder)
        let data = disk.appendingPathComponent("data").path
        let r = try await Self.runUntilStderr(["schedule", schedule.path, "--data", data, "--quiet"], contains: ["the disk holding", "database or disk is full"])
        #expect(r.stderr.contains("the disk holding \(data) is full: free space there"), "\(r.stderr)")
    }

    /// Runs kabar until its standard error holds one of `texts` (or 60 s pass), then SIGINT.
    static func runUntilStderr(_ arguments: [String], contains texts: [String]) async throws -> Kabar.Result {
        let kabar = try #require(Executables.kabar, "the kabar executable was not found beside the tests")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-stderr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: errFile) }
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let process = Process()
        process.executableURL = kabar
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline,
              !texts.contains(where: ((try? String(contentsOf: errFile, encoding: .utf8)) ?? "").contains) {
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        return Kabar.Result(status: process.terminationStatus, stdout: "", stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }
}
