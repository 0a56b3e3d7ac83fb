import Foundation
import KabarDeclarative

/// Writes a declarative file's YAML text (the format of docs/ADDING-A-SITE.md).
struct SpecWriter {
    var id: String
    var name: String
    var host: String
    var language: String?
    var remove: [String] = []
    var fields: [(DeclarativeField, [FieldSource])] = []

    var yaml: String {
        var out = """
        # \(name): a declarative extractor (docs/ADDING-A-SITE.md). Edit the selectors, then run
        # `kabar check \(id)`; bump `version` whenever the output changes.
        id: \(id)
        version: 1
        name: \(Self.quote(name))
        hosts: [\(host)]

        """
        if let language { out += "language: \(language)\n" }
        let escapedHost = host.replacingOccurrences(of: ".", with: "\\.")
        // Any port: a site served on a port of its own (a local copy, a staging server) is
        // the same site, and its links carry the port.
        out += "article_url: \(Self.quote("^https?://([a-z0-9-]+\\.)*\(escapedHost)(:[0-9]+)?/.+"))\n"
        if !remove.isEmpty { out += "remove: [\(remove.map(Self.quote).joined(separator: ", "))]\n" }
        out += "fields:\n"
        for (field, sources) in fields {
            let rendered = sources.map(Self.render)
            out += "  \(field.rawValue): " + (rendered.count == 1 ? rendered[0] : "[\(rendered.joined(separator: ", "))]") + "\n"
        }
        return out
    }

    static func render(_ s: FieldSource) -> String {
        var parts: [String] = []
        switch s.kind {
        case .css(let c):
            if s.attr == nil, s.split == nil, s.pattern == nil, s.caption == nil, s.credit == nil { return quote(c) }
            parts.append("css: \(quote(c))")
        case .xpath(let x): parts.append("xpath: \(quote(x))")
        case .jsonld(let p): parts.append("jsonld: \(p)")
        case .meta(let m): parts.append("meta: \(quote(m))")
        }
        if let a = s.attr { parts.append("attr: \(a)") }
        if s.separators.count == 1 { parts.append("split: \(quote(s.separators[0]))") }
        if s.separators.count > 1 { parts.append("split: [\(s.separators.map(quote).joined(separator: ", "))]") }
        if let p = s.pattern { parts.append("pattern: \(quote(p.source))") }
        if let c = s.caption { parts.append("caption: \(quote(c))") }
        if let c = s.credit { parts.append("credit: \(quote(c))") }
        return "{\(parts.joined(separator: ", "))}"
    }

    /// Single-quoted YAML (a quote doubled), or plain when safe.
    static func quote(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_:. ".unicodeScalars.contains($0) }
            && !s.isEmpty && !s.hasPrefix(" ") && !s.hasSuffix(" ") && !s.contains(": ") && !s.hasSuffix(":")
        return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
