import Foundation

/// The surfaces fuzzed, each with one entry point taking arbitrary bytes. The libFuzzer
/// executables of `Fuzz/` call these, and `ReliabilityTests` replays every saved case of
/// `Tests/FuzzCases/<surface>/` through the same call, so a crash found once stays fixed.
/// An entry point must return for every input (errors are fine; traps, hangs and unbounded
/// memory are the bugs).
public enum FuzzSurface: String, CaseIterable, Sendable {
    /// HTML parsing, CSS selector compilation and matching, and extraction (`HTMLFuzzTarget`).
    case html
    /// `NewsDateParser` and the WARC date parser (`DateFuzzTarget`).
    case date
    /// Feeds (RSS, Atom) and sitemaps, plain and gzip (`FeedFuzzTarget`).
    case feed
    /// `WARCReader`, HTTP blocks and content decoding (`WARCFuzzTarget`).
    case warc
    /// The schedule loader and cron expressions (`ScheduleFuzzTarget`).
    case schedule

    /// Runs one input.
    public func run(_ data: Data) {
        switch self {
        case .html: HTMLFuzzTarget.run(data)
        case .date: DateFuzzTarget.run(data)
        case .feed: FeedFuzzTarget.run(data)
        case .warc: WARCFuzzTarget.run(data)
        case .schedule: ScheduleFuzzTarget.run(data)
        }
    }

    /// Splits an input at its first newline: a short header (a selector, a mode) and the rest.
    static func split(_ data: Data, headerLimit: Int = 256) -> (header: String, rest: Data) {
        let bytes = [UInt8](data)
        guard let nl = bytes.prefix(headerLimit).firstIndex(of: 0x0A) else { return ("", data) }
        return (String(decoding: bytes[..<nl], as: UTF8.self), Data(bytes[(nl + 1)...]))
    }
}
