import Foundation

/// Asks running work to stop: no new page is started, pages in flight finish and are stored.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var nextWaiter = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var actions: [Int: @Sendable () -> Void] = [:]
    private var nextAction = 0

    public init() {}

    public var isStopped: Bool { lock.withLock { stopped } }

    public func stop() {
        let (toResume, toCall) = lock.withLock { () -> ([CheckedContinuation<Void, Never>], [@Sendable () -> Void]) in
            stopped = true
            defer { waiters.removeAll(); actions.removeAll() }
            return (Array(waiters.values), Array(actions.values))
        }
        for w in toResume { w.resume() }
        for action in toCall { action() }
    }

    /// Calls `action` when `stop()` is called, at once if it already was (a run's fetcher
    /// stops sending requests). The token removes it (`removeAction`) when the work ends first.
    @discardableResult
    public func onStop(_ action: @escaping @Sendable () -> Void) -> Int {
        let token = lock.withLock { () -> Int? in
            if stopped { return nil }
            nextAction += 1
            actions[nextAction] = action
            return nextAction
        }
        guard let token else { action(); return 0 }
        return token
    }

    public func removeAction(_ token: Int) {
        _ = lock.withLock { actions.removeValue(forKey: token) }
    }

    /// Sleeps until `seconds` pass or `stop()` is called (on this signal or on `other`),
    /// whichever comes first.
    public func sleep(_ seconds: Double, orUntil other: StopSignal? = nil) async {
        guard seconds > 0, !isStopped, !(other?.isStopped ?? false) else { return }
        // At most a year at a time: `.milliseconds(Int(...))` of a larger (or infinite) value traps.
        let seconds = min(seconds, 365 * 86400)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
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
