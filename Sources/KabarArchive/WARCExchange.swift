import Foundation

/// One fetch as the archive keeps it: what was sent, what came back, and Kabar's notes.
public struct WARCExchange: Sendable {
    public var targetURI: String
    public var method = "GET"
    /// The request header fields as sent (Host first).
    public var requestHeaders: [(name: String, value: String)] = []
    /// 0 when no response arrived (then only the request and metadata records are written).
    public var status: Int
    public var reason: String?
    /// "1.0", "1.1", "2", "3"; the archived status line says HTTP/1.1 for 2 and 3 (WARC
    /// readers expect HTTP/1.x), and `WARC-Protocol` names the real one.
    public var httpVersion: String?
    /// The response header fields as received.
    public var responseHeaders: [(name: String, value: String)] = []
    /// The body as kept: after the transfer and content codings were removed.
    public var body = Data()
    /// The body is the first bytes only: a size cap, or a transfer that ended early.
    public var truncated = false
    /// `WARC-Truncated`'s value when `truncated`: `length` (a size cap), `time` (a timeout or a
    /// stall), `disconnect` (the connection broke, or the body was shorter than its Content-Length).
    public var truncation = "length"
    public var date = Date()
    public var remoteIP: String?
    /// Extra lines of the metadata record (application/warc-fields).
    public var metadata: [(name: String, value: String)] = []
    /// The page's real address when it was fetched from a mirror (the local test site).
    public var pageURI: String?
    /// For the 2nd, 3rd ... page of a multi-page article: the first page's address.
    public var continues: String?
    /// What Kabar fetched it as (`Kabar-Role`): "article", "page" (a further page of a
    /// multi-page article), "feed", "sitemap", "listing". Re-extraction reads "article" only
    /// (and every HTML response of a WARC without roles).
    public var role: String?
    /// The extractor the schedule fixed (`Kabar-Extractor`), when it is not chosen by host.
    public var extractor: String?
    /// For a 304: the earlier fetch it confirms (URI and date, if known).
    public var refersToURI: String?
    public var refersToDate: Date?

    public init(targetURI: String, status: Int) {
        self.targetURI = targetURI
        self.status = status
    }

    public var isRevisit: Bool { status == 304 }

    static let reasons: [Int: String] = [
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
        403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout", 410: "Gone",
        429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout",
    ]

    /// Header fields the stored body no longer matches: dropped, kept as `X-Kabar-Orig-*`.
    static let decodedAway: Set<String> = ["content-encoding", "transfer-encoding", "content-length"]

    /// Whether `name` is one of `decodedAway`, in any case, read on its bytes (no lower-cased
    /// copy of every field name of every archived response).
    static func isDecodedAway(_ name: String) -> Bool {
        let count = name.utf8.count
        guard count == 14 || count == 16 || count == 17 else { return false }
        return decodedAway.contains { $0.utf8.count == count && $0.utf8.elementsEqual(name.utf8) { a, b in a == (b >= 65 && b <= 90 ? b + 32 : b) } }
    }

    /// The HTTP response head as archived: the fields as received, except that the
    /// content/transfer coding and length fields are renamed `X-Kabar-Orig-...` and a
    /// `Content-Length` of the stored body is added (the body is stored decoded).
    func responseHead(includeLength: Bool = true) -> Data {
        let version = httpVersion == "1.0" ? "HTTP/1.0" : "HTTP/1.1"
        var head = "\(version) \(status) \(reason ?? Self.reasons[status] ?? "Status")\r\n"
        for f in responseHeaders {
            if f.name.utf8.first == UInt8(ascii: ":") { continue }
            if Self.isDecodedAway(f.name) {
                head += "X-Kabar-Orig-\(f.name): \(f.value)\r\n"
            } else {
                head += "\(f.name): \(f.value)\r\n"
            }
        }
        if includeLength { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Data(head.utf8)
    }

    func requestHead() -> Data {
        var head = "\(method) \(Self.requestTarget(targetURI)) HTTP/1.1\r\n"
        for f in requestHeaders { head += "\(f.name): \(f.value)\r\n" }
        head += "\r\n"
        return Data(head.utf8)
    }

    /// The request line's target of `uri`: its path (`/` when empty) and `?query`, as
    /// `URLComponents` gives them (percent-encoded). An `http`/`https` URI of URL characters only
    /// is cut on its bytes; any other goes through `URLComponents` (parsing every archived URI
    /// with it was 0.4 % of a crawl's CPU).
    static func requestTarget(_ uri: String) -> String {
        let b = uri.utf8
        if let rest = plainHTTPAfterScheme(b) {
            var i = rest
            while i < b.endIndex, b[i] != UInt8(ascii: "/"), b[i] != UInt8(ascii: "?") { i = b.index(after: i) }
            if i == b.endIndex { return "/" }
            let target = String(uri[i...])
            return target.utf8.first == UInt8(ascii: "?") ? "/" + target : target
        }
        var target = "/"
        if let c = URLComponents(string: uri) {
            target = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
            if let q = c.percentEncodedQuery { target += "?" + q }
        }
        return target
    }

    /// Where the authority begins, for `http://` or `https://` (lower case), a host of letters,
    /// digits, `-` and `.` with an optional port of digits, then URL characters only (RFC 3986's
    /// unreserved and reserved but `#`, `@`, `[`, `]`; `%` before two hex digits): the URIs
    /// whose target is a plain cut. Nil for any other (`URLComponents` decides those).
    private static func plainHTTPAfterScheme(_ b: String.UTF8View) -> String.UTF8View.Index? {
        let scheme: Int
        if b.starts(with: "https://".utf8) { scheme = 8 } else if b.starts(with: "http://".utf8) { scheme = 7 } else { return nil }
        let bytes = Array(b.dropFirst(scheme))
        func isHex(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c) }
        var i = 0
        var inPort = false
        while i < bytes.count, bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: "?") {
            let c = bytes[i]
            if c == UInt8(ascii: ":"), !inPort { inPort = true } else if (48...57).contains(c) {
            } else if inPort || !(c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || (97...122).contains(c) || (65...90).contains(c)) {
                return nil
            }
            i += 1
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
                 UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
                 UInt8(ascii: "="):
                i += 1
            case UInt8(ascii: "%"):
                guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return nil }
                i += 3
            default:
                return nil
            }
        }
        return b.index(b.startIndex, offsetBy: scheme)
    }
}
