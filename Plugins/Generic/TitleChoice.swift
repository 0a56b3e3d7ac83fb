import Foundation

/// The headline chosen between the one the page shows (its main `h1`, passed over when it is
/// the site's masthead; an h2–h6 showing a metadata title when no h1 shows one) and the metadata titles (`og:title`, the JSON-LD headline, the
/// `<title>`, each without the site's name), which `HeadlineFinder` has reconciled into one
/// (`agreed`). Criterion, in order:
///
/// 1. No h1 shown: the metadata title.
/// 1a. A metadata title is the h1 with a count or a year added ("8 Recent Trends", "Best
///    Platforms 2025"): that title (`addsNumber`).
/// 2. The h1 shows a metadata title (compared by `HeadlineFinder.key`): the agreed title (or,
///    off news articles, when the agreed one is another text given by one source only, neither
///    part of it nor holding it, such as an og:title that is only the site's name, the metadata
///    title the h1 shows; and off news articles the metadata title an h2–h6 shows when no h1
///    does, `subheading`: the reader sees that one, whatever the other sources agree on),
///    in the metadata's spelling when the h1 is written in
///    capitals only. Full-width punctuation in a Latin-script headline becomes ASCII.
/// 2a. The h1 is a metadata title with characters lost to the page's encoding ("?" where the
///    title has "'s"): that title (`lostCharacters`).
/// 2b. The h1 is a metadata title with a short label or date before it ("Blog: Headline",
///    "Dec 18 2025 Headline") or a date or count after it ("Headline (source.com) 87"): that
///    metadata title.
/// 3. A metadata title is the h1 with a kicker before it ("Kicker: Headline", the kicker not the
///    site's name, nor another kicker than the one the h1 sets inside itself), or the h1
///    followed by ": " and more: that title (the page sets a part of its headline apart from
///    the h1, above or below it).
/// 4. The JSON-LD article is a news article (`NewsArticle` or a subtype): the metadata title.
///    A newsroom's CMS writes the headline into its metadata, and the h1 is often a shortened
///    or reworded display line.
/// 5. Otherwise the h1: elsewhere `og:title` and the `<title>` are more often a title written
///    for search engines than the headline the reader sees.
///
/// The metadata titles the chosen headline differs from are kept in the record's `metadata`
/// (`otherTitles`).
enum TitleChoice {
    static let newsTypes: Set<String> = [
        "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
        "ReviewNewsArticle",
    ]
    /// What sets a kicker apart from the headline in a metadata title.
    static let kickerSeparators = [": ", " - ", " – ", " — ", " | ", " / "]

    static func choose(agreed: String?, shown: String?, shownKicker: String? = nil, subheading: Bool = false, metaTitles: [String], backers: [String]? = nil, kickerSources: [String], isNews: Bool,
                       isSiteName: (String) -> Bool) -> String? {
        guard let shown, !shown.isEmpty else { return agreed }
        let shownKey = HeadlineFinder.key(shown)
        // A metadata title that is the shown headline whole with a count or a year added
        // ("8 Recent Trends in Photography" over the h1 "Recent Trends in Photography", "15
        // Best Platforms 2025" over "15 Best Platforms"): that title, the same headline with the
        // number the h1 leaves out.
        if let numbered = metaTitles.first(where: { addsNumber(HeadlineFinder.key($0), to: shownKey) }) { return numbered }
        if let matching = metaTitles.first(where: { HeadlineFinder.key($0) == shownKey }) {
            guard let agreed else { return shown }
            // The reconciled title is another text, given by one metadata source only, neither
            // a part of the one the h1 shows nor holding it (an og:title that is only the
            // site's name), and the page is not a news article: the metadata title the h1
            // shows (two sources against one). Two against two stay with the metadata. Sources
            // are counted in `backers` (a twitter:title that repeats og:title is not a second
            // source: "og:title and its copy" against "the `<title>` the h1 shows" is one
            // against two).
            let agreedKey = HeadlineFinder.key(agreed)
            let backing = (backers ?? metaTitles).filter { HeadlineFinder.key($0) == agreedKey }.count
            let other = !isNews && (backing <= 1 && !agreedKey.contains(shownKey) && !shownKey.contains(agreedKey) || subheading)
            let shownTitle = other ? matching : agreed
            if isCapitals(shownTitle), let spelled = metaTitles.first(where: { HeadlineFinder.key($0) == shownKey && !isCapitals($0) }) {
                return spelled
            }
            return shownTitle
        }
        // The h1 is a metadata title with characters lost to the page's encoding ("?" or
        // U+FFFD where the title has one to three others: "Planning? Beginner? Guide" for
        // "Planning: Beginner's Guide"): that title, as the page meant to show it.
        if let title = metaTitles.first(where: { lostCharacters(shownKey, in: HeadlineFinder.key($0)) }) { return title }
        // The h1 is a metadata title with a label or date set before it ("Blog: Headline",
        // "Dec 18 2025 Headline") or a date or count after it ("Headline (source.com) 87"):
        // that title.
        for title in metaTitles {
            let titleKey = HeadlineFinder.key(title)
            guard titleKey.count >= 10, shownKey.count > titleKey.count else { continue }
            if shownKey.hasSuffix(" " + titleKey) {
                let label = shownKey.dropLast(titleKey.count + 1)
                if label.split(separator: " ").count <= 4, label.hasSuffix(":") || isDate(String(label)) { return title }
            } else if shownKey.hasPrefix(titleKey + " ") {
                let tail = shownKey.dropFirst(titleKey.count + 1)
                if tail.split(separator: " ").count <= 4, tail.hasPrefix("(") || tail.contains(where: \.isNumber) && !tail.contains(where: \.isLetter) || isDate(String(tail)) { return title }
            }
        }
        for title in kickerSources {
            let titleKey = HeadlineFinder.key(title)
            for sep in kickerSeparators where titleKey.hasSuffix(sep + shownKey) {
                let kicker = String(title.prefix(max(0, title.count - shown.count - sep.count)))
                // The h1 sets a kicker of its own inside itself, another one: the page shows
                // its kicker, not the metadata's, above the headline.
                if let shownKicker, HeadlineFinder.key(shownKicker) != HeadlineFinder.key(kicker) { continue }
                if !kicker.isEmpty, !isSiteName(kicker) { return title }
            }
            // The h1 is the first part of "Part: Rest" (the rest set apart below it).
            if titleKey.hasPrefix(shownKey + ": ") { return title }
        }
        if isNews, let agreed { return agreed }
        return shown
    }

    /// Full-width punctuation and letters ("？", "！", "：") in a title written in a Latin script,
    /// where a CMS or an input method put them, as the ASCII characters they stand for. Titles
    /// with Chinese, Japanese or Korean letters keep them (there they are the normal spelling).
    static func latinPunctuation(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard scalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) }) else { return s }
        if scalars.contains(where: { (0x3040...0x30FF).contains($0.value) || (0x3400...0x9FFF).contains($0.value) || (0xAC00...0xD7AF).contains($0.value) }) { return s }
        var out = String.UnicodeScalarView()
        for c in scalars {
            if (0xFF01...0xFF5E).contains(c.value), let ascii = Unicode.Scalar(c.value - 0xFEE0) { out.append(ascii) } else { out.append(c) }
        }
        return String(out)
    }

    /// Whether `shown` is `title` with characters lost to an encoding fault: each "?" or
    /// U+FFFD in `shown` stands for one to three characters of `title` that are neither white
    /// space nor a question mark, at least one of them a letter or a character outside ASCII
    /// (a "?" where the title has ":" alone is punctuation the page chose), and everything
    /// else is the same (both compared as keys); ten letters besides.
    static func lostCharacters(_ shown: String, in title: String) -> Bool {
        guard shown.contains(where: { $0 == "?" || $0 == "\u{FFFD}" }) else { return false }
        let pieces = shown.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "?" || $0 == "\u{FFFD}" }).map(Array.init)
        guard pieces.joined().filter(\.isLetter).count >= 10 else { return false }
        let t = Array(title)
        func match(_ i: Int, _ at: Int, _ lost: Bool) -> Bool {
            let piece = pieces[i]
            guard at + piece.count <= t.count, Array(t[at..<(at + piece.count)]) == piece else { return false }
            let next = at + piece.count
            if i == pieces.count - 1 { return next == t.count && lost }
            var letters = lost
            for gap in 1...3 where next + gap <= t.count {
                let c = t[next + gap - 1]
                if c.isWhitespace || c == "?" { break }
                letters = letters || c.isLetter || !c.isASCII
                if match(i + 1, next + gap, letters) { return true }
            }
            return false
        }
        return match(0, 0, false)
    }

    /// Whether `title` is `shown` (ten characters or more) with one number of one to four
    /// digits (bare or in brackets) added before or after it, both compared as keys.
    static func addsNumber(_ title: String, to shown: String) -> Bool {
        guard shown.count >= 10, title.count > shown.count + 1 else { return false }
        let extra: Substring
        if title.hasPrefix(shown + " ") {
            extra = title.dropFirst(shown.count + 1)
        } else if title.hasSuffix(" " + shown) {
            extra = title.dropLast(shown.count + 1)
        } else {
            return false
        }
        var digits = extra
        if let first = digits.first, let last = digits.last, first == "(" && last == ")" || first == "[" && last == "]" {
            digits = digits.dropFirst().dropLast()
        }
        return (1...4).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// A short date written out ("january 1, 2025", "1 dec 2025"): a month's name and a year.
    static func isDate(_ s: String) -> Bool {
        let words = s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
        let month = words.contains { w in monthNames.contains { w.lowercased().hasPrefix($0) } && w.allSatisfy(\.isLetter) }
        let year = words.contains { $0.count == 4 && $0.allSatisfy(\.isNumber) }
        return month && year
    }

    /// Letters, none of them lower-case ("WEEKEND CODING AGENT").
    static func isCapitals(_ s: String) -> Bool {
        s.contains(where: \.isUppercase) && !s.contains(where: \.isLowercase)
    }

    /// The page's metadata titles where they are not the chosen headline (after the site's name
    /// is removed), as the page wrote them: `og_title` and `jsonld_headline`, then
    /// `twitter_title` and `html_title` (the `<title>`) when they are not one of the titles
    /// before them either (a twitter:title that repeats og:title is not kept twice).
    static func otherTitles(_ meta: PageMetadata, headline: String?) -> [String: String] {
        let chosen = headline.map(HeadlineFinder.key)
        var out: [String: String] = [:]
        var seen: Set<String> = []
        // `unlessRepeated`: kept only when no title before it has the same key.
        let fields: [(name: String, value: String?, unlessRepeated: Bool)] = [
            ("og_title", meta.meta["og:title"], false),
            ("jsonld_headline", meta.articleString("headline"), false),
            ("twitter_title", meta.meta["twitter:title"], true),
            ("html_title", meta.title, true),
        ]
        for (name, value, unlessRepeated) in fields {
            guard let value else { continue }
            let folded = value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            guard !folded.isEmpty else { continue }
            let key = HeadlineFinder.key(HeadlineFinder.strip(folded, site: meta.siteName, host: meta.url.host))
            if key != chosen, !(unlessRepeated && seen.contains(key)) { out[name] = folded }
            seen.insert(key)
        }
        return out
    }
}
