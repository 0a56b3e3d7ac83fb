/// Writes records as JSON by hand: keys in a fixed, documented order (JSONEncoder's order
/// is unspecified), every field present (null when absent), and several times faster than
/// JSONEncoder on the hot path of a run.
public enum RecordJSON {
    public static func encode(_ a: Article) -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("schema"); w.int(a.schema)
        w.key("id"); w.string(a.id)
        w.key("url"); w.string(a.url)
        w.key("canonical_url"); w.string(a.canonicalURL)
        w.key("site"); w.string(a.site)
        w.key("extractor"); w.string(a.extractor)
        w.key("fetched_at"); w.string(a.fetchedAt)
        w.key("published_at"); w.string(a.publishedAt)
        w.key("modified_at"); w.string(a.modifiedAt)
        w.key("language"); w.string(a.language)
        w.key("headline"); w.string(a.headline)
        w.key("lead"); w.string(a.lead)
        w.key("authors"); w.strings(a.authors)
        w.key("section"); w.string(a.section)
        w.key("tags"); w.strings(a.tags)
        w.key("body"); w.arrayStart()
        for block in a.body {
            w.objectStart(); w.key("type"); w.string(block.type.rawValue); w.key("text"); w.string(block.text); w.objectEnd()
        }
        w.arrayEnd()
        w.key("text"); w.string(a.text)
        w.key("images"); w.arrayStart()
        for image in a.images {
            w.objectStart()
            w.key("url"); w.string(image.url)
            w.key("caption"); w.string(image.caption)
            w.key("credit"); w.string(image.credit)
            w.key("role"); w.string(image.role.rawValue)
            w.objectEnd()
        }
        w.arrayEnd()
        w.key("content_hash"); w.string(a.contentHash)
        w.key("simhash"); w.string(a.simhash)
        w.key("revision"); w.int(a.revision)
        w.key("duplicate_of"); w.string(a.duplicateOf)
        w.key("paywalled"); if let p = a.paywalled { w.bool(p) } else { w.null() }
        w.key("metadata"); w.objectStart()
        for key in a.metadata.keys.sorted() { w.key(key); w.string(a.metadata[key]) }
        w.objectEnd()
        w.key("source")
        if let s = a.source {
            w.objectStart(); w.key("file"); w.string(s.file); w.key("offset")
            if let o = s.offset { w.int(Int(o)) } else { w.null() }
            w.objectEnd()
        } else { w.null() }
        w.objectEnd()
        return w.output
    }
}

/// A minimal streaming JSON writer (compact, UTF-8, RFC 8259 escapes).
public struct JSONWriter {
    public private(set) var output = ""
    private var needsComma = [false]

    public init() { output.reserveCapacity(4096) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { output.append(",") }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func objectStart() { separator(); output.append("{"); needsComma.append(false) }
    public mutating func objectEnd() { output.append("}"); needsComma.removeLast() }
    public mutating func arrayStart() { separator(); output.append("["); needsComma.append(false) }
    public mutating func arrayEnd() { output.append("]"); needsComma.removeLast() }

    public mutating func key(_ k: String) {
        separator()
        Self.appendEscaped(k, to: &output)
        output.append(":")
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String?) {
        separator()
        guard let s else { output.append("null"); return }
        Self.appendEscaped(s, to: &output)
    }

    public mutating func strings(_ list: [String]) {
        arrayStart()
        for s in list { string(s) }
        arrayEnd()
    }

    public mutating func int(_ i: Int) { separator(); output.append(String(i)) }
    public mutating func bool(_ b: Bool) { separator(); output.append(b ? "true" : "false") }
    public mutating func null() { separator(); output.append("null") }

    public static func appendEscaped(_ s: String, to out: inout String) {
        out.append("\"")
        var plainStart = s.utf8.startIndex
        var i = s.utf8.startIndex
        let utf8 = s.utf8
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                out.append(contentsOf: s[plainStart..<i])
                switch byte {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex = String(byte, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                plainStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out.append(contentsOf: s[plainStart..<utf8.endIndex])
        out.append("\"")
    }
}
