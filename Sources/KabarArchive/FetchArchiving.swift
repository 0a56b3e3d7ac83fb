import Foundation
import KabarFetch

extension WARCExchange {
    /// libcurl's `Accept-Encoding` when asked for every coding it supports (Debian's build:
    /// deflate, gzip, br, zstd).
    public static let curlAcceptEncoding = "deflate, gzip, br, zstd"

    /// The archived form of a fetch: the last hop's request rebuilt from the configuration
    /// and the request (as the fetcher sends them), the response as received with its body
    /// decoded, and the fetch's timings, attempts, redirects and `schedule` as metadata.
    public init(response r: FetchResponse, configuration c: FetchConfiguration, schedule: String?,
                date: Date = Date(), pageURI: String? = nil, continues: String? = nil, refersToDate: Date? = nil,
                role: String? = nil, extractor: String? = nil) {
        self.init(targetURI: Self.withoutUserInfo(r.finalURL), status: r.status)
        let url = r.finalURL
        var host = url.host ?? ""
        if let port = url.port { host += ":\(port)" }
        var sent: [String: String] = c.headers
        for (k, v) in r.request.headers { sent[k] = v }
        if let etag = r.request.etag, !etag.isEmpty { sent["If-None-Match"] = etag }
        if let lm = r.request.lastModified, !lm.isEmpty { sent["If-Modified-Since"] = lm }
        requestHeaders = [("Host", host), ("User-Agent", c.userAgent)]
            + sent.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            + [("Accept-Encoding", Self.curlAcceptEncoding)]
        responseHeaders = r.headers.map { ($0.name, $0.value) }
        body = r.body
        httpVersion = r.httpVersion
        remoteIP = r.remoteIP
        self.date = date
        if case .bodyTooLarge? = r.error { truncated = true }
        self.pageURI = pageURI.map { URL(string: $0).map(Self.withoutUserInfo) ?? $0 }
        self.continues = continues
        self.role = role
        self.extractor = extractor
        if r.status == 304 {
            refersToURI = Self.withoutUserInfo(r.finalURL)
            self.refersToDate = refersToDate
        }
        var m: [(name: String, value: String)] = []
        if let schedule { m.append(("schedule", schedule)) }
        if r.request.url != r.finalURL { m.append(("requested-uri", Self.withoutUserInfo(r.request.url))) }
        for hop in r.redirects { m.append(("redirect", Self.withoutUserInfo(hop))) }
        m.append(("attempts", String(r.attempts)))
        m.append(("elapsed-s", String(format: "%.4f", r.elapsed)))
        let t = r.timings
        m.append(("timings-s", String(format: "dns=%.4f connect=%.4f tls=%.4f first-byte=%.4f total=%.4f", t.dns, t.connect, t.tls, t.firstByte, t.total)))
        if let v = r.httpVersion { m.append(("http-version", v)) }
        if let e = r.error { m.append(("fetch-error", e.description)) }
        metadata = m
    }

    /// A URL as archived: without `user:password@` (credentials stay in the schedule file).
    static func withoutUserInfo(_ url: URL) -> String {
        guard url.user != nil || url.password != nil, var c = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url.absoluteString }
        c.user = nil
        c.password = nil
        return c.url?.absoluteString ?? url.absoluteString
    }
}
