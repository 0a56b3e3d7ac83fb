import Foundation

/// What a host's robots.txt says, fetched once per host (scheme, name and port) and kept for
/// the run. Concurrent first requests to a host share one fetch; later ones read the cached
/// verdict without suspending.
final class RobotsCache: @unchecked Sendable {
    enum Verdict: Sendable, Equatable {
        /// The rules from a robots.txt (all allowed when it had none for us).
        case rules(RobotsRules)
        /// 5xx, 429 or unreachable: nothing on the host may be fetched this run.
        case unavailable(String)
    }

    private let lock = NSLock()
    private var done: [String: Verdict] = [:]
    private var loading: [String: Task<Verdict, Never>] = [:]

    /// The verdict for `url`'s host, loading its robots.txt with `load` the first time.
    func verdict(for url: URL, load: @escaping @Sendable (URL) async -> Verdict) async -> Verdict {
        guard let key = Self.originKey(for: url) else { return .rules(.allowAll) }
        if let verdict = lock.withLock({ done[key] }) { return verdict }
        guard let robotsURL = Self.robotsURL(for: url) else { return .rules(.allowAll) }
        let task = lock.withLock { () -> Task<Verdict, Never>? in
            if done[key] != nil { return nil }
            if let task = loading[key] { return task }
            let task = Task { await load(robotsURL) }
            loading[key] = task
            return task
        }
        guard let task else { return lock.withLock { done[key]! } }
        let verdict = await task.value
        lock.withLock {
            done[key] = verdict
            loading[key] = nil
        }
        return verdict
    }

    /// `scheme://host:port`, the unit robots.txt applies to.
    static func originKey(for url: URL) -> String? {
        guard let scheme = url.scheme, let host = url.host, !host.isEmpty else { return nil }
        let port = url.port ?? (scheme.lowercased() == "https" ? 443 : 80)
        return "\(scheme.lowercased())://\(host.lowercased()):\(port)"
    }

    /// `scheme://host[:port]/robots.txt` for `url`.
    static func robotsURL(for url: URL) -> URL? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return nil }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let portPart = url.port.map { ":\($0)" } ?? ""
        return URL(string: "\(scheme)://\(hostPart)\(portPart)/robots.txt")
    }
}
