import Foundation

/// What `reextract --json` prints: one JSON object, the same fields in `kabar` and
/// `kabar-postgres` (keys sorted; seconds to the millisecond, MB/s to two decimals).
public struct ReextractionReport: Encodable, Sendable, Equatable {
    public var files: Int
    public var records: Int
    public var pages: Int
    public var htmlBytes: Int64
    public var fileBytes: Int64
    public var new: Int
    public var revised: Int
    /// Of `revised`: the same text, other fields changed (`revised_fields`).
    public var revisedFields: Int
    public var unchanged: Int
    public var duplicates: Int
    public var skipped: Int
    /// Why pages were skipped: per reason, how many and the first one (`file@offset url`).
    public var skippedWhy: [String: SkipReason]
    /// Pages and records skipped with a warning (over a cap, a torn file tail).
    public var warnings: Int
    public var failed: Int
    /// Damaged ranges of WARC files skipped (counted in `failed` too) and their bytes; nil, and
    /// not encoded, when there were none.
    public var damaged: Int?
    public var damagedBytes: Int64?
    public var seconds: Double
    public var htmlMBPerSecond: Double
    public var workers: Int
    /// Each extractor's health in this pass and its warnings (`RunHealth.json`, as in `kabar
    /// run --json`); nil: not tallied (not encoded, spliced in by `jsonLine`).
    public var health: String?

    enum CodingKeys: String, CodingKey {
        case files, records, pages, new, revised, unchanged, duplicates, skipped, warnings, failed, seconds, workers, damaged
        case damagedBytes = "damaged_bytes"
        case skippedWhy = "skipped_why", revisedFields = "revised_fields"
        case htmlBytes = "html_bytes", fileBytes = "file_bytes", htmlMBPerSecond = "html_mb_per_s"
    }

    public init(_ s: Reextraction.Summary, workers: Int) {
        files = s.files
        records = s.records
        pages = s.pages
        htmlBytes = s.htmlBytes
        fileBytes = s.fileBytes
        new = s.written
        revised = s.revised
        revisedFields = s.revisedFields
        unchanged = s.unchanged
        duplicates = s.duplicates
        skipped = s.skipped
        skippedWhy = s.skippedWhy.mapValues { SkipReason(count: $0.count, example: $0.example) }
        warnings = s.warned
        failed = s.failed
        damaged = s.damaged > 0 ? s.damaged : nil
        damagedBytes = s.damaged > 0 ? s.damagedBytes : nil
        seconds = (s.seconds * 1000).rounded() / 1000
        htmlMBPerSecond = (s.htmlMBPerSecond * 100).rounded() / 100
        self.workers = workers
    }

    public struct SkipReason: Encodable, Sendable, Equatable {
        public var count: Int
        public var example: String
    }

    /// The report as one line of JSON.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Integers and finite numbers only: encoding cannot fail.
        let line: String
        do { line = String(decoding: try encoder.encode(self), as: UTF8.self) } catch { fatalError("reextract report: \(error)") }
        // `health` in its sorted place: before `html_bytes`, the first key after it (the keys
        // before are numbers, so this is the key, never text inside a value).
        guard let health, let at = line.range(of: "\"html_bytes\":") else { return line }
        return line.replacingCharacters(in: at.lowerBound..<at.lowerBound, with: "\"health\":\(health),")
    }
}
