import Foundation
import KabarFetch

extension RunResult {
    /// What to do when the run failed as a whole, or nil: when no source could be read, the
    /// sample site's server may not be running (never started, stopped, or past its --seconds),
    /// or the network or the URLs are wrong; when no page arrived, why the first did not. The
    /// first problem is named: with --quiet the log's warnings are not shown, and the hint said
    /// "check the network" without the error (`Could not resolve host: www.tempo.co`).
    /// `stats` is the command that lists the failed URLs of this store (`kabar stats --data
    /// data`, or `kabar stats --store postgres://...`); `kabar run` and `kabar-postgres run`.
    public func hint(_ schedule: Schedule, stats: String) -> String? {
        let first = problems.first.map { " (the first: \($0))" } ?? ""
        guard sourcesOK + sourcesNotModified == 0, sourcesFailed > 0 else {
            guard failedAsAWhole, counters.fetched == 0 else { return nil }
            return "hint: not one page arrived\(first); `\(stats)` lists the failed URLs, and --json's \"failures\" each one's kind and reason."
        }
        // Whether a server was out of reach (FetchError's transport failures), not one that
        // answered with an error status or with what is no feed or sitemap: asking whether it
        // runs, or to check the network, then points the wrong way.
        let unreachable = problems.isEmpty || problems.contains { $0.contains("network error") || $0.contains("timeout: ") || $0.contains("TLS: ") }
        let local = schedule.sources.map(\.url).filter { LocalAddress.isLocal($0) && $0.host != nil }
        guard unreachable else {
            // The sources' robots.txt answered 429 or 5xx: the URLs may well be right, and the
            // run reads nothing of the host until it answers (RFC 9309: unreachable, disallow all).
            if problems.allSatisfy({ $0.contains("robots.txt of ") && $0.contains(" unavailable (") }) {
                return "hint: no source could be read: their host's robots.txt did not answer\(first); Kabar reads nothing from a host "
                    + "whose robots.txt answers 429 or 5xx, and tries again at the next run (`politeness: { robots: ignore }` in \(schedule.file) "
                    + "skips robots.txt, for a site of your own)."
            }
            return "hint: no source could be read, though the server answered\(first): check the source URLs in \(schedule.file) "
                + "(each a feed, a sitemap or a listing page that the server serves)."
        }
        if let url = local.min(by: { $0.absoluteString < $1.absoluteString }), let host = url.host {
            let port = url.port
            let address = host + (port.map { ":\($0)" } ?? "")
            return "hint: no source could be read, and they are on this machine: is the server at \(address) running? "
                + "For the sample site, start `kabar test-site --port \(port ?? 80)` in another terminal first (it serves until stopped, "
                + "or for its --seconds), or run `kabar demo`, which serves the sample site and runs its schedule (local-test) in one go."
        }
        return "hint: no source could be read\(first): check the network, and the source URLs in \(schedule.file)."
    }
}
