import Foundation
import KabarCore
import KabarDeclarative
import KabarHTML
import KabarPlugins
import KabarTesting
import Testing

/// Declarative extractors proven on real pages: every `Plugins/<id>.yaml` listed here extracts
/// each of its publisher's pages in the shared corpus (`fundus/<country>/<Publisher>_*.html`),
/// compared with the Fundus project's hand-written expectation beside it, not with our
/// fixtures: title exact, body exact (summary, then each section's headline as a heading and
/// its paragraphs, a list's items counting as paragraphs, whitespace folded), authors as a set
/// (letter case aside), publishing date the same instant to the second (records keep whole seconds).
struct FundusPublisherTests {
    struct Publisher: CustomStringConvertible, Sendable {
        let id: String
        let country: String
        let name: String
        var description: String { "\(id) (\(country)/\(name))" }
    }

    static let publishers: [Publisher] = [
        Publisher(id: "br24", country: "de", name: "BR"),
        Publisher(id: "kommersant", country: "ru", name: "Kommersant"),
        Publisher(id: "sankei", country: "jp", name: "SankeiShimbun"),
        Publisher(id: "ninenews", country: "au", name: "NineNews"),
        Publisher(id: "dailymaverick", country: "za", name: "DailyMaverick"),
        Publisher(id: "lavanguardia", country: "es", name: "LaVanguardia"),
        Publisher(id: "apnews", country: "us", name: "APNews"),
        Publisher(id: "mirror", country: "uk", name: "TheMirror"),
    ]

    @Test(arguments: publishers)
    func matchesFundus(_ publisher: Publisher) throws {
        let file = Corpus.packageRoot.appendingPathComponent("Plugins/\(publisher.id).yaml")
        let spec = try DeclarativeLoader().load(file: file, displayName: "Plugins/\(publisher.id).yaml")
        let extractor = DeclarativeExtractor(spec: spec)
        let catalog = PluginCatalog(folder: file.deletingLastPathComponent(), declarative: [extractor])
        let pipeline = ArticleAssembler(registry: catalog.registry)
        guard Corpus.isAvailable else {
            print("FundusPublisherTests \(publisher): \(Corpus.missingReason)")
            return
        }
        let pages = try Self.pages(of: publisher)
        try #require(!pages.isEmpty, "no pages of \(publisher.name) in \(Corpus.file("fundus/\(publisher.country)").path)")
        for json in pages {
            let name = "\(publisher.country)/\(json.deletingPathExtension().lastPathComponent)"
            let expected = try JSONValue.parse(Data(contentsOf: json))
            let want = try #require(expected["expected"], "\(name): no expected object")
            let url = try #require(expected["url"]?.string.flatMap(URL.init(string:)), "\(name): no url")
            #expect(extractor.isArticle(url), "\(name): \(url) is not an article URL of \(publisher.id) (hosts, article_url)")
            let html = json.deletingPathExtension().appendingPathExtension("html")
            let article = try pipeline.extract(data: Data(contentsOf: html), url: url,
                                               source: SourceRef(file: "corpus:fundus/\(name).html"), site: publisher.id)

            #expect(Self.fold(article.headline ?? "") == Self.fold(want["title"]?.string ?? ""), "\(name): title")

            let wantBody = Self.fundusBody(want["body"])
            let gotBody = Self.recordBody(article.body)
            if wantBody != gotBody {
                let message: String = "\(name): body differs\n" + Self.diff(wantBody, gotBody)
                Issue.record(Comment(rawValue: message))
            }

            // Letter case aside: records title-case bylines printed in capitals (STEVE PEOPLES),
            // the convention of every extractor (`TextNormalizer.personName`); Fundus keeps them.
            let wantAuthors = Set(want["authors"]?.array.compactMap(\.string).map { Self.fold($0).lowercased() } ?? [])
            #expect(Set(article.authors.map { Self.fold($0).lowercased() }) == wantAuthors, "\(name): authors \(article.authors)")

            if let date = want["publishing_date"]?.string {
                let wantDate = try #require(Self.instant(date), "\(name): unreadable Fundus date \(date)")
                let gotDate = article.publishedAt.flatMap(Self.instant)
                #expect(gotDate == wantDate, "\(name): publishing date \(article.publishedAt ?? "none"), want \(date)")
            } else {
                #expect(article.publishedAt == nil, "\(name): no publishing date expected")
            }
        }
    }

    /// Every Fundus page of the publisher: `fundus/<country>/<Publisher>_<date>.json` with its `.html`.
    static func pages(of publisher: Publisher) throws -> [URL] {
        let folder = Corpus.file("fundus/\(publisher.country)")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { file in
                let stem = file.deletingPathExtension().lastPathComponent
                guard file.pathExtension == "json", stem.hasPrefix(publisher.name + "_") else { return false }
                // `<Publisher>_2024_04_22`: a date follows, so NineNews_ never takes NineNewsX_.
                return stem.dropFirst(publisher.name.count + 1).allSatisfy { $0.isNumber || $0 == "_" }
                    && FileManager.default.fileExists(atPath: file.deletingPathExtension().appendingPathExtension("html").path)
            }
            .sorted { $0.path < $1.path }
    }

    /// One body line: its text and whether it is a (sub)heading.
    struct Line: Equatable, CustomStringConvertible {
        let heading: Bool
        let text: String
        var description: String { (heading ? "## " : "") + text }
    }

    static func fundusBody(_ body: JSONValue?) -> [Line] {
        guard let body else { return [] }
        var lines = (body["summary"]?.array.compactMap(\.string) ?? []).map { Line(heading: false, text: fold($0)) }
        for section in body["sections"]?.array ?? [] {
            lines += (section["headline"]?.array.compactMap(\.string) ?? []).map { Line(heading: true, text: fold($0)) }
            lines += (section["paragraphs"]?.array.compactMap(\.string) ?? []).map { Line(heading: false, text: fold($0)) }
        }
        return lines.filter { !$0.text.isEmpty }
    }

    static func recordBody(_ blocks: [Block]) -> [Line] {
        blocks.flatMap { block -> [Line] in
            switch block.type {
            case .heading: return [Line(heading: true, text: fold(block.text))]
            case .list: return block.text.components(separatedBy: "\n").map { Line(heading: false, text: fold($0)) }
            case .paragraph, .quote: return [Line(heading: false, text: fold(block.text))]
            }
        }.filter { !$0.text.isEmpty }
    }

    /// Runs of white space (any Unicode space, including no-break spaces) as one space, trimmed.
    static func fold(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `2024-04-22 15:26:46.863186+00:00` or `2024-04-22T17:26:46+02:00`, to the whole second.
    static func instant(_ text: String) -> Date? {
        var s = text.replacingOccurrences(of: " ", with: "T")
        if let dot = s.range(of: #"\.\d+"#, options: .regularExpression) { s.removeSubrange(dot) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: s)
    }

    /// The first differing line and a little context, for the failure message.
    static func diff(_ want: [Line], _ got: [Line]) -> String {
        var first = min(want.count, got.count)
        for i in 0..<min(want.count, got.count) where want[i] != got[i] {
            first = i
            break
        }
        var out = "  want \(want.count) lines, got \(got.count); first difference at line \(first + 1)\n"
        let end = min(max(want.count, got.count), first + 3)
        for i in max(0, first - 1)..<end {
            let w: String = i < want.count ? String(want[i].description.prefix(140)) : "-"
            let g: String = i < got.count ? String(got[i].description.prefix(140)) : "-"
            out += "  want: \(w)\n  got:  \(g)\n"
        }
        return out
    }
}
