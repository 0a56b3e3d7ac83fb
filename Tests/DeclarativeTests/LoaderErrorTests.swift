import Foundation
import KabarDeclarative
import Testing

/// A broken declarative file names the file, the line and the key at fault.
struct LoaderErrorTests {
    static let valid = """
    id: demo
    hosts: [demo.example]
    fields:
      headline: h1
      body: div.body
    """

    func error(_ text: String, file: String = "Plugins/demo.yaml") -> DeclarativeError? {
        do {
            _ = try DeclarativeLoader().parse(text, file: file)
            return nil
        } catch let e as DeclarativeError {
            return e
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func validFileLoads() throws {
        let spec = try DeclarativeLoader().parse(Self.valid, file: "Plugins/demo.yaml")
        #expect(spec.id == "demo")
        #expect(spec.version == 1)
        #expect(spec.hosts == ["demo.example"])
        #expect(spec.fields[.headline]?.sources.first?.kind == .css("h1"))
        #expect(spec.fields[.body]?.sources.first?.line == 5)
    }

    @Test func badYAMLNamesTheLine() throws {
        let e = try #require(error("id: demo\nhosts: [demo.example\nfields:\n  headline: h1\n"))
        #expect(e.file == "Plugins/demo.yaml")
        #expect(e.line != nil)
        #expect(e.message.hasPrefix("not valid YAML"))
    }

    /// Numbers in a declarative file: a digit that is not ASCII ("+½", "+٠٧") is no offset
    /// (it crashed the loader: `Int("½")!`), and a version past `Int` is refused by key.
    @Test func numbersOutOfRangeNameTheKey() throws {
        for zone in ["+½", "+٠٧:00", "+99", "+0760"] {
            let e = try #require(error(Self.valid + "\ntimezone: \"\(zone)\"\n"), "\(zone)")
            #expect(e.line == 6 && e.key == "timezone" && e.message.contains("expected an offset from UTC"), "\(e)")
        }
        let big = try #require(error(Self.valid + "\nversion: 99999999999999999999999\n"))
        #expect(big.line == 6 && big.key == "version" && big.message.contains("expected a whole number"), "\(big)")
    }

    @Test func unknownKey() throws {
        let e = try #require(error(Self.valid + "\nheadlines: h2\n"))
        #expect(e.line == 6)
        #expect(e.key == "headlines")
        #expect(e.message.contains("unknown key"))
        #expect(e.description == "Plugins/demo.yaml:6: headlines: unknown key; expected one of id, version, name, hosts, language, article_url, remove, paragraphs, bold_headings, lead_in_body, date_format, timezone, expect, scripts, fields, variants")
    }

    /// `scripts:`: words, each named by its index when wrong; the key itself when no expression
    /// of the file reads a script (it would keep nothing).
    @Test func scriptWordsNameTheKey() throws {
        let reads = Self.valid + "\n  section: {xpath: \"//script[contains(., 'kanal')]\"}"
        let cases: [(String, Int, String, String)] = [
            ("\nscripts: []\n", 6, "scripts", "empty; expected the words of the page scripts this file reads"),
            ("\nscripts: [kanal, ' kanal']\n", 6, "scripts[1]", "expected a word of the scripts to keep, on one line without spaces at its ends"),
            ("\nscripts: [{a: 1}]\n", 6, "scripts[0]", "expected a string"),
        ]
        for (line, number, key, message) in cases {
            let e = try #require(error(line.dropFirst() + reads), "\(line)")
            #expect(e.line == number - 5 && e.key == key && e.message.hasPrefix(message), "\(e)")
        }
        let unread = try #require(error(Self.valid + "\nscripts: [kanal]\n"))
        #expect(unread.description == "Plugins/demo.yaml:6: scripts: no selector or XPath of this file reads a script element, so no script text is read; "
                + "name one (e.g. {xpath: \"//script[contains(., 'kanal')]\"}) or remove this key", "\(unread)")
        #expect(try DeclarativeLoader().parse("scripts: kanal\n" + reads, file: "Plugins/demo.yaml").scriptWords == ["kanal"])
    }

    /// `starting:` belongs to removals only, and names the item at fault.
    @Test func startingNamesTheKey() throws {
        let empty = try #require(error(Self.valid + "\nremove:\n  - {css: p, starting: [baca, '  ']}\n"))
        #expect(empty.line == 7 && empty.key == "remove[0].starting[1]" && empty.message.contains("empty string"), "\(empty)")
        let none = try #require(error(Self.valid + "\nremove:\n  - {css: p, starting: []}\n"))
        #expect(none.key == "remove[0].starting" && none.message.contains("at least one"), "\(none)")
        let outside = try #require(error(Self.valid + "\nvariants:\n  - {name: v, when: {css: p, starting: x}, fields: {headline: h2}}\n"))
        #expect(outside.key == "variants[0].when.starting" && outside.message.contains("unknown key"), "\(outside)")
        let spec = try DeclarativeLoader().parse(Self.valid + "\nremove:\n  - {xpath: '//p', starting: ['  Baca\tJuga ']}\n", file: "Plugins/demo.yaml")
        #expect(spec.remove.first?.startingWith == ["baca juga"])
    }

    @Test func unknownField() throws {
        let e = try #require(error(Self.valid + "\n  byline: .author\n"))
        #expect(e.line == 6)
        #expect(e.key == "fields.byline")
    }

    @Test func badSelectorNamesPosition() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "body: div.body", with: "body: 'div..body'")))
        #expect(e.line == 5)
        #expect(e.key == "fields.body")
        #expect(e.message.contains("bad CSS selector"))
        #expect(e.message.contains("div..body"))
    }

    @Test func badSelectorInAFallbackList() throws {
        let text = Self.valid.replacingOccurrences(of: "headline: h1", with: "headline:\n    - {jsonld: headline}\n    - 'h1[class'")
        let e = try #require(error(text))
        #expect(e.line == 6)
        #expect(e.key == "fields.headline[1]")
    }

    @Test func badXPath() throws {
        let e = try #require(error(Self.valid + "\n  lead: {xpath: '//div[@class='}\n"))
        #expect(e.line == 6)
        #expect(e.key == "fields.lead.xpath")
        // libxml2's reason, in the message and not printed by libxml2 itself on standard error.
        #expect(e.message == #"bad XPath expression "//div[@class=": invalid expression at position 13"#, "\(e.message)")
    }

    @Test func badRegex() throws {
        let e = try #require(error("article_url: '^https?://demo\\\\.example/(\\\\d+'\n" + Self.valid))
        #expect(e.line == 1)
        #expect(e.key == "article_url")
        #expect(e.message.contains("regular expression"))
    }

    @Test func missingID() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "id: demo\n", with: "")))
        #expect(e.key == "id")
        #expect(e.message.hasPrefix("missing"))
    }

    @Test func badID() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "id: demo", with: "id: Demo News")))
        #expect(e.line == 1)
        #expect(e.key == "id")
    }

    @Test func wrongTypes() throws {
        let version = try #require(error("version: one\n" + Self.valid))
        #expect(version.line == 1 && version.key == "version" && version.message.contains("whole number"))

        let hosts = try #require(error(Self.valid.replacingOccurrences(of: "hosts: [demo.example]", with: "hosts: {a: b}")))
        #expect(hosts.line == 2 && hosts.key == "hosts[0]" && hosts.message.contains("expected a string"))

        let url = try #require(error(Self.valid.replacingOccurrences(of: "hosts: [demo.example]", with: "hosts: ['https://demo.example/']")))
        #expect(url.line == 2 && url.key == "hosts[0]" && url.message.contains("no scheme"))

        let bold = try #require(error("bold_headings: maybe\n" + Self.valid))
        #expect(bold.line == 1 && bold.key == "bold_headings")

        let paragraphs = try #require(error("paragraphs: lines\n" + Self.valid))
        #expect(paragraphs.key == "paragraphs" && paragraphs.message.contains("blocks, p, br"))

        let fields = try #require(error("id: demo\nhosts: [demo.example]\nfields: [h1]\n"))
        #expect(fields.line == 3 && fields.key == "fields" && fields.message.contains("expected a mapping"))
    }

    @Test func sourceWithTwoKinds() throws {
        let e = try #require(error(Self.valid + "\n  lead: {meta: description, css: p.lead}\n"))
        #expect(e.line == 6)
        #expect(e.key == "fields.lead")
        #expect(e.message.contains("exactly one of"))
    }

    @Test func modifierOnTheWrongField() throws {
        let e = try #require(error(Self.valid + "\n  lead: {css: p.lead, caption: figcaption}\n"))
        #expect(e.key == "fields.lead.caption")
        #expect(e.message.contains("lead_image and images only"))
    }

    @Test func headlineAndBodyAreRequired() throws {
        let e = try #require(error("id: demo\nhosts: [demo.example]\nfields:\n  headline: h1\n"))
        #expect(e.line == 3)
        #expect(e.key == "fields")
        #expect(e.message.contains("headline and body are required"))
    }

    @Test func variantErrors() throws {
        let noWhen = try #require(error(Self.valid + "\nvariants:\n  - name: old\n    fields: {body: '#isi'}\n"))
        #expect(noWhen.key == "variants[0].when")
        #expect(noWhen.line == 7)
        let badWhen = try #require(error(Self.valid + "\nvariants:\n  - name: old\n    when: 'div:nope(1)'\n"))
        #expect(badWhen.key == "variants[0].when")
        #expect(badWhen.line == 8)
    }

    @Test func fileNameMustBeTheID() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-decl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("other.yaml")
        try Self.valid.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: DeclarativeError.self) { try DeclarativeLoader().load(file: file, displayName: "Plugins/other.yaml") }
        do { _ = try DeclarativeLoader().load(file: file, displayName: "Plugins/other.yaml") } catch let e as DeclarativeError {
            #expect(e.description.hasPrefix("Plugins/other.yaml:1: id: \"demo\" differs from the file's name"))
        }
    }

    @Test func expectDeclaresHealthFloors() throws {
        let spec = try DeclarativeLoader().parse(Self.valid + "\nexpect: { published: 0.99, lead_image: 0.9 }\n", file: "Plugins/demo.yaml")
        #expect(spec.expect.floors == [.published: 0.99, .leadImage: 0.9])
        #expect(DeclarativeExtractor(spec: spec).expectations[.published] == 0.99)
        #expect(try DeclarativeLoader().parse(Self.valid, file: "Plugins/demo.yaml").expect.isEmpty, "no floors unless declared")

        let tooHigh = try #require(error(Self.valid + "\nexpect:\n  published: 1.5\n"))
        #expect(tooHigh.description == "Plugins/demo.yaml:7: expect.published: expected 0 to 1, got 1.5", "\(tooHigh)")
        let notANumber = try #require(error(Self.valid + "\nexpect:\n  tags: most\n"))
        #expect(notANumber.key == "expect.tags" && notANumber.line == 7 && notANumber.message.contains("share from 0 to 1"), "\(notANumber)")
        let unknown = try #require(error(Self.valid + "\nexpect:\n  images: 0.5\n"))
        #expect(unknown.key == "expect.images" && unknown.line == 7 && unknown.message.contains("lead_image"), "\(unknown)")
    }
}
