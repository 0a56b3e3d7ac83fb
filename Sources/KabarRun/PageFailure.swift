import Foundation

/// Why one article URL (or a source) did not become a record in a run, and what happens to
/// it: `retry` (it stays queued and later runs try again, up to 3 runs) or `skipped` (off the
/// queue for good). `kind` is a short stable name (`timeout`, `http_status`, `body_too_large`,
/// `host_not_allowed`, `not_html`, `extraction`...); `reason` the whole story, with the URL.
public struct PageFailure: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case retry
        case skipped
        case disallowed
    }

    public var url: String
    public var outcome: Outcome
    public var kind: String
    public var reason: String

    public init(url: String, outcome: Outcome, kind: String, reason: String) {
        self.url = url
        self.outcome = outcome
        self.kind = kind
        self.reason = reason
    }

    /// `skipped: body larger than ... (https://...)`, as the run's log prints it.
    public var line: String {
        let verb = outcome == .retry ? "retry later" : outcome == .skipped ? "skipped" : "disallowed"
        return "\(verb): \(reason) (\(url))"
    }

    var json: String {
        "{\"url\":\(JSONText.string(url)),\"outcome\":\"\(outcome.rawValue)\",\"kind\":\(JSONText.string(kind)),\"reason\":\(JSONText.string(reason))}"
    }
}

/// JSON string literals for the hand-written summary objects.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
