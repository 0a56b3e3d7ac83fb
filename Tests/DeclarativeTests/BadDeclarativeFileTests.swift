import Foundation
import KabarDeclarative
import KabarTesting
import Testing

/// Every class of malformed declarative extractor file, as for schedules
/// (Tests/KabarRunTests/BadScheduleTests): a clear error naming the file, the line and the key
/// (where there is one), never a crash — in the loader and in the commands that load
/// `Plugins/*.yaml` at start-up. LoaderErrorTests covers the selector, XPath, regex and field
/// errors one by one; this table adds the file-level classes.
struct BadDeclarativeFileTests {
    static let valid = """
        id: demo
        hosts: [demo.example]
        fields:
          headline: h1
          body: div.body

        """

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let text: Data
        let line: Int?
        let key: String?
        let message: String
        var description: String { name }

        init(_ name: String, _ yaml: String, line: Int?, key: String?, _ message: String) {
            self.init(name, Data(yaml.utf8), line: line, key: key, message)
        }

        init(_ name: String, _ data: Data, line: Int?, key: String?, _ message: String) {
            self.name = name
            text = data
            self.line = line
            self.key = key
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case("empty file", "", line: nil, key: nil, "empty"),
        Case("only a comment", "# nothing yet\n", line: nil, key: nil, "empty"),
        Case("binary file", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x00]), line: 1, key: nil, "not UTF-8 text"),
        Case("NUL byte in text", Data((valid + "\u{0}\n").utf8), line: 6, key: nil, "NUL byte"),
        Case("huge file", Data(("# " + String(repeating: "x", count: 2 << 20) + "\n" + valid).utf8), line: nil, key: nil, "at most 1024 KB"),
        Case("tabs for indentation", "id: demo\nhosts: [demo.example]\nfields:\n\theadline: h1\n", line: 4, key: nil, "not valid YAML: a tab character; YAML indents with spaces"),
        Case("unclosed quote", valid.replacingOccurrences(of: "headline: h1", with: "headline: 'h1"), line: 4, key: nil, "not valid YAML: a quoted value opened on this line is not closed"),
        Case("unclosed list", valid + "remove: ['.ads', '.share'\n", line: 6, key: nil, "not valid YAML: a list opened with [ on this line is not closed with ]"),
        Case("top level is a list", "- id: demo\n", line: 1, key: nil, "expected a mapping"),
        Case("top level is a scalar", "demo\n", line: 1, key: nil, "expected a mapping"),
        Case("bad XPath", valid + "  lead: {xpath: '//p[@class='}\n", line: 6, key: "fields.lead.xpath", "bad XPath expression \"//p[@class=\": invalid expression at position"),
        Case("duplicate key", valid + "id: other\n", line: 6, key: "id", "given twice (first on line 1)"),
        Case("duplicate field", valid.replacingOccurrences(of: "  body: div.body", with: "  body: div.body\n  body: article"), line: 6, key: "fields.body", "given twice (first on line 5)"),
        Case("hosts missing", "id: demo\nfields:\n  headline: h1\n  body: div.body\n", line: nil, key: "hosts", "missing"),
        Case("hosts empty", valid.replacingOccurrences(of: "hosts: [demo.example]", with: "hosts: []"), line: 2, key: "hosts", "empty"),
        Case("fields missing", "id: demo\nhosts: [demo.example]\n", line: nil, key: "fields", "missing"),
        // A misspelt required key is one error, naming both (not also "hosts: missing").
        Case("hosts misspelt", valid.replacingOccurrences(of: "hosts:", with: "hots:"), line: 2, key: "hots", "unknown key; did you mean hosts?"),
        Case("fields misspelt", valid.replacingOccurrences(of: "fields:", with: "field:"), line: 3, key: "field", "unknown key; did you mean fields?"),
        // A misspelt required field is one error, naming the file, line, key and the field
        // (it was two: this one, and "fields: headline and body are required; got body, headlin").
        Case("headline misspelt", valid.replacingOccurrences(of: "headline:", with: "headlin:"), line: 4, key: "fields.headlin", "unknown key; did you mean headline?"),
        Case("body misspelt", valid.replacingOccurrences(of: "body: div", with: "bdy: div"), line: 5, key: "fields.bdy", "unknown key; did you mean body?"),
        Case("remove entry is a list", valid + "remove: [[.ads]]\n", line: 6, key: "remove[0]", ""),
        Case("unknown key in a variant", valid + "variants:\n  - name: old\n    when: div.old\n    colour: red\n", line: 9, key: "variants[0].colour", "unknown key"),
        Case("deeply nested", valid + "remove: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n",
             line: nil, key: nil, "not valid YAML"),
    ]

    @Test(arguments: cases)
    func malformedFileNamesFileLineAndKey(_ c: Case) throws {
        do {
            _ = try DeclarativeLoader().parse(c.text, file: "Plugins/demo.yaml")
            Issue.record("\(c.name): accepted")
        } catch let e as DeclarativeError {
            #expect(e.file == "Plugins/demo.yaml", "\(c.name)")
            if let line = c.line { #expect(e.line == line, "\(c.name): \(e)") }
            if let key = c.key { #expect(e.key == key, "\(c.name): \(e)") }
            #expect(c.message.isEmpty || e.message.contains(c.message), "\(c.name): \(e)")
            #expect(e.description.hasPrefix("Plugins/demo.yaml"), "\(c.name): \(e)")
        }
    }

    /// A message does not say its key twice: `fields.published.attr: reads an attribute ...`,
    /// not `fields.published.attr: attr: reads ...`.
    @Test func aMisplacedOptionIsNamedOnce() throws {
        let texts = [("attr", Self.valid + "  published: {meta: 'article:published_time', attr: content}\n"),
                     ("split", Self.valid + "  section: {css: '.section', split: ','}\n")]
        for (option, text) in texts {
            do {
                _ = try DeclarativeLoader().parse(Data(text.utf8), file: "Plugins/demo.yaml")
                Issue.record("\(option): accepted")
            } catch let e as DeclarativeError {
                #expect(e.key?.hasSuffix(".\(option)") == true, "\(e)")
                #expect(!e.description.contains("\(option): \(option):"), "the key said twice: \(e)")
            }
        }
    }

    /// The commands that load the plugins folder at start-up (`run`, `extract`, `check`,
    /// `sites`) exit 2 with the file named on standard error for every bad file, never by a
    /// signal; the good files beside it are not the problem reported.
    @Test func commandsExitCleanlyOnEveryBadFile() async throws {
        guard let kabar = Executables.kabar else { Issue.record("kabar binary not built"); return }
        let folder = try Executables.temporaryFolder("kabar-bad-plugins")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html")
        try Data("<html><body><h1>Judul</h1><div class=body><p>Isi berita.</p></div></body></html>".utf8).write(to: page)
        for (i, c) in Self.cases.enumerated() {
            let plugins = folder.appendingPathComponent("case\(i)")
            try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
            let file = plugins.appendingPathComponent("demo.yaml")
            try c.text.write(to: file)
            let commands: [[String]] = i % 3 == 0 ? [["sites"], ["check"], ["extract", page.path]] : [["extract", page.path]]
            for args in commands {
                let r = try await Executables.launch(kabar, args + ["--plugins", plugins.path])
                #expect(r.status == 2, "\(c.name): kabar \(args[0]) exit \(r.status) \(r.stderr)")
                #expect(r.stderr.contains("demo.yaml"), "\(c.name): kabar \(args[0]): \(r.stderr)")
                // Only kabar's lines: libxml2 printed "XPath error : Invalid expression" of its own.
                #expect(r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("kabar: ") }, "\(c.name): kabar \(args[0]): \(r.stderr)")
            }
        }
    }
}
