import Foundation
import KabarArchive
import KabarConfig
import KabarCore
import KabarFetch
import Yams

/// Reads and validates schedule files. Every problem is found before anything runs and names
/// the file, the line and the key: an unknown key, a wrong type, a bad duration or cron field,
/// an unknown extractor, a bad URL. YAML is read with Yams' node API (`compose`) so that every
/// value keeps its line.
public struct ScheduleLoader: Sendable {
    /// The extractor ids a schedule may name.
    public let extractors: [String]

    public init(extractors: [String]) { self.extractors = extractors }

    static let topKeys = ["name", "extractor", "sources", "every", "cron", "limits", "politeness", "refresh", "retry_skipped_after", "data", "mirrors", "allow_local", "allow_hosts", "health", "images", "archive"]
    static let limitKeys = ["max_pages", "max_age", "max_sitemaps", "sitemap_depth", "max_article_pages", "max_page_size", "max_source_size"]
    static let politenessKeys = ["concurrency", "per_host", "delay", "robots", "timeout", "attempts", "user_agent", "connect_timeout", "stall", "proxy", "max_retry_after", "resolve"]
    static let archiveKeys = ["codec", "level", "response_block_digest"]
    static let sourceKeys = ["feed", "sitemap", "listing", "links"]

    /// The seconds each duration key takes. Every duration is range-checked where it is read,
    /// so no later conversion (libcurl's milliseconds, a sleep, a log line) can overflow.
    static let ranges: [String: NumberRange] = [
        "every": NumberRange(1, 52 * 604800),
        "limits.max_age": NumberRange(0, ScheduleDuration.longest),
        "retry_skipped_after": NumberRange(0, ScheduleDuration.longest),
        "politeness.delay": NumberRange(0, 3600),
        "politeness.timeout": NumberRange(0, 86400, aboveMin: true),
        "politeness.connect_timeout": NumberRange(0, 3600, aboveMin: true),
        "politeness.stall": NumberRange(1, 86400),
        "politeness.max_retry_after": NumberRange(0, 86400),
    ]

    /// Reads one file.
    public func load(file: URL) throws -> Schedule {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else {
            throw ScheduleError(file: file.relativePath, line: nil, key: nil, message: "no such file or folder")
        }
        if isFolder.boolValue {
            throw ScheduleError(file: file.relativePath, line: nil, key: nil, message: "a folder; expected one schedule file (kabar schedule takes folders)")
        }
        if let problem = ConfigText.checkSize(of: file, kind: Self.kind) {
            throw ScheduleError(file: file.relativePath, line: problem.line, key: nil, message: problem.message)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ScheduleError(file: file.relativePath, line: nil, key: nil, message: "cannot read the file: \(SystemReason.of(error))")
        }
        return try parse(data, file: file.relativePath)
    }

    static let kind = "a schedule file"

    /// Parses the bytes of a schedule file: UTF-8 text, no NUL bytes, at most
    /// `ConfigText.maxFileSize`.
    public func parse(_ data: Data, file: String) throws -> Schedule {
        switch ConfigText.decode(data, kind: Self.kind) {
        case .success(let text): return try parse(text, file: file)
        case .failure(let problem): throw ScheduleError(file: file, line: problem.line, key: nil, message: problem.message)
        }
    }

    /// Every `*.yaml` / `*.yml` file of a folder, in name order; the first problem is thrown
    /// (`load(paths:)` reports them all).
    public func loadFolder(_ folder: URL) throws -> [Schedule] {
        do {
            return try load(paths: [folder])
        } catch let e as ScheduleErrors {
            throw e.errors[0]
        }
    }

    /// Schedule files and folders of them, as given on a command line: a file as it is, a
    /// folder's `*.yaml` / `*.yml` files in name order. Every file is read; the problems of all
    /// of them (a missing path, an unreadable file or folder, a bad key, two schedules of one
    /// name) are thrown together as `ScheduleErrors`.
    public func load(paths: [URL]) throws -> [Schedule] {
        let (schedules, errors) = loadEach(paths: paths)
        if !errors.isEmpty { throw ScheduleErrors(errors: errors) }
        return schedules
    }

    /// As `load(paths:)`, but the schedules that load are returned beside an error for each
    /// file that does not (a later schedule whose name another already took is an error and
    /// left out): `kabar schedule` runs the good ones and reports every other, so one bad file
    /// does not stop every schedule.
    public func loadEach(paths: [URL]) -> (schedules: [Schedule], errors: [ScheduleError]) {
        var schedules: [Schedule] = []
        var errors: [ScheduleError] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDir) else {
                errors.append(ScheduleError(file: path.relativePath, line: nil, key: nil, message: "no such file or folder"))
                continue
            }
            var files = [path]
            if isDir.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: path.path)
                } catch {
                    errors.append(ScheduleError(file: path.relativePath, line: nil, key: nil, message: "cannot read the folder: \(SystemReason.of(error))"))
                    continue
                }
                files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path.appendingPathComponent($0) }
                if files.isEmpty {
                    errors.append(ScheduleError(file: path.relativePath, line: nil, key: nil, message: "no schedule files (*.yaml) in this folder"))
                }
            }
            for file in files {
                do {
                    schedules.append(try load(file: file))
                } catch let e as ScheduleError {
                    errors.append(e)
                } catch let e as ScheduleErrors {
                    errors += e.errors
                } catch {
                    errors.append(ScheduleError(file: file.relativePath, line: nil, key: nil, message: SystemReason.of(error)))
                }
            }
        }
        var seen: [String: String] = [:]
        var distinct: [Schedule] = []
        for s in schedules {
            if let other = seen[s.name] {
                errors.append(ScheduleError(file: s.file, line: nil, key: "name", message: "\"\(s.name)\" is also the name of \(other); names must differ"))
                continue
            }
            seen[s.name] = s.file
            distinct.append(s)
        }
        return (distinct, errors)
    }

    /// Parses the text of a schedule file; `file` names it in errors. Every key is read, and
    /// every problem found: one is thrown as a `ScheduleError`, several as `ScheduleErrors`
    /// in the file's order (a file with three bad keys names all three, each with its line).
    public func parse(_ text: String, file: String) throws -> Schedule {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(text) else {
            throw ScheduleError(file: file, line: nil, key: nil, message: "the file is empty; expected a mapping with at least extractor, sources and every or cron")
        }
        let problems = ConfigProblems(file: file)
        let top = try reader.mapping(root, key: nil, allowed: Self.topKeys, problems: problems)
        let name = problems.check { try readName(top, root: root, file: file, reader: reader) }
        let extractor = problems.check { try readExtractor(top, root: root, reader: reader) } ?? nil
        var allowLocal = false
        if let node = top["allow_local"] { allowLocal = problems.check { try reader.bool(node.value, key: "allow_local") } ?? false }
        let allowHosts = readAllowHosts(top, allowLocal: allowLocal, reader: reader, problems: problems)
        let mirrors = readMirrors(top, allowLocal: allowLocal, reader: reader, problems: problems)
        let sources = problems.check { try readSources(top, root: root, mirrors: mirrors, allowLocal: allowLocal, reader: reader, problems: problems) } ?? nil

        var schedule = Schedule(name: name ?? "", extractor: extractor ?? "", sources: sources ?? [], file: file)
        schedule.allowLocal = allowLocal
        schedule.mirrors = mirrors
        schedule.allowHosts = allowHosts
        schedule.timetable = problems.check { try readTimetable(top, root: root, reader: reader, problems: problems) } ?? nil
        if let node = top["limits"] { problems.check { try readLimits(node.value, into: &schedule.limits, reader: reader, problems: problems) } }
        if let node = top["politeness"] { problems.check { try readPoliteness(node.value, into: &schedule.politeness, reader: reader, problems: problems) } }
        if let node = top["refresh"] { schedule.refresh = problems.check { try reader.bool(node.value, key: "refresh") } ?? false }
        if let node = top["retry_skipped_after"] { problems.check {
            schedule.retrySkippedAfter = reader.isNull(node.value) ? nil : try reader.duration(node.value, key: "retry_skipped_after", Self.ranges["retry_skipped_after"]!)
        } }
        if let node = top["data"] { schedule.data = problems.check { try reader.string(node.value, key: "data", nonEmpty: true) } }
        if let node = top["health"] {
            problems.check {
                let m = try reader.mapping(node.value, key: "health", allowed: ["second_opinion"], problems: problems)
                if let n = m["second_opinion"] { schedule.health.secondOpinion = try reader.int(n.value, key: "health.second_opinion", min: 0, max: 10_000) }
            }
        }
        if let node = top["images"] { problems.check { schedule.images = try readImages(node.value, allowLocal: allowLocal, reader: reader, problems: problems) } }
        if let node = top["archive"] { problems.check {
            (schedule.archive, schedule.archiveResponseBlockDigest) = try readArchive(node.value, reader: reader, problems: problems)
        } }
        try problems.throwIfAny()
        return schedule
    }

    /// `name:`, else the file's name; it must be safe in a file name.
    private func readName(_ top: YAMLReader.Mapping, root: Node, file: String, reader: YAMLReader) throws -> String {
        let defaultName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let name = try top["name"].map { try reader.string($0.value, key: "name", nonEmpty: true) } ?? defaultName
        // The name becomes part of file names (the WARC archive) and log lines.
        if !Self.isSafeName(name) {
            throw reader.error(top["name"]?.value ?? root, key: "name",
                               "expected letters, digits, '.', '_' or '-' (not starting with '.'), at most 100 characters, got \"\(Redaction.redact(name))\"\(top["name"] == nil ? " (from the file name; add name:)" : "")")
        }
        return name
    }

    /// `extractor:`: a plugin id, or auto. A required key that is missing is not reported when
    /// an unknown key was taken for it (`extractr`): that key's error names both.
    private func readExtractor(_ top: YAMLReader.Mapping, root: Node, reader: YAMLReader) throws -> String? {
        guard let extractorNode = top["extractor"] else {
            if top.misspelt.contains("extractor") { return nil }
            throw reader.error(root, key: "extractor", "missing; expected a plugin id (\(extractors.joined(separator: ", ")))")
        }
        let extractor = try reader.string(extractorNode.value, key: "extractor", nonEmpty: true).lowercased()
        guard extractors.contains(extractor) || extractor == "auto" else {
            // A misspelt id (`lagazeteexemple`) names the one meant, as a misspelt key does.
            let guess = YAMLReader.didYouMean(extractor, in: extractors)
            throw reader.error(extractorNode.value, key: "extractor", "unknown extractor \"\(extractor)\"; \(guess)expected one of \(extractors.joined(separator: ", ")), or auto (the plugin claiming each URL's host); "
                               + "a declarative extractor is read from --plugins DIR, else $KABAR_PLUGINS, else ./Plugins where kabar runs (`kabar sites` lists those found)")
        }
        return extractor
    }

    /// `allow_hosts:`: host names (their subdomains included) the schedule may fetch beside the extractor's.
    private func readAllowHosts(_ top: YAMLReader.Mapping, allowLocal: Bool, reader: YAMLReader, problems: ConfigProblems) -> [String] {
        guard let node = top["allow_hosts"] else { return [] }
        return problems.check { try readHosts(node.value, key: "allow_hosts", allowLocal: allowLocal, reader: reader, problems: problems) } ?? []
    }

    /// A list of host names (`allow_hosts:`, `images.hosts:`), each `*.` and dots trimmed.
    func readHosts(_ node: Node, key: String, allowLocal: Bool, reader: YAMLReader, problems: ConfigProblems) throws -> [String] {
        var hosts: [String] = []
        for (i, item) in try reader.sequence(node, key: key).enumerated() { problems.check {
            let host = try reader.string(item, key: "\(key)[\(i)]", nonEmpty: true).trimmingCharacters(in: .whitespaces).lowercased()
            let bare = host.hasPrefix("*.") ? String(host.dropFirst(2)) : host
            guard !bare.isEmpty, bare.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]" }),
                  !bare.hasPrefix("."), !bare.hasSuffix(".") else {
                throw reader.error(item, key: "\(key)[\(i)]", "expected a host name such as example.com (its subdomains included), got \"\(Redaction.redact(host))\"")
            }
            if LocalAddress.isLocal(URL(string: "http://\(bare)/") ?? URL(fileURLWithPath: "/")), !allowLocal {
                throw reader.error(item, key: "\(key)[\(i)]", "\(bare) is a local address; add `allow_local: true` to fetch from this machine or a private network")
            }
            hosts.append(bare)
        } }
        return hosts
    }

    /// `mirrors:`: origins mapped to the base URLs they are fetched from.
    private func readMirrors(_ top: YAMLReader.Mapping, allowLocal: Bool, reader: YAMLReader, problems: ConfigProblems) -> SiteMirrors {
        var mirrors = SiteMirrors()
        if let node = top["mirrors"], let map = problems.check({ try reader.mapping(node.value, key: "mirrors", allowed: nil, problems: problems) }) {
            for entry in map.entries { problems.check {
                let key = "mirrors.\(entry.key)"
                let base = try reader.string(entry.value, key: key, nonEmpty: true)
                guard mirrors.add(origin: entry.key, base: base) else {
                    throw reader.error(entry.keyNode, key: key, "expected an origin (scheme://host[:port]) mapped to an http(s) base URL, got \"\(entry.key)\": \"\(base)\"")
                }
                if let url = URL(string: base), LocalAddress.isLocal(url), !allowLocal {
                    throw reader.error(entry.value, key: key, "\(base) is a local address; add `allow_local: true` to fetch from this machine or a private network")
                }
            } }
        }
        return mirrors
    }

    /// `sources:`: feed:, sitemap: or listing: URLs (a listing with an optional link selector).
    private func readSources(_ top: YAMLReader.Mapping, root: Node, mirrors: SiteMirrors, allowLocal: Bool,
                             reader: YAMLReader, problems: ConfigProblems) throws -> [ScheduleSource]? {
        guard let sourcesNode = top["sources"] else {
            if top.misspelt.contains("sources") { return nil }
            throw reader.error(root, key: "sources", "missing; expected a list of feed:, sitemap: or listing: URLs")
        }
        let items = try reader.sequence(sourcesNode.value, key: "sources")
        guard !items.isEmpty else { throw reader.error(sourcesNode.value, key: "sources", "empty; expected at least one feed:, sitemap: or listing: URL") }
        var sources: [ScheduleSource] = []
        // Every problem of an item is named, each under its own key (a second kind, a bad URL,
        // a link selector where none is taken), not only the first.
        for (i, item) in items.enumerated() { problems.check {
            let key = "sources[\(i)]"
            let m = try reader.mapping(item, key: key, allowed: Self.sourceKeys, problems: problems)
            let kinds = ScheduleSource.Kind.allCases.filter { m[$0.rawValue] != nil }
            // A misspelt kind (`fed:`) is already named as such.
            let kindMisspelt = kinds.isEmpty && !m.misspelt.isDisjoint(with: ScheduleSource.Kind.allCases.map(\.rawValue))
            if kinds.count != 1, !kindMisspelt {
                problems.add(reader.error(item, key: key, "expected exactly one of feed:, sitemap: or listing: with a URL, got \(kinds.isEmpty ? "none" : kinds.map(\.rawValue).joined(separator: " and "))"))
            }
            var urls: [URL] = []
            for kind in kinds {
                guard let urlNode = m[kind.rawValue] else { continue }
                if let url = problems.check({ try readSourceURL(urlNode.value, key: "\(key).\(kind.rawValue)", mirrors: mirrors, allowLocal: allowLocal, reader: reader) }) {
                    urls.append(url)
                }
            }
            var links: String?
            if let linksNode = m["links"] {
                if kinds.count == 1, kinds[0] != .listing {
                    problems.add(reader.error(linksNode.keyNode, key: "\(key).links", "only a listing: source takes a link selector"))
                }
                links = problems.check { try reader.string(linksNode.value, key: "\(key).links", nonEmpty: true) }
            }
            // With any problem the file is refused: only a sound item need be kept.
            guard kinds.count == 1, urls.count == 1 else { return }
            sources.append(ScheduleSource(kind: kinds[0], url: urls[0], links: links))
        } }
        return sources
    }

    /// A source's URL: http(s), and not a local address (nor fetched from one through
    /// `mirrors:`) unless `allow_local` is set.
    private func readSourceURL(_ node: Node, key: String, mirrors: SiteMirrors, allowLocal: Bool, reader: YAMLReader) throws -> URL {
        let url = try reader.url(node, key: key)
        let fetched = mirrors.fetchURL(for: url)
        if LocalAddress.isLocal(fetched), !allowLocal {
            // A public URL fetched through a local mirror: the mirror is what is local.
            let what = fetched == url ? url.absoluteString : "\(url.absoluteString) is fetched from \(fetched.absoluteString) (mirrors:), which"
            throw reader.error(node, key: key, "\(what) is a local address; add `allow_local: true` to fetch from this machine or a private network")
        }
        return url
    }

    /// `every:` or `cron:`, exactly one of them. Given both, the conflict is named and each
    /// value is still read, so a bad cron expression (or duration) is named beside it.
    private func readTimetable(_ top: YAMLReader.Mapping, root: Node, reader: YAMLReader, problems: ConfigProblems) throws -> Schedule.Timetable? {
        switch (top["every"], top["cron"]) {
        case (let every?, nil):
            return .every(try readEvery(every.value, reader: reader))
        case (nil, let cron?):
            return .cron(try readCron(cron.value, reader: reader))
        case (let every?, let cron?):
            problems.add(reader.error(every.keyNode, key: "every", "give either every: or cron:, not both (cron: is on line \(cron.keyNode.mark.map { String($0.line) } ?? "?"))"))
            problems.check { _ = try readEvery(every.value, reader: reader) }
            problems.check { _ = try readCron(cron.value, reader: reader) }
            return nil
        case (nil, nil):
            if top.misspelt.contains("every") || top.misspelt.contains("cron") { return nil }
            throw reader.error(root, key: "every", "missing; expected every: (a duration such as 15m) or cron: (5 fields)")
        }
    }

    private func readEvery(_ node: Node, reader: YAMLReader) throws -> ScheduleDuration {
        try reader.duration(node, key: "every", Self.ranges["every"]!)
    }

    private func readCron(_ node: Node, reader: YAMLReader) throws -> CronExpression {
        let text = try reader.string(node, key: "cron", nonEmpty: true)
        do {
            return try CronExpression(text)
        } catch let e as CronExpression.ParseError {
            // A count of fields already says what the 5 are: only the examples follow it.
            throw reader.error(node, key: "cron", e.field == nil ? "\(e); e.g. \(CronExpression.examples)" : "\(e); expected \(CronExpression.expected)")
        }
    }

    /// `limits:`.
    private func readLimits(_ node: Node, into limits: inout ScheduleLimits, reader: YAMLReader, problems: ConfigProblems) throws {
        let m = try reader.mapping(node, key: "limits", allowed: Self.limitKeys, problems: problems)
        if let n = m["max_pages"] { problems.check { limits.maxPages = try reader.int(n.value, key: "limits.max_pages", min: 1) } }
        if let n = m["max_age"] { problems.check {
            if reader.isNull(n.value) { limits.maxAge = nil } else { limits.maxAge = try reader.duration(n.value, key: "limits.max_age", Self.ranges["limits.max_age"]!) }
        } }
        if let n = m["max_sitemaps"] { problems.check { limits.maxSitemaps = try reader.int(n.value, key: "limits.max_sitemaps", min: 1) } }
        if let n = m["sitemap_depth"] { problems.check { limits.sitemapDepth = try reader.int(n.value, key: "limits.sitemap_depth", min: 1, max: 10) } }
        if let n = m["max_article_pages"] { problems.check { limits.maxArticlePages = try reader.int(n.value, key: "limits.max_article_pages", min: 1, max: 100) } }
        if let n = m["max_page_size"] { problems.check { limits.maxPageSize = try reader.size(n.value, key: "limits.max_page_size", min: 1024) } }
        if let n = m["max_source_size"] { problems.check { limits.maxSourceSize = try reader.size(n.value, key: "limits.max_source_size", min: 1024) } }
    }

    /// `archive:`: the WARC archive's gzip (codec isal, libdeflate or zlib, and its level; a
    /// level without a codec is libdeflate's (0–12), as it was when libdeflate was the default),
    /// and whether response records carry a block digest (`response_block_digest`, default true).
    private func readArchive(_ node: Node, reader: YAMLReader, problems: ConfigProblems) throws -> (ArchiveCompression, Bool) {
        let m = try reader.mapping(node, key: "archive", allowed: Self.archiveKeys, problems: problems)
        var codec = m["level"] == nil ? ArchiveCompression.default.codec : .libdeflate
        if let n = m["codec"] {
            let name = try reader.string(n.value, key: "archive.codec", nonEmpty: true)
            guard let c = ArchiveCompression.Codec(rawValue: name) else {
                throw reader.error(n.value, key: "archive.codec", "expected isal, libdeflate or zlib, got \"\(name)\"")
            }
            codec = c
        }
        var level = ArchiveCompression.default.level
        if let n = m["level"] {
            level = try reader.int(n.value, key: "archive.level", min: codec.levels.lowerBound, max: codec.levels.upperBound)
        }
        var blockDigest = true
        if let n = m["response_block_digest"] { blockDigest = try reader.bool(n.value, key: "archive.response_block_digest") }
        return (ArchiveCompression(codec: codec, level: level), blockDigest)
    }

    /// `politeness:`.
    private func readPoliteness(_ node: Node, into politeness: inout SchedulePoliteness, reader: YAMLReader, problems: ConfigProblems) throws {
        let m = try reader.mapping(node, key: "politeness", allowed: Self.politenessKeys, problems: problems)
        if let n = m["concurrency"] { problems.check { politeness.concurrency = try reader.int(n.value, key: "politeness.concurrency", min: 1, max: 1024) } }
        if let n = m["per_host"] { problems.check { politeness.perHost = try reader.int(n.value, key: "politeness.per_host", min: 1, max: 1024) } }
        if let n = m["delay"] { problems.check { politeness.delay = try reader.duration(n.value, key: "politeness.delay", Self.ranges["politeness.delay"]!) } }
        if let n = m["timeout"] { problems.check { politeness.timeout = try reader.duration(n.value, key: "politeness.timeout", Self.ranges["politeness.timeout"]!) } }
        if let n = m["attempts"] { problems.check { politeness.attempts = try reader.int(n.value, key: "politeness.attempts", min: 1, max: 10) } }
        if let n = m["connect_timeout"] { problems.check { politeness.connectTimeout = try reader.duration(n.value, key: "politeness.connect_timeout", Self.ranges["politeness.connect_timeout"]!) } }
        if let n = m["stall"] { problems.check { politeness.stall = try reader.duration(n.value, key: "politeness.stall", Self.ranges["politeness.stall"]!) } }
        if let n = m["max_retry_after"] { problems.check { politeness.maxRetryAfter = try reader.duration(n.value, key: "politeness.max_retry_after", Self.ranges["politeness.max_retry_after"]!) } }
        if let n = m["resolve"] { problems.check {
            for (i, item) in try reader.sequence(n.value, key: "politeness.resolve").enumerated() {
                let entry = try reader.string(item, key: "politeness.resolve[\(i)]", nonEmpty: true)
                let parts = entry.split(separator: ":", maxSplits: 2)
                guard parts.count == 3, !parts[0].isEmpty, UInt16(parts[1]) != nil, !parts[2].isEmpty else {
                    throw reader.error(item, key: "politeness.resolve[\(i)]", "expected host:port:address such as www.example.com:443:203.0.113.7, got \"\(entry)\"")
                }
                politeness.resolve.append(entry)
            }
        } }
        if let n = m["proxy"] { problems.check {
            let text = try reader.string(n.value, key: "politeness.proxy", nonEmpty: true).trimmingCharacters(in: .whitespaces)
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                  ["http", "https", "socks4", "socks4a", "socks5", "socks5h"].contains(scheme), url.host != nil else {
                throw reader.error(n.value, key: "politeness.proxy", "expected a proxy URL such as http://host:3128 or socks5h://host:1080, got \"\(Redaction.redact(text))\"")
            }
            politeness.proxy = text
        } }
        if let n = m["user_agent"] { problems.check {
            let agent = try reader.string(n.value, key: "politeness.user_agent", nonEmpty: true)
            // Sent as a header line: CR or LF in it would add headers of its own.
            if let problem = HeaderValue.problem(agent) { throw reader.error(n.value, key: "politeness.user_agent", problem) }
            politeness.userAgent = agent
        } }
        if let n = m["robots"] { problems.check {
            let value = try reader.string(n.value, key: "politeness.robots", nonEmpty: true)
            switch value {
            case "obey": politeness.obeyRobots = true
            case "ignore": politeness.obeyRobots = false
            default: throw reader.error(n.value, key: "politeness.robots", "expected obey or ignore, got \"\(value)\"")
            }
        } }
    }

    /// A schedule name that is safe as part of a file name.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }
}

/// The reads only schedules need.
extension YAMLReader {
    func duration(_ node: Node, key: String) throws -> ScheduleDuration {
        let s = try scalar(node, key: key, expected: ScheduleDuration.expected)
        guard let d = ScheduleDuration(s.string) else { throw error(node, key: key, "expected \(ScheduleDuration.expected), got \(describe(node))") }
        return d
    }

    /// A duration within `range` (seconds), else `file:line: key: expected 1s to 366d, got ...`.
    func duration(_ node: Node, key: String, _ range: NumberRange) throws -> ScheduleDuration {
        let d = try duration(node, key: key)
        if let problem = range.problem(d.seconds, show: { ScheduleDuration(seconds: $0).description }) {
            throw error(node, key: key, problem)
        }
        return d
    }

    func size(_ node: Node, key: String, min: Int) throws -> ScheduleSize {
        let s = try scalar(node, key: key, expected: ScheduleSize.expected)
        guard let size = ScheduleSize(s.string) else { throw error(node, key: key, "expected \(ScheduleSize.expected), got \(describe(node))") }
        guard size.bytes >= min else { throw error(node, key: key, "expected at least \(ScheduleSize(bytes: min)), got \(size)") }
        if let problem = NumberRange(Double(min), Double(ScheduleSize.largest)).problem(Double(size.bytes), show: { ScheduleSize(bytes: Int($0)).description }) {
            throw error(node, key: key, problem)
        }
        return size
    }

    func url(_ node: Node, key: String) throws -> URL {
        let text = try string(node, key: key, nonEmpty: true).trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw error(node, key: key, "expected an http:// or https:// URL, got \"\(Redaction.redact(text))\"")
        }
        return url
    }
}
