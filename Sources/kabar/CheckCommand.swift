import ArgumentParser
import Foundation
import KabarCLI
import KabarCore
import KabarDeclarative
import KabarFixtures
import KabarHTML
import KabarPlugins

/// `kabar check [SITE]`: every extractor (or one) against its fixtures, field by field.
/// `kabar check --live URL...`: the health rules on live pages (CheckCommand+Live.swift).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run each extractor on its fixtures and compare field by field; with --live URL..., the health rules on live pages.",
        discussion: """
        For every extractor, Swift or declarative (or only SITE), extracts each fixture page \
        (<Plugin>/Fixtures/NAME.json naming NAME.html or a corpus: page) and prints a table: \
        headline, body, images, authors, date, tags, then other expected keys and the absent \
        strings, each pass, FAIL with a short diff, or missing (the fixture does not state it). \
        For declarative extractors it also lists the selectors that matched nothing on the page, \
        and those that matched but gave nothing, with why (no text, the pattern, not a date). \
        A fixture checks its own plugin: a page the plugin cannot read fails with its error \
        (the generic fallback of runs and `kabar extract` is off here). A fixture that cannot be \
        read (JSON that does not parse, a key missing) fails, named with its file and line; the \
        plugin's other fixtures are still checked. \
        Fixtures on corpus pages are skipped with a note where the corpus is absent. The exit \
        status is 1 when any fixture fails, 2 when a declarative file is broken.

        With --live URL..., fetches the pages now (politely, robots.txt obeyed), reads each with \
        the plugin claiming its host (or --site), gives every page a second opinion by the \
        generic extractor, and prints the health report of a run: per extractor the share of \
        pages with each field, body words, fallbacks, the second opinion, then the warnings \
        (a field below the floor the plugin declares, a body keeping much less text than the \
        generic extractor's, and with --data a drop below the recent level of that store's \
        runs). The exit status is 1 when a rule fails or a page cannot be checked.
        """
    )

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "Only this extractor (see `kabar sites`); with --live, the pages to check.")
    var targets: [String] = []

    @OptionGroup var live: LiveCheckOptions

    var site: String? { targets.first }

    func validate() throws {
        if live.live { try live.validate(urls: targets) } else {
            if targets.count > 1 { throw ValidationError("give one extractor, or --live with page URLs") }
            if live.liveSite != nil || live.liveData != nil || live.json || live.ignoreRobots {
                throw ValidationError("--site, --data, --json and --ignore-robots go with --live")
            }
        }
    }

    // Long: the command's steps in the order their output is printed (options checked, the work run,
    // the summary printed).
    func run() async throws {
        if live.live { try await runLive() } else { try checkFixtures() }
    }

    /// Every extractor (or `site`) against its fixtures.
    func checkFixtures() throws {
        let catalog = try plugins.catalog()
        var pipeline = ArticleAssembler(registry: catalog.registry)
        pipeline.fallsBack = false // a fixture checks its plugin, never the generic fallback
        var extractors = catalog.all
        if let site {
            extractors = extractors.filter { $0.id == site.lowercased() }
            if extractors.isEmpty {
                throw UnknownSite.error(site, known: catalog.all.map(\.id), plugins: plugins)
            }
        }
        var passed = 0, failed = 0, skipped = 0, none = 0
        for extractor in extractors {
            CLIOutput.stdout.writeLine("\(extractor.versionedID) (\(PluginFixtures.origin(of: extractor)))")
            guard let folder = PluginFixtures.folder(for: extractor, catalog: catalog) else {
                CLIOutput.stdout.writeLine("  no fixtures: add \(PluginFixtures.suggestedFixture(for: extractor)) and the page it names (see docs/ADDING-A-SITE.md, \"3. Fixtures\")")
                none += 1
                continue
            }
            // A fixture that cannot be read fails in its place; the plugin's others are checked.
            let fixtures = Fixture.loadEach(folder: folder)
            if fixtures.isEmpty { CLIOutput.stdout.writeLine("  no fixtures in \(folder.path)/Fixtures"); none += 1 }
            for loaded in fixtures {
                let fixture: Fixture
                switch loaded {
                case .success(let f): fixture = f
                case .failure(let error):
                    CLIOutput.stdout.writeLine("  FAIL \(error)")
                    failed += 1
                    continue
                }
                if fixture.needsCorpus && !fixture.isAvailable {
                    CLIOutput.stdout.writeLine("  \(fixture.name): skipped, its page is in the shared corpus, which is absent (no \(fixture.pageFile.path); set KABAR_CORPUS, or run kabar where ../shared/corpus is)")
                    skipped += 1
                    continue
                }
                CLIOutput.stdout.writeLine("  \(fixture.name)")
                let site = fixture.site ?? extractor.id
                let article: Article
                do {
                    guard fixture.isAvailable else { throw ValidationError("the page \(fixture.pageFile.path) is missing") }
                    let data = try Data(contentsOf: fixture.pageFile)
                    article = try pipeline.extract(data: data, url: fixture.url, source: SourceRef(file: fixture.page), site: site)
                } catch {
                    CLIOutput.stdout.writeLine("    FAIL  extraction failed: \(error)")
                    failed += 1
                    continue
                }
                let check: FixtureCheck
                do { check = try FixtureCheck(fixture: fixture, article: article) } catch {
                    CLIOutput.stdout.writeLine("    FAIL  \(error)")
                    failed += 1
                    continue
                }
                for row in check.rows {
                    let head = "    " + row.field.padding(toLength: 10, withPad: " ", startingAt: 0) + row.status.rawValue
                    if row.status == .fail {
                        CLIOutput.stdout.writeLine(head)
                        for line in row.detail { CLIOutput.stdout.writeLine("        " + line) }
                    } else if row.status == .missing {
                        CLIOutput.stdout.writeLine(head + " (" + row.detail.joined(separator: "; ") + ")")
                    } else {
                        CLIOutput.stdout.writeLine(head)
                    }
                }
                if let declarative = catalog.declarative(id: site) {
                    for line in unmatched(declarative, fixture: fixture, url: article.url) { CLIOutput.stdout.writeLine("    note: " + line) }
                }
                if check.failed { failed += 1 } else { passed += 1 }
            }
        }
        let total = passed + failed + skipped
        var summary = "\(counted(total, "fixture")) of \(counted(extractors.count, "extractor")): \(passed) passed, \(failed) failed"
        if skipped > 0 { summary += ", \(skipped) skipped (corpus absent)" }
        if none > 0 { summary += ", \(counted(none, "extractor")) without fixtures" }
        CLIOutput.stdout.writeLine(summary)
        CLIOutput.stdout.flush()
        if failed > 0 { throw ExitCode(1) }
    }

    /// The declarative selectors that matched nothing on the fixture's page, or matched and gave
    /// nothing (each with why).
    func unmatched(_ extractor: DeclarativeExtractor, fixture: Fixture, url: String) -> [String] {
        guard let data = try? Data(contentsOf: fixture.pageFile), let pageURL = URL(string: url),
              let document = try? HTMLDocument(data: data, url: pageURL, scripts: extractor.scriptText),
              let (_, trace) = try? extractor.extractWithTrace(Page(document: document, url: pageURL)) else { return [] }
        return trace.unread.map { "\($0.source.key) (\(extractor.spec.file):\($0.source.line.map(String.init) ?? "?")) \($0.source.description): \($0.reason)" }
    }
}
