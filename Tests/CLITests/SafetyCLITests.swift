import Foundation
import KabarTesting
import Testing

/// `kabar run` over the fault-injecting server, as a user runs it: the JSON summary lists
/// every failed URL with its outcome, and no secret from the schedule reaches the output.
@Suite(.serialized)
struct SafetyCLITests {
    @Test func jsonSummaryListsFailuresAndNoSecretIsPrinted() async throws {
        let site = try FaultServer(robotsDelay: 3)
        defer { site.stop() }
        // A proxy with a password that does nothing but refuse: every request fails through it,
        // and its password must appear nowhere in what kabar prints.
        let deadProxy = try Loopback.freePort()
        let folder = try Executables.temporaryFolder("kabar-cli-safety")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("faults.yaml")
        let yaml = site.scheduleYAML().replacingOccurrences(of: "attempts: 2,", with: "attempts: 1, proxy: \"http://bob:hunter2@127.0.0.1:\(deadProxy)\",")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("data").path
        let proxied = try await Kabar.run(["run", file.path, "--data", data, "--json"])
        #expect(!(proxied.stdout + proxied.stderr).contains("hunter2"), "stdout: \(proxied.stdout)\nstderr: \(proxied.stderr)")
        #expect(proxied.status == 1, "nothing is reachable through a dead proxy")

        // Without the proxy: the summary's failures, one per URL, with outcome, kind and reason.
        try site.scheduleYAML().write(to: file, atomically: true, encoding: .utf8)
        let r = try await Kabar.run(["run", file.path, "--data", folder.appendingPathComponent("data2").path, "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let failures = try #require(summary["failures"] as? [[String: String]])
        let byURL = Dictionary(failures.map { ($0["url"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byURL[site.url(fault: "huge-50mb")]?["outcome"] == "skipped")
        #expect(byURL[site.url(fault: "huge-50mb")]?["kind"] == "body_too_large")
        #expect(byURL[site.url(fault: "status-503")]?["outcome"] == "retry")
        #expect(byURL[site.url(fault: "redirect-offsite")]?["reason"]?.contains("host not allowed") == true)
        #expect(summary["failed"] as? Int == failures.count)
        #expect(r.stderr.contains("skipped: body larger than"), "the log names each failed page: \(r.stderr)")

        // `kabar stats` shows the failures the frontier keeps: as many URLs as the run failed,
        // counted by outcome and kind, the most recent with their reasons.
        let data2 = folder.appendingPathComponent("data2").path
        let stats = try await Kabar.run(["stats", "--data", data2, "--json"])
        #expect(stats.status == 0, "stderr: \(stats.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let report = try #require(object["failures"] as? [String: Any], "stats: \(stats.stdout)")
        let counts = try #require(report["counts"] as? [[String: Any]])
        #expect(counts.reduce(0) { $0 + ($1["urls"] as? Int ?? 0) } == failures.count, "\(counts)")
        #expect(counts.contains { $0["kind"] as? String == "body_too_large" && $0["outcome"] as? String == "skipped" }, "\(counts)")
        #expect((report["recent"] as? [[String: Any]])?.count == min(10, failures.count))
        let text = try await Kabar.run(["stats", "--data", data2])
        #expect(text.stdout.contains("failed URLs on record (not fetched since): \(failures.count)"), "\(text.stdout)")
        #expect(text.stdout.contains("body_too_large"), "\(text.stdout)")
    }
}
