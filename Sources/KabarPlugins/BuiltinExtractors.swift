import GenericExtractor
import KabarCore
import SindonewsExtractor
import TempoExtractor

/// Every extractor compiled into Kabar, listed by hand (one line per plugin folder under
/// Plugins/; a test fails when a folder is missing here). `Generic` is listed too, so that
/// `kabar sites` shows it and `--site generic` finds it, but claims no host: it is the
/// registry's fallback, not a site plugin.
public enum BuiltinExtractors {
    public static let all: [any Extractor] = [
        Tempo(),
        Sindonews(),
        Generic(),
    ]

    /// The site plugins: every extractor but the generic one.
    public static var sitePlugins: [any Extractor] { all.filter { $0.id != Generic.identifier } }

    /// The registry a run uses: the site plugins by host, the generic extractor for every other page.
    public static var registry: ExtractorRegistry { ExtractorRegistry(sitePlugins, fallback: Generic()) }
}
