import Foundation
import KabarTesting
import Testing

/// `kabar new-extractor` proposes the page's lead picture from where the generic extractor
/// finds it: og:image, else twitter:image, else the JSON-LD article's image; the Swift
/// skeleton reads the same places and the body's figures.
struct NewExtractorImageTests {
    static let page = Corpus.packageRoot.appendingPathComponent("Plugins/Generic/Fixtures/constructed-news-article.html")

    /// The constructed news article with its og:image and its lead figure taken out, `head`
    /// added to its head and `ld` to its JSON-LD article: a page whose lead picture is only there.
    func page(adding head: String, ld: String) throws -> Data {
        var html = try String(contentsOf: Self.page, encoding: .utf8)
        html = html.replacingOccurrences(of: "<meta property=\"og:image\" content=\"https://cdn.example.org/photos/bridge-lead.jpg\">\n", with: head)
        html = html.replacingOccurrences(of: "\"@type\": \"NewsArticle\",", with: "\"@type\": \"NewsArticle\",\(ld)")
        let figure = try #require(html.range(of: "<figure class=\"lead-image\">"))
        let end = try #require(html.range(of: "</figure>", range: figure.upperBound..<html.endIndex))
        html.removeSubrange(figure.lowerBound..<end.upperBound)
        #expect(!html.contains("og:image") && !html.contains("bridge-lead.jpg"))
        return Data(html.utf8)
    }

    @Test(arguments: [
        ("<meta name=\"twitter:image\" content=\"https://cdn.example.org/photos/twitter-lead.jpg\">\n", "",
         "https://cdn.example.org/photos/twitter-lead.jpg", "{meta: twitter:image}"),
        ("", " \"image\": [{\"@type\": \"ImageObject\", \"url\": \"https://cdn.example.org/photos/ld-lead.jpg\"}],",
         "https://cdn.example.org/photos/ld-lead.jpg", "{jsonld: image.url}"),
    ])
    func declarativeProposesTheLeadPicture(head: String, ld: String, image: String, source: String) async throws {
        let dir = try Executables.temporaryFolder("new-extractor-images")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("constructed-lead-elsewhere.html")
        try page(adding: head, ld: ld).write(to: file)
        let plugins = dir.appendingPathComponent("Plugins")
        let r = try await Kabar.run(["new-extractor", "Example Herald", "--host", "news.example.org", "--from", file.path, "--plugins", plugins.path])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        let yaml = try String(contentsOf: plugins.appendingPathComponent("exampleherald.yaml"), encoding: .utf8)
        let line = yaml.split(separator: "\n").first { $0.hasPrefix("  lead_image:") }.map(String.init)
        #expect(line?.contains(source) == true, "\(yaml)")
        let json = try String(contentsOf: plugins.appendingPathComponent("exampleherald/Fixtures/constructed-lead-elsewhere.json"), encoding: .utf8)
        #expect(json.contains(image), "\(json)")
        #expect(r.stdout.contains("1 fixture of 1 extractor: 1 passed, 0 failed"), "\(r.stdout)")
    }

    /// The Swift skeleton's design reads the lead picture from the same places, in the same
    /// order, and the body's figures with their captions, credits split off (before: og:image only).
    @Test func swiftSkeletonReadsTheSamePlaces() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-swift-images")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = dir.appendingPathComponent("Plugins")
        let r = try await Kabar.run(["new-extractor", "Example Herald", "--host", "news.example.org", "--swift", "--plugins", plugins.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let design = try String(contentsOf: plugins.appendingPathComponent("ExampleHerald/ExampleHeraldD1.swift"), encoding: .utf8)
        #expect(design.contains("let lead = doc.metaTags[\"og:image\"] ?? doc.metaTags[\"og:image:url\"] ?? doc.metaTags[\"twitter:image\"]\n"), "\(design)")
        #expect(design.contains("    ?? ldImage?.string ?? ldImage?[\"url\"]?.string\n"), "\(design)")
        #expect(design.contains("for figure in body.select(\"figure\") {"), "\(design)")
        #expect(design.contains("let printed = CaptionCredit.split(figure.first(\"figcaption\")?.text)"), "\(design)")
    }

    /// An element the proposal would remove (text outside the body: a figure's wrapper holding
    /// its caption) that holds a picture the generic extractor took is kept, so the proposed
    /// file still reads that picture; before, `remove: [div.related-articles, div.photo-box, ...]` took the inline
    /// picture out of every record and `kabar check` noted `fields.images ... matched nothing`.
    @Test func proposedRemovalsKeepThePictures() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-keeps-pictures")
        defer { try? FileManager.default.removeItem(at: dir) }
        var html = try String(contentsOf: Self.page, encoding: .utf8)
        let figure = try #require(html.range(of: "<figure class=\"inline-image\">"))
        let end = try #require(html.range(of: "</figure>", range: figure.upperBound..<html.endIndex))
        html.replaceSubrange(figure.lowerBound..<end.upperBound, with: "<div class=\"photo-box\">" + html[figure.lowerBound..<end.upperBound] + "</div>")
        let file = dir.appendingPathComponent("constructed-wrapped-figure.html")
        try Data(html.utf8).write(to: file)
        let plugins = dir.appendingPathComponent("Plugins")
        let r = try await Kabar.run(["new-extractor", "Example Herald", "--host", "news.example.org", "--from", file.path, "--plugins", plugins.path])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        let yaml = try String(contentsOf: plugins.appendingPathComponent("exampleherald.yaml"), encoding: .utf8)
        let remove = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("remove:") })
        #expect(remove.contains("div.ad-slot") && !remove.contains("photo-box"), "\(yaml)")
        let json = try String(contentsOf: plugins.appendingPathComponent("exampleherald/Fixtures/constructed-wrapped-figure.json"), encoding: .utf8)
        #expect(json.contains("https://cdn.example.org/photos/bridge-plan.jpg"), "\(json)")
        #expect(!r.stdout.contains("matched nothing"), "\(r.stdout)")
        #expect(r.stdout.contains("1 fixture of 1 extractor: 1 passed, 0 failed"), "\(r.stdout)")
    }
    /// `new-extractor --plugins DIR` prints the check to type again with `--plugins DIR` (it
    /// printed `$ kabar check ID`, which, typed, said `unknown site`), and an unknown site says
    /// where declarative files were read from and the id meant when it is misspelt.
    @Test func anotherPluginsFolderIsNamedInTheCheckToTypeAndInUnknownSite() async throws {
        let dir = try Executables.temporaryFolder("new-extractor-plugins-folder")
        defer { try? FileManager.default.removeItem(at: dir) }
        let kabar = try #require(Executables.kabar)
        let plugins = dir.appendingPathComponent("my plugins")
        let made = try await Executables.launch(kabar, ["new-extractor", "Example Herald", "--host", "news.example.org", "--from", Self.page.path,
                                                        "--plugins", plugins.path], in: dir)
        #expect(made.status == 0, "\(made.stdout)\n\(made.stderr)")
        #expect(made.stdout.contains("$ kabar check exampleherald --plugins '\(plugins.path)'\n"), "\(made.stdout)")

        let plain = try await Executables.launch(kabar, ["check", "exampleherald"], in: dir)
        #expect(plain.status == 64, "\(plain.stderr)")
        #expect(plain.stderr.contains("Error: unknown site 'exampleherald'; known: tempo, sindonews, generic; no plugins folder was read: "
                                      + "declarative files are read from --plugins DIR, else $KABAR_PLUGINS, else ./Plugins"), "\(plain.stderr)")
        let misspelt = try await Executables.launch(kabar, ["extract", "--site", "exampleherld", "--plugins", plugins.path, Self.page.path], in: dir)
        #expect(misspelt.status == 64, "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("unknown site 'exampleherld'; did you mean exampleherald? known: "), "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("declarative files (<id>.yaml) were read from \(plugins.path)"), "\(misspelt.stderr)")
        let typed = try await Executables.launch(kabar, ["check", "exampleherald", "--plugins", plugins.path], in: dir)
        #expect(typed.status == 0 && typed.stdout.contains("1 fixture of 1 extractor: 1 passed"), "\(typed.stdout)\n\(typed.stderr)")
    }
}
