#if canImport(Glibc)
import Glibc
#endif

/// Where a `FileStore`'s time goes, summed since it was opened: wall and thread CPU
/// nanoseconds per phase of the hot path, measured per chunk and per commit (a few clock
/// reads per 4 096 records, or per record when records come one at a time, as in a crawl).
/// `kabar bench store --phases` prints them. The thread CPU clock has no vDSO path (each
/// reading is a system call), so it is read only when `timesCPU` (`FileStore.Options.timesPhaseCPU`).
public struct StorePhases: Sendable {
    public enum Phase: Int, CaseIterable, Sendable {
        /// Reading the chunk's URL states from the index (ids the filter cannot rule out).
        case lookupURLs
        /// Reading the band ranges of the records that may have a near duplicate.
        case lookupBands
        /// Waiting for the lines of the records that look new (`LineEncoder`), helping encode them.
        case encode
        /// Deciding each record against those answers and the open batch, appending its line.
        case decide
        /// Handing pending lines to the writer thread (`LineWriter`), which writes them (pwrite).
        case writeLines
        /// Waiting, before the index commit, for the writer to finish the batch's writes and the
        /// fdatasync of its files (what is left of them once the insert is done).
        case fsync
        /// Inserting the batch's `urls` and band rows, each table in key order.
        case insert
        /// SQLite COMMIT (the WAL writes, and checkpoints when the WAL is long).
        case commit
        /// The storing thread waiting for the committer (the batch before, at a hand-over; all,
        /// at an explicit commit; a new file's registration).
        case waitIndex

        public var name: String {
            switch self {
            case .lookupURLs: return "look up URLs"
            case .lookupBands: return "look up bands"
            case .encode: return "encode (2 threads)"
            case .decide: return "decide + append"
            case .writeLines: return "hand over lines"
            case .fsync: return "wait: write+fsync"
            case .insert: return "insert batch"
            case .commit: return "SQLite commit"
            case .waitIndex: return "wait for commit"
            }
        }
    }

    public private(set) var wall = [UInt64](repeating: 0, count: Phase.allCases.count)
    public private(set) var cpu = [UInt64](repeating: 0, count: Phase.allCases.count)
    /// Band ranges read, and URL lookups the filter ruled out / left to the index.
    public internal(set) var bandRanges = 0
    public internal(set) var urlsSkipped = 0
    public internal(set) var urlsRead = 0
    /// Records whose band lookups the near filter ruled out.
    public internal(set) var bandsSkipped = 0

    /// Whether the phases' thread CPU time is read (off: `cpu` stays 0, only wall time is summed).
    public var timesCPU = true

    public init() {}

    /// Whether the phase runs on the committer's thread (`IndexCommitter`), beside the storing one.
    public static let committerPhases: Set<Phase> = [.insert, .fsync, .commit]

    /// These phases' times and counters plus `other`'s times.
    func merged(with other: StorePhases) -> StorePhases {
        var m = self
        for i in wall.indices {
            m.wall[i] &+= other.wall[i]
            m.cpu[i] &+= other.cpu[i]
        }
        return m
    }

    /// The clocks now, to pass to `add` when the phase ends.
    @inline(__always)
    func start() -> (wall: UInt64, cpu: UInt64) { (Self.clock(CLOCK_MONOTONIC), timesCPU ? Self.clock(CLOCK_THREAD_CPUTIME_ID) : 0) }

    /// Adds the time since `start` to `phase`.
    @inline(__always)
    mutating func add(_ phase: Phase, since start: (wall: UInt64, cpu: UInt64)) {
        wall[phase.rawValue] &+= Self.clock(CLOCK_MONOTONIC) &- start.wall
        if timesCPU { cpu[phase.rawValue] &+= Self.clock(CLOCK_THREAD_CPUTIME_ID) &- start.cpu }
    }

    static func clock(_ id: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(id, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
