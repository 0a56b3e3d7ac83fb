/// Class and id names that mark page furniture or article content, in several languages.
/// Short, ambiguous words ("ad", "nav", "tags") must be a whole token of the name (tokens are
/// split at anything but letters and digits); longer, unambiguous stems match anywhere.
enum BoilerplateNames {
    /// Whole tokens that mark furniture.
    static let furnitureTokens: Set<String> = [
        "ad", "ads", "adv", "advert", "adverts", "adslot", "adunit", "dfp", "gpt", "pub", "nav", "navbar", "menu", "menus",
        "footer", "sidebar", "aside", "share", "shares", "sharing", "social", "socials", "related", "tags", "tag",
        "tagcloud", "keywords", "breadcrumb", "breadcrumbs", "pagination", "pager", "comment", "comments",
        "kommentar", "kommentare", "comentarios", "commentaires", "commenti", "komentar", "komentarze",
        "kommentarer", "popup", "modal", "overlay", "toolbar", "widget", "widgets", "banner", "teaserlist",
        "byline", "dateline", "author", "authors", "autor", "autoren", "auteur", "meta", "credits", "copyright",
        "disclaimer", "login", "signin", "subscribe", "subscription", "abo", "print", "skip",
        "trending", "popular", "mostread", "recommended", "recommendations", "recirculation", "outbrain",
        "taboola", "sponsored", "sponsor", "promo", "promotion", "promoted", "newsletter", "newsletters",
        "cookie", "cookies", "consent", "gdpr", "rating", "reactions", "icons", "audio", "podcast",
        "video", "player", "gallery", "slideshow", "carousel", "iklan", "terkait", "werbung", "anzeige",
        "reklame", "reklama", "publicidad", "publicidade", "publicite", "pubblicita", "annonse", "annons",
        "partage", "teilen", "compartir", "condividi", "relacionadas", "relacionados", "correlati",
        "verwandt", "empfehlung", "empfehlungen", "weiterlesen", "infobox", "timestamp", "date", "published",
        "visually", "sronly", "offscreen", "contact", "masthead", "topbar", "bottombar", "caption", "credit", "twitter", "tweet", "instagram",
        "tiktok", "facebook", "youtube", "embed", "infographic", "infografik", "datawrapper", "poll", "survey", "quiz",
        "umfrage", "liveblog", "livefeed", "whatsapp", "telegram",
    ]

    /// Stems that mark furniture wherever they occur in a name.
    static let furnitureStems: [String] = [
        "advert", "advertis", "sharebar", "share-bar", "share_bar", "social-", "socialmedia", "newsletter",
        "related-", "-related", "relatedarticle", "recommend", "outbrain", "taboola", "cookie", "consent",
        "sponsor", "promo-", "breadcrumb", "subscri", "comment-", "comments", "disqus", "read-more",
        "readmore", "read-also", "readalso", "see-also", "also-read", "more-stories", "morestories",
        "most-read", "mostread", "most-popular", "baca-juga", "bacajuga", "lesen-sie-auch", "mehr-zum-thema",
        "mehrzumthema", "lee-tambien", "leer-mas", "lire-aussi", "a-lire", "leggi-anche", "lees-ook",
        "czytaj-takze", "czytaj-tez", "les-ogsa", "las-aven", "noticias-relacionadas", "articles-lies",
        "berita-terkait", "author-bio", "authorbio", "author-box", "authorbox", "skip-link", "skiplink",
        "sr-only", "screen-reader", "visually-hidden", "visuallyhidden", "print-only", "teaser-list",
        "article-list", "articlelist", "story-list", "storylist", "headlines-list", "newsticker", "ticker",
        "footnote-nav", "info-box", "infobox", "factbox", "fact-box", "expandable-box", "follow-us", "followus", "app-download", "appdownload", "adsbygoogle", "ad-slot",
        "adslot", "ad-container", "ad-wrapper", "ad-unit", "adunit", "ad_", "-ad-", "werbung", "anzeige",
        "social_", "sharing", "share-", "-share", "shariff", "addthis", "jp-relatedposts", "wp-block-embed",
    ]

    /// Tokens and stems that mark the article's own text (a bonus when scoring containers).
    static let contentTokens: Set<String> = [
        "article", "articles", "content", "story", "body", "text", "entry", "post", "main", "artikel", "inhalt",
        "beitrag", "texto", "contenido", "noticia", "testo", "articolo", "tresc", "artykul", "berita", "isi",
        "detail", "details", "prose", "richtext", "copy", "paragraph", "paragraphs", "page", "column", "col",
        "news", "lead", "summary", "intro", "standfirst", "teaser", "textblock", "fliesstext",
    ]
    static let contentStems: [String] = [
        "article-body", "articlebody", "article__body", "article-content", "articlecontent", "article__content",
        "story-body", "storybody", "story__body", "post-content", "postcontent", "entry-content", "entrycontent",
        "rich-text", "richtext", "article-text", "articletext", "text-block", "textblock", "body-text", "bodytext",
        "article_body", "content-body", "article-main", "main-content", "maincontent", "c-article",
    ]

    static let authorTokens: Set<String> = ["author", "authors", "byline", "autor", "autoren", "auteur", "autore", "penulis", "writer", "reporter"]
    static let authorStems: [String] = ["author-name", "authorname", "author__name", "byline", "author-link", "article-author", "contributor"]

    static let furnitureStemBytes = NeedleSet(furnitureStems)
    static let contentStemBytes = NeedleSet(contentStems)
    static let authorStemBytes = NeedleSet(authorStems)

    /// What a class/id string says, computed once per distinct string on a page.
    struct Flags {
        var furniture: Bool
        var author: Bool
        var contentWeight: Int
    }

    static func flags(_ names: String) -> Flags {
        // One tokenisation and one pass per stem list for all three answers.
        let tokens = tokens(names)
        let bytes = Array(names.utf8)
        let bodyNamed = ByteSearch.containsAny(bytes, contentStemBytes)
        let furniture = !bodyNamed && (tokens.contains { furnitureTokens.contains($0) } || ByteSearch.containsAny(bytes, furnitureStemBytes))
        let author = tokens.contains { authorTokens.contains($0) } || ByteSearch.containsAny(bytes, authorStemBytes)
        let weight = bodyNamed ? 2 : (tokens.contains { contentTokens.contains($0) } ? 1 : 0)
        return Flags(furniture: furniture, author: author, contentWeight: weight)
    }

    /// Tokens of a name: runs of ASCII letters and digits (any non-ASCII byte counts as a letter).
    static func tokens(_ names: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        for b in names.utf8 {
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || b >= 0x80 {
                current.append(b)
            } else if !current.isEmpty {
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
        return result
    }

    /// Whether class/id `names` (lower-cased) mark furniture. Names that also mark the article's
    /// body ("article-body share-enabled") are not furniture.
    static func isFurniture(_ names: String) -> Bool {
        guard !names.isEmpty else { return false }
        var furniture = false
        for token in tokens(names) where furnitureTokens.contains(token) {
            furniture = true
            break
        }
        let bytes = Array(names.utf8)
        if !furniture { furniture = ByteSearch.containsAny(bytes, furnitureStemBytes) }
        guard furniture else { return false }
        return !ByteSearch.containsAny(bytes, contentStemBytes)
    }

    /// How much the names say "article text here": 0 (nothing), 1 (a content word), 2 (an article-body name).
    static func contentWeight(_ names: String) -> Int {
        guard !names.isEmpty else { return 0 }
        if ByteSearch.containsAny(Array(names.utf8), contentStemBytes) { return 2 }
        for token in tokens(names) where contentTokens.contains(token) { return 1 }
        return 0
    }

    static func isAuthor(_ names: String) -> Bool {
        guard !names.isEmpty else { return false }
        if ByteSearch.containsAny(Array(names.utf8), authorStemBytes) { return true }
        return tokens(names).contains { authorTokens.contains($0) }
    }
}
