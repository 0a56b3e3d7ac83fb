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
        if let v = try? JSONValue.parse(Data(trimmed.utf8)) { return v }
        return try? JSONValue.parse(Data(repair(trimmed).utf8))
    }

    /// Escapes raw control characters inside strings and drops trailing commas.
    static func repair(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inString = false
        var escaped = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inString {
                if escaped { escaped = false; out.append(c) }
                else if c == "\\" { escaped = true; out.append(c) }
                else if c == "\"" { inString = false; out.append(c) }
                else if c.value < 0x20 { out.append(contentsOf: (c == "\n" ? "\\n" : c == "\t" ? "\\t" : " ").unicodeScalars) }
                else { out.append(c) }
            } else if c == "\"" {
                inString = true; out.append(c)
            } else if c == "," {
                var j = i + 1
                while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
                if j < scalars.count, scalars[j] == "}" || scalars[j] == "]" { i += 1; continue }
                out.append(c)
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(out)
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
