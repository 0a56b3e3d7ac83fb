import KabarCore
import SindonewsExtractor
import TempoExtractor

/// Every site plugin compiled into Kabar, listed by hand (one line per plugin folder under
/// Plugins/; a test fails when a folder is missing here).
public enum BuiltinExtractors {
    public static let all: [any Extractor] = [
        Tempo(),
        Sindonews(),
    ]

    /// The registry a run uses.
    public static var registry: ExtractorRegistry { ExtractorRegistry(all) }
}
