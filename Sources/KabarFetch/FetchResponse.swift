import Foundation

/// The outcome of one `FetchRequest`: always returned, with `error` set when the page could
/// not be had. A 304 is a normal "not modified" answer.
public struct FetchResponse: Sendable {
    public var request: FetchRequest
    /// The URL after redirects (the requested one when there were none).
    public var finalURL: URL
    /// The redirect targets followed, in order.
    public var redirects: [URL] = []
    /// The HTTP status of the last response; 0 when none arrived.
    public var status: Int = 0
    public var headers = HTTPHeaders()
    /// The body after decompression. On `bodyTooLarge` it holds the first `maxBodyBytes`.
    public var body = Data()
    /// The `charset` of `Content-Type`, lowercased, if the server named one.
    public var charset: String?
    /// "1.0", "1.1", "2" or "3".
    public var httpVersion: String?
    public var remoteIP: String?
    /// The last transfer's timings.
    public var timings = FetchTimings()
    /// Requests made for this page, retries included (redirect hops are not counted).
    public var attempts: Int = 0
    /// Seconds from the call to the result, politeness waits and retries included.
    public var elapsed: Double = 0
    public var error: FetchError?

    public init(request: FetchRequest) {
        self.request = request
        self.finalURL = request.url
    }

    /// The URL asked for.
    public var url: URL { request.url }
    /// The server answered 304 to a conditional GET: the earlier copy is still current.
    public var notModified: Bool { status == 304 && error == nil }
    /// A 2xx body arrived whole.
    public var isSuccess: Bool { error == nil && (200..<300).contains(status) }
    public var contentType: String? { headers["Content-Type"] }
    public var etag: String? { headers["ETag"] }
    public var lastModified: String? { headers["Last-Modified"] }

    /// The request to send next time for a conditional GET of the same URL.
    public func conditionalRequest() -> FetchRequest {
        var next = request
        if let etag { next.etag = etag }
        if let lastModified { next.lastModified = lastModified }
        return next
    }
}
