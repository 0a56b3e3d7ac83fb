import Foundation

/// Per-host politeness: at most `connections` requests in flight to a host, and starts at
/// least `delay` seconds apart. A host is its name and port. A server that asked us to back
/// off (429/503 with `Retry-After`) pushes the host's next start later. A free slot with no
/// delay due is taken without suspending.
final class HostPoliteness: @unchecked Sendable {
    private struct Host {
        var active = 0
        var nextStart: ContinuousClock.Instant
        var delay: Double
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let connections: Int
    /// The per-host cap cannot bind (it is at least the global limit), so a host with no delay
    /// due needs no bookkeeping at all.
    private let connectionsUnbounded: Bool
    private let defaultDelay: Double
    private let lock = NSLock()
    private var hosts: [String: Host] = [:]
    private let clock = ContinuousClock()
    /// Closed when the fetcher stops starting requests: a wait for a host's turn ends at once.
    let gate: StartGate

    init(connections: Int, delay: Double, globalLimit: Int = .max, gate: StartGate = StartGate()) {
        self.gate = gate
        self.connections = max(1, connections)
        self.connectionsUnbounded = connections >= globalLimit
        self.defaultDelay = max(0, delay)
    }

    private enum Grant {
        case free
        case now
        case at(ContinuousClock.Instant)
        case wait
    }

    /// Takes a slot if one is free, reserving the next start time.
    private func tryTake(_ host: String, waiter: CheckedContinuation<Void, Never>? = nil) -> Grant {
        lock.withLock {
            if connectionsUnbounded, let state = hosts[host], state.delay == 0, state.nextStart <= clock.now {
                return .free
            }
            var state = hosts[host] ?? Host(nextStart: clock.now, delay: defaultDelay)
            defer { hosts[host] = state }
            guard state.active < connections else {
                if let waiter { state.waiters.append(waiter) }
                return .wait
            }
            let now = clock.now
            let start = max(now, state.nextStart)
            state.active += 1
            state.nextStart = start.advanced(by: .seconds(state.delay))
            return start > now ? .at(start) : .now
        }
    }

    /// Waits for a free slot on `host` and for its turn; the slot is the caller's until
    /// `release`. Returns false when no slot was needed (then there is nothing to release).
    func acquire(_ host: String) async -> Bool {
        while true {
            // Stopped: the caller sends nothing (it checks the gate); no slot is taken.
            if gate.isClosed { return false }
            switch tryTake(host) {
            case .free:
                return false
            case .now:
                return true
            case .at(let start):
                await gate.sleep(until: start)
                return true
            case .wait:
                // Parked until a release; then try again (the released slot may be taken
                // by another caller first).
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let parked = lock.withLock { () -> Bool in
                        guard !gate.isClosed, let state = hosts[host], state.active >= connections else { return false }
                        hosts[host]!.waiters.append(continuation)
                        return true
                    }
                    if !parked { continuation.resume() }
                }
            }
        }
    }

    /// Wakes every caller parked for a slot (the gate has closed: they send nothing, so
    /// no slot they would wait for is ever released to them).
    func wakeAll() {
        let all = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            var all: [CheckedContinuation<Void, Never>] = []
            for key in hosts.keys {
                all += hosts[key]!.waiters
                hosts[key]!.waiters.removeAll()
            }
            return all
        }
        for w in all { w.resume() }
    }

    func release(_ host: String) {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard var state = hosts[host] else { return nil }
            state.active -= 1
            let next = state.waiters.isEmpty ? nil : state.waiters.removeFirst()
            hosts[host] = state
            return next
        }
        next?.resume()
    }

    /// Raises the host's delay (a robots.txt Crawl-delay); never lowers it.
    func raiseDelay(_ host: String, to seconds: Double) {
        lock.withLock {
            var state = hosts[host] ?? Host(nextStart: clock.now, delay: defaultDelay)
            state.delay = max(state.delay, seconds)
            hosts[host] = state
        }
    }

    /// No new request to `host` starts within `seconds` from now.
    func pushBack(_ host: String, by seconds: Double) {
        lock.withLock {
            var state = hosts[host] ?? Host(nextStart: clock.now, delay: defaultDelay)
            state.nextStart = max(state.nextStart, clock.now.advanced(by: .seconds(seconds)))
            hosts[host] = state
        }
    }

    func delay(of host: String) -> Double { lock.withLock { hosts[host]?.delay ?? defaultDelay } }

    /// The key politeness is kept under: host and port, lowercased.
    static func key(for url: URL) -> String {
        let host = (url.host ?? "").lowercased()
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}
