import Foundation
import KabarCore

/// How a run went: its counts, discovery's findings, and whether it failed as a whole.
public struct RunResult: Sendable {
    public var schedule: String
    public var counters: RunCounters
    public var sourcesOK = 0
    public var sourcesNotModified = 0
    public var sourcesFailed = 0
    /// Why sources or pages failed (the first few of each).
    public var problems: [String] = []
    /// What the summary says under its line, --quiet or not (why a run stored nothing though
    /// it read its sources); also in `problems`.
    public var notes: [String] = []
    /// Every article of this run that did not become a record, with its outcome and reason.
    public var failures: [PageFailure] = []
    public var seconds: Double = 0
    /// When discovery, the first and last pages and the end came (`RunPhases`).
    public var phases = RunPhases()
    /// Stopped by a signal before its queue was done.
    public var stopped = false
    /// Each extractor's health in this run and the warnings it raised (nil: not judged).
    public var health: RunHealth?
    /// The schedule's `retry_skipped_after`: when the pages skipped are tried again.
    public var retrySkippedAfter: ScheduleDuration? = Schedule.defaultRetrySkippedAfter
    /// What becomes of the entries `left` in the queue, in the summary's words: the embedded
    /// store's next run takes them; a shared (PostgreSQL) queue says who holds them.
    public var leftFate = "queued for the next run"
    /// Of `counters.revised`: the same text, other fields changed: the embedded store's run
    /// ledger counts them (`RunLedger.runRevisedFields`), the PostgreSQL worker sets it for its
    /// passes. Nil where not counted: then the JSON leaves it out (the summary says it when above 0).
    public var revisedFields: Int?

    /// The run failed as a whole: no source could be read and nothing was left to resume, or
    /// pages were tried and not one arrived because of a fetch error (a page to retry) or an
    /// extractor that could not read it. A page skipped for what it is (not HTML, gone, too
    /// large, off the schedule's hosts) or disallowed by robots.txt is not a failure of the
    /// run: a run whose only page was a PDF is ok (exit status 0), not FAILED. A single bad
    /// page only counts as failed. A run stopped before its sources or pages were requested
    /// is stopped, not failed.
    public var failedAsAWhole: Bool {
        if stopped { return false }
        let noSources = sourcesOK + sourcesNotModified == 0 && counters.planned == 0
        let noPages = counters.fetched == 0 && (counters.failed > counters.skippedFailures || failures.contains(where: \.isExtractionFailure))
        return noSources || noPages
    }

    public var pagesPerSecond: Double { seconds > 0 ? Double(counters.fetched) / seconds : 0 }

    public var summary: String {
        let c = counters
        let sameText: String = StoreCounts.revisedFieldsNote(revisedFields)
        return "\(schedule): \(failedAsAWhole ? "FAILED" : stopped ? "stopped" : "ok"); sources \(sourcesOK) read, \(sourcesNotModified) not modified, \(sourcesFailed) failed; "
            + "discovered \(c.discovered), fetched \(c.fetched), stored \(c.stored), revised \(c.revised)\(sameText), unchanged \(c.unchanged), "
            // The log's "skipped: ..." pages are failed ones off the queue for good; the URLs the
            // store already had are named so, not "skipped" (JSON keeps "skipped" for them).
            + "duplicates \(c.duplicates), failed \(c.failed)\(c.skippedFailures > 0 ? " (\(c.skippedFailures) \(skippedFate))" : ""), "
            // What is left stays queued (a stopped run's pages, max_pages' rest, retries).
            // "Already stored": every page not fetched because the store had it, discovery's
            // links as well as queued entries (it said 0 beside discovery's "6 already stored").
            + "disallowed \(c.disallowed), already stored \(c.alreadyStored), "
            + (c.skipped > c.skippedStored ? "skipped earlier \(c.skipped - c.skippedStored), " : "")
            + "left \(c.left)\(c.left > 0 ? " (\(leftFate))" : ""); "
            + (c.images.any ? c.images.summary + "; " : "")
            + String(format: "%.1f s, %.1f pages/s", seconds, pagesPerSecond)
    }

    /// What becomes of the pages skipped for good, in the summary's words.
    var skippedFate: String {
        retrySkippedAfter.map { "skipped, tried again after \($0) or with refresh: true" } ?? "skipped for good unless refresh: true"
    }

    /// The log's line on the pages this run skipped: off the queue, and when they are fetched again.
    var skippedNote: String {
        let pages = counted(counters.skippedFailures, "page")
        guard let after = retrySkippedAfter else {
            return "\(pages) skipped for good (retry_skipped_after: null): fetched again only with refresh: true, or when a source dates a change after this run"
        }
        return "\(pages) skipped: fetched again when a source still lists \(counters.skippedFailures == 1 ? "it" : "them") after \(after) (retry_skipped_after), "
            + "or at the next run with refresh: true"
    }

    /// At most this many failures are listed in `json` (the frontier keeps them all).
    public static let jsonFailures = 1000

    public var json: String {
        let c = counters
        var fields: [(String, String)] = [
            ("schedule", "\"\(schedule.replacingOccurrences(of: "\"", with: "\\\""))\""),
            ("status", failedAsAWhole ? "\"failed\"" : stopped ? "\"stopped\"" : "\"ok\""),
            ("sources_ok", "\(sourcesOK)"), ("sources_not_modified", "\(sourcesNotModified)"), ("sources_failed", "\(sourcesFailed)"),
            ("discovered", "\(c.discovered)"), ("planned", "\(c.planned)"), ("fetched", "\(c.fetched)"), ("stored", "\(c.stored)"),
            ("revised", "\(c.revised)"), ("unchanged", "\(c.unchanged)"), ("duplicates", "\(c.duplicates)"), ("failed", "\(c.failed)"), ("failed_skipped", "\(c.skippedFailures)"),
            ("disallowed", "\(c.disallowed)"), ("skipped", "\(c.skipped)"), ("already_stored", "\(c.alreadyStored)"), ("left", "\(c.left)"), ("bytes", "\(c.bytes)"), ("images", c.images.json),
            ("seconds", String(format: "%.3f", seconds)), ("pages_per_second", String(format: "%.1f", pagesPerSecond)),
            ("phases", phases.json),
            ("problems", "[" + problems.map { JSONWriter.quoted(Redaction.redact($0)) }.joined(separator: ",") + "]"),
            ("failures", "[" + failures.prefix(Self.jsonFailures).map(\.json).joined(separator: ",") + "]"),
            ("health", health?.json ?? "null"),
        ]
        if let revisedFields, let at = fields.firstIndex(where: { $0.0 == "revised" }) {
            fields.insert(("revised_fields", "\(revisedFields)"), at: at + 1)
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
