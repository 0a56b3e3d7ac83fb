import Foundation
import KabarCore

/// For the tests that tell linear from quadratic growth by timing one size against eight times
/// it in the same process (never a speed target): the calling thread's CPU time, the least of
/// `runs` runs. Wall-clock time counted the moments the thread waited for a core, so a test
/// failed whenever the machine was busy with other builds during its larger size.
public enum GrowthTiming {
    public static func leastCPUSeconds(runs: Int = 3, _ work: () throws -> Void) rethrows -> Double {
        var least = Double.infinity
        for _ in 0..<max(1, runs) {
            let start = CPUClock.thread()
            try work()
            least = min(least, CPUClock.thread() - start)
        }
        return least
    }
}
