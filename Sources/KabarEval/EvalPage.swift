import Foundation
import KabarArchive
import KabarHTML

/// One page of an evaluation corpus, in one of two formats:
///
/// - **Fundus**: `NAME.html` beside `NAME.json`, the JSON holding the page's `url` and the
///   `expected` title, body (`summary` plus `sections`, each with `headline` and `paragraphs`),
///   `authors` and `publishing_date`;
/// - **WCXB** (the Web Content eXtraction Benchmark): `html/NNNN.html.gz` and
///   `ground-truth/NNNN.json`, the JSON holding `url` and `ground_truth` with `title`, `author`,
///   `publish_date`, `main_content`, `with` (snippets a correct extraction contains) and
///   `without` (boilerplate snippets it must not contain). Its pages are scored by WCXB's own
///   metric, word F1 over a bag of `\w+` tokens.
public struct EvalPage: Sendable {
    public enum Format: String, Sendable {
        case fundus
        case wcxb
    }

    public var format: Format = .fundus
    /// Snippets the extracted text must contain, and must not (WCXB; empty for Fundus).
    public var with: [String] = []
    public var without: [String] = []
    /// The path of the page relative to the corpus folder, without extension (`de/FAZ_2024_04_17`).
    public let name: String
    public let htmlFile: URL
    public let url: URL?
    public let title: String?
    /// Summary, section headlines and paragraphs, one per line, in order.
    public let body: String
    /// nil when the expected JSON has no authors (the page is left out of the author score).
    public let authors: [String]?
    /// As written in the JSON (`2024-05-03 15:47:42.389000+00:00`); nil leaves the page out
    /// of the date score.
    public let publishingDate: String?
    /// The JSON's `publisher`, else the file name before its first `_` (`FAZ` of `de/FAZ_2024_04_17`);
    /// for WCXB, the URL's host without `www.` (a site).
    public let publisher: String

    /// The top folder of `name` (the country in the Fundus corpus).
    public var group: String { name.split(separator: "/").first.map(String.init) ?? "" }

    /// Which half of a corpus split by publisher the page is in: "A" or "B", by the parity of
    /// the 64-bit FNV-1a hash of the publisher's name. Every page of one publisher is in the same
    /// half, and the split does not depend on which other pages are in the corpus, so rules
    /// developed on one half can be checked on the other, on publishers never looked at.
    public var half: String { Self.half(ofPublisher: publisher) }

    public static func half(ofPublisher publisher: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in publisher.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash % 2 == 0 ? "A" : "B"
    }

    public init(name: String, htmlFile: URL, url: URL?, title: String?, body: String, authors: [String]?, publishingDate: String?, publisher: String? = nil) {
        self.name = name
        let file = name.split(separator: "/").last.map(String.init) ?? name
        self.publisher = publisher ?? file.split(separator: "_").first.map(String.init) ?? file
        self.htmlFile = htmlFile
        self.url = url
        self.title = title
        self.body = body
        self.authors = authors
        self.publishingDate = publishingDate
    }

    public init(jsonFile: URL, name: String) throws {
        let value = try JSONValue.parse(Data(contentsOf: jsonFile))
        guard let expected = value["expected"]?.object else { throw EvalError.malformed(jsonFile.path, "no \"expected\" object") }
        let html = jsonFile.deletingPathExtension().appendingPathExtension("html")
        var lines: [String] = []
        if let body = expected["body"] {
            lines += body["summary"]?.array.compactMap(\.string) ?? []
            for section in body["sections"]?.array ?? [] {
                lines += section["headline"]?.array.compactMap(\.string) ?? []
                lines += section["paragraphs"]?.array.compactMap(\.string) ?? []
            }
        }
        let authors: [String]?
        if let a = expected["authors"], a != .null { authors = a.array.compactMap(\.string) } else { authors = nil }
        self.init(name: name, htmlFile: html, url: value["url"]?.string.flatMap(URL.init(string:)),
                  title: expected["title"]?.string, body: lines.joined(separator: "\n"),
                  authors: authors, publishingDate: expected["publishing_date"]?.string,
                  publisher: value["publisher"]?.string)
    }

    /// A WCXB ground-truth file (`ground-truth/NNNN.json`); the page is `html/NNNN.html.gz`
    /// beside that folder.
    public init(wcxbFile jsonFile: URL) throws {
        let value = try JSONValue.parse(Data(contentsOf: jsonFile))
        guard let truth = value["ground_truth"]?.object else { throw EvalError.malformed(jsonFile.path, "no \"ground_truth\" object") }
        let name = jsonFile.deletingPathExtension().lastPathComponent
        let html = jsonFile.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("html").appendingPathComponent(name + ".html.gz")
        let url = value["url"]?.string.flatMap(URL.init(string:))
        var host = url?.host?.lowercased() ?? name
        if host.hasPrefix("www.") { host.removeFirst(4) }
        let author = truth["author"]?.string?.trimmingCharacters(in: .whitespaces)
        self.init(name: name, htmlFile: html, url: url, title: truth["title"]?.string,
                  body: truth["main_content"]?.string ?? "",
                  authors: author.map { $0.isEmpty ? [] : [$0] }, publishingDate: truth["publish_date"]?.string,
                  publisher: host)
        format = .wcxb
        with = truth["with"]?.array.compactMap(\.string) ?? []
        without = truth["without"]?.array.compactMap(\.string) ?? []
    }

    /// The page's bytes, gunzipped when the file is `.gz`.
    public func html() throws -> Data {
        let data = try Data(contentsOf: htmlFile)
        return htmlFile.pathExtension == "gz" ? try GzipCodec.inflate(data) : data
    }

    /// Every page of the corpus in `folder`, sorted by name: a WCXB folder (`html/` and
    /// `ground-truth/`), else every JSON under `folder` (recursively) with an `.html` beside it.
    /// `groups`, when given, keeps only pages whose top folder is one of them (Fundus).
    public static func load(corpus folder: URL, groups: Set<String>? = nil) throws -> [EvalPage] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw EvalError.noCorpus(folder.path)
        }
        let truth = folder.appendingPathComponent("ground-truth")
        if FileManager.default.fileExists(atPath: truth.path, isDirectory: &isDir), isDir.boolValue {
            let files = try FileManager.default.contentsOfDirectory(at: truth, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
            return try files.map { try EvalPage(wcxbFile: $0) }
                .filter { FileManager.default.fileExists(atPath: $0.htmlFile.path) }
                .sorted { $0.name < $1.name }
        }
        let base = folder.standardizedFileURL.path
        var pages: [EvalPage] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL {
            guard file.pathExtension == "json" else { continue }
            let html = file.deletingPathExtension().appendingPathExtension("html")
            guard FileManager.default.fileExists(atPath: html.path) else { continue }
            var relative = file.standardizedFileURL.deletingPathExtension().path
            if relative.hasPrefix(base) { relative.removeFirst(base.count) }
            while relative.hasPrefix("/") { relative.removeFirst() }
            let page = try EvalPage(jsonFile: file, name: relative)
            if let groups, !groups.contains(page.group) { continue }
            pages.append(page)
        }
        return pages.sorted { $0.name < $1.name }
    }
}

public enum EvalError: Error, CustomStringConvertible {
    case noCorpus(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .noCorpus(let path): return "\(path): not a folder"
        case .malformed(let path, let why): return "\(path): \(why)"
        }
    }
}
