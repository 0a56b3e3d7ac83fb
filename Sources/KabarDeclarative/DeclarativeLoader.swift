import Foundation
import KabarConfig
import KabarCore
import KabarHTML
import Yams

/// Reads and validates declarative extractor files. Every problem is found when the file is
/// loaded, before any page is read, and names the file, the line and the key: bad YAML, an
/// unknown key, a wrong type, a missing id or host, a CSS selector or XPath that does not
/// parse, a bad regular expression.
public struct DeclarativeLoader {
    static let topKeys = ["id", "version", "name", "hosts", "language", "article_url", "remove", "paragraphs",
                          "bold_headings", "lead_in_body", "date_format", "timezone", "expect", "scripts", "fields", "variants"]
    static let sourceKinds = ["css", "xpath", "jsonld", "meta"]
    static let sourceKeys = sourceKinds + ["attr", "split", "pattern", "caption", "credit"]
    static let variantKeys = ["name", "when", "fields", "remove", "paragraphs"]
    static let idPattern = try! SpecPattern("^[a-z0-9][a-z0-9-]*$")
    static let hostPattern = try! SpecPattern("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")

    /// An empty page on which selectors and XPath expressions are tried once, so that a syntax
    /// error surfaces at load time.
    private let probe: HTMLDocument?

    public init() {
        probe = try? HTMLDocument(html: "<html><head></head><body><p>probe</p></body></html>")
    }

    /// Reads one file; its name (without `.yaml`/`.yml`) must be its id.
    public func load(file: URL, displayName: String? = nil) throws -> DeclarativeSpec {
        let name = displayName ?? file.path
        if let problem = ConfigText.checkSize(of: file, kind: Self.kind) {
            throw DeclarativeError(file: name, line: problem.line, key: nil, message: problem.message)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw DeclarativeError(file: name, line: nil, key: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        let spec = try parse(data, file: name)
        let stem = file.deletingPathExtension().lastPathComponent
        if stem != spec.id {
            throw DeclarativeError(file: name, line: spec.idLine, key: "id",
                                   message: "\"\(spec.id)\" differs from the file's name; name the file \(spec.id).yaml (its fixtures go in \(spec.id)/Fixtures/)")
        }
        return spec
    }

    static let kind = "a declarative extractor file"

    /// Parses the bytes of a declarative file: UTF-8 text, no NUL bytes, at most
    /// `ConfigText.maxFileSize`.
    public func parse(_ data: Data, file: String) throws -> DeclarativeSpec {
        switch ConfigText.decode(data, kind: Self.kind) {
        case .success(let text): return try parse(text, file: file)
        case .failure(let problem): throw DeclarativeError(file: file, line: problem.line, key: nil, message: problem.message)
        }
    }

    /// Parses the text of a declarative file; `file` names it in errors. Every key is read and
    /// every problem found (`ConfigProblems`, as schedules are read): one is thrown as a
    /// `DeclarativeError`, several as `ConfigErrors` in the file's order, each with its line
    /// and key (a file with a bad selector and an unknown key names both).
    public func parse(_ text: String, file: String) throws -> DeclarativeSpec {
        let r = SpecReader(file: file)
        guard let root = try r.compose(text) else {
            throw DeclarativeError(file: file, line: nil, key: nil, message: "the file is empty; expected a mapping with at least id, hosts and fields")
        }
        let problems = ConfigProblems(file: file)
        let top = try r.mapping(root, key: nil, allowed: Self.topKeys, problems: problems)

        let idEntry = top["id"]
        // A required key that is missing is not reported when an unknown key was taken for it
        // (`hots` for hosts): that key's error names both.
        let id = problems.check { () throws -> String? in
            guard let idEntry else {
                if top.misspelt.contains("id") { return nil }
                throw r.error(root, key: "id", "missing; expected the extractor's id ([a-z0-9-], e.g. mediaindonesia)")
            }
            let id = try r.string(idEntry.value, key: "id")
            guard Self.idPattern.matches(id) else {
                throw r.error(idEntry.value, key: "id", "expected lower-case letters, digits and '-' (e.g. mediaindonesia), got \"\(id)\"")
            }
            return id
        }
        let version = problems.check { try top["version"].map { try r.int($0.value, key: "version", min: 1) } ?? 1 }
        let hosts = top["hosts"] == nil && top.misspelt.contains("hosts") ? [] : problems.check { try self.hosts(top["hosts"], root: root, r, problems) }

        var spec = DeclarativeSpec(id: (id ?? nil) ?? "", version: version ?? 1, hosts: hosts ?? [], file: file)
        spec.idLine = idEntry?.value.mark?.line
        if let e = top["name"] { spec.name = problems.check { try r.string(e.value, key: "name") } }
        if let e = top["language"] {
            spec.language = problems.check {
                let lang = try r.string(e.value, key: "language")
                guard lang.count >= 2, lang.count <= 8, lang.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                    throw r.error(e.value, key: "language", "expected a language code such as id or en, got \"\(lang)\"")
                }
                return lang
            }
        }
        if let e = top["article_url"] { spec.articleURL = problems.check { try pattern(e.value, key: "article_url", r) } }
        if let e = top["remove"] { spec.remove = selectors(e.value, key: "remove", r, problems) }
        if let e = top["paragraphs"], let mode = problems.check({ try paragraphs(e.value, key: "paragraphs", r) }) { spec.paragraphs = mode }
        if let e = top["bold_headings"], let b = problems.check({ try r.bool(e.value, key: "bold_headings") }) { spec.boldHeadings = b }
        if let e = top["lead_in_body"], let b = problems.check({ try r.bool(e.value, key: "lead_in_body") }) { spec.leadInBody = b }
        if let e = top["date_format"] {
            spec.dateFormat = problems.check {
                let format = try r.string(e.value, key: "date_format")
                guard format.contains("y"), format.contains("M") || format.contains("L"), format.contains("d") else {
                    throw r.error(e.value, key: "date_format", "expected a date pattern with year, month and day (y, M, d), e.g. 'dd MMMM yyyy HH:mm', got \"\(format)\"")
                }
                return format
            }
        }
        if let e = top["timezone"] {
            spec.timezone = problems.check {
                let text = try r.string(e.value, key: "timezone")
                guard let offset = Self.offset(text) else {
                    throw r.error(e.value, key: "timezone", "expected an offset from UTC such as '+07:00' (quoted), got \"\(text)\"")
                }
                return offset
            }
        }
        if let e = top["expect"], let expect = problems.check({ try ExpectationsReader.read(e.value, reader: r, problems: problems) }) { spec.expect = expect }
        if let e = top["scripts"] { spec.scriptWords = scriptWords(e.value, r, problems) }
        if let fieldsEntry = top["fields"] {
            var misspelt = Set<String>()
            spec.fields = fields(fieldsEntry.value, key: "fields", r, problems, misspelt: &misspelt)
            // A field that is there but broken is reported as such, not as missing too; so is
            // a misspelt one (`headlin:`): its unknown-key error names the field it was taken for.
            let named = Set(fieldsEntry.value.mapping.map { $0.keys.compactMap(\.string) } ?? [])
            let required = [DeclarativeField.headline.rawValue, DeclarativeField.body.rawValue]
            let missing = required.filter { !named.contains($0) && !misspelt.contains($0) }
            if !missing.isEmpty, fieldsEntry.value.mapping != nil {
                let known = named.filter { DeclarativeField(rawValue: $0) != nil }.sorted()
                problems.add(r.error(fieldsEntry.keyNode, key: "fields", "\(missing.joined(separator: " and ")) missing; headline and body are required, "
                                     + "got \(known.isEmpty ? "no field" : known.joined(separator: ", "))"))
            }
        } else if !top.misspelt.contains("fields") {
            problems.add(r.error(root, key: "fields", "missing; expected a mapping of fields (headline, body...) to their sources"))
        }
        if let e = top["variants"], let nodes = problems.check({ try r.sequence(e.value, key: "variants") }) {
            for (i, node) in nodes.enumerated() {
                if let variant = variant(node, key: "variants[\(i)]", earlier: spec.variants, r, problems) { spec.variants.append(variant) }
            }
        }
        if let e = top["scripts"], !spec.scriptWords.isEmpty, !ScriptReading.readsScripts(spec) {
            problems.add(r.error(e.keyNode, key: "scripts", "no selector or XPath of this file reads a script element, so no script text is read; "
                                 + "name one (e.g. {xpath: \"//script[contains(., '\(spec.scriptWords[0])')]\"}) or remove this key"))
        }
        try problems.throwIfAny()
        return spec
    }

    /// `scripts:`: one word or a list of them, each on one line and without spaces at its ends
    /// (matched byte for byte in the page's scripts).
    func scriptWords(_ node: Node, _ r: SpecReader, _ problems: ConfigProblems) -> [String] {
        let nodes = r.listOrOne(node)
        if nodes.isEmpty {
            problems.add(r.error(node, key: "scripts", "empty; expected the words of the page scripts this file reads, e.g. [total_page]"))
        }
        return nodes.enumerated().compactMap { i, node in
            problems.check {
                let key = "scripts[\(i)]"
                let word = try r.string(node, key: key)
                guard !word.contains(where: \.isNewline), word.trimmingCharacters(in: .whitespaces) == word else {
                    throw r.error(node, key: key, "expected a word of the scripts to keep, on one line without spaces at its ends, got \(String(reflecting: word))")
                }
                return word
            }
        }
    }

    /// `hosts:`: one domain or a list of them, each checked.
    func hosts(_ entry: YAMLReader.Entry?, root: Node, _ r: SpecReader, _ problems: ConfigProblems) throws -> [String] {
        guard let entry else { throw r.error(root, key: "hosts", "missing; expected the domains the site is on, e.g. [example.com] (subdomains included)") }
        let nodes = r.listOrOne(entry.value)
        guard !nodes.isEmpty else { throw r.error(entry.value, key: "hosts", "empty; expected at least one domain") }
        return nodes.enumerated().compactMap { i, node in
            problems.check {
                let key = "hosts[\(i)]"
                let host = try r.string(node, key: key).trimmingCharacters(in: .whitespaces)
                guard Self.hostPattern.matches(host) else {
                    throw r.error(node, key: key, "expected a lower-case domain such as example.com (no scheme, path or port), got \"\(host)\"")
                }
                return host
            }
        }
    }

    /// One entry of `variants:`; nil when it cannot be used (its problems kept).
    func variant(_ node: Node, key: String, earlier: [SpecVariant], _ r: SpecReader, _ problems: ConfigProblems) -> SpecVariant? {
        guard let m = problems.check({ try r.mapping(node, key: key, allowed: Self.variantKeys, problems: problems) }) else { return nil }
        let name = problems.check { () throws -> String in
            guard let nameEntry = m["name"] else { throw r.error(node, key: "\(key).name", "missing; expected a name for this design (it becomes metadata.design)") }
            let name = try r.string(nameEntry.value, key: "\(key).name")
            if earlier.contains(where: { $0.name == name }) {
                throw r.error(nameEntry.value, key: "\(key).name", "\"\(name)\" is the name of an earlier variant; names must differ")
            }
            return name
        }
        let when = problems.check { () throws -> FieldSource in
            guard let whenEntry = m["when"] else { throw r.error(node, key: "\(key).when", "missing; expected a CSS selector (or {xpath: ...}) that matches only this design's pages") }
            return try selector(whenEntry.value, key: "\(key).when", r)
        }
        var fields: [DeclarativeField: FieldRule] = [:], remove: [FieldSource] = [], paragraphs: ParagraphMode?
        if let f = m["fields"] {
            var misspelt = Set<String>()
            fields = self.fields(f.value, key: "\(key).fields", r, problems, misspelt: &misspelt)
        }
        if let f = m["remove"] { remove = selectors(f.value, key: "\(key).remove", r, problems) }
        if let f = m["paragraphs"] { paragraphs = problems.check { try self.paragraphs(f.value, key: "\(key).paragraphs", r) } }
        guard let name, let when else { return nil }
        var variant = SpecVariant(name: name, when: when)
        variant.line = node.mark?.line
        variant.fields = fields
        variant.remove = remove
        variant.paragraphs = paragraphs
        return variant
    }

    // MARK: Parts

    /// A `fields:` mapping: each field's sources, each checked on its own (a field with a bad
    /// source is left out, its problem kept). `misspelt` gets the fields an unknown key was
    /// taken for (`headline` for `headlin`).
    func fields(_ node: Node, key: String, _ r: SpecReader, _ problems: ConfigProblems, misspelt: inout Set<String>) -> [DeclarativeField: FieldRule] {
        let allowed = DeclarativeField.allCases.map(\.rawValue)
        guard let m = problems.check({ try r.mapping(node, key: key, allowed: allowed, problems: problems) }) else { return [:] }
        misspelt = m.misspelt
        var result: [DeclarativeField: FieldRule] = [:]
        for entry in m.entries {
            let field = DeclarativeField(rawValue: entry.key)!
            let path = "\(key).\(entry.key)"
            let nodes = r.listOrOne(entry.value)
            guard !nodes.isEmpty else {
                problems.add(r.error(entry.value, key: path, "empty; expected a source (a CSS selector, or {xpath|jsonld|meta: ...}) or a list of them"))
                continue
            }
            var sources: [FieldSource] = []
            for (i, sourceNode) in nodes.enumerated() {
                let sourceKey = nodes.count == 1 && !(entry.value.sequence != nil) ? path : "\(path)[\(i)]"
                if let source = problems.check({ try source(sourceNode, key: sourceKey, field: field, r) }) { sources.append(source) }
            }
            if sources.count == nodes.count { result[field] = FieldRule(sources) }
        }
        return result
    }

    func source(_ node: Node, key: String, field: DeclarativeField, _ r: SpecReader) throws -> FieldSource {
        if case .scalar = node {
            let css = try r.string(node, key: key)
            try checkCSS(css, node: node, key: key, r)
            return FieldSource(.css(css), key: key, line: node.mark?.line)
        }
        let m = try r.mapping(node, key: key, allowed: Self.sourceKeys)
        let kinds = Self.sourceKinds.filter { m[$0] != nil }
        guard kinds.count == 1, let kindName = kinds.first, let kindEntry = m[kindName] else {
            throw r.error(node, key: key, "expected exactly one of css:, xpath:, jsonld: or meta:, got \(kinds.isEmpty ? "none" : kinds.joined(separator: " and "))")
        }
        let value = try r.string(kindEntry.value, key: "\(key).\(kindName)")
        let kind: FieldSource.Kind
        switch kindName {
        case "css":
            try checkCSS(value, node: kindEntry.value, key: "\(key).css", r)
            kind = .css(value)
        case "xpath":
            try checkXPath(value, node: kindEntry.value, key: "\(key).xpath", r)
            kind = .xpath(value)
        case "jsonld":
            guard !value.split(separator: ".", omittingEmptySubsequences: false).contains(where: { $0.isEmpty }) else {
                throw r.error(kindEntry.value, key: "\(key).jsonld", "expected a dotted path such as headline or author.name, got \"\(value)\"")
            }
            kind = .jsonld(value)
        default:
            kind = .meta(value)
        }
        var source = FieldSource(kind, key: key, line: node.mark?.line)
        if let e = m["attr"] {
            guard kindName == "css" || kindName == "xpath" else { throw r.error(e.keyNode, key: "\(key).attr", "reads an attribute of elements; it goes with css: or xpath:, not \(kindName):") }
            source.attr = try r.string(e.value, key: "\(key).attr")
        }
        if let e = m["split"] {
            guard field.isList && !field.isImage else { throw r.error(e.keyNode, key: "\(key).split", "applies to authors and tags only") }
            // One separator, or a list of them (`[', ', ' and ']`), each splitting every value.
            source.separators = try r.listOrOne(e.value).map { node in
                let separator = try r.string(node, key: "\(key).split", nonEmpty: false)
                if separator.isEmpty { throw r.error(node, key: "\(key).split", "expected a separator such as ',' (quoted), got nothing") }
                return separator
            }
        }
        if let e = m["pattern"] { source.pattern = try pattern(e.value, key: "\(key).pattern", r) }
        for (name, isCaption) in [("caption", true), ("credit", false)] {
            guard let e = m[name] else { continue }
            guard field.isImage else { throw r.error(e.keyNode, key: "\(key).\(name)", "\(name): applies to lead_image and images only") }
            let css = try r.string(e.value, key: "\(key).\(name)")
            try checkCSS(css, node: e.value, key: "\(key).\(name)", r)
            if isCaption { source.caption = css } else { source.credit = css }
        }
        if field == .body, source.attr != nil {
            throw r.error(m["attr"]!.keyNode, key: "\(key).attr", "the body is read from elements, not an attribute")
        }
        return source
    }

    /// A CSS selector or `{xpath: ...}`: for `remove` and `when`.
    /// A CSS selector, or `{css: ...}` / `{xpath: ...}`; a removal (`remove:`) may also say
    /// `starting: [text, ...]`, which keeps only the matched elements whose text starts so.
    func selector(_ node: Node, key: String, _ r: SpecReader, removal: Bool = false) throws -> FieldSource {
        if case .scalar = node {
            let css = try r.string(node, key: key)
            try checkCSS(css, node: node, key: key, r)
            return FieldSource(.css(css), key: key, line: node.mark?.line)
        }
        let m = try r.mapping(node, key: key, allowed: removal ? ["css", "xpath", "starting"] : ["css", "xpath"])
        var source: FieldSource
        if let e = m["xpath"], m["css"] == nil {
            let x = try r.string(e.value, key: "\(key).xpath")
            try checkXPath(x, node: e.value, key: "\(key).xpath", r)
            source = FieldSource(.xpath(x), key: key, line: node.mark?.line)
        } else if let e = m["css"], m["xpath"] == nil {
            let css = try r.string(e.value, key: "\(key).css")
            try checkCSS(css, node: e.value, key: "\(key).css", r)
            source = FieldSource(.css(css), key: key, line: node.mark?.line)
        } else {
            throw r.error(node, key: key, "expected a CSS selector, or exactly one of css: or xpath:")
        }
        if let e = m["starting"] {
            source.startingWith = try r.listOrOne(e.value).enumerated().map { i, n in
                let itemKey = "\(key).starting[\(i)]"
                let text = TextStart.key(try r.string(n, key: itemKey))
                if text.isEmpty { throw r.error(n, key: itemKey, "expected the text an element starts with, got an empty string") }
                return text
            }
            if source.startingWith.isEmpty { throw r.error(e.value, key: "\(key).starting", "expected at least one text") }
        }
        return source
    }

    func selectors(_ node: Node, key: String, _ r: SpecReader, _ problems: ConfigProblems) -> [FieldSource] {
        r.listOrOne(node).enumerated().compactMap { i, n in problems.check { try selector(n, key: "\(key)[\(i)]", r, removal: true) } }
    }

    func paragraphs(_ node: Node, key: String, _ r: SpecReader) throws -> ParagraphMode {
        let text = try r.string(node, key: key)
        guard let mode = ParagraphMode(rawValue: text) else {
            throw r.error(node, key: key, "expected \(ParagraphMode.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"")
        }
        return mode
    }

    func pattern(_ node: Node, key: String, _ r: SpecReader) throws -> SpecPattern {
        let text = try r.string(node, key: key)
        do { return try SpecPattern(text) } catch {
            throw r.error(node, key: key, "not a valid regular expression: \(text)")
        }
    }

    func checkCSS(_ css: String, node: Node, key: String, _ r: SpecReader) throws {
        do { _ = try probe?.selectOrThrow(css) } catch {
            throw r.error(node, key: key, "bad CSS selector: \(error)")
        }
    }

    func checkXPath(_ expression: String, node: Node, key: String, _ r: SpecReader) throws {
        do { _ = try probe?.xpath(expression) } catch HTMLError.badXPath(_, let reason) where !reason.isEmpty {
            throw r.error(node, key: key, "bad XPath expression \"\(expression)\": \(reason)")
        } catch {
            throw r.error(node, key: key, "bad XPath expression \"\(expression)\"")
        }
    }

    /// `+07:00`, `-0530`, `+7`, `Z`, `UTC` as seconds east of UTC.
    static func offset(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t == "Z" || t == "UTC" || t == "GMT" { return 0 }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst().replacingOccurrences(of: ":", with: "")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 4 else { return nil }
        let hours: Int, minutes: Int
        if digits.count <= 2 { hours = Int(digits)!; minutes = 0 } else {
            hours = Int(digits.prefix(digits.count - 2))!; minutes = Int(digits.suffix(2))!
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

extension DeclarativeLoader {
    /// Every `*.yaml` / `*.yml` file directly in `folder`, in name order: the ones that load and
    /// the errors of the others (all of them, so one run of `kabar check` shows every broken file).
    /// `display` turns a file into the name used in messages (default: its path).
    public func loadFolder(_ folder: URL, display: (URL) -> String = { $0.path }) -> (specs: [DeclarativeSpec], errors: [DeclarativeError]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var specs: [DeclarativeSpec] = []
        var errors: [DeclarativeError] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let file = folder.appendingPathComponent(name)
            do {
                let spec = try load(file: file, displayName: display(file))
                if let other = specs.first(where: { $0.id == spec.id }) {
                    errors.append(DeclarativeError(file: spec.file, line: spec.idLine, key: "id", message: "\"\(spec.id)\" is also the id of \(other.file); ids must differ"))
                    continue
                }
                specs.append(spec)
            } catch let error as DeclarativeError {
                errors.append(error)
            } catch let many as ConfigErrors {
                errors += many.errors
            } catch {
                errors.append(DeclarativeError(file: display(file), line: nil, key: nil, message: "\(error)"))
            }
        }
        return (specs, errors)
    }
}
