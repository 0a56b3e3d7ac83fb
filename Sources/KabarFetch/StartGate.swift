import Foundation

/// Whether new requests may still start. Once `close()` is called (a run asked to stop), every
/// wait before a request (a host's politeness delay, a retry's pause, a `Retry-After`) ends at
/// once and no request that has not been sent is sent; transfers already under way run to
/// their end.
final class StartGate: @unchecked Sendable {
    private let lock = NSLock()
    private var closed = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    var isClosed: Bool { lock.withLock { closed } }

    func close() {
        let all = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            closed = true
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for w in all { w.resume() }
    }

    /// Sleeps until `deadline`, the gate closing or the task being cancelled, whichever comes first.
    func sleep(until deadline: ContinuousClock.Instant) async {
        guard !isClosed, deadline > .now else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(until: deadline, clock: ContinuousClock()) }
            group.addTask { await self.waitForClose() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns when the gate closes or the task is cancelled.
    private func waitForClose() async {
        let id = lock.withLock { () -> Int in nextWaiter += 1; return nextWaiter }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    if closed || Task.isCancelled { return true }
                    waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            lock.withLock { waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
