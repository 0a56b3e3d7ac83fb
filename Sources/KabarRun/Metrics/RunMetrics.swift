import Foundation
import KabarCore
import Metrics

/// What a schedule's runs report through swift-metrics: pages by outcome and by failure kind,
/// the queue left, each run's start, end and outcome, and the store's size. `RunLoop` calls it
/// where those things happen (its begin, settle and end); nothing is kept unless the process
/// bootstraps a metrics backend (`kabar schedule --metrics`, kabar-postgres worker's).
///
/// Labels: `schedule` (the schedules run), `outcome` and `kind` (short fixed names), `status`
/// (ok, stopped, failed), `store` (the data folder's path, or a PostgreSQL worker's archive
/// folder): every label's values are bounded by the schedules run.
public struct RunMetrics: Sendable {
    let schedule: String

    public static let pages = "kabar_pages_total"
    public static let pageFailures = "kabar_page_failures_total"
    public static let queueDepth = "kabar_queue_depth"
    public static let runs = "kabar_runs_total"
    public static let running = "kabar_run_in_progress"
    public static let lastStart = "kabar_run_last_start_timestamp_seconds"
    public static let lastEnd = "kabar_run_last_end_timestamp_seconds"
    public static let lastDuration = "kabar_run_last_duration_seconds"
    public static let lastStatus = "kabar_run_last_status"
    public static let storeRecords = "kabar_store_records"
    public static let storeRevisions = "kabar_store_revisions"
    public static let storeDuplicates = "kabar_store_duplicates"

    /// A run's status, as the ledger and the summary name it.
    public static let statuses = ["ok", "stopped", "failed"]

    public static let help: [String: String] = [
        pages: "Articles settled by runs, by schedule and outcome (stored, revised, unchanged, duplicate, failed, disallowed).",
        pageFailures: "Articles that failed, by schedule, kind (timeout, http_status, not_html, extraction, ...) and outcome (retry: stays queued; skipped: off the queue).",
        queueDepth: "Entries queued for the schedule in the frontier, read after discovery and at the end of each run.",
        runs: "Runs ended, by schedule and status (ok, stopped, failed).",
        running: "1 while a run of the schedule is under way in this process, else 0.",
        lastStart: "Unix time the schedule's last run started in this process.",
        lastEnd: "Unix time the schedule's last run ended in this process.",
        lastDuration: "Seconds the schedule's last run took.",
        lastStatus: "1 for the status (ok, stopped, failed) of the schedule's last run, 0 for the others.",
        storeRecords: "Distinct article URLs in the store (label store: its data folder), read at the end of each run.",
        storeRevisions: "Revisions beyond the first in the store, read at the end of each run.",
        storeDuplicates: "Duplicates kept in the store's index only, by kind (exact, near), read at the end of each run.",
    ]

    /// The run began.
    func started(at date: Date) {
        Gauge(label: Self.lastStart, dimensions: [("schedule", schedule)]).record(date.timeIntervalSince1970)
        Gauge(label: Self.running, dimensions: [("schedule", schedule)]).record(1)
    }

    /// The pages settled between two readings of the run's counters, counted by outcome.
    func counted(from before: RunCounters, to after: RunCounters) {
        let moved: [(String, Int)] = [
            ("stored", after.stored - before.stored), ("revised", after.revised - before.revised),
            ("unchanged", after.unchanged - before.unchanged), ("duplicate", after.duplicates - before.duplicates),
            ("failed", after.failed - before.failed), ("disallowed", after.disallowed - before.disallowed),
        ]
        for (outcome, n) in moved where n > 0 {
            Counter(label: Self.pages, dimensions: [("schedule", schedule), ("outcome", outcome)]).increment(by: n)
        }
    }

    /// One failed article, by its kind.
    func failed(_ failure: PageFailure) {
        Counter(label: Self.pageFailures, dimensions: [("schedule", schedule), ("kind", failure.kind),
                                                       ("outcome", failure.outcome.rawValue)]).increment()
    }

    /// The frontier's queue for the schedule (nil when it could not be read: left as it was).
    func queued(_ count: Int?) {
        guard let count else { return }
        Gauge(label: Self.queueDepth, dimensions: [("schedule", schedule)]).record(count)
    }

    /// The run ended with `status` (ok, stopped, failed); the store's size, when it tells it.
    func ended(_ result: RunResult, status: String, store: any RunStorage) async {
        let now = Date().timeIntervalSince1970
        queued(result.counters.left)
        Gauge(label: Self.running, dimensions: [("schedule", schedule)]).record(0)
        Gauge(label: Self.lastEnd, dimensions: [("schedule", schedule)]).record(now)
        Gauge(label: Self.lastDuration, dimensions: [("schedule", schedule)]).record(result.seconds)
        for s in Self.statuses {
            Gauge(label: Self.lastStatus, dimensions: [("schedule", schedule), ("status", s)]).record(s == status ? 1 : 0)
        }
        Counter(label: Self.runs, dimensions: [("schedule", schedule), ("status", status)]).increment()
        HealthMetrics.record(result, schedule: schedule)
        if let sized = store as? any StoreSizeSource, let stats = try? await sized.storeStats() {
            let folder = ("store", store.url.path)
            Gauge(label: Self.storeRecords, dimensions: [folder]).record(stats.records)
            Gauge(label: Self.storeRevisions, dimensions: [folder]).record(stats.revisions)
            Gauge(label: Self.storeDuplicates, dimensions: [folder, ("kind", "exact")]).record(stats.exactDuplicates)
            Gauge(label: Self.storeDuplicates, dimensions: [folder, ("kind", "near")]).record(stats.nearDuplicates)
        }
    }
}

/// A store that can tell its size cheaply enough to read at the end of every run (the data
/// folder's index, PostgreSQL's tables); `kabar_store_*` is left out for one that cannot.
public protocol StoreSizeSource: Sendable {
    func storeStats() async throws -> StoreStats
}

extension DataFolder: StoreSizeSource {
    public func storeStats() throws -> StoreStats { try stats() }
}

extension RunLoop {
    /// This pass's metrics (swift-metrics; see `RunMetrics`).
    var metrics: RunMetrics { RunMetrics(schedule: schedule.name) }
}
