import Foundation
import KabarCore

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

    /// Skipped because no extractor could read the page (not because of what the page is):
    /// a failure of the run when no page arrived (`RunResult.failedAsAWhole`).
    public var isExtractionFailure: Bool { outcome == .skipped && kind == "extraction" }

    /// `skipped: body larger than ... (https://...)`, as the run's log prints it.
    public var line: String {
        let verb = outcome == .retry ? "retry later" : outcome == .skipped ? "skipped" : "disallowed"
        return "\(verb): \(reason) (\(url))"
    }

    var json: String {
        "{\"url\":\(JSONWriter.quoted(url)),\"outcome\":\"\(outcome.rawValue)\",\"kind\":\(JSONWriter.quoted(kind)),\"reason\":\(JSONWriter.quoted(reason))}"
    }
}
