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
                          "bold_headings", "lead_in_body", "date_format", "timezone", "expect", "fields", "variants"]
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

    /// Parses the text of a declarative file; `file` names it in errors.
    // Long: the keys of a declarative file read in a fixed order so that the first problem reported is
    // always the same; each key is a few lines. Left whole for now (ScheduleLoader.parse shows the
    // split into one step per key group).
    public func parse(_ text: String, file: String) throws -> DeclarativeSpec {
        let r = SpecReader(file: file)
        guard let root = try r.compose(text) else {
            throw DeclarativeError(file: file, line: nil, key: nil, message: "the file is empty; expected a mapping with at least id, hosts and fields")
        }
        let top = try r.mapping(root, key: nil, allowed: Self.topKeys)

        guard let idEntry = top["id"] else { throw r.error(root, key: "id", "missing; expected the extractor's id ([a-z0-9-], e.g. mediaindonesia)") }
        let id = try r.string(idEntry.value, key: "id")
        guard Self.idPattern.matches(id) else {
            throw r.error(idEntry.value, key: "id", "expected lower-case letters, digits and '-' (e.g. mediaindonesia), got \"\(id)\"")
        }
        let version = try top["version"].map { try r.int($0.value, key: "version", min: 1) } ?? 1

        guard let hostsEntry = top["hosts"] else { throw r.error(root, key: "hosts", "missing; expected the domains the site is on, e.g. [example.com] (subdomains included)") }
        var hosts: [String] = []
        let hostNodes = r.listOrOne(hostsEntry.value)
        guard !hostNodes.isEmpty else { throw r.error(hostsEntry.value, key: "hosts", "empty; expected at least one domain") }
        for (i, node) in hostNodes.enumerated() {
            let key = "hosts[\(i)]"
            let host = try r.string(node, key: key).trimmingCharacters(in: .whitespaces)
            guard Self.hostPattern.matches(host) else {
                throw r.error(node, key: key, "expected a lower-case domain such as example.com (no scheme, path or port), got \"\(host)\"")
            }
            hosts.append(host)
        }

        var spec = DeclarativeSpec(id: id, version: version, hosts: hosts, file: file)
        spec.idLine = idEntry.value.mark?.line
        if let e = top["name"] { spec.name = try r.string(e.value, key: "name") }
        if let e = top["language"] {
            let lang = try r.string(e.value, key: "language")
            guard lang.count >= 2, lang.count <= 8, lang.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                throw r.error(e.value, key: "language", "expected a language code such as id or en, got \"\(lang)\"")
            }
            spec.language = lang
        }
        if let e = top["article_url"] { spec.articleURL = try pattern(e.value, key: "article_url", r) }
        if let e = top["remove"] { spec.remove = try selectors(e.value, key: "remove", r) }
        if let e = top["paragraphs"] { spec.paragraphs = try paragraphs(e.value, key: "paragraphs", r) }
        if let e = top["bold_headings"] { spec.boldHeadings = try r.bool(e.value, key: "bold_headings") }
        if let e = top["lead_in_body"] { spec.leadInBody = try r.bool(e.value, key: "lead_in_body") }
        if let e = top["date_format"] {
            let format = try r.string(e.value, key: "date_format")
            guard format.contains("y"), format.contains("M") || format.contains("L"), format.contains("d") else {
                throw r.error(e.value, key: "date_format", "expected a date pattern with year, month and day (y, M, d), e.g. 'dd MMMM yyyy HH:mm', got \"\(format)\"")
            }
            spec.dateFormat = format
        }
        if let e = top["timezone"] {
            let text = try r.string(e.value, key: "timezone")
            guard let offset = Self.offset(text) else {
                throw r.error(e.value, key: "timezone", "expected an offset from UTC such as '+07:00' (quoted), got \"\(text)\"")
            }
            spec.timezone = offset
        }
        if let e = top["expect"] { spec.expect = try ExpectationsReader.read(e.value, reader: r) }
        guard let fieldsEntry = top["fields"] else {
            throw r.error(root, key: "fields", "missing; expected a mapping of fields (headline, body...) to their sources")
        }
        spec.fields = try fields(fieldsEntry.value, key: "fields", r)
        guard spec.fields[.headline] != nil, spec.fields[.body] != nil else {
            throw r.error(fieldsEntry.keyNode, key: "fields", "headline and body are required; got \(spec.fields.keys.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        if let e = top["variants"] {
            let nodes = try r.sequence(e.value, key: "variants")
            for (i, node) in nodes.enumerated() {
                let key = "variants[\(i)]"
                let m = try r.mapping(node, key: key, allowed: Self.variantKeys)
                guard let nameEntry = m["name"] else { throw r.error(node, key: "\(key).name", "missing; expected a name for this design (it becomes metadata.design)") }
                let name = try r.string(nameEntry.value, key: "\(key).name")
                if spec.variants.contains(where: { $0.name == name }) {
                    throw r.error(nameEntry.value, key: "\(key).name", "\"\(name)\" is the name of an earlier variant; names must differ")
                }
                guard let whenEntry = m["when"] else { throw r.error(node, key: "\(key).when", "missing; expected a CSS selector (or {xpath: ...}) that matches only this design's pages") }
                let when = try selector(whenEntry.value, key: "\(key).when", r)
                var variant = SpecVariant(name: name, when: when)
                variant.line = node.mark?.line
                if let f = m["fields"] { variant.fields = try fields(f.value, key: "\(key).fields", r) }
                if let f = m["remove"] { variant.remove = try selectors(f.value, key: "\(key).remove", r) }
                if let f = m["paragraphs"] { variant.paragraphs = try paragraphs(f.value, key: "\(key).paragraphs", r) }
                spec.variants.append(variant)
            }
        }
        return spec
    }

    // MARK: Parts

    func fields(_ node: Node, key: String, _ r: SpecReader) throws -> [DeclarativeField: FieldRule] {
        let allowed = DeclarativeField.allCases.map(\.rawValue)
        let m = try r.mapping(node, key: key, allowed: allowed)
        var result: [DeclarativeField: FieldRule] = [:]
        for entry in m.entries {
            let field = DeclarativeField(rawValue: entry.key)!
            let path = "\(key).\(entry.key)"
            let nodes = r.listOrOne(entry.value)
            guard !nodes.isEmpty else { throw r.error(entry.value, key: path, "empty; expected a source (a CSS selector, or {xpath|jsonld|meta: ...}) or a list of them") }
            var sources: [FieldSource] = []
            for (i, sourceNode) in nodes.enumerated() {
                let sourceKey = nodes.count == 1 && !(entry.value.sequence != nil) ? path : "\(path)[\(i)]"
                sources.append(try source(sourceNode, key: sourceKey, field: field, r))
            }
            result[field] = FieldRule(sources)
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
            guard kindName == "css" || kindName == "xpath" else { throw r.error(e.keyNode, key: "\(key).attr", "attr: reads an attribute of elements; it goes with css: or xpath:, not \(kindName):") }
            source.attr = try r.string(e.value, key: "\(key).attr")
        }
        if let e = m["split"] {
            guard field.isList && !field.isImage else { throw r.error(e.keyNode, key: "\(key).split", "split: applies to authors and tags only") }
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
    func selector(_ node: Node, key: String, _ r: SpecReader) throws -> FieldSource {
        if case .scalar = node {
            let css = try r.string(node, key: key)
            try checkCSS(css, node: node, key: key, r)
            return FieldSource(.css(css), key: key, line: node.mark?.line)
        }
        let m = try r.mapping(node, key: key, allowed: ["css", "xpath"])
        if let e = m["xpath"], m["css"] == nil {
            let x = try r.string(e.value, key: "\(key).xpath")
            try checkXPath(x, node: e.value, key: "\(key).xpath", r)
            return FieldSource(.xpath(x), key: key, line: node.mark?.line)
        }
        if let e = m["css"], m["xpath"] == nil {
            let css = try r.string(e.value, key: "\(key).css")
            try checkCSS(css, node: e.value, key: "\(key).css", r)
            return FieldSource(.css(css), key: key, line: node.mark?.line)
        }
        throw r.error(node, key: key, "expected a CSS selector, or exactly one of css: or xpath:")
    }

    func selectors(_ node: Node, key: String, _ r: SpecReader) throws -> [FieldSource] {
        try r.listOrOne(node).enumerated().map { i, n in try selector(n, key: "\(key)[\(i)]", r) }
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
        do { _ = try probe?.xpath(expression) } catch {
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
            } catch {
                errors.append(DeclarativeError(file: display(file), line: nil, key: nil, message: "\(error)"))
            }
        }
        return (specs, errors)
    }
}
