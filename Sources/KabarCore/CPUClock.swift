import Foundation

/// The calling thread's CPU time, in seconds: what single-threaded benchmarks time, so that
/// other work on a shared machine (which stretches wall time by whatever share of a core the
/// benchmark gets) does not enter the figures. Ratios of two such times in one run are the
/// benchmarks' results (and what the tests that tell linear from quadratic growth time,
/// `GrowthTiming`).
public enum CPUClock {
    public static func thread() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
