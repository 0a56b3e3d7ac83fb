import Foundation

/// Runs blocking work (waiting for a child process, sleeping, polling a port) on a thread of
/// its own, so that async tests do not hold one of the few threads of Swift's cooperative
/// pool (two on a two-core machine) and stall every other test's timing.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.start()
    }
}
