import Foundation

/// What a host's robots.txt says, fetched once per host (scheme, name and port) and kept for
/// the run. Concurrent first requests to a host share one fetch.
actor RobotsCache {
    enum Verdict: Sendable, Equatable {
        /// The rules from a robots.txt (all allowed when it had none for us).
        case rules(RobotsRules)
        /// 5xx, 429 or unreachable: nothing on the host may be fetched this run.
        case unavailable(String)
    }

    private var entries: [String: Task<Verdict, Never>] = [:]

    /// The verdict for `url`'s host, loading its robots.txt with `load` the first time.
    func verdict(for url: URL, load: @escaping @Sendable (URL) async -> Verdict) async -> Verdict {
        guard let robotsURL = Self.robotsURL(for: url) else { return .rules(.allowAll) }
        let key = robotsURL.absoluteString
        if let task = entries[key] { return await task.value }
        let task = Task { await load(robotsURL) }
        entries[key] = task
        return await task.value
    }

    /// `scheme://host[:port]/robots.txt` for `url`.
    nonisolated static func robotsURL(for url: URL) -> URL? {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              components.host != nil else { return nil }
        components.percentEncodedPath = "/robots.txt"
        components.percentEncodedQuery = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.url
    }
}
