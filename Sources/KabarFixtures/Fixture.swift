import Foundation
import KabarConfig
import KabarCore
import KabarHTML

/// A plugin fixture: `Plugins/<Site>/Fixtures/<name>.json` names a page (a real one in the
/// corpus as `corpus:<path>`, or a page constructed for the tests beside the JSON) and the
/// fields expected from it, written by reading the page.
public struct Fixture: Sendable, CustomStringConvertible {
    public let name: String
    public let jsonFile: URL
    public let page: String
    public let url: URL?
    public let site: String?
    public let constructed: Bool
    /// Expected record fields, by the record's JSON key.
    public let expected: [String: JSONValue]
    /// Strings that must appear nowhere in the record's text, headline or captions.
    public let absent: [String]

    public var description: String { name }

    /// Whether the page is a corpus file.
    public var needsCorpus: Bool { page.hasPrefix("corpus:") }

    public var pageFile: URL {
        if needsCorpus { return Corpus.file(String(page.dropFirst("corpus:".count))) }
        return jsonFile.deletingLastPathComponent().appendingPathComponent(page)
    }

    public var isAvailable: Bool { FileManager.default.fileExists(atPath: pageFile.path) }

    /// Every fixture of every plugin folder, or of one (`Plugins/Tempo`), from the working
    /// directory (the repository's folder). A fixture that cannot be read is left out: `allEach`
    /// names it (the benchmarks warn of it, FixtureTests fails on it).
    public static func all(in pluginFolder: String? = nil) -> [Fixture] {
        allEach(in: pluginFolder).compactMap { try? $0.get() }
    }

    /// As `all(in:)`, each fixture read on its own (`loadEach`): one that cannot be read is an
    /// error naming its file in its place.
    public static func allEach(in pluginFolder: String? = nil) -> [Result<Fixture, FixtureError>] {
        let plugins = Corpus.workingFolder.appendingPathComponent("Plugins")
        let folders: [URL]
        if let pluginFolder {
            folders = [Corpus.workingFolder.appendingPathComponent(pluginFolder)]
        } else {
            folders = ((try? FileManager.default.contentsOfDirectory(at: plugins, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
        }
        return folders.flatMap { loadEach(folder: $0) }
    }

    /// The fixture pages present, for the benchmarks' default pages; none is an error naming
    /// where they were looked for. A fixture that cannot be read is passed to `broken` (the
    /// benchmarks name it and go on with the others).
    public static func availablePages(broken: (FixtureError) -> Void) throws -> [Fixture] {
        let read = split(allEach())
        read.broken.forEach(broken)
        let fixtures = read.fixtures.filter(\.isAvailable)
        if fixtures.isEmpty { throw FixtureError.noPages(Corpus.workingFolder.appendingPathComponent("Plugins").path) }
        return fixtures
    }

    /// `loadEach`'s or `allEach`'s results split: the fixtures read and the errors of those that
    /// could not be, each in order.
    public static func split(_ results: [Result<Fixture, FixtureError>]) -> (fixtures: [Fixture], broken: [FixtureError]) {
        var fixtures: [Fixture] = [], broken: [FixtureError] = []
        for result in results {
            switch result {
            case .success(let fixture): fixtures.append(fixture)
            case .failure(let error): broken.append(error)
            }
        }
        return (fixtures, broken)
    }

    /// The fixtures of one plugin folder given by its path (`<folder>/Fixtures/*.json`), in name
    /// order; a fixture that cannot be read is an error naming its file (the first such).
    public static func load(folder: URL) throws -> [Fixture] {
        try loadEach(folder: folder).map { try $0.get() }
    }

    /// As `load(folder:)`, but each fixture read on its own, in name order: one that cannot be
    /// read (broken JSON, a key missing) is an error naming its file in its place, and the
    /// others are still read (`kabar check` checks them and names the broken one).
    public static func loadEach(folder: URL) -> [Result<Fixture, FixtureError>] {
        let dir = folder.appendingPathComponent("Fixtures")
        let files = ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return files.map { file in
            do { return .success(try Fixture(file: file)) } catch let error as FixtureError { return .failure(error) } catch {
                return .failure(.unreadable(file.path, "\(error)"))
            }
        }
    }

    public init(file: URL) throws {
        let data = try Data(contentsOf: file)
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch { throw FixtureError.badJSON(file.path, Self.jsonProblem(error, in: data)) }
        guard case .object(let o) = json else { throw FixtureError.notAnObject(file.path) }
        name = file.deletingPathExtension().lastPathComponent
        jsonFile = file
        guard case .string(let page) = o["page"] else { throw FixtureError.missing(file.path, "page") }
        self.page = page
        if case .string(let u) = o["url"] { url = URL(string: u) } else { url = nil }
        if case .string(let s) = o["site"] { site = s } else { site = nil }
        if case .bool(let c) = o["constructed"] { constructed = c } else { constructed = !page.hasPrefix("corpus:") }
        guard case .object(let expected) = o["expected"] else { throw FixtureError.missing(file.path, "expected") }
        self.expected = expected
        if case .array(let a) = o["absent"] { absent = a.compactMap { if case .string(let s) = $0 { return s } else { return nil } } } else { absent = [] }
    }

    /// What differs for one expected key, nil when nothing does. The record has every one of
    /// its keys (null when unknown), so a key it lacks is a misspelt one (`headlin`): said as
    /// such, with the key meant, not as "expected ..., found null".
    static func mismatch(_ key: String, expected want: JSONValue, in actual: [String: JSONValue]) -> String? {
        guard let got = actual[key] else {
            let guess = YAMLReader.didYouMean(key, in: actual.keys.sorted())
            return "\(key): not a key of the record; \(guess)(the keys: docs/ARCHITECTURE.md, \"The record\")"
        }
        return want == got ? nil : FieldDiff.describe(field: key, expected: want, actual: got)
    }

    /// Where JSON that does not parse went wrong, as `3: column 12: ...` (the line first, for
    /// `file:line:`), from Foundation's "... around character 95." (it gave only that).
    static func jsonProblem(_ error: Error, in data: Data) -> (line: Int?, message: String) {
        let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        guard let range = detail.range(of: " around character "),
              let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= data.count else {
            return (nil, "not valid JSON: \(detail)")
        }
        let before = data.prefix(offset)
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: data[lineStart..<offset], as: UTF8.self).count + 1
        let what = String(detail[..<range.lowerBound]).lowercased()
        return (line, "not valid JSON at column \(column): \(what) (a comma missing or one too many, a quote not closed...)")
    }

    /// Extracts the fixture's page with `pipeline`.
    public func extract(with pipeline: ArticleAssembler) throws -> Article {
        let data = try Data(contentsOf: pageFile)
        return try pipeline.extract(data: data, url: url, source: SourceRef(file: page), site: site)
    }

    /// Differences between the record and the expected fields: one line per field, empty when all match.
    public func mismatches(in article: Article) throws -> [String] {
        guard case .object(let actual) = try JSONValue.parse(Data(article.jsonLine.utf8)) else { return ["record is not an object"] }
        var problems: [String] = []
        for key in expected.keys.sorted() {
            if let problem = Self.mismatch(key, expected: expected[key]!, in: actual) { problems.append(problem) }
        }
        let haystack = ([article.headline ?? "", article.text, article.lead ?? ""] + article.images.compactMap(\.caption) + article.images.compactMap(\.credit)).joined(separator: "\n")
        for needle in absent where haystack.range(of: needle, options: .caseInsensitive) != nil {
            problems.append("absent: \"\(needle)\" is in the record")
        }
        return problems
    }
}

public enum FixtureError: Error, CustomStringConvertible {
    case notAnObject(String)
    case missing(String, String)
    case unreadable(String, String)
    /// JSON that does not parse: the file, the line (when known) and what is wrong there.
    case badJSON(String, (line: Int?, message: String))
    /// No fixture page in the plugins folder (its path).
    case noPages(String)
    public var description: String {
        switch self {
        case .notAnObject(let f): return "\(f): not a JSON object"
        case .missing(let f, let k): return "\(f): key '\(k)' missing"
        case .unreadable(let f, let why): return "\(f): not a readable fixture: \(why)"
        case .badJSON(let f, let problem): return "\(f)\(problem.line.map { ":\($0)" } ?? ""): \(problem.message)"
        case .noPages(let plugins): return "no fixture pages in \(plugins)/*/Fixtures: run kabar in the repository's folder, or give --pages DIR"
        }
    }
}
