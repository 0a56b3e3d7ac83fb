import Foundation
import KabarTesting
import Testing

/// A new user's mistakes and accidents, each as the user meets it: a time or size written as a
/// schedule writes it on the command line, a mistyped URL or folder, a run killed, links that
/// are not articles to the extractor.
struct NewUserMistakeTests {
    /// `kabar fetch --delay 1s`: flags of time and size take what the schedule's keys take
    /// (`politeness.delay: 1s`, `max_page_size: 10MB`), and bare numbers as before. They were
    /// refused as invalid values (exit 64).
    @Test func fetchFlagsTakeDurationsAndSizes() async throws {
        let url = "http://127.0.0.1:9/news/some-story-of-the-day"
        let r = try await Kabar.run(["fetch", "--dry-run", "--delay", "500ms", "--timeout", "2m", "--max-bytes", "10MB", url])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == url + "\n")
        let plain = try await Kabar.run(["fetch", "--dry-run", "--delay", "0.5", "--timeout", "30", "--max-bytes", "1048576", url])
        #expect(plain.status == 0, "bare numbers still seconds and bytes: \(plain.stderr)")
        let check = try await Kabar.run(["check", "--live", "--delay", "1s", "--help"])
        #expect(check.stdout.contains("500ms"), "check --live's --delay says so: \(check.stdout)")
        // Still checked: a word, a duration past the range.
        let bad = try await Kabar.run(["fetch", "--dry-run", "--delay", "soon", url])
        #expect(bad.status == 64 && bad.stderr.contains("--delay"), "\(bad.status) \(bad.stderr)")
        let long = try await Kabar.run(["fetch", "--dry-run", "--delay", "2h", url])
        #expect(long.status == 64 && long.stderr.contains("--delay: expected"), "\(long.status) \(long.stderr)")
    }

    /// A URL mistyped on the command line is named and nothing is fetched (exit 64, as every
    /// other command's bad URL); a line of --input that is no URL is named as written. Both
    /// said "not an http(s) URL: invalid:" in a JSON line, without the URL at fault.
    @Test func fetchNamesABadURL() async throws {
        let r = try await Kabar.run(["fetch", "http://exa mple.com/news"])
        #expect(r.status == 64, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("'http://exa mple.com/news' is not an http:// or https:// URL"), "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let folder = try Executables.temporaryFolder("kabar-fetch-bad-line")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("urls.txt")
        try "# mine\nexa mple\n".write(to: input, atomically: true, encoding: .utf8)
        let line = try await Kabar.run(["fetch", "--input", input.path])
        #expect(line.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.stdout.utf8)) as? [String: Any], "one JSON line: \(line.stdout)")
        #expect(json["url"] as? String == "exa mple")
        #expect(json["error"] as? String == "not an http:// or https:// URL: exa mple", "\(json)")
        #expect(!line.stdout.contains("invalid:"), "\(line.stdout)")
        let dry = try await Kabar.run(["fetch", "--dry-run", "--input", input.path])
        #expect(dry.status == 1 && dry.stderr.contains("exa mple: not an http:// or https:// URL") && !dry.stdout.contains("invalid:"),
                "\(dry.status) \(dry.stdout) \(dry.stderr)")
    }
}
