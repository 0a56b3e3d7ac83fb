/// What happens to a page its site plugin cannot read (no design it knows is on the page, or
/// the design it found lacks a field it must have): the registry's fallback extractor (the
/// generic one) reads it instead, and the record says so in its metadata, so a site that
/// changed its pages loses no articles and the change is counted (`fallback` is what a run's
/// health report tallies). The record keeps the plugin's `site` and `extractor`: it is that
/// plugin's page, and its share of fallbacks is the plugin's.
public enum ExtractorFallback {
    /// `metadata.fallback`: the id of the extractor that read the page ("generic").
    public static let key = "fallback"
    /// `metadata.fallback_from`: the plugin that could not read it, with its version ("tempo/2").
    public static let fromKey = "fallback_from"
    /// `metadata.fallback_reason`: the plugin's own error.
    public static let reasonKey = "fallback_reason"

    /// `extractor`'s reading of `page`; when it throws `ExtractionError` and `fallback` is
    /// another extractor, `fallback`'s reading, marked. Other errors, and a page the fallback
    /// cannot read either, fail with both reasons.
    public static func extract(_ page: Page, with extractor: any Extractor, fallback: (any Extractor)?) throws -> Extraction {
        do {
            return try extractor.extract(page)
        } catch let failure as ExtractionError {
            guard let fallback, fallback.id != extractor.id else { throw failure }
            var extraction: Extraction
            do {
                extraction = try fallback.extract(page)
            } catch {
                throw ExtractionError(url: page.url, "\(failure.reason); the \(fallback.id) extractor could not read it either: "
                                      + ((error as? ExtractionError)?.reason ?? String(describing: error)))
            }
            extraction.metadata[key] = fallback.id
            extraction.metadata[fromKey] = extractor.versionedID
            extraction.metadata[reasonKey] = failure.reason
            return extraction
        }
    }
}
