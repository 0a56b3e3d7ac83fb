import Foundation

/// One page to fetch, with the validators of an earlier response for a conditional GET.
public struct FetchRequest: Sendable, Hashable {
    public var url: URL
    /// The `ETag` of an earlier response: sent as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` of an earlier response: sent as `If-Modified-Since`.
    public var lastModified: String?
    /// Extra headers for this request only.
    public var headers: [String: String]
    /// The caller's own label, handed back in the response.
    public var tag: String?
    /// A body cap for this request instead of the configuration's `maxBodyBytes` (a sitemap
    /// may be larger than an article page).
    public var maxBodyBytes: Int?

    public init(url: URL, etag: String? = nil, lastModified: String? = nil,
                headers: [String: String] = [:], tag: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.tag = tag
    }

    /// The headers sent for the conditional GET.
    var conditionalHeaders: [String: String] {
        var h: [String: String] = [:]
        if let etag, !etag.isEmpty { h["If-None-Match"] = etag }
        if let lastModified, !lastModified.isEmpty { h["If-Modified-Since"] = lastModified }
        return h
    }
}
