import Foundation

/// Reads every `<script type="application/ld+json">` block. Arrays and `@graph` are
/// flattened into one list of objects; a block that is not valid JSON is retried once with
/// common publisher mistakes repaired (raw control characters in strings, trailing commas)
/// and otherwise skipped with a note on the document.
enum JSONLD {
    static func objects(in document: HTMLDocument) -> [JSONValue] {
        var result: [JSONValue] = []
        for (index, script) in document.select("script[type]").enumerated() {
            guard script["type"]?.lowercased().trimmed == "application/ld+json" else { continue }
            let raw = script.rawText
            guard let value = parse(raw) else {
                document.note("JSON-LD block \(index + 1) is not valid JSON; skipped")
                continue
            }
            flatten(value, into: &result)
        }
        return result
    }

    static func parse(_ raw: String) -> JSONValue? {
        let trimmed = raw.trimmed
        guard !trimmed.isEmpty else { return nil }
        if let v = try? JSONParser.parse(Data(trimmed.utf8)) { return v }
        return try? JSONParser.parse(Data(repair(trimmed).utf8))
    }

    /// Escapes raw control characters inside strings and drops trailing commas. Works on the
    /// UTF-8 bytes: every character it acts on is ASCII; only the white space between a comma
    /// and a closing bracket may be any Unicode white space, decoded where it is met.
    static func repair(_ text: String) -> String {
        var text = text
        return text.withUTF8 { b in
            var out: [UInt8] = []
            out.reserveCapacity(b.count + 64)
            var inString = false
            var escaped = false
            var i = 0
            while i < b.count {
                let c = b[i]
                if inString {
                    if escaped { escaped = false; out.append(c) }
                    else if c == 0x5C { escaped = true; out.append(c) }
                    else if c == 0x22 { inString = false; out.append(c) }
                    else if c < 0x20 { out.append(contentsOf: c == 0x0A ? [0x5C, 0x6E] : c == 0x09 ? [0x5C, 0x74] : [0x20]) }
                    else { out.append(c) }
                } else if c == 0x22 {
                    inString = true; out.append(c)
                } else if c == 0x2C {
                    var j = i + 1
                    while j < b.count, let width = whitespaceWidth(b, at: j) { j += width }
                    if j < b.count, b[j] == 0x7D || b[j] == 0x5D { i += 1; continue }
                    out.append(c)
                } else {
                    out.append(c)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The byte length of the scalar at `i` when it is white space (Unicode's), else nil.
    static func whitespaceWidth(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let lead = b[i]
        if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) ? 1 : nil }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard i + width <= b.count else { return nil }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for k in 1..<width { value = value << 6 | UInt32(b[i + k] & 0x3F) }
        guard let scalar = Unicode.Scalar(value), scalar.properties.isWhitespace else { return nil }
        return width
    }

    static func flatten(_ value: JSONValue, into result: inout [JSONValue]) {
        switch value {
        case .array(let items):
            for item in items { flatten(item, into: &result) }
        case .object(let object):
            if let graph = object["@graph"] {
                var rest = object
                rest["@graph"] = nil
                if rest.keys.contains(where: { $0 != "@context" }) { result.append(.object(rest)) }
                flatten(graph, into: &result)
            } else {
                result.append(value)
            }
        default:
            break
        }
    }
}

extension HTMLDocument {
    /// The first JSON-LD object whose `@type` is one of `types`.
    public func jsonLD(ofType types: Set<String>) -> JSONValue? {
        jsonLD.first { $0.isType(types) }
    }

    /// JSON-LD types that describe an article.
    public static let articleTypes: Set<String> = [
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
        "OpinionNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "WebPage", "Report", "BackgroundNewsArticle",
    ]
}
