import Foundation
import KabarCore
import KabarPlugins
import KabarRun
import KabarStore
import KabarTesting
import Logging
import Testing

/// Issue 19: each extractor's health in every run (fields, body words, fallbacks, the second
/// opinion), stored in the index, compared with the recent level and the declared floors.
@Suite(.serialized)
struct HealthTests {
    static func run(_ schedule: Schedule, data: URL, registry: ExtractorRegistry = BuiltinExtractors.registry) async throws -> RunResult {
        let folder = try DataFolder(url: data)
        let progress = RunProgress(name: schedule.name, mode: .silent, logger: Logger(label: "test"))
        do {
            let result = try await RunLoop(schedule: schedule, registry: registry, folder: folder, progress: progress).run()
            try await folder.close()
            return result
        } catch {
            try? await folder.close()
            throw error
        }
    }

    static func schedule(_ yaml: String, registry: ExtractorRegistry = BuiltinExtractors.registry) throws -> Schedule {
        try ScheduleLoader(extractors: registry.ids).parse(yaml, file: "health.yaml")
    }

    /// A record made here, as an extractor would have: only the fields the test names.
    static func article(_ n: Int, published: Bool = true, fallback: Bool = false, words: Int = 50) -> Article {
        let text = (0..<words).map { "kata\($0)" }.joined(separator: " ")
        return Article(id: String(n), url: "https://example.com/a/\(n)", canonicalURL: "https://example.com/a/\(n)", site: "tempo",
                       extractor: "tempo/1", publishedAt: published ? "2026-01-0\(n % 9 + 1)T10:00:00+07:00" : nil,
                       headline: "Judul \(n)", body: [Block(.paragraph, text)], text: text,
                       contentHash: "", simhash: "", metadata: fallback ? ["fallback": "generic"] : [:])
    }

    @Test func healthIsTalliedStoredAndADropIsAWarningNamingFieldAndURLs() async throws {
        let site = try GeneratedNewsSite(count: 12)
        defer { site.stop() }
        site.listed = 6
        let data = try Executables.temporaryFolder("kabar-health-drop")
        defer { try? FileManager.default.removeItem(at: data) }
        let schedule = try Self.schedule(site.scheduleYAML())

        // First run: six pages, every one with its byline (author and date).
        let first = try await Self.run(schedule, data: data)
        #expect(first.counters.stored == 6, "\(first.summary) \(first.problems)")
        let health1 = try #require(first.health?.extractors.first { $0.extractor == "generic" })
        #expect(health1.pages == 6)
        #expect(health1.share(.authors) == 1 && health1.share(.headline) == 1 && health1.share(.body) == 1)
        #expect((health1.medianWords ?? 0) > 50 && (health1.lowWords ?? 0) > 0 && health1.lowWords! <= health1.medianWords!)
        #expect(first.health?.warnings == [], "\(first.health?.warnings ?? [])")
        var trend = try FileStore.healthTrend(at: data)
        #expect(trend.count == 1 && trend.first?.extractor == "generic" && trend.first?.pages == 6 && trend.first?.runs == 1, "\(trend)")

        // Second run: six new pages, the site has dropped the byline from them.
        site.listed = 12
        site.withoutBylineFrom = 6
        let second = try await Self.run(schedule, data: data)
        #expect(second.counters.stored == 6, "\(second.summary) \(second.problems)")
        let health2 = try #require(second.health?.extractors.first { $0.extractor == "generic" })
        #expect(health2.pages == 6 && health2.share(.authors) == 0)
        let warning = try #require(second.health?.warnings.first { $0.measure == "authors" }, "\(second.health?.warnings ?? [])")
        #expect(warning.extractor == "generic" && warning.rule == .drop && warning.before == 1 && warning.now == 0)
        let newPages = Set((6..<12).map(site.url))
        #expect(!warning.examples.isEmpty && warning.examples.allSatisfy(newPages.contains), "\(warning.examples)")
        #expect(warning.description.contains("authors went from 100% (recent level) to 0%"), "\(warning)")
        #expect(second.report.contains(warning.description), "\(second.report)")
        #expect(second.report.contains("health: generic: 6 pages"), "\(second.report)")

        // The JSON carries the same: the tally and the warning.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(second.json.utf8)) as? [String: Any])
        let healthJSON = try #require(json["health"] as? [String: Any])
        let generic = try #require((healthJSON["extractors"] as? [String: Any])?["generic"] as? [String: Any])
        #expect(generic["pages"] as? Int == 6)
        #expect((generic["fields"] as? [String: Any])?["authors"] as? Double == 0)
        let warnings = try #require(healthJSON["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["measure"] as? String == "authors" && $0["rule"] as? String == "drop" && ($0["examples"] as? [String])?.isEmpty == false })

        // Both runs are in the index: a day's trend of 12 pages, half with authors.
        trend = try FileStore.healthTrend(at: data)
        let day = try #require(trend.first { $0.extractor == "generic" })
        #expect(day.runs == 2 && day.pages == 12 && day.present[.authors] == 6, "\(trend)")
    }

    @Test func secondOpinionFlagsAPluginThatKeepsLittleOfTheText() async throws {
        let site = try GeneratedNewsSite(count: 5)
        defer { site.stop() }
        let plugins = try Executables.temporaryFolder("kabar-health-plugins")
        defer { try? FileManager.default.removeItem(at: plugins) }
        // A constructed declarative plugin for the local site that keeps only the first paragraph.
        try """
            id: firstparagraph
            hosts: [127.0.0.1]
            fields:
              headline: h1
              body: article p:first-of-type
            """.write(to: plugins.appendingPathComponent("firstparagraph.yaml"), atomically: true, encoding: .utf8)
        let catalog = try PluginCatalog.load(folder: plugins)
        let registry = catalog.registry
        let data = try Executables.temporaryFolder("kabar-health-second")
        defer { try? FileManager.default.removeItem(at: data) }
        let yaml = site.scheduleYAML().replacingOccurrences(of: "extractor: generic", with: "extractor: firstparagraph") + "\nhealth: { second_opinion: 2 }\n"
        let result = try await Self.run(try Self.schedule(yaml, registry: registry), data: data, registry: registry)
        #expect(result.counters.stored == 5, "\(result.summary) \(result.problems)")
        let health = try #require(result.health?.extractors.first { $0.extractor == "firstparagraph" })
        #expect(health.coverages.count == 2, "the sample is two pages")
        #expect((health.coverage ?? 1) < 0.3, "\(health.coverages)")
        let warning = try #require(result.health?.warnings.first { $0.rule == .secondOpinion }, "\(result.health?.warnings ?? [])")
        #expect(warning.extractor == "firstparagraph" && warning.examples.count == 2)

        // The same plugin taking every paragraph keeps the generic extractor's text: no flag.
        try """
            id: firstparagraph
            hosts: [127.0.0.1]
            fields:
              headline: h1
              body: article p
            """.write(to: plugins.appendingPathComponent("firstparagraph.yaml"), atomically: true, encoding: .utf8)
        let whole = try PluginCatalog.load(folder: plugins).registry
        let data2 = try Executables.temporaryFolder("kabar-health-second-whole")
        defer { try? FileManager.default.removeItem(at: data2) }
        let good = try await Self.run(try Self.schedule(yaml, registry: whole), data: data2, registry: whole)
        let goodHealth = try #require(good.health?.extractors.first { $0.extractor == "firstparagraph" })
        #expect((goodHealth.coverage ?? 0) > 0.9, "\(goodHealth.coverages)")
        #expect(good.health?.warnings.contains { $0.rule == .secondOpinion } == false)
    }

    @Test func secondOpinionReadsThePageBeforeThePluginChangesIt() async throws {
        let site = try GeneratedNewsSite(count: 3)
        defer { site.stop() }
        let plugins = try Executables.temporaryFolder("kabar-health-remove")
        defer { try? FileManager.default.removeItem(at: plugins) }
        // A constructed plugin whose `remove:` takes the paragraphs out of the parsed page.
        try """
            id: dropsparagraphs
            hosts: [127.0.0.1]
            remove: ['article p']
            fields:
              headline: h1
              body: article
            """.write(to: plugins.appendingPathComponent("dropsparagraphs.yaml"), atomically: true, encoding: .utf8)
        let registry = try PluginCatalog.load(folder: plugins).registry
        let data = try Executables.temporaryFolder("kabar-health-remove-data")
        defer { try? FileManager.default.removeItem(at: data) }
        let yaml = site.scheduleYAML().replacingOccurrences(of: "extractor: generic", with: "extractor: dropsparagraphs")
        let result = try await Self.run(try Self.schedule(yaml, registry: registry), data: data, registry: registry)
        let health = try #require(result.health?.extractors.first { $0.extractor == "dropsparagraphs" })
        // Read after the plugin, the generic extractor would find no paragraphs either.
        #expect(health.coverages.count == 3 && (health.coverage ?? 1) < 0.2, "\(health.coverages)")
        #expect(result.health?.warnings.contains { $0.rule == .secondOpinion } == true)
    }

    @Test func sitePluginsOnTheSampleSiteMeetTheirFloorsAndTheSecondOpinion() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-health-sample")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await Self.run(try Self.schedule(site.scheduleYAML()), data: data)
        #expect(result.counters.stored == LocalTestSite.articleCount, "\(result.summary) \(result.problems)")
        let health = try #require(result.health)
        #expect(Set(health.extractors.map(\.extractor)) == ["tempo", "sindonews"], "\(health.lines)")
        for tally in health.extractors {
            #expect(tally.coverages.count == min(3, tally.pages), "\(tally.extractor): a second opinion on the first three pages")
            #expect((tally.coverage ?? 0) >= 0.6, "\(tally.extractor): \(tally.coverages)")
        }
        #expect(health.warnings.isEmpty, "\(health.lines)")
        print(health.lines.joined(separator: "\n"))
    }

    @Test func secondOpinionOffWithZero() async throws {
        let site = try GeneratedNewsSite(count: 3)
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-health-off")
        defer { try? FileManager.default.removeItem(at: data) }
        let yaml = site.scheduleYAML().replacingOccurrences(of: "extractor: generic", with: "extractor: tempo")
        var schedule = try Self.schedule(yaml + "\nhealth: { second_opinion: 0 }\n")
        #expect(schedule.health.secondOpinion == 0)
        schedule = try Self.schedule(yaml)
        #expect(schedule.health.secondOpinion == 3, "a few by default")
        do {
            _ = try Self.schedule(yaml + "\nhealth: { second_opinion: -1 }\n")
            Issue.record("a negative sample is refused")
        } catch {
            #expect("\(error)".contains("health.second_opinion"), "\(error)")
        }
    }

    @Test func aDeclaredFloorIsAWarningAndAFallbackIsCounted() throws {
        var tally = ExtractorHealth(extractor: "tempo")
        for n in 0..<3 { tally.add(Self.article(n)) }
        tally.add(Self.article(3, published: false))
        tally.add(Self.article(4, fallback: true))
        #expect(tally.pages == 5 && tally.fallbacks == 1 && tally.fallbackExamples == ["https://example.com/a/4"])
        #expect(tally.share(.published) == 0.8)
        let warnings = HealthRules().judge(tally, recent: nil, floors: BuiltinExtractors.registry.extractor(id: "tempo")!.expectations)
        let floor = try #require(warnings.first { $0.measure == "published" })
        #expect(floor.rule == .floor && floor.before == 0.95 && floor.now == 0.8 && floor.examples == ["https://example.com/a/3"])
        #expect(floor.description == "health: tempo: published 80%, below its declared floor 95%, e.g. https://example.com/a/3")
        // Without a floor and without history, nothing to say.
        #expect(HealthRules().judge(tally, recent: nil, floors: FieldExpectations()).isEmpty)

        // A fallback share well above the recent level is a warning too.
        var history = HealthRow(schedule: "s", extractor: "tempo", day: "2026-01-01", pages: 10,
                                present: [.headline: 10, .body: 10, .published: 10], medianWords: 50, lowWords: 50,
                                fallbacks: 0, samples: 0, coverage: nil)
        history.run = 1
        var degraded = ExtractorHealth(extractor: "tempo")
        for n in 0..<6 { degraded.add(Self.article(n, fallback: n < 3)) }
        let fallback = try #require(HealthRules().judge(degraded, recent: HealthLevel([history]), floors: FieldExpectations()).first { $0.measure == "fallback" })
        #expect(fallback.before == 0 && fallback.now == 0.5 && fallback.examples.count == 3)
    }

    /// A plugin that hands most of a run's pages to the generic extractor is flagged on its
    /// first run (no recent level to compare with), naming the plugin's own error: before, a
    /// plugin whose headline selector was wrong gave no warning at all (its fields came from
    /// the generic extractor) until five runs of history had been kept.
    @Test func aPluginThatFallsBackOnMostPagesIsFlaggedWithItsError() throws {
        let reason = "tempo: no headline (css: h1.title (Plugins/tempo.yaml:11) matched nothing)"
        var tally = ExtractorHealth(extractor: "tempo")
        for n in 0..<4 {
            var article = Self.article(n, fallback: n > 0)
            if n > 0 { article.metadata["fallback_reason"] = reason }
            tally.add(article)
        }
        #expect(tally.fallbackReasons == [reason])
        let warnings = HealthRules().judge(tally, recent: nil, floors: FieldExpectations())
        let fallback = try #require(warnings.first { $0.measure == "fallback" }, "\(warnings)")
        #expect(fallback.rule == .fallback && fallback.now == 0.75 && fallback.examples.count == 3)
        #expect(fallback.description.hasPrefix("health: tempo: 75% of the pages read by the generic extractor instead"), "\(fallback)")
        #expect(fallback.description.contains("its error: \(reason)"), "\(fallback)")
        #expect(warnings.filter { $0.measure == "fallback" }.count == 1)
        // Half the pages or fewer: no such warning without history.
        var some = ExtractorHealth(extractor: "tempo")
        for n in 0..<4 { some.add(Self.article(n, fallback: n < 2)) }
        #expect(HealthRules().judge(some, recent: nil, floors: FieldExpectations()).isEmpty)
    }

    /// Body words are counted without splitting the text, as the second opinion splits it.
    @Test func wordCountIsTheNumberOfWords() {
        for text in ["", "  ", "Satu dua, tiga.", "KPK: 3 tersangka—Rp1,2 miliar!", "Jakarta (ANTARA) -\n\nÉcole 12 İstanbul", "日本 語",
                     // ASCII letters judged by their byte next to what is not: a combining mark after one, CR LF,
                     // curly quotes and dashes, Arabic-Indic digits, a zero-width joiner inside a word.
                     "cafe\u{301} x\u{301}y “kutip”—a\r\nb 12٣٤ x\u{200D}y _under_score 3.5%",
                     "all ASCII:\r\nline 2\tx_y, 3.5% (a-b) [c]\r\n"] {
            #expect(SecondOpinion.wordCount(text) == SecondOpinion.words(text).count, "\(text)")
        }
    }

    @Test func coverageCountsEachWordAsOftenAsBothHaveIt() {
        let generic = (0..<40).map { "w\($0 % 20)" }.joined(separator: " ")
        #expect(SecondOpinion.coverage(plugin: generic, generic: generic) == 1)
        #expect(SecondOpinion.coverage(plugin: (0..<20).map { "w\($0)" }.joined(separator: " "), generic: generic) == 0.5)
        #expect(SecondOpinion.coverage(plugin: "anything", generic: "too short") == nil)
    }
}
