/// How a declarative extractor read one page: which variant matched, what was removed, and
/// for each field which source produced it (`kabar parse`) or that none did (`kabar check`).
public struct ExtractionTrace: Sendable {
    public struct Field: Sendable {
        public let field: DeclarativeField
        /// The source that produced the value; nil when none did.
        public let source: FieldSource?
        /// Sources tried before it (or all, when none produced anything) that yielded nothing.
        public let misses: [FieldSource]
        /// The variant the rule came from (nil: the top-level `fields`).
        public let variant: String?
    }

    public struct Removal: Sendable {
        public let selector: FieldSource
        public let count: Int
    }

    /// The variant whose `when` matched, if any.
    public var variant: String?
    public var removed: [Removal] = []
    public var fields: [Field] = []

    /// Every selector that matched nothing on the page: removals and tried field sources.
    public var unmatched: [FieldSource] {
        removed.filter { $0.count == 0 }.map(\.selector) + fields.flatMap(\.misses)
    }

    public func field(_ field: DeclarativeField) -> Field? { fields.first { $0.field == field } }
}
