import Foundation
import KabarCore
import KabarTesting
import Testing
@testable import KabarStore

/// Kills a writer (`kabar bench store --data`, which stores deterministic synthetic records with
/// duplicates and revisions, and continues the same sequence when run again) with SIGKILL at
/// random moments, many times, starting it again each time. After every kill the store must be
/// consistent once opened; at the end it must hold exactly what an uninterrupted run stores.
@Suite struct CrashTests {
    static let kills = 30

    @Test(.timeLimit(.minutes(5)))
    func sigkilledWriterLosesNothingAndWritesNothingTwice() async throws {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return
        }
        let crashed = try Executables.temporaryFolder("crash")
        let reference = try Executables.temporaryFolder("crash-reference")
        defer {
            try? FileManager.default.removeItem(at: crashed)
            try? FileManager.default.removeItem(at: reference)
        }
        let arguments = ["bench", "store", "--records", "3000", "--seed", "5", "--words", "40", "--revisions", "0.05",
                         "--durability", "flush", "--commit-every", "40", "--commit-ms", "15", "--quiet"]
        let uninterrupted = try await Executables.launch(kabar, arguments + ["--data", reference.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        var generator = SeededRandom(seed: 42)
        var kills = 0, completed = 0, checkedLines = 0, checks = 0
        let deadline = Date().addingTimeInterval(180)
        while kills < Self.kills && Date() < deadline {
            // Start a writer, kill it at a random moment; the waiting happens off the
            // cooperative pool so that other async tests are not starved meanwhile.
            let delay = UInt32(20_000 + generator.next() % 380_000)
            let round = try await runBlocking { () -> KillRound in
                let process = Process()
                process.executableURL = kabar
                process.arguments = arguments + ["--data", crashed.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(delay)
                var killed = false
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    killed = true
                }
                process.waitUntilExit()
                return KillRound(killed: killed, exited: process.terminationReason == .exit, status: process.terminationStatus)
            }
            if round.killed { kills += 1 }
            if round.exited {
                #expect(round.status == 0)
                completed += 1
            }
            // Every other time, open (and so repair) and check here; else the next writer repairs.
            if kills % 2 == 0 {
                try FileStore(at: crashed).close()
                let v = try FileStore.verify(at: crashed)
                #expect(v.problems.isEmpty, "after kill \(kills): \(v)")
                checkedLines += v.lines
                checks += 1
            }
        }
        #expect(kills >= Self.kills, "only \(kills) kills before the time limit")
        let last = try await Executables.launch(kabar, arguments + ["--data", crashed.path])
        #expect(last.status == 0, "\(last.stderr)")

        let v = try FileStore.verify(at: crashed)
        #expect(v.problems.isEmpty, "\(v)")
        let r = try FileStore.verify(at: reference)
        #expect(r.problems.isEmpty, "\(r)")
        // The same lines as the uninterrupted run, each once.
        let crashedLines = try Self.allLines(crashed)
        let referenceLines = try Self.allLines(reference)
        #expect(crashedLines.count == referenceLines.count)
        #expect(crashedLines == referenceLines)
        #expect(Set(crashedLines).count == crashedLines.count, "a line is written twice")
        // No canonical URL twice at the same revision.
        #expect(Set(crashedLines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }).count == crashedLines.count)
        // And the same index counts.
        let a = try FileStore.stats(at: crashed), b = try FileStore.stats(at: reference)
        #expect(a.records == b.records && a.revisions == b.revisions)
        #expect(a.exactDuplicates == b.exactDuplicates && a.nearDuplicates == b.nearDuplicates)
        #expect(a.days == b.days)
        #expect(b.revisions > 0 && b.exactDuplicates > 0 && b.nearDuplicates > 0)
        print("crash test: \(kills) kills, \(completed) runs completed before their kill, \(checks) checks after a kill over \(checkedLines) lines; final store \(v.lines) lines, \(v.duplicates) duplicates, identical to the uninterrupted run")
    }

    struct KillRound: Sendable {
        let killed: Bool
        let exited: Bool
        let status: Int32
    }

    /// Every line of every JSONL file as "canonical_url revision content_hash", sorted; each parsed.
    static func allLines(_ root: URL) throws -> [String] {
        var out: [String] = []
        let records = root.appendingPathComponent("records")
        for site in try FileManager.default.contentsOfDirectory(atPath: records.path) {
            for name in try FileManager.default.contentsOfDirectory(atPath: records.appendingPathComponent(site).path) {
                let data = try Data(contentsOf: records.appendingPathComponent(site).appendingPathComponent(name))
                #expect(data.last == 0x0A || data.isEmpty, "\(site)/\(name): torn last line")
                for line in data.split(separator: 0x0A) {
                    let a = try JSONDecoder().decode(Article.self, from: Data(line))
                    out.append("\(a.canonicalURL) \(a.revision) \(a.contentHash)")
                }
            }
        }
        return out.sorted()
    }
}
