import Foundation
import KabarTesting
import Testing

/// `kabar run` and `kabar schedule` against the sample site on 127.0.0.1.
@Suite(.serialized)
struct RunCLITests {
    private func kabar(_ arguments: [String]) async throws -> Kabar.Result {
        try await Kabar.run(arguments)
    }

    private func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func runTwice() async throws {
        let sample = try SampleSiteSchedule("kabar-cli-run")
        defer { sample.stop() }
        let (folder, file) = (sample.folder, sample.file)
        let data = folder.appendingPathComponent("data").path
        let first = try await kabar(["run", file.path, "--data", data, "--json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let summary = try json(try #require(first.stdout.split(separator: "\n").last))
        #expect(summary["stored"] as? Int == LocalTestSite.articleCount)
        #expect(summary["status"] as? String == "ok")
        #expect(first.stderr.contains("discovery:"), "log lines when standard error is no terminal")
        let second = try await kabar(["run", file.path, "--data", data, "--json"])
        #expect(try json(try #require(second.stdout.split(separator: "\n").last))["stored"] as? Int == 0)
        let stats = try await kabar(["stats", "--data", data, "--json"])
        #expect(stats.stdout.contains("\"records\":\(LocalTestSite.articleCount)"))
    }

    @Test func badScheduleNamesFileLineAndKey() async throws {
        let folder = try Executables.temporaryFolder("kabar-cli-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.yaml")
        try "extractor: tempo\nsources:\n  - feed: https://www.tempo.co/rss\nevery: 10 minutes\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await kabar(["run", file.path, "--data", folder.appendingPathComponent("data").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file.path):4: every: expected a duration"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("data").path), "nothing runs before validation passes")
    }

    @Test func runFailsAsAWholeWhenNothingIsReachable() async throws {
        let site = try LocalTestSite()
        let yaml = site.scheduleYAML().replacingOccurrences(of: "attempts: 2", with: "attempts: 1")
        site.stop()
        let folder = try Executables.temporaryFolder("kabar-cli-down")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("down.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let r = try await kabar(["run", file.path, "--data", folder.appendingPathComponent("data").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAILED"))
    }

    /// `kabar schedule` runs a due schedule, then SIGTERM makes it exit cleanly. A bad file
    /// beside it (a duration past what a number holds, which once crashed the process and so
    /// stopped every schedule) is reported with its file, line and key, and left out.
    @Test func scheduleUntilSIGTERM() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let folder = try Executables.temporaryFolder("kabar-cli-schedule")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schedules = folder.appendingPathComponent("schedules")
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        try site.scheduleYAML().write(to: schedules.appendingPathComponent("local.yaml"), atomically: true, encoding: .utf8)
        let bad = schedules.appendingPathComponent("a-bad.yaml")
        try site.scheduleYAML(name: "bad").replacingOccurrences(of: "every: 1h", with: "every: 9223372036854775807s")
            .write(to: bad, atomically: true, encoding: .utf8)
        let errors = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let result = try await runBlocking { () -> (Int32, String) in
            let process = Process()
            process.executableURL = Kabar.binary
            process.arguments = ["schedule", schedules.path, "--data", folder.appendingPathComponent("data").path, "--json"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            // Wait for the first run's summary, then stop.
            var text = ""
            let handle = out.fileHandleForReading
            let deadline = Date().addingTimeInterval(60)
            while !text.contains("\n"), Date() < deadline {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            process.terminate()   // SIGTERM
            text += String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(result.0 == 0, "exits cleanly on SIGTERM")
        let first = try json(try #require(result.1.split(separator: "\n").first))
        #expect(first["stored"] as? Int == LocalTestSite.articleCount)
        let stderr = try String(contentsOf: errors, encoding: .utf8)
        #expect(stderr.contains("\(bad.path):"), "\(stderr)")
        #expect(stderr.contains(":8: every: expected 1s to 52w") && stderr.contains("does not run"), "\(stderr)")
    }
}

/// `--store`: a folder is the embedded store (as `--data`); a postgres:// URL is handed to
/// kabar-postgres before parsing, and without it kabar says how to build it.
@Suite(.serialized)
struct StoreOptionCLITests {
    @Test func storeFolderIsTheDataFolder() async throws {
        let sample = try SampleSiteSchedule("kabar-cli-store")
        defer { sample.stop() }
        let (folder, file) = (sample.folder, sample.file)
        let data = folder.appendingPathComponent("data").path
        let run = try await Kabar.run(["run", file.path, "--store", data, "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let stats = try await Kabar.run(["stats", "--data", data, "--json"])
        #expect(stats.stdout.contains("\"records\":\(LocalTestSite.articleCount)"))
    }

    @Test func postgresWithoutKabarPostgresSaysHowToBuildIt() async throws {
        // With kabar-postgres beside kabar or on PATH, it runs and fails to connect instead.
        let dirs = [Kabar.binary.deletingLastPathComponent().path] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let installed = dirs.contains { FileManager.default.isExecutableFile(atPath: $0 + "/kabar-postgres") }
        for command in [["stats"], ["export", "--since", "2026-01-01"], ["worker", "Schedules"], ["extract", "x.html"], ["reextract"]] {
            let r = try await Kabar.run(command + ["--store", "postgres://kabar:secret@127.0.0.1:1/kabar", "--name", "w1"])
            #expect(r.status != 0, "\(command): \(r.stderr)")
            #expect(!r.stderr.contains("secret"))
            if !installed {
                #expect(r.status == 2, "\(command): \(r.stderr)")
                #expect(r.stderr.contains("needs kabar-postgres") && r.stderr.contains("swift build --package-path Postgres"), "\(r.stderr)")
            }
        }
        let folder = try await Kabar.run(["worker", "--store", "/tmp/not-a-database"])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("worker needs --store postgres://"), "\(folder.stderr)")
    }


    /// `kabar schedule --store postgres://... --data X a.yaml`: kabar-postgres has no data
    /// folder (no command of it takes --data, which it refused), so --data is not handed over
    /// and kabar says where things go instead. A stand-in kabar-postgres on PATH prints the
    /// arguments it was given.
    @Test func dataIsNotHandedToKabarPostgres() async throws {
        let kabar = try #require(Executables.kabar)
        let beside = kabar.deletingLastPathComponent().appendingPathComponent("kabar-postgres")
        guard !FileManager.default.isExecutableFile(atPath: beside.path) else { return }  // the real one would run
        let folder = try Executables.temporaryFolder("kabar-cli-store-data")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tool = folder.appendingPathComponent("kabar-postgres")
        try "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n".write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        let url = "postgres://kabar:secret@127.0.0.1:1/kabar"
        for data in [["--data", "mine"], ["--data=mine"]] {
            let p = Process()
            p.executableURL = kabar
            p.arguments = ["schedule", "--store", url] + data + ["a.yaml", "--json", "--", "--data"]
            p.environment = ["PATH": folder.path]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(data): \(stderr)")
            // What follows -- is not kabar's to drop.
            #expect(stdout == "[schedule]\n[--store]\n[\(url)]\n[a.yaml]\n[--json]\n[--]\n[--data]\n", "\(data): \(stdout)")
            #expect(stderr.contains("--data mine is not used with --store postgres://") && stderr.contains("--warc"), "\(data): \(stderr)")
            #expect(!stderr.contains("secret"))
        }
    }
}
