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
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard NewUserMistakeTests.system("/bin/mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", disk.path]) == 0 else {
            print("scheduleOnAFullDiskSaysWhatToDo: skipped: cannot mount a tmpfs here (not root?)")
            return
        }
        defer { _ = NewUserMistakeTests.system("/bin/umount", [disk.path]) }
        let pages = 60
        let server = try TestHTTPServer { request, c in
            let port = request.header("host")?.split(separator: ":").last ?? ""
            if request.path == "/sitemap.xml" {
                let urls = (1...pages).map { "<url><loc>http://127.0.0.1:\(port)/news/story-number-\($0)-of-the-day</loc></url>" }
                c.respond(headers: ["Content-Type": "application/xml"], body: "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(urls.joined())</urlset>")
            } else if request.path.hasPrefix("/news/") {
                var rng = SystemRandomNumberGenerator()
                let words = (0..<400).map { _ in String((0..<7).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! }) }
                let paragraphs = stride(from: 0, to: words.count, by: 40).map { "<p>" + words[$0..<($0 + 40)].joined(separator: " ") + ".</p>" }
                c.respond(headers: ["Content-Type": "text/html; charset=utf-8"],
                          body: "<html><head><title>Story \(request.path)</title></head><body><article><h1>Story \(request.path)</h1>\(paragraphs.joined())</article></body></html>")
            } else {
                c.respond(status: 404, body: "not found")
            }
        }
        defer { server.stop() }
        let schedule = folder.appendingPathComponent("full.yaml")
        try "extractor: generic\nallow_local: true\nsources:\n  - sitemap: \(server.baseURL.absoluteString)/sitemap.xml\nevery: 1h\nlimits: { max_pages: 1000 }\npoliteness: { delay: 0s }\n"
            .write(to: schedule, atomically: true, encoding: .utf8)
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
