import Foundation

/// How much one run may do.
public struct ScheduleLimits: Sendable, Equatable {
    /// Article pages fetched in one run (pages of a multi-page article count once).
    public var maxPages = 500
    /// Articles published (or, in a sitemap, last modified) longer ago than this are not
    /// fetched; nil: no limit. Undated links are kept.
    public var maxAge: ScheduleDuration? = ScheduleDuration(seconds: 7 * 86400)
    /// Sitemaps fetched in one run, indexes included.
    public var maxSitemaps = 50
    /// How deep sitemap indexes may nest (an index of indexes is depth 2).
    public var sitemapDepth = 3
    /// Pages followed for one multi-page article when no whole-article URL serves it.
    public var maxArticlePages = 20
    /// The largest article page kept (after decompression); a larger one is skipped.
    public var maxPageSize = ScheduleSize(bytes: 10 << 20)
    /// The largest feed, sitemap or listing page kept (after decompression).
    public var maxSourceSize = ScheduleSize(bytes: 50 << 20)

    public init() {}
}
