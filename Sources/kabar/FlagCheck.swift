import ArgumentParser
import KabarConfig
import KabarRun

/// Numeric flags checked with the same `NumberRange` as configuration files, the flag named:
/// `--timeout: expected more than 0 and at most 86400 seconds, got infinity`. A flag left out
/// (nil) is not checked.
enum FlagCheck {
    static func check(_ flag: String, _ value: Double?, _ range: NumberRange, unit: String = "") throws {
        guard let value else { return }
        if let problem = range.problem(value, show: { NumberRange.plain($0) + unit }) {
            throw ValidationError("\(flag): \(problem)")
        }
    }

    static func check(_ flag: String, _ value: Int?, _ range: NumberRange) throws {
        guard let value else { return }
        if let problem = range.problem(value) { throw ValidationError("\(flag): \(problem)") }
    }

    /// Seconds a command may wait or run: more than 0, at most a year.
    static let seconds = NumberRange(0, 365 * 86400, aboveMin: true)
    /// Workers, transfers in flight.
    static let parallel = NumberRange(1, 1024)
}

// The numeric flags of the commands with no other validation.

extension EvalCommand {
    func validate() throws {
        try FlagCheck.check("--worst", worst, NumberRange(1, Double(Int32.max)))
        try FlagCheck.check("--seconds", seconds, NumberRange(0, 365 * 86400), unit: "s")   // 0: no pages/s
    }
}

extension TestSiteCommand {
    func validate() throws {
        try FlagCheck.check("--seconds", seconds, FlagCheck.seconds, unit: "s")
    }
}

extension BenchExtractCommand {
    func validate() throws {
        try FlagCheck.check("--rounds", rounds, NumberRange(1, 1000))
        try FlagCheck.check("--seconds", seconds, FlagCheck.seconds, unit: "s")
    }
}

extension BenchFetchCommand {
    func validate() throws {
        try FlagCheck.check("--pages", pages, NumberRange(1, 10_000_000))
        try FlagCheck.check("--concurrency", concurrency, FlagCheck.parallel)
        try FlagCheck.check("--size", size, NumberRange(1, Double(1 << 30)))
        try FlagCheck.check("--rounds", rounds, NumberRange(1, 1000))
    }
}

extension BenchReextractCommand {
    func validate() throws {
        try FlagCheck.check("--mb", mb, NumberRange(1, 1_000_000))
        try FlagCheck.check("--workers", workers, FlagCheck.parallel)
        try FlagCheck.check("--seconds", seconds, FlagCheck.seconds, unit: "s")
    }
}

extension BenchSoakCommand {
    func validate() throws {
        try FlagCheck.check("--pages", pages, NumberRange(1, 100_000_000))
        try FlagCheck.check("--concurrency", concurrency, FlagCheck.parallel)
    }
}

extension BenchStoreCommand {
    func validate() throws {
        try FlagCheck.check("--records", records, NumberRange(1, 1_000_000_000))
        try FlagCheck.check("--exact", exact, NumberRange(0, 1))
        try FlagCheck.check("--near", near, NumberRange(0, 1))
        try FlagCheck.check("--revisions", revisions, NumberRange(0, 1))
        try FlagCheck.check("--words", words, NumberRange(1, 100_000))
        try FlagCheck.check("--commit-every", commitEvery, NumberRange(1, 10_000_000))
        try FlagCheck.check("--commit-ms", commitMs, NumberRange(0, 3_600_000))
        try FlagCheck.check("--cache-mib", cacheMib, NumberRange(1, 65536))
        try FlagCheck.check("--page-size", pageSize, NumberRange(512, 65536))
        try FlagCheck.check("--checkpoint-pages", checkpointPages, NumberRange(0, 10_000_000))
        try FlagCheck.check("--url-filter-mib", urlFilterMib, NumberRange(0, 65536))
        try FlagCheck.check("--near-filter-mib", nearFilterMib, NumberRange(0, 65536))
    }
}

/// A time flag: seconds as a bare number (`1.5`), or a duration as schedules write it (`500ms`,
/// `2s`, `1m`), so `--delay 1s` means what `politeness.delay: 1s` means.
struct FlagSeconds: ExpressibleByArgument, Sendable {
    let seconds: Double

    init(_ seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        if let n = Double(argument) { seconds = n; return }
        guard let d = ScheduleDuration(argument) else { return nil }
        seconds = d.seconds
    }

    var defaultValueDescription: String { ScheduleDuration(seconds: seconds).description }
}

/// A size flag: bytes as a bare number, or a size as schedules write it (`512KB`, `10MB`).
struct FlagBytes: ExpressibleByArgument, Sendable {
    let bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard let s = ScheduleSize(argument) else { return nil }
        bytes = s.bytes
    }

    var defaultValueDescription: String { ScheduleSize(bytes: bytes).description }
}
