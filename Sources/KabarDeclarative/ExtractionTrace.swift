/// How a declarative extractor read one page: which variant matched, what was removed, and
/// for each field which source produced it (`kabar parse`) or that none did (`kabar check`).
public struct ExtractionTrace: Sendable {
    public struct Field: Sendable {
        public let field: DeclarativeField
        /// The source that produced the value; nil when none did.
        public let source: FieldSource?
        /// Sources tried before it (or all, when none produced anything) that yielded nothing.
        public let misses: [FieldSource]
        /// Why each of `misses` yielded nothing, in the same order: `matched nothing`, or what
        /// it matched and why none of it was taken (no text, the pattern, not a date...).
        public let reasons: [String]
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

    /// Every removal that matched nothing and every tried field source that yielded nothing,
    /// each with why (`matched nothing`, `matched 1 element, but no value reads as a date...`).
    public var unread: [(source: FieldSource, reason: String)] {
        removed.filter { $0.count == 0 }.map { ($0.selector, "matched nothing") }
            + fields.flatMap { field in zip(field.misses, field.reasons).map { ($0, $1) } }
    }

    public func field(_ field: DeclarativeField) -> Field? { fields.first { $0.field == field } }
}
