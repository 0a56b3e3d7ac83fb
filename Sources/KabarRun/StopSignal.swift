import Foundation

/// Asks running work to stop: no new page is started, pages in flight finish and are stored.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var nextWaiter = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    public var isStopped: Bool { lock.withLock { stopped } }

    public func stop() {
        let toResume: [CheckedContinuation<Void, Never>] = lock.withLock {
            stopped = true
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for w in toResume { w.resume() }
    }

    /// Sleeps until `seconds` pass or `stop()` is called (on this signal or on `other`),
    /// whichever comes first.
    public func sleep(_ seconds: Double, orUntil other: StopSignal? = nil) async {
        guard seconds > 0, !isStopped, !(other?.isStopped ?? false) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(min(seconds, 1e9) * 1000))) }
            group.addTask { await self.wait() }
            if let other { group.addTask { await other.wait() } }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns when `stop()` is called or the task is cancelled.
    private func wait() async {
        let id: Int = lock.withLock { nextWaiter += 1; return nextWaiter }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if stopped || Task.isCancelled { return true }
                    waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            // Only this waiter: the others keep waiting.
            let mine = lock.withLock { waiters.removeValue(forKey: id) }
            mine?.resume()
        }
    }
}
