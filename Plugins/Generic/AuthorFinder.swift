import Foundation
import KabarHTML

/// Authors: JSON-LD `author` (people and organisations), else `<meta>` author tags, else the
/// page's byline elements (`rel=author`, `itemprop=author`, author/byline class names). A byline
/// is split into names at commas and "and" in several languages, "By"/"Von"/"Por"... removed.
struct AuthorFinder {
    static let metaKeys = ["author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author", "cxenseparse:author", "twitter:creator:name"]
    static let prefixes = [
        "by ", "von ", "por ", "par ", "di ", "da ", "av ", "af ", "door ", "oleh ", "od ", "autor: ", "autor ", "author: ",
        "text: ", "texto: ", "redaktion: ", "reporter: ", "written by ", "verfasst von ", "ein beitrag von ", "de ",
    ]
    static let joiners = [" and ", " und ", " & ", " y ", " et ", " e ", " og ", " och ", " en ", " i ", " und ", " oraz ", " dan "]

    static func find(_ index: PageIndex, _ meta: PageMetadata) -> [String] {
        if let value = meta.article?["author"] {
            let names = value.array.flatMap(names(in:))
            if !names.isEmpty { return distinct(names) }
        }
        for key in metaKeys {
            let values = meta.meta.all(key).filter { !$0.lowercased().hasPrefix("http") && !$0.hasPrefix("@") }
            let names = values.flatMap(split)
            if !names.isEmpty { return distinct(names) }
        }
        for e in index.authorElements {
            let el = index.elements[e]
            guard el.chars >= 3, el.chars <= 120, el.linkDensity <= 1 else { continue }
            // The innermost author element: skip wrappers that hold another one.
            let node = el.node
            let text = el.firstRun < el.endRun ? index.runs[el.firstRun..<el.endRun].map(\.text).joined(separator: ", ") : ""
            let names = split(node["content"] ?? text)
            if !names.isEmpty, names.count <= 6 { return distinct(names) }
        }
        return []
    }

    static func names(in value: JSONValue) -> [String] {
        if let s = value.string { return split(s) }
        if let name = value["name"]?.string { return split(name) }
        if let name = value["name"]?.array.first?.string { return split(name) }
        return []
    }

    /// A byline cut into names.
    static func split(_ raw: String) -> [String] {
        guard let cleaned = PageMetadata.clean(raw) else { return [] }
        var text = cleaned
        var changed = true
        while changed {
            changed = false
            let lower = text.lowercased()
            for p in prefixes where lower.hasPrefix(p) && text.count > p.count + 2 {
                text = String(text.dropFirst(p.count))
                changed = true
                break
            }
        }
        var parts = [text]
        for sep in [",", ";", "|", "/"] { parts = parts.flatMap { $0.components(separatedBy: sep) } }
        for j in joiners { parts = parts.flatMap { $0.components(separatedBy: j) } }
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
            .filter { !$0.isEmpty && $0.count <= 60 && !$0.lowercased().hasPrefix("http") && !$0.contains("@") && $0.split(separator: " ").count <= 6
                // Dates and times printed in the byline ("05.01.2025", "June 19", "15:23") are not names.
                && !$0.contains(where: \.isNumber) }
    }

    static func distinct(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
