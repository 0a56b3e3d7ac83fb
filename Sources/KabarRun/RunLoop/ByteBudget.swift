import Foundation
import Synchronization

/// Bytes that may be worked on at once, shared by tasks: a task asks for its bytes before
/// the work that multiplies them (a page's parse tree takes many times the page) and gives them
/// back after. Waiters are served in order; a request larger than the whole budget runs alone.
/// So memory follows the budget, not the number of tasks: ten 10 MB pages in flight are
/// parsed one or two at a time, a hundred small ones all at once.
public final class ByteBudget: Sendable {
    public let capacity: Int
    private struct State {
        var used = 0
        var waiting: [(bytes: Int, resume: CheckedContinuation<Void, Never>)] = []
    }
    private let state = Mutex(State())

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Bytes taken now.
    public var used: Int { state.withLock { $0.used } }

    /// Waits until `bytes` fit (or nothing else is taken), then takes them.
    public func acquire(_ bytes: Int) async {
        let bytes = max(0, bytes)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now: Bool = state.withLock { s in
                if s.waiting.isEmpty && (s.used == 0 || s.used + bytes <= capacity) {
                    s.used += bytes
                    return true
                }
                s.waiting.append((bytes, c))
                return false
            }
            if now { c.resume() }
        }
    }

    /// Gives `bytes` back and lets the waiters that now fit go, in order.
    public func release(_ bytes: Int) {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { s in
            s.used = max(0, s.used - max(0, bytes))
            var out: [CheckedContinuation<Void, Never>] = []
            while let first = s.waiting.first, s.used == 0 || s.used + first.bytes <= capacity {
                s.used += first.bytes
                out.append(first.resume)
                s.waiting.removeFirst()
            }
            return out
        }
        for c in ready { c.resume() }
    }

    /// Returns freed heap memory to the system (glibc keeps what a thread's arena once held).
    public static func returnFreedMemory() {
        #if os(Linux)
        _ = kabar_malloc_trim(0)
        #endif
    }

    /// Runs `body` holding `bytes` of the budget.
    public func with<T: Sendable>(_ bytes: Int, _ body: () async throws -> T) async rethrows -> T {
        await acquire(bytes)
        defer { release(bytes) }
        return try await body()
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func kabar_malloc_trim(_ pad: Int) -> Int32
#endif
