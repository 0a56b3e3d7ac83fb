import Foundation

extension Schedule {
    /// Whether an article URL is fetched, given what the store and the frontier know of it
    /// (`refresh` aside, which fetches every URL): a URL never fetched is; one fetched before
    /// is when its source dates a change after that fetch (`modified`, Unix seconds), or when
    /// that fetch stored nothing (skipped: not HTML, too large, gone; or disallowed) at least
    /// `retrySkippedAfter` before `now`. Discovery asks it of each link, the run loop again of
    /// each queued entry before fetching it.
    func fetches(known: (stored: Bool, seen: FrontierSeen?), modified: Int64?, now: Int64) -> Bool {
        guard known.stored || known.seen != nil else { return true }
        let fetchedAt = known.seen?.fetchedAt ?? Int64.max
        if let modified, modified > fetchedAt { return true }
        return isSkippedRetry(known: known, now: now)
    }

    /// Whether a URL fetched before is fetched again because its last fetch stored nothing
    /// and was `retrySkippedAfter` ago or longer.
    func isSkippedRetry(known: (stored: Bool, seen: FrontierSeen?), now: Int64) -> Bool {
        guard !known.stored, let seen = known.seen, !seen.storedElsewhere, let after = retrySkippedAfter else { return false }
        return Double(now - seen.fetchedAt) >= after.seconds
    }
}
