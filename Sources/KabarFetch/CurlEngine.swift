import CCurl
import Foundation

/// One libcurl multi handle driven by a thread of its own (`curl_multi_poll`). Transfers are
/// handed over under a lock and the thread is woken with `curl_multi_wakeup`; each finished
/// transfer resumes its caller's continuation. Connections are reused across transfers by the
/// multi handle's connection cache.
///
/// The engine is also the global concurrency limit: at most `maxActive` transfers run, the
/// rest wait in its queue, and a finished transfer's place is given to the next one in the
/// same turn of the loop, without a round trip through Swift's executors (which is what
/// keeps Kabar close to `curl -Z` when the CPUs are busy).
final class CurlEngine: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var incoming: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    private var stopping = false
    /// The thread is in (or about to enter) `curl_multi_poll` and must be woken for new work.
    private var sleeping = true
    // Only the engine's thread touches these.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var queued: [CurlTransfer] = []
    private var queueHead = 0
    private let maxActive: Int
    private let stopped = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - maxHostConnections: libcurl's own per-host cap (a backstop to `HostPoliteness`).
    ///   - connectionCache: idle connections kept for reuse.
    init(maxActive: Int, maxHostConnections: Int, connectionCache: Int) {
        CurlGlobal.ensureInitialised()
        self.maxActive = max(1, maxActive)
        multi = curl_multi_init()
        _ = kabar_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxHostConnections))
        _ = kabar_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(4, connectionCache))
        let thread = Thread { [self] in run() }
        thread.name = "kabar-curl"
        thread.start()
    }

    /// Runs one transfer to its end. Cancelling the calling task removes it from the multi
    /// handle at once.
    func perform(_ options: TransferOptions) async -> TransferResult {
        guard let transfer = CurlTransfer(options) else {
            return TransferResult(code: 2, message: "curl_easy_init failed")
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransferResult, Never>) in
                transfer.continuation = continuation
                let (accepted, wake) = lock.withLock { () -> (Bool, Bool) in
                    if stopping { return (false, false) }
                    incoming.append(transfer)
                    defer { sleeping = false }
                    return (true, sleeping)
                }
                if accepted {
                    // One wakeup per sleep: the thread takes every queued transfer when it wakes.
                    if wake { curl_multi_wakeup(multi) }
                } else {
                    transfer.continuation = nil
                    continuation.resume(returning: transfer.cancelledResult())
                }
            }
        } onCancel: {
            lock.withLock {
                transfer.cancelRequested = true
                cancellations.append(transfer)
            }
            curl_multi_wakeup(multi)
        }
    }

    /// Stops the thread; transfers still running end as cancelled.
    func shutdown() {
        let first = lock.withLock { () -> Bool in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        curl_multi_wakeup(multi)
        stopped.wait()
    }

    deinit { shutdown() }

    // Long: the libcurl multi loop on its own thread (transfers added and cancelled, performed,
    // finished); its steps share the multi handle and the active table.
    private func run() {
        var running: Int32 = 0
        var left: Int32 = 0
        while true {
            let (adds, cancels, stop) = lock.withLock { () -> ([CurlTransfer], [CurlTransfer], Bool) in
                defer { incoming.removeAll(keepingCapacity: true); cancellations.removeAll(keepingCapacity: true) }
                let adds = incoming.filter { !$0.cancelRequested }
                let cancelledBeforeStart = incoming.filter(\.cancelRequested)
                return (adds, cancellations + cancelledBeforeStart, stopping)
            }
            queued.append(contentsOf: adds)
            for transfer in cancels {
                if active[transfer.easy] === transfer {
                    active[transfer.easy] = nil
                    curl_multi_remove_handle(multi, transfer.easy)
                } else if let i = queued[queueHead...].firstIndex(where: { $0 === transfer }) {
                    queued.remove(at: i)
                }
                finish(transfer, transfer.cancelledResult())
            }
            if stop { break }
            startQueued()

            // Finished transfers make room; the next ones start before the loop sleeps.
            var finishedAny = true
            while finishedAny {
                finishedAny = false
                curl_multi_perform(multi, &running)
                while let message = curl_multi_info_read(multi, &left) {
                    guard kabar_msg_is_done(message) != 0, let easy = kabar_msg_easy(message) else { continue }
                    let code = kabar_msg_result(message)
                    guard let transfer = active.removeValue(forKey: easy) else { continue }
                    let result = transfer.result(code: code)
                    curl_multi_remove_handle(multi, easy)
                    finish(transfer, result)
                    finishedAny = true
                }
                if finishedAny && !startQueued() { finishedAny = false }
            }
            let idle = lock.withLock { () -> Bool in
                let idle = incoming.isEmpty && cancellations.isEmpty && !stopping
                sleeping = idle
                return idle
            }
            // A wakeup sent after `sleeping` was set stays pending, so poll returns at once.
            if idle { curl_multi_poll(multi, nil, 0, 1000, nil) }
            lock.withLock { sleeping = false }
        }
        for transfer in active.values {
            curl_multi_remove_handle(multi, transfer.easy)
            finish(transfer, transfer.cancelledResult())
        }
        active.removeAll()
        for transfer in queued[queueHead...] { finish(transfer, transfer.cancelledResult()) }
        queued.removeAll()
        let leftovers = lock.withLock { () -> [CurlTransfer] in
            defer { incoming.removeAll() }
            return incoming
        }
        for transfer in leftovers { finish(transfer, transfer.cancelledResult()) }
        curl_multi_cleanup(multi)
        stopped.signal()
    }

    /// Moves queued transfers into the multi handle while there is room; true if any started.
    @discardableResult
    private func startQueued() -> Bool {
        var started = false
        while active.count < maxActive, queueHead < queued.count {
            let transfer = queued[queueHead]
            queueHead += 1
            if curl_multi_add_handle(multi, transfer.easy) == CURLM_OK {
                active[transfer.easy] = transfer
                started = true
            } else {
                finish(transfer, transfer.result(code: CURLE_FAILED_INIT))
            }
        }
        if queueHead > 1024 && queueHead * 2 > queued.count {
            queued.removeFirst(queueHead)
            queueHead = 0
        }
        return started
    }

    /// Resumes the caller once (a transfer may be both finished and cancelled in one turn).
    private func finish(_ transfer: CurlTransfer, _ result: TransferResult) {
        guard let continuation = transfer.continuation else { return }
        transfer.continuation = nil
        continuation.resume(returning: result)
    }
}
