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
        // A response whose transfer failed after it began holds the bytes that came: marked
        // so that no reader (re-extraction, a replay) takes them for the whole page.
        switch r.error {
        case .bodyTooLarge?: truncated = true
        case .timeout?, .stalled?: (truncated, truncation) = (true, "time")
        case .network?, .tls?, .cancelled?: (truncated, truncation) = (true, "disconnect")
        default: break
        }
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
        m.append(("elapsed-s", Self.seconds(r.elapsed)))
        let t = r.timings
        m.append(("timings-s", "dns=\(Self.seconds(t.dns)) connect=\(Self.seconds(t.connect)) tls=\(Self.seconds(t.tls)) "
                  + "first-byte=\(Self.seconds(t.firstByte)) total=\(Self.seconds(t.total))"))
        if let v = r.httpVersion { m.append(("http-version", v)) }
        if let e = r.error { m.append(("fetch-error", e.description)) }
        metadata = m
    }

    /// Seconds with four decimals, as `%.4f` writes them, without `String(format:)` (which
    /// goes through Foundation's formatter: five of them per archived fetch cost more than
    /// building the rest of its metadata). Only a negative value that rounds to zero differs:
    /// `0.0000`, where `%.4f` writes `-0.0000` (durations are never negative).
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return String(format: "%.4f", value) }
        let tenThousandths = Int64((abs(value) * 10_000).rounded())
        let fraction = String(tenThousandths % 10_000)
        let sign = value < 0 && tenThousandths > 0 ? "-" : ""
        return "\(sign)\(tenThousandths / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }

    /// A URL as archived: without `user:password@` (credentials stay in the schedule file).
    static func withoutUserInfo(_ url: URL) -> String {
        guard url.user != nil || url.password != nil, var c = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url.absoluteString }
        c.user = nil
        c.password = nil
        return c.url?.absoluteString ?? url.absoluteString
    }
}
