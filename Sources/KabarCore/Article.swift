import Foundation

/// The record Kabar writes: one JSON object per article (see docs/ARCHITECTURE.md).
public struct Article: Sendable, Equatable, Decodable {
    public static let schemaVersion = 1

    public var schema: Int = Article.schemaVersion
    /// Stable id: 64-bit hash of the canonical URL, 16 hex digits.
    public var id: String
    public var url: String
    public var canonicalURL: String
    public var site: String
    /// "<extractor id>/<version>", e.g. "tempo/1".
    public var extractor: String
    public var fetchedAt: String?
    public var publishedAt: String?
    public var modifiedAt: String?
    public var language: String?
    public var headline: String?
    public var lead: String?
    public var authors: [String]
    public var section: String?
    public var tags: [String]
    public var body: [Block]
    /// The blocks' text joined by a blank line.
    public var text: String
    public var images: [ImageRef]
    /// 64-bit hash of `text`, 16 hex digits.
    public var contentHash: String
    /// 64-bit SimHash of `text`'s word shingles, 16 hex digits.
    public var simhash: String
    public var revision: Int
    public var duplicateOf: String?
    public var paywalled: Bool?
    public var metadata: [String: String]
    public var source: SourceRef?

    enum CodingKeys: String, CodingKey {
        case schema, id, url, canonicalURL = "canonical_url", site, extractor, fetchedAt = "fetched_at"
        case publishedAt = "published_at", modifiedAt = "modified_at", language, headline, lead, authors
        case section, tags, body, text, images, contentHash = "content_hash", simhash, revision
        case duplicateOf = "duplicate_of", paywalled, metadata, source
    }

    public init(id: String, url: String, canonicalURL: String, site: String, extractor: String,
                fetchedAt: String? = nil, publishedAt: String? = nil, modifiedAt: String? = nil,
                language: String? = nil, headline: String? = nil, lead: String? = nil, authors: [String] = [],
                section: String? = nil, tags: [String] = [], body: [Block] = [], text: String = "",
                images: [ImageRef] = [], contentHash: String, simhash: String, revision: Int = 1,
                duplicateOf: String? = nil, paywalled: Bool? = nil, metadata: [String: String] = [:],
                source: SourceRef? = nil) {
        self.id = id; self.url = url; self.canonicalURL = canonicalURL; self.site = site
        self.extractor = extractor; self.fetchedAt = fetchedAt; self.publishedAt = publishedAt
        self.modifiedAt = modifiedAt; self.language = language; self.headline = headline; self.lead = lead
        self.authors = authors; self.section = section; self.tags = tags; self.body = body; self.text = text
        self.images = images; self.contentHash = contentHash; self.simhash = simhash; self.revision = revision
        self.duplicateOf = duplicateOf; self.paywalled = paywalled; self.metadata = metadata; self.source = source
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decodeIfPresent(Int.self, forKey: .schema) ?? Article.schemaVersion
        id = try c.decode(String.self, forKey: .id)
        url = try c.decode(String.self, forKey: .url)
        canonicalURL = try c.decode(String.self, forKey: .canonicalURL)
        site = try c.decode(String.self, forKey: .site)
        extractor = try c.decode(String.self, forKey: .extractor)
        fetchedAt = try c.decodeIfPresent(String.self, forKey: .fetchedAt)
        publishedAt = try c.decodeIfPresent(String.self, forKey: .publishedAt)
        modifiedAt = try c.decodeIfPresent(String.self, forKey: .modifiedAt)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        headline = try c.decodeIfPresent(String.self, forKey: .headline)
        lead = try c.decodeIfPresent(String.self, forKey: .lead)
        authors = try c.decodeIfPresent([String].self, forKey: .authors) ?? []
        section = try c.decodeIfPresent(String.self, forKey: .section)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        body = try c.decodeIfPresent([Block].self, forKey: .body) ?? []
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        images = try c.decodeIfPresent([ImageRef].self, forKey: .images) ?? []
        contentHash = try c.decode(String.self, forKey: .contentHash)
        simhash = try c.decode(String.self, forKey: .simhash)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? 1
        duplicateOf = try c.decodeIfPresent(String.self, forKey: .duplicateOf)
        paywalled = try c.decodeIfPresent(Bool.self, forKey: .paywalled)
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        source = try c.decodeIfPresent(SourceRef.self, forKey: .source)
    }

    /// The record as one line of JSON (no trailing newline): keys in the documented order,
    /// absent values as null. Written by `RecordJSON`, read back with `JSONDecoder`.
    public var jsonLine: String { RecordJSON.encode(self) }
}
