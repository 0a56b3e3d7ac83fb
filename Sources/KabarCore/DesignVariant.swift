import Foundation
import KabarHTML

/// One page design of a site (the markup a site used over some years). A Swift site plugin
/// keeps each design in its own file as an enum conforming to this protocol, lists them in
/// the order they are tried, and reads a page with `DesignVariant.extract(_:with:otherwise:)`,
/// which records the design's `id` as `metadata.design`. The variant is chosen by what the
/// page contains, never by its date.
public protocol DesignVariant {
    /// The design's short name ("T1", "S2"), recorded as `metadata.design`.
    static var id: String { get }
    /// Whether the page is built in this design.
    static func matches(_ document: HTMLDocument) -> Bool
    /// Reads the page; throws `ExtractionError` when a field the design must have is missing.
    static func extract(_ page: Page) throws -> Extraction
}

public enum DesignVariants {
    /// The first of `variants` that matches `document`, or nil when none does.
    public static func variant(for document: HTMLDocument, among variants: [any DesignVariant.Type]) -> (any DesignVariant.Type)? {
        variants.first { $0.matches(document) }
    }

    /// Reads `page` with the first of `variants` that matches it and records its id as
    /// `metadata.design`; when none matches, throws `ExtractionError` with `message`.
    public static func extract(_ page: Page, with variants: [any DesignVariant.Type], otherwise message: String) throws -> Extraction {
        guard let variant = variant(for: page.document, among: variants) else {
            throw ExtractionError(url: page.url, message)
        }
        var extraction = try variant.extract(page)
        extraction.metadata["design"] = variant.id
        return extraction
    }
}
