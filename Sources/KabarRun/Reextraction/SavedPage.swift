import Foundation
import KabarArchive
import KabarCore

/// A saved page on disk, as `kabar extract` and `kabar reextract` read it: `.html`, `.htm` or
/// `.xhtml` as it is, or gzipped (`.html.gz`, `.htm.gz`, `.xhtml.gz`: many saved-page
/// collections are) and inflated. The page size cap holds for both: the file before it is read
/// (`PageFile`), and a gzipped page's inflated bytes (`GzipCodec.TooLarge` past it).
public enum SavedPage {
    /// What is read, in words (a folder holding none of it is named with what it holds).
    public static let kinds = "saved pages (.html, .htm, .xhtml, or gzipped: .html.gz, .htm.gz, .xhtml.gz)"

    static let extensions: Set<String> = ["html", "htm", "xhtml"]

    /// Whether the file's name is a saved page's.
    public static func isPage(_ url: URL) -> Bool {
        let ext = url.pathExtension.lowercased()
        if extensions.contains(ext) { return true }
        return ext == "gz" && extensions.contains(url.deletingPathExtension().pathExtension.lowercased())
    }

    /// Why `read` refused a page over the cap, in words that follow the file's name (`kabar
    /// extract`, `kabar parse`); nil for any other error.
    public static func overCap(_ error: Error) -> String? {
        switch error {
        case let e as PageFile.TooLarge: "\(e.bytes) bytes, over the page size cap of \(e.limit) bytes"
        case let e as GzipCodec.TooLarge: "it inflates past \(e.limit) bytes, over the page size cap"
        default: nil
        }
    }

    /// A gzipped page that does not inflate: the reporter names the file.
    public struct Damaged: Error, CustomStringConvertible {
        public let description: String
    }

    /// The page's bytes (inflated when its name ends in `.gz`), within `limit`: `PageFile`'s
    /// errors, `GzipCodec.TooLarge` for a page that inflates past it, `Damaged` for gzip data
    /// that is cut short or corrupt (or none at all).
    public static func read(_ url: URL, limit: Int = PageFile.defaultMaxBytes) throws -> Data {
        let data = try PageFile.read(url, limit: limit)
        // Only a page's name: a .warc.gz given to `kabar extract` is refused as gzip data, not inflated.
        guard url.pathExtension.lowercased() == "gz", isPage(url) else { return data }
        guard GzipCodec.isGzip(data) else {
            throw Damaged(description: "not gzip data, though its name ends in .gz (\(data.isEmpty ? "an empty file" : "no gzip signature"))")
        }
        do { return try GzipCodec.inflate(data, limit: limit) } catch let error as GzipCodec.Failure {
            throw Damaged(description: "a damaged gzip file: \(error.description)")
        }
    }
}
