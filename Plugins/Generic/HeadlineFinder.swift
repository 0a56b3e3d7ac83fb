import Foundation

/// The headline: the JSON-LD `headline`, `og:title`, the main `h1` and the `<title>` without the
/// site's name, reconciled: when `og:title` is the JSON-LD headline plus " - Something", the
/// shorter; else the text most of `og:title`, JSON-LD and the main `h1` agree on (a tie goes to
/// `og:title`, then JSON-LD); else `twitter:title` or the `<title>`. The main `h1` is the one
/// showing a metadata title, else the first outside page furniture. Also finds where the
/// headline sits in the page, which the body scorer uses.
struct HeadlineFinder {
    struct Result {
        var headline: String?
        /// The element showing the headline (the main `h1`, or a heading with the same text).
        var element: Int?
        /// The index of the run holding the headline.
        var run: Int?
    }

    static let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " / ", " ~ "]

    static func find(_ index: PageIndex, _ meta: PageMetadata) -> Result {
        let ld = meta.articleString("headline") ?? meta.articleString("name")
        let og = meta.meta["og:title"].map { strip($0, site: meta.siteName, host: meta.url.host) }
        let twitter = meta.meta["twitter:title"].map { strip($0, site: meta.siteName, host: meta.url.host) }
        let title = meta.title.map { strip($0, site: meta.siteName, host: meta.url.host) }
        let metaTitles = [ld, og, twitter, title].compactMap { $0 }.filter { !$0.isEmpty }
        let metaKeys = Set(metaTitles.map(key))

        // The main h1: one whose text is a metadata title, else the first outside furniture.
        var h1: Int?
        var h1Text: String?
        var firstH1: (Int, String)?
        for e in index.h1s {
            let el = index.elements[e]
            guard el.chars >= 3, let run = runText(index, e) else { continue }
            if metaKeys.contains(key(run)) { h1 = e; h1Text = run; break }
            if firstH1 == nil, !el.inBoilerplate { firstH1 = (e, run) }
        }
        var result = Result()
        if let h1 {
            result.element = h1
        } else {
            // Another heading showing a metadata title (sites that use h2 for the headline).
            if !metaKeys.isEmpty {
                let lengths = metaTitles.map(\.utf8.count)
                for (i, run) in index.runs.enumerated() where run.chars >= 10 && run.chars <= 400 {
                    let n = run.text.utf8.count
                    guard lengths.contains(where: { abs($0 - n) <= 8 }) else { continue }
                    if metaKeys.contains(key(run.text)) {
                        result.element = run.element
                        result.run = i
                        break
                    }
                }
            }
            if result.element == nil, let firstH1 {
                result.element = firstH1.0
            }
        }
        let visible = h1Text ?? firstH1?.1
        result.headline = shorterOfPrefixed(ld, og) ?? vote([og, ld.flatMap(notTruncated), visible]) ?? twitter ?? title ?? ld
        if result.run == nil, let e = result.element {
            let el = index.elements[e]
            result.run = el.firstRun < el.endRun ? el.firstRun : nil
        }
        return result
    }

    /// The text of a heading element (all its runs joined).
    static func runText(_ index: PageIndex, _ e: Int) -> String? {
        let el = index.elements[e]
        guard el.firstRun < el.endRun else { return nil }
        let text = index.runs[el.firstRun..<el.endRun].map(\.text).joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The title most of the sources give (compared by `key`); on a tie the earliest in the list.
    static func vote(_ candidates: [String?]) -> String? {
        let present = candidates.compactMap { $0 }.filter { !$0.isEmpty }
        guard !present.isEmpty else { return nil }
        let keys = present.map(key)
        var best = 0
        var bestCount = 0
        for (i, k) in keys.enumerated() {
            let count = keys.filter { $0 == k }.count
            if count > bestCount { best = i; bestCount = count }
        }
        return present[best]
    }

    /// When one title is the other plus a separator and more ("Headline - Local News"), the
    /// shorter one: the rest is a site or section name.
    static func shorterOfPrefixed(_ a: String?, _ b: String?) -> String? {
        guard let a, let b, a.count != b.count else { return nil }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.hasPrefix(short) else { return nil }
        let rest = long.dropFirst(short.count)
        return separators.contains(where: { rest.hasPrefix($0) }) ? short : nil
    }

    static func notTruncated(_ s: String) -> String? {
        s.hasSuffix("...") || s.hasSuffix("…") ? nil : s
    }

    /// Comparison key: lower-cased, white space folded, quotes unified.
    static func key(_ s: String) -> String {
        var out = ""
        var space = false
        for c in s.lowercased() {
            if c.isWhitespace { space = true; continue }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            switch c {
            case "“", "”", "„", "«", "»", "″": out.append("\"")
            case "‘", "’", "‚", "′": out.append("'")
            default: out.append(c)
            }
        }
        return out
    }

    /// The title without the site's name before or after a separator ("Headline | Site").
    static func strip(_ raw: String, site: String?, host: String?) -> String {
        var title = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        let siteKey = site.map(simple)
        let hostKey = host.map { h -> String in
            let parts = h.lowercased().split(separator: ".")
            let name = parts.count >= 2 ? parts[parts.count - 2] : parts.first ?? ""
            return String(name)
        }
        for _ in 0..<2 {
            var changed = false
            for sep in separators {
                guard let r = title.ranges(of: sep).last else { continue }
                let tail = String(title[r.upperBound...])
                let head = String(title[..<r.lowerBound])
                if isSiteName(tail, site: siteKey, host: hostKey) || (tail.split(separator: " ").count <= 3 && head.count > 3 * tail.count && tail.count <= 30 && !tail.contains(where: { "?!.".contains($0) }) && sep != " - " && sep != " – " && sep != " — ") {
                    title = head
                    changed = true
                    break
                }
                if let f = title.firstRange(of: sep) {
                    let first = String(title[..<f.lowerBound])
                    if isSiteName(first, site: siteKey, host: hostKey) {
                        title = String(title[f.upperBound...])
                        changed = true
                        break
                    }
                }
            }
            if !changed { break }
        }
        return title.trimmingCharacters(in: .whitespaces)
    }

    static func simple(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    static func isSiteName(_ part: String, site: String?, host: String?) -> Bool {
        let p = simple(part)
        guard !p.isEmpty else { return false }
        if let site, !site.isEmpty, p == site || (p.count >= 4 && site.contains(p)) || (site.count >= 4 && p.contains(site) && p.count <= site.count + 12) { return true }
        if let host, host.count >= 3, p == host || p.hasPrefix(host) && p.count <= host.count + 6 || (p.contains(host) && p.count <= host.count + 12) { return true }
        return false
    }
}
