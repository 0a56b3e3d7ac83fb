import Foundation

/// Asks running work to stop: no new page is started, pages in flight finish and are stored.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public var isStopped: Bool { lock.withLock { stopped } }

    public func stop() {
        let toResume: [CheckedContinuation<Void, Never>] = lock.withLock {
            stopped = true
            defer { waiters.removeAll() }
            return waiters
        }
        for w in toResume { w.resume() }
    }

    /// Sleeps until `seconds` pass or `stop()` is called, whichever comes first.
    public func sleep(_ seconds: Double) async {
        guard seconds > 0, !isStopped else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns when `stop()` is called (or the task is cancelled).
    private func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if stopped { return true }
                    waiters.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            // Resume every waiter; those still wanting to wait simply return early.
            let all: [CheckedContinuation<Void, Never>] = lock.withLock { defer { waiters.removeAll() }; return waiters }
            for w in all { w.resume() }
        }
    }
}
