import Foundation
import KabarCore

/// One declarative extractor file (`Plugins/<id>.yaml`), read and validated by
/// `DeclarativeLoader`. The format is documented in docs/ADDING-A-SITE.md.
public struct DeclarativeSpec: Sendable {
    public var id: String
    public var version: Int
    public var name: String?
    public var hosts: [String]
    /// Used when neither a field nor the page says which language it is in.
    public var language: String?
    /// `isArticle`: URLs on the hosts matching this pattern (nil: any path but the home page).
    public var articleURL: SpecPattern?
    /// Elements dropped before any field is read.
    public var remove: [FieldSource] = []
    public var paragraphs: ParagraphMode = .blocks
    /// A short line wholly in bold at the start of a paragraph is a subheading.
    public var boldHeadings = false
    /// The lead (standfirst) also opens the body, for sites whose standfirst is part of the
    /// article text but printed apart from it (in the header, as a subheading). Every value of
    /// the lead's source is a paragraph (standfirsts of several points); the lead is the first.
    public var leadInBody = false
    /// An extra date pattern (Unicode date format, e.g. `dd MMMM yyyy HH:mm`) tried before
    /// `NewsDateParser`'s forms.
    public var dateFormat: String?
    /// Seconds east of UTC for dates printed without a zone (`timezone: '+07:00'`).
    public var timezone: Int?
    /// Health floors (`expect: { published: 0.99 }`): the least share of a run's pages each field is expected on.
    public var expect = FieldExpectations()
    /// `scripts: [word, ...]`: the words of the page scripts the file's selectors read (a
    /// `SiteExtractor`'s `scriptWords`): the parse keeps only the scripts holding one of them
    /// (and JSON scripts), not every script and style. Empty: all of them when a selector names
    /// a script or style element (`ScriptReading`).
    public var scriptWords: [String] = []
    public var fields: [DeclarativeField: FieldRule] = [:]
    public var variants: [SpecVariant] = []
    /// The file it was read from, as given to the loader.
    public var file: String
    /// Where `id:` is, for errors about the file as a whole (collisions).
    public var idLine: Int?

    public init(id: String, version: Int, hosts: [String], file: String) {
        self.id = id
        self.version = version
        self.hosts = hosts
        self.file = file
    }
}

/// The record fields a declarative file can fill.
public enum DeclarativeField: String, CaseIterable, Sendable, Comparable {
    case headline, lead, body, authors, published, modified, section, tags, language
    case leadImage = "lead_image"
    case images

    /// Fields that hold several values: every match counts (and `split` applies).
    public var isList: Bool { self == .authors || self == .tags || self == .images }
    public var isImage: Bool { self == .images || self == .leadImage }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How the body container's content becomes paragraphs.
public enum ParagraphMode: String, Sendable, CaseIterable {
    /// `BodyBuilder`'s rules: every block element (`p`, `div`...) is a paragraph, so is a run of
    /// two or more `<br>`; headings, quotes and lists are kept.
    case blocks
    /// Only the container's `p`, `h2`–`h6`, `blockquote`, `ul`/`ol` and `pre` elements: loose
    /// text and other elements between them are not body text.
    case p
    /// As `blocks`, and every single `<br>` ends a paragraph too.
    case br
}

/// Where one field's value comes from: a list of sources tried in order, the first that yields
/// a value winning.
public struct FieldRule: Sendable {
    public var sources: [FieldSource]
    public init(_ sources: [FieldSource]) { self.sources = sources }
}

/// One source of a field's value.
public struct FieldSource: Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Elements matching a CSS selector (their text, or `attr`).
        case css(String)
        /// Nodes an XPath expression selects (elements, attributes or text).
        case xpath(String)
        /// A dotted path into the page's JSON-LD article object (`author.name`, `image.0.url`).
        case jsonld(String)
        /// A `<meta>` tag by name, property, http-equiv or itemprop.
        case meta(String)
    }

    public var kind: Kind
    /// Read this attribute of the matched elements instead of their text.
    public var attr: String?
    /// Split every value at each of these separators in turn (lists: authors, tags).
    public var separators: [String] = []
    /// The first separator (`split: ','`); setting it replaces them all.
    public var split: String? {
        get { separators.first }
        set { separators = newValue.map { [$0] } ?? [] }
    }
    /// Keep the first capture group (or the whole match) of this pattern; values it does not match are dropped.
    public var pattern: SpecPattern?
    /// Images: the caption, a CSS selector looked up in the image's `figure` (else its parent).
    public var caption: String?
    /// Images: the credit, likewise (default: split from the caption by the record convention).
    public var credit: String?
    /// Removal only (`starting:`): of the matched elements, only those whose text, white space
    /// collapsed and lower-cased, starts with one of these (kept in that form) are removed.
    public var startingWith: [String] = []
    /// Where it is written: the key path (`fields.headline[1]`) and line.
    public var key: String
    public var line: Int?

    public init(_ kind: Kind, key: String, line: Int? = nil) {
        self.kind = kind
        self.key = key
        self.line = line
    }

    public var description: String {
        var out: String
        switch kind {
        case .css(let s): out = "css: \(s)"
        case .xpath(let s): out = "xpath: \(s)"
        case .jsonld(let s): out = "jsonld: \(s)"
        case .meta(let s): out = "meta: \(s)"
        }
        if let attr { out += " @\(attr)" }
        if !separators.isEmpty { out += " split " + separators.map { "'\($0)'" }.joined(separator: ", ") }
        if let pattern { out += " pattern /\(pattern.source)/" }
        return out
    }
}

/// A design version of the site: when `when` matches something on the page, its fields
/// replace the top-level ones of the same name, and its `remove` selectors are added.
public struct SpecVariant: Sendable {
    public var name: String
    public var when: FieldSource
    public var fields: [DeclarativeField: FieldRule] = [:]
    public var remove: [FieldSource] = []
    public var paragraphs: ParagraphMode?
    public var line: Int?

    public init(name: String, when: FieldSource) {
        self.name = name
        self.when = when
    }
}

/// A regular expression checked when the file is loaded.
public struct SpecPattern: @unchecked Sendable {
    public let source: String
    let regex: NSRegularExpression

    public init(_ source: String) throws {
        self.source = source
        regex = try NSRegularExpression(pattern: source)
    }

    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first capture group that took part in the match, else the whole match; nil when no match.
    public func capture(in text: String) -> String? {
        guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        if m.numberOfRanges > 1 {
            for i in 1..<m.numberOfRanges {
                if let r = Range(m.range(at: i), in: text) { return String(text[r]) }
            }
        }
        return Range(m.range, in: text).map { String(text[$0]) }
    }
}
