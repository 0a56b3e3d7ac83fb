import Foundation

/// A parsed robots.txt (RFC 9309): groups of `User-agent` lines with their `Allow` and
/// `Disallow` rules and `Crawl-delay`, plus the `Sitemap` lines.
public struct RobotsTxt: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public let allow: Bool
        /// The path pattern, percent-encoding normalised; `*` matches any run, a final `$`
        /// anchors at the end.
        public let pattern: String
    }

    struct Group: Sendable, Equatable {
        var agents: [String] = []
        var rules: [Rule] = []
        var crawlDelay: Double?
    }

    var groups: [Group]
    public let sitemaps: [String]

    public init(_ text: String) {
        var groups: [Group] = []
        var sitemaps: [String] = []
        var current: Group?
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent", "useragent", "user agent":
                if !lastWasAgent {
                    if let current { groups.append(current) }
                    current = Group()
                }
                let token = value.prefix { $0 != "/" && $0 != " " }.lowercased()
                current?.agents.append(token)
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // An empty Disallow allows everything: no rule at all.
                guard current != nil, !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: key == "allow", pattern: Self.normalise(value)))
            case "crawl-delay", "crawldelay":
                lastWasAgent = false
                if let seconds = Double(value), seconds >= 0, seconds.isFinite { current?.crawlDelay = seconds }
            case "sitemap", "site-map":
                if !value.isEmpty { sitemaps.append(value) }
            default:
                continue
            }
        }
        if let current { groups.append(current) }
        self.groups = groups
        self.sitemaps = sitemaps
    }

    /// The rules for `agent` (a product token such as "kabar"): every group naming it,
    /// merged; else every `*` group, merged; else none (everything allowed).
    public func rules(for agent: String) -> RobotsRules {
        let token = agent.lowercased()
        var chosen = groups.filter { $0.agents.contains(token) }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        let delays = chosen.compactMap(\.crawlDelay)
        return RobotsRules(rules: chosen.flatMap(\.rules), crawlDelay: delays.max())
    }

    /// Percent-encodes what is not ASCII and upper-cases existing escapes, as URLs are.
    static func normalise(_ pattern: String) -> String {
        var out = ""
        var bytes = Array(pattern.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2,
               let hex = String(bytes: bytes.prefix(2), encoding: .ascii), UInt8(hex, radix: 16) != nil {
                out += "%" + hex.uppercased()
                bytes = bytes.dropFirst(2)
            } else if b >= 0x80 || b <= 0x20 {
                out += String(format: "%%%02X", b)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out
    }
}

/// The rules that apply to one agent on one host.
public struct RobotsRules: Sendable, Equatable {
    public let rules: [RobotsTxt.Rule]
    public let crawlDelay: Double?

    public static let allowAll = RobotsRules(rules: [], crawlDelay: nil)

    public init(rules: [RobotsTxt.Rule], crawlDelay: Double?) {
        self.rules = rules
        self.crawlDelay = crawlDelay
    }

    /// Whether `url` may be fetched: the longest matching pattern decides, Allow winning a
    /// tie; no match allows. `/robots.txt` is always allowed.
    public func isAllowed(_ url: URL) -> Bool {
        rules.isEmpty || isAllowed(path: Self.pathAndQuery(of: url))
    }

    /// The same for a percent-encoded path with its query (`/a/b?c=d`).
    public func isAllowed(path: String) -> Bool {
        if path == "/robots.txt" { return true }
        let target = Array(RobotsTxt.normalise(path).utf8)
        var best: (length: Int, allow: Bool)?
        for rule in rules {
            let pattern = Array(rule.pattern.utf8)
            guard Self.matches(target, pattern) else { continue }
            if let b = best {
                if pattern.count > b.length || (pattern.count == b.length && rule.allow) {
                    best = (pattern.count, rule.allow)
                }
            } else {
                best = (pattern.count, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    /// The percent-encoded path and query robots rules are matched against.
    public static func pathAndQuery(of url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "/" }
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if let query = components.percentEncodedQuery { path += "?" + query }
        return path
    }

    /// Prefix match of `pattern` against `path`, `*` matching any run and a final `$`
    /// requiring the end.
    static func matches(_ path: [UInt8], _ pattern: [UInt8]) -> Bool {
        let star = UInt8(ascii: "*"), dollar = UInt8(ascii: "$")
        // Positions in `path` the pattern so far can end at, ascending.
        var positions = [0]
        for (i, c) in pattern.enumerated() {
            if c == dollar && i == pattern.count - 1 {
                return positions.last == path.count
            }
            if c == star {
                guard let first = positions.first else { return false }
                positions = Array(first...path.count)
            } else {
                positions = positions.compactMap { $0 < path.count && path[$0] == c ? $0 + 1 : nil }
                if positions.isEmpty { return false }
            }
        }
        return true
    }
}
