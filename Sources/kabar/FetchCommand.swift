import ArgumentParser
import Foundation
import KabarConfig
import KabarCLI
import KabarCore
import KabarFetch
import KabarPlugins

/// `kabar fetch`: fetch URLs now and print one JSON line per response, or with `--extract`
/// the article record the site's extractor makes of each page.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch URLs now: a JSON line per response, or per extracted record with --extract.",
        discussion: """
        Each response line holds url, final_url, status, bytes, elapsed_ms, attempts and error \
        (null when the page arrived). robots.txt is obeyed and each host is fetched politely \
        (--per-host, --delay) unless told otherwise. With --extract, pages go through the site \
        extractors; a site whose extractor names a whole-article URL (SINDOnews' multi-page \
        articles) is fetched through that URL, else (or when that URL fails with an HTTP \
        error) page by page along the article's next-page links, merged into one record. The \
        exit status is 1 when any page failed.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Option(help: "A file of URLs, one a line ('-' for standard input); blank lines and lines starting with # are skipped, a line that is no http(s) URL is named as FILE:LINE.")
    var input: String?

    @Option(help: "Requests in flight at once, over all hosts.")
    var concurrency: Int = 8

    @Option(name: .customLong("per-host"), help: "Requests in flight at once to one host.")
    var perHost: Int = 2

    @Option(help: "Minimum time between two requests to one host: seconds, or a duration such as 500ms or 2s (0 to 1h).")
    var delay = FlagSeconds(1)

    @Flag(name: .customLong("ignore-robots"), help: "Do not fetch or obey robots.txt.")
    var ignoreRobots = false

    @Option(help: "Time for one whole transfer: seconds, or a duration such as 30s or 2m (more than 0, at most 1d).")
    var timeout = FlagSeconds(60)

    @Option(help: "Attempts per page, the first included (network errors, 429 and 5xx are retried).")
    var attempts: Int = 3

    @Option(name: .customLong("max-bytes"), help: "The largest body accepted, after decompression: bytes, or a size such as 512KB or 10MB (at most 4GB).")
    var maxBytes = FlagBytes(10 * 1024 * 1024)

    @Option(name: .customLong("user-agent"), help: "The User-Agent header (default: \(FetchConfiguration.defaultUserAgent)).")
    var userAgent: String?

    @Option(help: "A proxy for every request (default: the http_proxy/https_proxy environment variables).")
    var proxy: String?

    @Option(name: .customLong("no-proxy"), help: "Hosts never proxied, comma-separated (default: the no_proxy environment variable).")
    var noProxy: String?

    @Flag(help: "Print the extracted article record for each page instead of the response line.")
    var extract = false

    @Flag(name: .customLong("dry-run"), help: "Print the URLs that would be fetched (whole-article URLs with --extract), one a line, and fetch nothing.")
    var dryRun = false

    @Argument(help: "URLs to fetch (after those of --input).")
    var urls: [String] = []

    func validate() throws {
        if input == nil && urls.isEmpty { throw ValidationError("give URLs, or --input FILE") }
        // A mistyped URL on the command line is the command line's fault: named, nothing fetched.
        for url in urls where !FetchInputRequests.isFetchable(url) {
            throw ValidationError("'\(url)' is not an http:// or https:// URL\(FetchInputRequests.schemeHint(url))")
        }
        try FlagCheck.check("--concurrency", concurrency, FlagCheck.parallel)
        try FlagCheck.check("--per-host", perHost, FlagCheck.parallel)
        try FlagCheck.check("--attempts", attempts, NumberRange(1, 10))
        try FlagCheck.check("--delay", delay.seconds, NumberRange(0, 3600), unit: "s")
        try FlagCheck.check("--timeout", timeout.seconds, NumberRange(0, 86400, aboveMin: true), unit: "s")
        try FlagCheck.check("--max-bytes", maxBytes.bytes, NumberRange(1, Double(4 << 30)))
        if let userAgent, let problem = HeaderValue.problem(userAgent) { throw ValidationError("--user-agent: \(problem)") }
    }

    // Long: the command's steps in the order their output is printed (options checked, the work run,
    // the summary printed).
    func run() async throws {
        var config = FetchConfiguration()
        config.concurrency = concurrency
        config.perHostConnections = perHost
        config.perHostDelay = delay.seconds
        config.obeyRobots = !ignoreRobots
        config.totalTimeout = timeout.seconds
        config.maxBodyBytes = maxBytes.bytes
        config.retry.maxAttempts = attempts
        if let userAgent { config.userAgent = userAgent }
        if let proxy { config.proxy = proxy }
        if let noProxy { config.noProxy = noProxy }

        var text = ""
        if let input {
            if input != "-", !FileManager.default.fileExists(atPath: input) { throw CLIOutput.missing(input) }
            do {
                text = input == "-"
                    ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                    : try String(contentsOfFile: input, encoding: .utf8)
            } catch {
                CLIOutput.error("\(input): cannot read the file: \(SystemReason.of(error))")
                throw ExitCode(ExitStatus.badInput)
            }
        }
        if !urls.isEmpty { text += "\n" + urls.joined(separator: "\n") }
        let registry = try plugins.registry()
        let requests = FetchInputRequests(text: text, registry: extract ? registry : nil)
        // Where a bad line of --input is: "urls.txt:12" (the command line's URLs are checked before).
        let source = input == "-" ? "standard input" : input ?? "the command line"
        let place = { (request: FetchRequest) in "\(source):\(FetchInputRequests.invalidLine(request.url) ?? 0)" }

        if dryRun {
            var bad = 0
            for request in requests {
                guard FetchInputRequests.invalidLine(request.url) == nil else {
                    FetchCommandOutput.error("\(place(request)): \(request.tag ?? ""): not an http:// or https:// URL\(FetchInputRequests.schemeHint(request.tag ?? ""))")
                    bad += 1
                    continue
                }
                FetchCommandOutput.line(request.url.absoluteString)
            }
            FetchCommandOutput.flush()
            if bad > 0 { throw ExitCode(ExitStatus.failed) }
            return
        }
        let fetcher = Fetcher(configuration: config)
        let assembler = ArticleAssembler(registry: registry)
        var failures = 0
        for await response in fetcher.fetchAll(requests) {
            let original = response.request.tag ?? response.url.absoluteString
            if FetchInputRequests.invalidLine(response.request.url) != nil {
                // A line of --input that is no URL: named as written, not as the placeholder,
                // with its file and line number.
                if extract {
                    FetchCommandOutput.error("\(place(response.request)): \(original): not an http:// or https:// URL\(FetchInputRequests.schemeHint(original))")
                } else {
                    FetchCommandOutput.line(Self.invalidLine(original, at: place(response.request)))
                }
                failures += 1
                continue
            }
            if !extract {
                FetchCommandOutput.line(Self.jsonLine(response, url: original))
                if response.error != nil { failures += 1 }
                continue
            }
            var response = response
            if case .httpStatus? = response.error, let plain = URL(string: original), plain != response.request.url {
                // No whole-article page: the article's own URL, page by page (as a run does).
                response = await fetcher.fetch(plain)
            }
            guard response.error == nil, (200..<300).contains(response.status) else {
                FetchCommandOutput.error("\(original): \(response.error?.description ?? "HTTP \(response.status)")")
                failures += 1
                continue
            }
            // The page's own address (a whole-article URL, or where redirects ended): the
            // extractor reads it, and its canonicalisation folds it to the article's URL. The
            // article's later pages (`nextPageURL`) are fetched and merged.
            do {
                let first = ArticleAssembler.PageBytes(data: response.body, url: response.finalURL, charset: response.charset, fetchedAt: Date())
                let article = try await assembler.assemble(first) { next in
                    let more = await fetcher.fetch(next)
                    guard more.error == nil, (200..<300).contains(more.status) else {
                        throw FetchCommandFailure("page \(next.absoluteString): \(more.error?.description ?? "HTTP \(more.status)")")
                    }
                    return ArticleAssembler.PageBytes(data: more.body, url: more.finalURL, charset: more.charset, fetchedAt: Date())
                }
                FetchCommandOutput.line(article.jsonLine)
            } catch {
                FetchCommandOutput.error("\(original): \(error)")
                failures += 1
            }
        }
        FetchCommandOutput.flush()
        if failures > 0 { throw ExitCode(1) }
    }

    /// The response line of an input line that is no URL, at `place` (`urls.txt:12`).
    static func invalidLine(_ text: String, at place: String) -> String {
        "{\"url\":\(JSONWriter.quoted(text)),\"final_url\":\(JSONWriter.quoted(text)),\"status\":0,\"bytes\":0,\"elapsed_ms\":0,\"attempts\":0,\"error\":\(JSONWriter.quoted("not an http:// or https:// URL: \(text) (\(place))\(FetchInputRequests.schemeHint(text))"))}"
    }

    /// The response line: url, final_url, status, bytes, elapsed_ms, attempts, error.
    static func jsonLine(_ r: FetchResponse, url: String) -> String {
        var fields: [String] = []
        fields.append("\"url\":\(JSONWriter.quoted(url))")
        fields.append("\"final_url\":\(JSONWriter.quoted(r.finalURL.absoluteString))")
        fields.append("\"status\":\(r.status)")
        fields.append("\"bytes\":\(r.body.count)")
        fields.append("\"elapsed_ms\":\(Int((r.elapsed * 1000).rounded()))")
        fields.append("\"attempts\":\(r.attempts)")
        fields.append("\"error\":\(r.error.map { JSONWriter.quoted($0.description) } ?? "null")")
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// The URLs of the input as requests, parsed one line at a time as the fetcher asks for them
/// (the text is kept, not an array of its lines). Each request's tag is the line as given.
/// With a registry, a URL whose extractor names a whole-article URL is fetched through that one.
struct FetchInputRequests: Sequence, Sendable {
    let text: String
    let registry: ExtractorRegistry?

    init(text: String, registry: ExtractorRegistry?) {
        self.text = text
        self.registry = registry
    }

    func makeIterator() -> Iterator { Iterator(rest: text[...], registry: registry) }

    /// The request's URL for a line that is no http(s) URL: `invalid:<line number>` (its tag
    /// keeps the line).
    static func invalid(line: Int) -> URL { URL(string: "invalid:\(line)")! }

    /// The line number of a request made for a line that is no URL; nil for a real request.
    static func invalidLine(_ url: URL) -> Int? {
        guard url.scheme == "invalid" else { return nil }
        return Int(url.absoluteString.dropFirst("invalid:".count))
    }

    /// "; did you mean https://TEXT?" for a URL written without its scheme (`example.com/news`,
    /// `127.0.0.1:8089/x`: a host with a dot, then a path or port); "" otherwise.
    static func schemeHint(_ text: String) -> String {
        guard !text.contains("://"), let first = text.split(separator: "/").first, first.contains("."),
              isFetchable("https://" + text) else { return "" }
        return "; did you mean https://\(text) (or http://)?"
    }

    /// Whether `text` is a URL the fetcher fetches: http or https, with a host.
    static func isFetchable(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return !(url.host ?? "").isEmpty
    }

    struct Iterator: IteratorProtocol {
        var rest: Substring
        let registry: ExtractorRegistry?
        /// The number of the line read last (1-based; CR LF, CR and LF each end one line).
        var lineNumber = 0

        mutating func next() -> FetchRequest? {
            while !rest.isEmpty {
                let end = rest.utf8.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? rest.endIndex
                var line = rest[..<end]
                lineNumber += 1
                if end < rest.endIndex {
                    var after = rest.utf8.index(after: end)
                    if rest.utf8[end] == 0x0D, after < rest.endIndex, rest.utf8[after] == 0x0A { after = rest.utf8.index(after: after) }
                    rest = rest[after...]
                } else {
                    rest = rest[rest.endIndex...]
                }
                while let c = line.utf8.first, c == 0x20 || c == 0x09 { line = line.dropFirst() }
                while let c = line.utf8.last, c == 0x20 || c == 0x09 { line = line.dropLast() }
                if line.isEmpty || line.hasPrefix("#") { continue }
                let text = String(line)
                // A line that is no URL at all still gets its response line (invalid_url).
                guard FetchInputRequests.isFetchable(text), let url = URL(string: text) else {
                    return FetchRequest(url: FetchInputRequests.invalid(line: lineNumber), tag: text)
                }
                var target = url
                if let registry, let extractor = registry.extractor(for: url), let whole = extractor.wholeArticleURL(for: url) {
                    target = whole
                }
                return FetchRequest(url: target, tag: text)
            }
            return nil
        }
    }
}

/// Lines on standard output, messages on standard error. Output is written in chunks of
/// 64 KB, or at least every 0.2 s while lines keep coming, and at the end.
enum FetchCommandOutput {
    nonisolated(unsafe) private static var buffer: [UInt8] = []
    nonisolated(unsafe) private static var lastFlush = ContinuousClock.now

    /// Only the command's own loop calls this (one task).
    static func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 || ContinuousClock.now - lastFlush > .milliseconds(200) { flush() }
    }

    static func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
        lastFlush = ContinuousClock.now
    }

    static func error(_ message: String) {
        flush()
        FileHandle.standardError.write(Data("kabar: \(message)\n".utf8))
    }
}

struct FetchCommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
