import KabarCore
import KabarHTML

/// What the generic extractor found on a page and where: `kabar new-extractor --from` turns
/// these into a declarative file's selectors.
public struct GenericFindings {
    public let extraction: Extraction
    /// The element showing the headline (the main `h1`, or a heading with its text).
    public let headlineElement: HTMLNode?
    /// The elements the body was taken from, in page order.
    public let bodyContainers: [HTMLNode]
}
