import Foundation
import KabarCore
import KabarFetch
import KabarStore

/// `kabar check --live URL...`: live pages of a site fetched now (politely, robots.txt obeyed),
/// each read by the plugin claiming its host (or the one named), every page given a second
/// opinion, and the health rules run on them: the floors the plugins declare and the second
/// opinion's floor, and with a store, the recent level of its runs. So a plugin author sees
/// drift before a scheduled run does.
public struct LiveHealthCheck: Sendable {
    public let registry: ExtractorRegistry
    public var configuration: FetchConfiguration
    /// Read every page with this extractor (nil: the one claiming the URL's host).
    public var site: String?
    public var rules = HealthRules()
    /// Where the recent level comes from (nil: floors and the second opinion only). Nothing is saved.
    public var history: (@Sendable (String) throws -> [HealthRow])?
    /// Pages followed for one multi-page article.
    public var maxArticlePages = 20

    public init(registry: ExtractorRegistry, configuration: FetchConfiguration = FetchConfiguration()) {
        self.registry = registry
        self.configuration = configuration
    }

    /// The report, and why pages could not be checked (a failed fetch, no extractor).
    public struct Outcome: Sendable {
        public var health: RunHealth
        public var failures: [String]
        /// A rule failed or a page could not be checked.
        public var failed: Bool { !health.warnings.isEmpty || !failures.isEmpty }
    }

    public func run(_ urls: [URL]) async -> Outcome {
        let fetcher = Fetcher(configuration: configuration)
        let recorder = HealthRecorder(secondOpinion: Int.max, generic: registry.fallback)
        var failures: [String] = []
        for url in urls {
            if let problem = await check(url, fetcher: fetcher, recorder: recorder) { failures.append("\(url.absoluteString): \(problem)") }
        }
        let health = await RunHealth.judge(recorder, rules: rules) { (try? history?($0)) ?? [] }
        return Outcome(health: health, failures: failures)
    }

    /// Fetches and reads one article (its whole-article URL when the plugin names one, else
    /// page by page); nil when it was counted, else why not.
    func check(_ url: URL, fetcher: Fetcher, recorder: HealthRecorder) async -> String? {
        let extractor: any Extractor
        if let site {
            guard let named = registry.extractor(id: site) else { return "unknown extractor \(site) (known: \(registry.ids.joined(separator: ", ")))" }
            extractor = named
        } else {
            guard let claiming = registry.extractor(for: url) else { return "no extractor claims \(url.host ?? "")" }
            extractor = claiming
        }
        var response = await fetcher.fetch(extractor.wholeArticleURL(for: url) ?? url)
        if !response.isSuccess, response.request.url != url { response = await fetcher.fetch(url) }
        guard response.isSuccess else { return response.error?.description ?? "HTTP \(response.status)" }
        var assembler = ArticleAssembler(registry: registry, maxPages: maxArticlePages)
        let opinion = recorder.watch(&assembler)
        do {
            var assembly = try assembler.open(.init(data: response.body, url: response.finalURL, charset: response.charset, fetchedAt: Date()),
                                              site: extractor.id)
            while let next = assembly.nextPage() {
                let more = await fetcher.fetch(next)
                guard more.isSuccess else { break }
                try assembly.add(.init(data: more.body, url: more.finalURL, charset: more.charset, fetchedAt: Date()), asked: next)
            }
            recorder.observe(try assembly.article(), extractor: assembly.extractor, opinion: opinion)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
