import Foundation
import KabarHTML

/// One page of an evaluation corpus in the Fundus format: `NAME.html` beside `NAME.json`, the
/// JSON holding the page's `url` and the `expected` title, body (`summary` plus `sections`,
/// each with `headline` and `paragraphs`), `authors` and `publishing_date`.
public struct EvalPage: Sendable {
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
    /// The JSON's `publisher`, else the file name before its first `_` (`FAZ` of `de/FAZ_2024_04_17`).
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

    /// Every page under `folder` (recursively) whose JSON has an `.html` beside it, sorted by name.
    /// `groups`, when given, keeps only pages whose top folder is one of them.
    public static func load(corpus folder: URL, groups: Set<String>? = nil) throws -> [EvalPage] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw EvalError.noCorpus(folder.path)
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
