import Foundation

/// Per-host politeness: at most `connections` requests in flight to a host, and starts at
/// least `delay` seconds apart. A host is its name and port. A server that asked us to back
/// off (429/503 with `Retry-After`) pushes the host's next start later.
actor HostPoliteness {
    private struct Host {
        var active = 0
        var nextStart: ContinuousClock.Instant
        var delay: Double
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let connections: Int
    private let defaultDelay: Double
    private var hosts: [String: Host] = [:]
    private let clock = ContinuousClock()

    init(connections: Int, delay: Double) {
        self.connections = max(1, connections)
        self.defaultDelay = max(0, delay)
    }

    /// Waits for a free slot on `host` and for its turn; the slot is the caller's until `release`.
    func acquire(_ host: String) async {
        while true {
            var state = hosts[host] ?? Host(nextStart: clock.now, delay: defaultDelay)
            if state.active < connections {
                let now = clock.now
                let start = max(now, state.nextStart)
                state.active += 1
                state.nextStart = start.advanced(by: .seconds(state.delay))
                hosts[host] = state
                if start > now { try? await Task.sleep(until: start, clock: clock) }
                return
            }
            await withCheckedContinuation { continuation in
                state.waiters.append(continuation)
                hosts[host] = state
            }
        }
    }

    func release(_ host: String) {
        guard var state = hosts[host] else { return }
        state.active -= 1
        if !state.waiters.isEmpty { state.waiters.removeFirst().resume() }
        hosts[host] = state
    }

    /// Raises the host's delay (a robots.txt Crawl-delay); never lowers it.
    func raiseDelay(_ host: String, to seconds: Double) {
        var state = hosts[host] ?? Host(nextStart: clock.now, delay: defaultDelay)
        state.delay = max(state.delay, seconds)
        hosts[host] = state
    }

    /// No new request to `host` starts within `seconds` from now.
    func pushBack(_ host: String, by seconds: Double) {
        var state = hosts[host] ?? Host(nextStart: clock.now, delay: defaultDelay)
        state.nextStart = max(state.nextStart, clock.now.advanced(by: .seconds(seconds)))
        hosts[host] = state
    }

    func delay(of host: String) -> Double { hosts[host]?.delay ?? defaultDelay }

    /// The key politeness is kept under: host and port, lowercased.
    nonisolated static func key(for url: URL) -> String {
        let host = (url.host ?? "").lowercased()
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}
