import Foundation
import KabarConfig
import Yams

/// A schedule's `images:` setting: whether the images of the articles a run stores are
/// downloaded to `<data>/images/` (see `ImageDownloader`), how large one may be, how many of
/// one article's are taken, and which hosts beyond the site's and the plugin's serve them.
public struct ScheduleImages: Sendable, Equatable {
    /// Download the images (`download: true`); off by default.
    public var download = false
    /// The largest image kept (after decompression); a larger one fails (permanently).
    public var maxBytes = ScheduleSize(bytes: 5 << 20)
    /// Images taken per article, lead first, in the record's order; the rest are not fetched.
    public var maxPerArticle = 20
    /// Image hosts beyond the schedule's own and the plugin's claimed hosts (a CDN), each with
    /// its subdomains. Politeness and robots.txt apply to them as to every host.
    public var hosts: [String] = []

    public init() {}

    /// The image hosts the run's fetcher allows beyond the schedule's own (none unless downloading).
    public var fetchedHosts: [String] { download ? hosts : [] }

    static let keys = ["download", "max_bytes", "max_per_article", "hosts"]
    /// Ranges of the numbers `images:` takes.
    static let maxBytesRange = NumberRange(64, Double(ScheduleSize.largest))
    static let perArticleRange = NumberRange(1, 1000)
}

extension ScheduleLoader {
    /// `images:`, e.g. `images: { download: true, max_bytes: 5MB, max_per_article: 20, hosts: [cdn.example.com] }`.
    func readImages(_ node: Node, allowLocal: Bool, reader: YAMLReader, problems: ConfigProblems) throws -> ScheduleImages {
        var images = ScheduleImages()
        let m = try reader.mapping(node, key: "images", allowed: ScheduleImages.keys, problems: problems)
        if let n = m["download"] { problems.check { images.download = try reader.bool(n.value, key: "images.download") } }
        if let n = m["max_bytes"] {
            problems.check { images.maxBytes = try reader.size(n.value, key: "images.max_bytes", min: Int(ScheduleImages.maxBytesRange.min)) }
        }
        if let n = m["max_per_article"] {
            let range = ScheduleImages.perArticleRange
            problems.check { images.maxPerArticle = try reader.int(n.value, key: "images.max_per_article", min: Int(range.min), max: Int(range.max)) }
        }
        if let n = m["hosts"] { problems.check { images.hosts = try readHosts(n.value, key: "images.hosts", allowLocal: allowLocal, reader: reader, problems: problems) } }
        return images
    }
}
