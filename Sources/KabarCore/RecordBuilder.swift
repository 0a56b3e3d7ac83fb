import Foundation
import KabarHTML

/// Normalise: turns what an extractor read into the record Kabar writes. Text clean
/// (NFC, entities, white space), URLs absolute and canonical, lists distinct, empty blocks
/// gone, `text`, `id`, `content_hash` and `simhash` derived.
public enum RecordBuilder {
    public static func build(_ e: Extraction, page: Page, extractor: any Extractor) -> Article {
        // The plugin's canonical URL, else the page's own (canonical link, og:url), else where it came from.
        let declared = e.canonicalURL ?? ArticleAssembler.declaredURL(of: page.document) ?? page.url
        let canonical = URLCanonicalizer.canonicalize(declared, for: extractor).absoluteString
        var body: [Block] = []
        for block in e.body {
            let text = block.type == .list ? TextNormalizer.cleanLines(block.text) : (TextNormalizer.clean(block.text) ?? "")
            guard !text.isEmpty else { continue }
            let cleaned = Block(block.type, text)
            if body.last == cleaned { continue }
            body.append(cleaned)
        }
        let text = joinedText(body)
        var images: [ImageRef] = []
        var imageURLs = Set<String>()   // a set: a page of many images is not quadratic
        for image in e.images {
            guard let url = page.document.absoluteURL(image.url)?.absoluteString,
                  imageURLs.insert(url).inserted else { continue }
            images.append(ImageRef(url: url, caption: TextNormalizer.clean(image.caption),
                                   credit: TextNormalizer.clean(image.credit), role: image.role))
        }
        var metadata: [String: String] = [:]
        for (key, value) in e.metadata { if let v = TextNormalizer.clean(value) { metadata[key] = v } }
        let hashes = TextHashes.of(text)
        return Article(
            id: Hash64.hex(Hash64.of(canonical)),
            url: page.url.absoluteString,
            canonicalURL: canonical,
            site: extractor.id,
            extractor: extractor.versionedID,
            fetchedAt: page.fetchedAt.map { NewsDate(date: $0, utcOffset: 0).iso8601 },
            publishedAt: e.published?.iso8601,
            modifiedAt: e.modified?.iso8601,
            language: language(e.language ?? page.document.language),
            headline: TextNormalizer.clean(e.headline),
            lead: TextNormalizer.clean(e.lead),
            authors: TextNormalizer.distinct(e.authors),
            section: TextNormalizer.clean(e.section),
            tags: TextNormalizer.distinct(e.tags),
            body: body,
            text: text,
            images: images,
            contentHash: Hash64.hex(hashes.content),
            simhash: Hash64.hex(hashes.simhash),
            paywalled: e.paywalled,
            metadata: metadata,
            source: page.source
        )
    }

    /// The blocks' text joined by a blank line, copied once into a String of the right size
    /// (not through an array of the texts and `joined`).
    static func joinedText(_ body: [Block]) -> String {
        guard body.count > 1 else { return body.first?.text ?? "" }
        var length = 2 * (body.count - 1)
        for block in body { length += block.text.utf8.count }
        return String(unsafeUninitializedCapacity: length) { out in
            var at = 0
            for (k, block) in body.enumerated() {
                if k > 0 { out[at] = 0x0A; out[at + 1] = 0x0A; at += 2 }
                var text = block.text
                text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress else { return }
                    (out.baseAddress! + at).initialize(from: base, count: bytes.count)
                    at += bytes.count
                }
            }
            return at
        }
    }

    /// "id-ID" → "id"; "EN" → "en"; nonsense → nil.
    static func language(_ raw: String?) -> String? {
        guard let raw = raw?.trimmed.lowercased(), !raw.isEmpty else { return nil }
        let primary = raw.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? raw
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return primary
    }
}
