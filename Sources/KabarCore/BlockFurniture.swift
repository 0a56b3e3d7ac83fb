import KabarHTML

/// What a block found outside a site plugin's known body containers is: article content, or
/// page furniture. Used by `ArticleColumn` on the blocks it considers, and on everything
/// inside a block it takes. Class and id names are cut into words (at anything but letters,
/// at digits and at lower-to-upper case changes: `newsAds` is "news ads", `banner728` is
/// "banner"), so a short word such as "tag" or "ad" never matches inside a longer one.
public enum BlockFurniture: Equatable {
    /// Article text or a figure: taken.
    case content
    /// Nothing to read (an empty wrapper, a placeholder): passed over.
    case empty
    /// Furniture that may sit inside an article (an ad slot, a "Baca juga" box, an embed):
    /// passed over, and the article may go on after it.
    case inline
    /// Furniture that closes an article (tags, share bar, related or recommended lists,
    /// comments, the next story): after the last known container, nothing past it is taken.
    case closing

    /// Elements that are never article text.
    static let inlineTags: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "ins", "button", "form", "input", "select", "textarea",
        "svg", "canvas", "object", "embed", "video", "audio", "link", "meta",
    ]
    /// Elements that begin what is no longer this article.
    static let closingTags: Set<String> = ["nav", "aside", "footer", "header", "article", "h1", "main"]

    /// Words of class and id names that mark furniture that can sit inside an article.
    static let inlineWords: Set<String> = [
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "adsbygoogle", "adslot", "adunit", "dfp", "gpt",
        "iklan", "banner", "billboard", "leaderboard", "sponsor", "sponsored", "promo", "promotion", "parallax",
        "sticky", "baca", "bacajuga", "readalso", "video", "preload", "youtube", "embed", "player", "loading", "outbrain",
        "taboola",
    ]
    /// Words of class and id names that mark furniture closing an article.
    static let closingWords: Set<String> = [
        "share", "sharing", "sharebar", "social", "sosmed", "bagikan", "tag", "tags", "topik", "topic", "topics",
        "keyword", "keywords", "related", "terkait", "rekomendasi", "recommended", "recommendation",
        "recommendations", "comment", "comments", "komentar", "disqus", "berikutnya", "next", "newsletter",
        "subscribe", "subscription", "langganan", "pagination", "paging", "pager", "footer", "breadcrumb",
        "breadcrumbs", "popular", "populer", "terpopuler", "trending", "mostread", "terkini", "editor", "author",
        "penulis", "sidebar", "widget", "nav", "menu",
    ]
    /// Starts of a block's text that mark a reading prompt, not article text.
    static let promptPrefixes = [
        "baca juga", "baca:", "simak juga", "lihat juga", "tonton juga", "read also", "read more:", "see also",
        "pilihan editor", "scroll ke bawah", "scroll untuk", "advertisement", "iklan",
    ]

    /// What `node` is, its descendants included in the text and link measures.
    public static func of(_ node: HTMLNode) -> BlockFurniture {
        let tag = node.tag
        if inlineTags.contains(tag) { return .inline }
        if closingTags.contains(tag) { return .closing }
        let words = nameWords(of: node)
        if words.contains(where: closingWords.contains) { return .closing }
        if words.contains(where: inlineWords.contains) { return .inline }
        let text = TextNormalizer.clean(node.text) ?? ""
        if text.isEmpty { return hasPicture(node) ? .content : .empty }
        let lower = text.lowercased()
        if promptPrefixes.contains(where: { lower.hasPrefix($0) }) { return .inline }
        // Mostly link text: a related list, a row of tags, a lone "read this" link.
        let links = tag == "a" ? [node] : node.select("a")
        if !links.isEmpty, tag != "figure" {
            let linked = links.reduce(0) { $0 + (TextNormalizer.clean($1.text)?.count ?? 0) }
            if Double(linked) >= 0.6 * Double(text.count) { return links.count >= 2 ? .closing : .inline }
        }
        return .content
    }

    /// Whether a block without text shows a picture of the article: an image not inside a
    /// link (ads and promotions link their picture) whose address does not look like an ad,
    /// a logo, an icon or a tracking pixel.
    static func hasPicture(_ node: HTMLNode) -> Bool {
        let images = node.tag == "img" ? [node] : node.select("img")
        return images.contains { img in
            var up = img.parent
            while let n = up, n != node.parent {
                if n.tag == "a" { return false }
                up = n.parent
            }
            let src = [img["data-src"], img["src"]].compactMap { $0 }.joined(separator: " ").lowercased()
            return !adImageMarks.contains { src.contains($0) }
        }
    }

    static let adImageMarks = ["/ads/", "/ad/", "-ads", "ads-", "logo", "icon", "banner", "doubleclick", "pixel", "tracking", "sponsor"]

    /// The words of `node`'s class and id names, lower-cased.
    static func nameWords(of node: HTMLNode) -> [String] {
        var words: [String] = []
        for name in [node["class"], node["id"]] {
            guard let name else { continue }
            if !appendASCIIWords(of: name, to: &words) { appendWords(of: name, to: &words) }
        }
        return words
    }

    /// `appendWords` on the bytes of an ASCII name (each byte one Character, but CR LF, which
    /// is no letter either way): ASCII letters make words, an upper-case letter after a
    /// lower-case one starts a new word, any other byte ends one. False (nothing appended)
    /// for a name with other bytes, which goes Character by Character.
    static func appendASCIIWords(of name: String, to words: inout [String]) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            // A word is a run of letters in place: lower-cased as it is copied out.
            var start = 0
            var previousLower = false
            func flush(_ end: Int) {
                guard end > start else { return }
                words.append(String(unsafeUninitializedCapacity: end - start) { out in
                    for k in 0..<(end - start) { out[k] = bytes[start + k] | 0x20 }
                    return end - start
                })
            }
            for i in 0..<bytes.count {
                let c = bytes[i]
                let lower = c | 0x20
                if lower >= 0x61 && lower <= 0x7A {
                    let isUpper = c < 0x61
                    if isUpper, previousLower { flush(i); start = i }
                    previousLower = !isUpper
                } else {
                    flush(i)
                    start = i + 1
                    previousLower = false
                }
            }
            flush(bytes.count)
            return true
        }
    }

    /// The words of one class or id name, Character by Character: the reference for
    /// `appendASCIIWords`, and the way for names with non-ASCII bytes.
    static func appendWords(of name: String, to words: inout [String]) {
        var word = ""
        var previousLower = false
        for ch in name {
            if ch.isLetter, ch.isASCII {
                if ch.isUppercase, previousLower, !word.isEmpty { words.append(word); word = "" }
                word.append(Character(ch.lowercased()))
                previousLower = ch.isLowercase
            } else {
                if !word.isEmpty { words.append(word); word = "" }
                previousLower = false
            }
        }
        if !word.isEmpty { words.append(word) }
    }
}
