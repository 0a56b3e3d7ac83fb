/// One block of an article body, in reading order.
public struct Block: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case paragraph, heading, quote, list
    }
    public var type: Kind
    /// The block's text; a list's items are joined with "\n".
    public var text: String

    public init(_ type: Kind, _ text: String) {
        self.type = type
        self.text = text
    }

    public static func paragraph(_ text: String) -> Block { Block(.paragraph, text) }
    public static func heading(_ text: String) -> Block { Block(.heading, text) }
}

/// An image of an article.
public struct ImageRef: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable { case lead, inline }
    public var url: String
    public var caption: String?
    public var credit: String?
    public var role: Role
    /// The downloaded copy (a schedule's `images: { download: true }`), nil when not
    /// downloaded: its path under the data folder, the SHA-256 of its bytes (hex), its size,
    /// its pixels and its MIME type as its header gives them (see `ImageDownload`).
    public var download: ImageDownload?

    public init(url: String, caption: String? = nil, credit: String? = nil, role: Role, download: ImageDownload? = nil) {
        self.url = url
        self.caption = caption
        self.credit = credit
        self.role = role
        self.download = download
    }

    enum CodingKeys: String, CodingKey { case url, caption, credit, role }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
        credit = try c.decodeIfPresent(String.self, forKey: .credit)
        role = try c.decode(Role.self, forKey: .role)
        download = try? ImageDownload(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encodeIfPresent(caption, forKey: .caption)
        try c.encodeIfPresent(credit, forKey: .credit)
        try c.encode(role, forKey: .role)
        try download?.encode(to: encoder)
    }
}

/// A record image's downloaded copy: written beside the image's `url` in the record
/// (`file`, `sha256`, `bytes`, `width`, `height`, `type`), only when it was downloaded.
public struct ImageDownload: Sendable, Hashable, Codable {
    /// The path under the data folder, `images/<2 hex>/<2 hex>/<sha256>.<ext>`.
    public var file: String
    /// SHA-256 of the bytes, 64 lower-case hex digits (the file's name).
    public var sha256: String
    public var bytes: Int
    /// Pixels, from the header (nil when the header gives none).
    public var width: Int?
    public var height: Int?
    /// The MIME type the bytes are (sniffed, not the server's word), e.g. `image/jpeg`.
    public var type: String

    public init(file: String, sha256: String, bytes: Int, width: Int?, height: Int?, type: String) {
        self.file = file; self.sha256 = sha256; self.bytes = bytes
        self.width = width; self.height = height; self.type = type
    }
}

/// Where a record's bytes came from: a saved file, or a WARC file and the record's offset.
public struct SourceRef: Sendable, Hashable, Codable {
    public var file: String
    public var offset: Int64?

    public init(file: String, offset: Int64? = nil) {
        self.file = file
        self.offset = offset
    }
}
