import Foundation
import KabarCore
import KabarHTML

/// Publish and update times, with their zone: JSON-LD, then `<meta>` tags, then `<time>`
/// elements (those marked as the publish date first), then a date in the URL, then a date
/// printed near the headline. A source with a time beats one with only a day.
struct DateFinder {
    static let publishedMeta = [
        "article:published_time", "og:article:published_time", "article:published", "datepublished",
        "pubdate", "publishdate", "publish-date", "publish_date", "published_time", "date", "dc.date.issued",
        "dc.date", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime",
        "article.published", "og:pubdate", "original-publish-date", "content_publish_date",
    ]
    static let modifiedMeta = [
        "article:modified_time", "og:updated_time", "article:modified", "datemodified", "dcterms.modified",
        "last-modified", "lastmod", "dc.date.modified", "article.updated", "modified_time",
    ]

    struct Result {
        var published: NewsDate?
        var modified: NewsDate?
    }

    static func find(_ index: PageIndex, _ meta: PageMetadata, headlineRun: Int?) -> Result {
        var result = Result()
        if let article = meta.article {
            result.published = date(article["datePublished"]) ?? date(article["dateCreated"])
            result.modified = date(article["dateModified"])
        }
        if result.published == nil {
            for key in publishedMeta {
                if let value = meta.meta[key], let d = parse(value) { result.published = d; break }
            }
        }
        if result.modified == nil {
            for key in modifiedMeta {
                if let value = meta.meta[key], let d = parse(value) { result.modified = d; break }
            }
        }
        if result.published == nil {
            result.published = fromTimeElements(index)
        }
        if result.published == nil, let d = fromURL(meta.url) {
            result.published = d
        }
        if result.published == nil, let headlineRun {
            result.published = printed(index, near: headlineRun)
        }
        if result.published == nil, let d = meta.jsonLD.lazy.compactMap({ date($0["datePublished"]) }).first {
            result.published = d
        }
        return result
    }

    static func date(_ value: JSONValue?) -> NewsDate? {
        guard let value else { return nil }
        if let s = value.string { return parse(s) }
        return value.array.first?.string.flatMap(parse)
    }

    static func parse(_ s: String) -> NewsDate? {
        let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 6, trimmed.count <= 80 else { return nil }
        // Unix timestamps (seconds or milliseconds).
        if trimmed.allSatisfy(\.isNumber), let n = Double(trimmed) {
            if n > 1e11 && n < 1e14 { return NewsDate(date: Date(timeIntervalSince1970: n / 1000), utcOffset: 0) }
            if n > 1e8 && n < 1e11 { return NewsDate(date: Date(timeIntervalSince1970: n), utcOffset: 0) }
            return nil
        }
        return NewsDateParser.parse(trimmed) ?? NewsDateParser.parse(reorderedJavaDate(trimmed) ?? "")
    }

    /// "Fri Apr 28 19:20:36 CEST 2023" (Java's `Date.toString`, seen in JSON-LD) as
    /// "28 Apr 2023 19:20:36 CEST", a form `NewsDateParser` reads.
    static func reorderedJavaDate(_ s: String) -> String? {
        let parts = s.split(separator: " ")
        guard parts.count == 6, parts[0].count == 3, parts[1].count == 3, parts[3].contains(":"),
              parts[5].count == 4, parts[5].allSatisfy(\.isNumber) else { return nil }
        return "\(parts[2]) \(parts[1]) \(parts[5]) \(parts[3]) \(parts[4])"
    }

    /// `<time datetime>`: one marked `itemprop=datePublished` or `pubdate` first, else the first.
    static func fromTimeElements(_ index: PageIndex) -> NewsDate? {
        var first: NewsDate?
        for e in index.times {
            let node = index.elements[e].node
            guard let raw = node["datetime"] ?? node["content"], let d = parse(raw) else { continue }
            let prop = (node["itemprop"] ?? "").lowercased()
            if ByteSearch.contains(prop, "published") || node["pubdate"] != nil { return d }
            if first == nil, !index.elements[e].inBoilerplate || ByteSearch.contains(index.elements[e].names, "date") { first = d }
        }
        return first
    }

    /// `/2024/05/03/`, `/2024-05-03`, `/20240503` in the URL's path: the day, no time.
    static func fromURL(_ url: URL) -> NewsDate? {
        let path = url.path
        let digits = path.split(whereSeparator: { !$0.isNumber }).map(String.init)
        for (i, part) in digits.enumerated() {
            if part.count == 4, let y = Int(part), (1995...2100).contains(y), i + 2 < digits.count,
               let m = Int(digits[i + 1]), let d = Int(digits[i + 2]), digits[i + 1].count <= 2, digits[i + 2].count <= 2,
               (1...12).contains(m), (1...31).contains(d) {
                return NewsDateParser.parse(String(format: "%04d-%02d-%02d", y, m, d))
            }
            if part.count == 8, let y = Int(part.prefix(4)), (1995...2100).contains(y),
               let m = Int(part.dropFirst(4).prefix(2)), let d = Int(part.suffix(2)), (1...12).contains(m), (1...31).contains(d) {
                return NewsDateParser.parse(String(format: "%04d-%02d-%02d", y, m, d))
            }
        }
        return nil
    }

    /// A short line with a date just before or after the headline.
    static func printed(_ index: PageIndex, near run: Int) -> NewsDate? {
        let lower = max(0, run - 5)
        let upper = min(index.runs.count, run + 15)
        for i in lower..<upper where i != run {
            let r = index.runs[i]
            guard r.chars >= 8, r.chars <= 80, r.text.contains(where: \.isNumber) else { continue }
            if let d = NewsDateParser.parse(r.text) { return d }
        }
        return nil
    }
}
