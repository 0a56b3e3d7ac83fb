import Foundation
import Synchronization
import Testing
@testable import KabarRun

/// Work held to a byte budget: never more than the budget at once (a larger request alone),
/// every request served.
final class BudgetUse: Sendable {
    let state = Mutex((now: 0, max: 0, alone: true))
}

@Suite struct ByteBudgetTests {
    @Test func workStaysWithinTheBudgetAndEveryRequestIsServed() async {
        let budget = ByteBudget(capacity: 10 << 20)
        let peak = BudgetUse()
        // Ten 10 MB pages, thirty small ones, and one larger than the whole budget.
        let sizes = Array(repeating: 10 << 20, count: 10) + Array(repeating: 100_000, count: 30) + [25 << 20]
        let done = await withTaskGroup(of: Int.self) { group in
            for size in sizes.shuffled() {
                group.addTask {
                    await budget.with(size) {
                        peak.state.withLock { p in
                            p.now += size
                            p.max = max(p.max, p.now)
                            if size > budget.capacity && p.now != size { p.alone = false }
                        }
                        try? await Task.sleep(nanoseconds: 2_000_000)
                        peak.state.withLock { $0.now -= size }
                    }
                    return size
                }
            }
            var total = 0
            for await size in group { total += size }
            return total
        }
        #expect(done == sizes.reduce(0, +))
        let p = peak.state.withLock { $0 }
        #expect(p.max <= 25 << 20, "at most the budget, or one larger request alone")
        #expect(p.alone)
        #expect(budget.used == 0)
    }

    @Test func smallRequestsRunTogether() async {
        let budget = ByteBudget(capacity: 1 << 20)
        let most = BudgetUse()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await budget.with(1000) {
                        most.state.withLock { $0.now += 1; $0.max = max($0.max, $0.now) }
                        try? await Task.sleep(nanoseconds: 20_000_000)
                        most.state.withLock { $0.now -= 1 }
                    }
                }
            }
        }
        #expect(most.state.withLock { $0.max } > 1, "small pages are not serialised")
    }
}
