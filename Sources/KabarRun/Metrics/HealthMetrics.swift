import Foundation
import KabarCore
import Metrics

/// What a run's extractor health (`RunHealth`) and image downloads (`ImageCounts`) report
/// through swift-metrics, at the run's end (`RunMetrics.ended`). Labels: `extractor` (the
/// schedules' extractors), `field` (the six `HealthField`s), `rule` (drop, floor,
/// second_opinion), `outcome` (four fixed names): bounded.
public enum HealthMetrics {
    public static let pages = "kabar_extractor_pages_total"
    public static let fieldPresent = "kabar_extractor_field_present_total"
    public static let fallbacks = "kabar_extractor_fallbacks_total"
    public static let warnings = "kabar_extractor_health_warnings_total"
    public static let coverage = "kabar_extractor_second_opinion_coverage"
    public static let images = "kabar_images_total"
    public static let imageBytes = "kabar_image_bytes_total"

    public static let help: [String: String] = [
        pages: "Pages each extractor read in runs (the health report's pages).",
        fieldPresent: "Of those pages, the ones with each field present (headline, body, published, authors, lead_image, tags); divide by kabar_extractor_pages_total for the coverage.",
        fallbacks: "Pages a site plugin could not read that the generic extractor read instead (metadata.fallback).",
        warnings: "Health warnings raised at the end of runs, by extractor, measure and rule (drop, floor, second_opinion).",
        coverage: "The share of the generic extractor's body words the plugin's body kept, mean over the sampled pages of the extractor's last run that had a second opinion.",
        images: "Article images by outcome (downloaded, reused, failed, skipped), with images: { download: true }.",
        imageBytes: "Bytes of the article images downloaded.",
    ]

    /// Counts a run's health and images.
    static func record(_ result: RunResult, schedule: String) {
        for h in result.health?.extractors ?? [] {
            let e = ("extractor", h.extractor)
            Counter(label: pages, dimensions: [e]).increment(by: h.pages)
            for field in HealthField.allCases {
                Counter(label: fieldPresent, dimensions: [e, ("field", field.rawValue)]).increment(by: h.present[field, default: 0])
            }
            Counter(label: fallbacks, dimensions: [e]).increment(by: h.fallbacks)
            if let c = h.coverage { Gauge(label: coverage, dimensions: [e]).record(c) }
        }
        for w in result.health?.warnings ?? [] {
            Counter(label: warnings, dimensions: [("extractor", w.extractor), ("measure", w.measure), ("rule", w.rule.rawValue)]).increment()
        }
        let i = result.counters.images
        guard i.any else { return }
        for (outcome, n) in [("downloaded", i.downloaded), ("reused", i.reused), ("failed", i.failed), ("skipped", i.skipped)] {
            Counter(label: images, dimensions: [("schedule", schedule), ("outcome", outcome)]).increment(by: n)
        }
        Counter(label: imageBytes, dimensions: [("schedule", schedule)]).increment(by: i.bytes)
    }
}
