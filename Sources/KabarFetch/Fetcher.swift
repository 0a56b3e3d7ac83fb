import Foundation

/// Kabar's HTTP client for crawling: one libcurl multi handle, a global concurrency limit,
/// per-host politeness, robots.txt, retries with backoff, manual redirect following (so that
/// every hop is checked against robots.txt and politeness, and loops are caught), conditional
/// GET and a body cap.
///
/// ```swift
/// let fetcher = Fetcher(configuration: FetchConfiguration())
/// let page = await fetcher.fetch(URL(string: "https://www.tempo.co/")!)
/// for await response in fetcher.fetchAll(urls.map { FetchRequest(url: $0) }) { ... }
/// ```
public final class Fetcher: Sendable {
    public let configuration: FetchConfiguration
    private let engine: CurlEngine
    private let politeness: HostPoliteness
    private let robots = RobotsCache()
    private let gate = StartGate()
    private let received = NSLock()
    nonisolated(unsafe) private var receivedBytes = 0

    public init(configuration: FetchConfiguration = FetchConfiguration()) {
        self.configuration = configuration
        engine = CurlEngine(maxActive: configuration.concurrency, maxHostConnections: configuration.perHostConnections,
                            connectionCache: max(configuration.concurrency * 2, 16))
        politeness = HostPoliteness(connections: configuration.perHostConnections, delay: configuration.perHostDelay,
                                    globalLimit: configuration.concurrency, gate: gate)
    }

    /// Sends no new request from now on: requests waiting for their host's turn, a retry's
    /// pause or a `Retry-After` end at once as `FetchError.cancelled`, as does every later
    /// `fetch`; transfers already sent run to their end. A run calls it when asked to stop.
    public func stopStarting() {
        gate.close()
        politeness.wakeAll()
    }

    /// Body bytes received so far by every transfer of this fetcher (pages, sources,
    /// robots.txt, retries), after decompression.
    public var bytesReceived: Int { received.withLock { receivedBytes } }

    /// Whether `stopStarting()` was called.
    public var isStopping: Bool { gate.isClosed }

    deinit { engine.shutdown() }

    /// The libcurl in use, e.g. "7.88.1".
    public static var curlVersion: String { CurlGlobal.version }

    /// Fetches one URL with the default request.
    public func fetch(_ url: URL) async -> FetchResponse {
        await fetch(FetchRequest(url: url))
    }

    /// Fetches one page: robots.txt, politeness, redirects and retries included. Never
    /// throws: failures are in `error`.
    // Long: the loop over one fetch's hops (robots.txt, politeness, redirects, retries) shares its
    // state: the URL, the hops visited, requests and retries so far.
    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        let start = ContinuousClock.now
        var response = FetchResponse(request: request)
        var current = request.url
        var visited: Set<String> = [current.absoluteString]
        // Retries on every hop plus the first request; a redirect hop is not an attempt.
        var requests = 0
        var retries = 0
        while true {
            if gate.isClosed {
                response.error = .cancelled
                break
            }
            guard Self.isFetchable(current) else {
                response.error = .invalidURL(current.absoluteString)
                break
            }
            if let refusal = configuration.hostPolicy.refusal(for: current) {
                response.finalURL = current
                response.error = refusal
                break
            }
            if configuration.obeyRobots {
                switch await robotsVerdict(for: current) {
                case .unavailable(let reason):
                    response.error = .robotsUnavailable(host: current.host ?? "", reason: reason)
                case .rules(let rules) where !rules.isAllowed(current):
                    response.error = .robotsDisallowed(current.absoluteString)
                case .rules:
                    break
                }
                // robots.txt not had because the fetcher stopped is no verdict on the host.
                if gate.isClosed { response.error = .cancelled }
                if response.error != nil { break }
            }
            var headers = configuration.headers
            for (k, v) in request.headers { headers[k] = v }
            for (k, v) in request.conditionalHeaders { headers[k] = v }
            var hopAttempts = 0
            var options = TransferOptions(url: current, configuration: configuration, headers: headers)
            if let cap = request.maxBodyBytes { options.maxBodyBytes = cap }
            let result = await transfer(options, attempts: &hopAttempts)
            requests += 1
            retries += hopAttempts - 1
            response.fill(from: result, url: current, limit: options.maxBodyBytes)
            if response.error == nil, Self.isRedirect(result.status), let target = result.redirectURL {
                guard let next = URL(string: target) else {
                    response.error = .invalidURL(target)
                    break
                }
                if response.redirects.count >= configuration.maxRedirects {
                    response.error = .tooManyRedirects(limit: configuration.maxRedirects)
                    break
                }
                if !visited.insert(next.absoluteString).inserted {
                    response.error = .redirectLoop([request.url.absoluteString] + response.redirects.map(\.absoluteString) + [next.absoluteString])
                    break
                }
                response.redirects.append(next)
                current = next
                continue
            }
            break
        }
        response.attempts = requests > 0 ? 1 + retries : 0
        response.elapsed = Self.seconds(ContinuousClock.now - start)
        return response
    }

    /// Fetches many pages, `configuration.concurrency` at a time (politeness permitting),
    /// yielding each response as it completes. At most `window` requests are taken from
    /// `requests` ahead of the results, so memory stays flat however long the sequence is.
    public func fetchAll<S: Sequence & Sendable>(_ requests: S, window: Int? = nil) -> AsyncStream<FetchResponse>
    where S.Element == FetchRequest {
        let window = max(1, window ?? max(configuration.concurrency * 8, 256))
        return AsyncStream { continuation in
            let task = Task {
                await withTaskGroup(of: FetchResponse.self) { group in
                    var iterator = requests.makeIterator()
                    var inFlight = 0
                    while inFlight < window, let request = iterator.next() {
                        group.addTask { await self.fetch(request) }
                        inFlight += 1
                    }
                    while let response = await group.next() {
                        continuation.yield(response)
                        if !Task.isCancelled, let request = iterator.next() {
                            group.addTask { await self.fetch(request) }
                        }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: - One hop with retries

    /// Runs one request, retrying transient failures, 429 and 5xx as the policy allows.
    private func transfer(_ options: TransferOptions, attempts: inout Int) async -> TransferResult {
        let host = HostPoliteness.key(for: options.url)
        let policy = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            attempts += 1
            // The engine holds transfers beyond `concurrency` in its queue.
            let holdsSlot = await politeness.acquire(host)
            let result: TransferResult
            if Task.isCancelled || gate.isClosed {
                var r = TransferResult()
                r.cancelled = true
                result = r
            } else {
                result = await engine.perform(options)
                received.withLock { receivedBytes += result.body.count }
                FetchMetrics.record(url: options.url, status: result.status, bytes: result.body.count, seconds: result.timings.total)
            }
            // A server asking for a pause (429/503 with Retry-After) gets it for the whole host,
            // set before the slot is released so no other request slips in first.
            let retryAfter = (result.status == 429 || result.status == 503)
                ? result.headers["Retry-After"].flatMap { RetryPolicy.parseRetryAfter($0) } : nil
            if let retryAfter, retryAfter > 0 { politeness.pushBack(host, by: min(retryAfter, policy.maxRetryAfter)) }
            if holdsSlot { politeness.release(host) }

            let retryable: Bool
            if let error = result.error {
                retryable = error.isTransient
            } else {
                retryable = !result.exceededCap && policy.isRetryable(status: result.status)
            }
            guard retryable, !Task.isCancelled, !gate.isClosed else { return result }
            guard let wait = policy.delay(afterAttempt: attempt, retryAfter: retryAfter) else { return result }
            if wait > 0 { await gate.sleep(until: .now.advanced(by: .seconds(min(wait, 86400)))) }
        }
    }

    // MARK: - robots.txt

    private func robotsVerdict(for url: URL) async -> RobotsCache.Verdict {
        if url.path == "/robots.txt" { return .rules(.allowAll) }
        return await robots.verdict(for: url) { [self] robotsURL in await loadRobots(robotsURL) }
    }

    /// Fetches and reads one robots.txt: 2xx → its rules; 4xx → everything allowed; 429, 5xx
    /// or no answer → the host is unavailable. Up to 5 redirects are followed; the first
    /// 512 KiB are read.
    private func loadRobots(_ robotsURL: URL) async -> RobotsCache.Verdict {
        var options = TransferOptions(url: robotsURL, configuration: configuration,
                                      headers: ["Accept": "text/plain,*/*;q=0.5"])
        options.maxBodyBytes = 512 * 1024
        var attempts = 0
        var hops = 0
        var seen: Set<String> = [robotsURL.absoluteString]
        while true {
            let result = await transfer(options, attempts: &attempts)
            if let error = result.error { return .unavailable(error.description) }
            let status = result.status
            if Self.isRedirect(status), let target = result.redirectURL.flatMap(URL.init(string:)),
               Self.isFetchable(target), configuration.hostPolicy.refusal(for: target) == nil, hops < 5, seen.insert(target.absoluteString).inserted {
                hops += 1
                options.url = target
                continue
            }
            let verdict: RobotsCache.Verdict
            switch status {
            case 200..<300:
                let text = String(decoding: result.body, as: UTF8.self)
                let rules = RobotsTxt(text).rules(for: configuration.robotsToken)
                if let delay = rules.crawlDelay, delay > 0 {
                    politeness.raiseDelay(HostPoliteness.key(for: robotsURL), to: min(delay, configuration.maxCrawlDelay))
                }
                verdict = .rules(rules)
            case 429, 500...:
                verdict = .unavailable("HTTP \(status)")
            default:
                // 3xx that could not be followed, and 4xx: no robots.txt, so no restrictions.
                verdict = .rules(.allowAll)
            }
            return verdict
        }
    }

    // MARK: - Helpers

    static func isRedirect(_ status: Int) -> Bool { [301, 302, 303, 307, 308].contains(status) }

    static func isFetchable(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return !(url.host ?? "").isEmpty
    }

    static func seconds(_ duration: Duration) -> Double {
        let c = duration.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}

extension FetchResponse {
    /// Takes the last transfer's outcome.
    mutating func fill(from result: TransferResult, url: URL, limit: Int) {
        finalURL = url
        status = result.status
        headers = result.headers
        body = result.body
        charset = HTTPHeaders.charset(ofContentType: result.headers["Content-Type"])
        httpVersion = result.httpVersion
        remoteIP = result.remoteIP
        timings = result.timings
        if case .localAddress(_, let address)? = result.error {
            error = .localAddress(url: url.absoluteString, address: address)
        } else if result.exceededCap {
            error = .bodyTooLarge(limit: limit)
        } else if let transportError = result.error {
            error = transportError
        } else if status >= 400 {
            error = .httpStatus(status)
        } else {
            error = nil
        }
    }
}
