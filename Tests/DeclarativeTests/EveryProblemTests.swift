import Foundation
import KabarDeclarative
import KabarTesting
import Testing

/// A declarative file with several problems reports every one of them, each with the file, its
/// line and its key, in the file's order (as a schedule file does), not only the first.
struct EveryProblemTests {
    /// Five problems on five lines: a host with a scheme, an unknown key, a bad CSS selector
    /// in a field, a bad regular expression, a variant without `when`.
    static let broken = """
    id: demo
    hosts: [demo.example, "https://other.example"]
    colour: red
    fields:
      headline: h1
      body: "div..body"
      published: {css: time, pattern: "([0-9"}
    variants:
      - name: old
    """

    @Test func everyProblemIsReportedWithItsLineAndKey() throws {
        do {
            _ = try DeclarativeLoader().parse(Self.broken, file: "Plugins/demo.yaml")
            Issue.record("accepted a broken file")
        } catch let many as DeclarativeErrors {
            let got = many.errors.map { "\($0.line.map(String.init) ?? "-") \($0.key ?? "-")" }
            #expect(got == ["2 hosts[1]", "3 colour", "6 fields.body", "7 fields.published.pattern", "9 variants[0].when"], "\(many)")
            #expect(many.errors.allSatisfy { $0.file == "Plugins/demo.yaml" })
            let lines = many.description.split(separator: "\n")
            #expect(lines.count == 5 && lines.allSatisfy { $0.hasPrefix("Plugins/demo.yaml:") }, "\(many)")
        }
    }

    /// A field whose source is broken is reported once, as broken, not as missing as well.
    @Test func aBrokenRequiredFieldIsNotAlsoMissing() throws {
        do {
            _ = try DeclarativeLoader().parse("id: demo\nhosts: [demo.example]\nfields:\n  headline: h1\n  body: \"div..body\"\n", file: "Plugins/demo.yaml")
            Issue.record("accepted a broken file")
        } catch let one as DeclarativeError {
            #expect(one.line == 5 && one.key == "fields.body" && one.message.contains("bad CSS selector"), "\(one)")
        }
    }

    /// Every problem of `expect:` is reported: a misspelt field does not hide a share out of
    /// range on the same line, nor one bad share the next.
    @Test func everyProblemOfExpectIsReported() throws {
        let text = "id: demo\nhosts: [demo.example]\nexpect: { published: 1.5, autors: 0.5, body: most }\nfields:\n  headline: h1\n  body: div\n"
        do {
            _ = try DeclarativeLoader().parse(text, file: "Plugins/demo.yaml")
            Issue.record("accepted a broken file")
        } catch let many as DeclarativeErrors {
            let got = many.errors.map { "\($0.line.map(String.init) ?? "-") \($0.key ?? "-")" }.sorted()
            #expect(got == ["3 expect.autors", "3 expect.body", "3 expect.published"], "\(many)")
            #expect(many.description.contains("expect.published: expected 0 to 1, got 1.5"), "\(many)")
            #expect(many.description.contains("did you mean authors?"), "\(many)")
        }
    }

    /// The commands list every problem of the file on standard error, one line each, exit 2.
    @Test func commandsListEveryProblem() async throws {
        guard let kabar = Executables.kabar else { Issue.record("kabar binary not built"); return }
        let folder = try Executables.temporaryFolder("every-problem")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.broken.write(to: folder.appendingPathComponent("demo.yaml"), atomically: true, encoding: .utf8)
        let r = try await Executables.launch(kabar, ["sites", "--plugins", folder.path])
        #expect(r.status == 2, "\(r.stderr)")
        for key in ["hosts[1]", "colour", "fields.body", "fields.published.pattern", "variants[0].when"] {
            #expect(r.stderr.contains(": \(key): "), "\(key) not reported: \(r.stderr)")
        }
        #expect(r.stderr.split(separator: "\n").filter { $0.contains("demo.yaml:") }.count == 5, "\(r.stderr)")
    }
}
