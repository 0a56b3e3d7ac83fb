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

    public init(url: String, caption: String? = nil, credit: String? = nil, role: Role) {
        self.url = url
        self.caption = caption
        self.credit = credit
        self.role = role
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
