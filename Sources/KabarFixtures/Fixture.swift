import Foundation
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
    /// directory (the repository's folder).
    public static func all(in pluginFolder: String? = nil) -> [Fixture] {
        let plugins = Corpus.workingFolder.appendingPathComponent("Plugins")
        let folders: [URL]
        if let pluginFolder {
            folders = [Corpus.workingFolder.appendingPathComponent(pluginFolder)]
        } else {
            folders = ((try? FileManager.default.contentsOfDirectory(at: plugins, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
        }
        var fixtures: [Fixture] = []
        for folder in folders {
            let dir = folder.appendingPathComponent("Fixtures")
            let files = ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
            for file in files {
                do { fixtures.append(try Fixture(file: file)) } catch {
                    fatalError("fixture \(file.path) is not readable: \(error)")
                }
            }
        }
        return fixtures
    }

    /// The fixture pages present, for the benchmarks' default pages; none is an error naming
    /// where they were looked for.
    public static func availablePages() throws -> [Fixture] {
        let fixtures = all().filter(\.isAvailable)
        if fixtures.isEmpty { throw FixtureError.noPages(Corpus.workingFolder.appendingPathComponent("Plugins").path) }
        return fixtures
    }

    /// The fixtures of one plugin folder given by its path (`<folder>/Fixtures/*.json`), in name
    /// order; a fixture that cannot be read is an error naming its file.
    public static func load(folder: URL) throws -> [Fixture] {
        let dir = folder.appendingPathComponent("Fixtures")
        let files = ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return try files.map { file in
            do { return try Fixture(file: file) } catch let error as FixtureError { throw error } catch {
                throw FixtureError.unreadable(file.path, "\(error)")
            }
        }
    }

    public init(file: URL) throws {
        let data = try Data(contentsOf: file)
        guard case .object(let o) = try JSONValue.parse(data) else { throw FixtureError.notAnObject(file.path) }
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
            let want = expected[key]!
            let got = actual[key] ?? .null
            if want != got {
                problems.append(FieldDiff.describe(field: key, expected: want, actual: got))
            }
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
    /// No fixture page in the plugins folder (its path).
    case noPages(String)
    public var description: String {
        switch self {
        case .notAnObject(let f): return "\(f): not a JSON object"
        case .missing(let f, let k): return "\(f): key '\(k)' missing"
        case .unreadable(let f, let why): return "\(f): not a readable fixture: \(why)"
        case .noPages(let plugins): return "no fixture pages in \(plugins)/*/Fixtures: run kabar in the repository's folder, or give --pages DIR"
        }
    }
}
