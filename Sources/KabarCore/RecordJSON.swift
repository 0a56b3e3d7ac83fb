import Foundation

/// Writes records as JSON by hand: keys in a fixed, documented order (JSONEncoder's order
/// is unspecified), every field present (null when absent), and several times faster than
/// JSONEncoder on the hot path of a run.
public enum RecordJSON {
    public static func encode(_ a: Article) -> String {
        var w = JSONWriter(capacity: estimatedSize(of: a))
        write(a, to: &w)
        return w.output
    }

    /// Appends the record's line (no newline) to `bytes`: the store's hot path, with no
    /// intermediate String.
    public static func append(_ a: Article, to bytes: inout [UInt8]) {
        var w = JSONWriter(appendingTo: bytes)
        bytes = []
        write(a, to: &w)
        bytes = w.bytes
    }

    /// Appends the line of the record as a store writes it: as revision `storedRevision`, with
    /// no `duplicate_of` (the same as setting both on a copy, without copying the record).
    public static func append(_ a: Article, storedRevision: Int, to bytes: inout [UInt8]) {
        var w = JSONWriter(appendingTo: bytes)
        bytes = []
        write(a, storedRevision: storedRevision, to: &w)
        bytes = w.bytes
    }

    /// About the line's length: the text is written twice (the blocks and `text`), plus the
    /// rest of the record. Reserving it at once saves growing the buffer three or four times.
    static func estimatedSize(of a: Article) -> Int {
        2 * a.text.utf8.count + a.images.count * 256 + 2048
    }

    /// The line as written before `text` was copied from the blocks (escaped a second time):
    /// the reference the tests hold `encode` to.
    static func referenceEncode(_ a: Article) -> String {
        var w = JSONWriter(capacity: estimatedSize(of: a))
        write(a, reusingBlocks: false, to: &w)
        return w.output
    }

    static func write(_ a: Article, storedRevision: Int? = nil, reusingBlocks: Bool = true, to w: inout JSONWriter) {
        w.objectStart()
        w.field("schema"); w.int(a.schema)
        w.field("id"); w.string(a.id)
        w.field("url"); w.string(a.url)
        w.field("canonical_url"); w.string(a.canonicalURL)
        w.field("site"); w.string(a.site)
        w.field("extractor"); w.string(a.extractor)
        w.field("fetched_at"); w.string(a.fetchedAt)
        w.field("published_at"); w.string(a.publishedAt)
        w.field("modified_at"); w.string(a.modifiedAt)
        w.field("language"); w.string(a.language)
        w.field("headline"); w.string(a.headline)
        w.field("lead"); w.string(a.lead)
        w.field("authors"); w.strings(a.authors)
        w.field("section"); w.string(a.section)
        w.field("tags"); w.strings(a.tags)
        w.field("body"); w.arrayStart()
        // `text` is the blocks joined by a blank line (as `RecordBuilder` makes it): then its
        // escaped form is theirs joined by `\n\n`, copied from the line instead of escaped again.
        let joined = reusingBlocks && !a.body.isEmpty && isJoin(a.text, of: a.body)
        var escaped: [Range<Int>] = []
        if joined { escaped.reserveCapacity(a.body.count) }
        for block in a.body {
            w.objectStart(); w.field("type"); w.string(block.type.rawValue); w.field("text")
            if joined { escaped.append(w.stringRange(block.text)) } else { w.string(block.text) }
            w.objectEnd()
        }
        w.arrayEnd()
        w.field("text")
        if joined { w.escapedCopy(of: escaped, separator: "\\n\\n") } else { w.string(a.text) }
        w.field("images"); w.arrayStart()
        for image in a.images {
            w.objectStart()
            w.field("url"); w.string(image.url)
            w.field("caption"); w.string(image.caption)
            w.field("credit"); w.string(image.credit)
            w.field("role"); w.string(image.role.rawValue)
            if let d = image.download {
                w.field("file"); w.string(d.file)
                w.field("sha256"); w.string(d.sha256)
                w.field("bytes"); w.int(d.bytes)
                w.field("width"); if let v = d.width { w.int(v) } else { w.null() }
                w.field("height"); if let v = d.height { w.int(v) } else { w.null() }
                w.field("type"); w.string(d.type)
            }
            w.objectEnd()
        }
        w.arrayEnd()
        w.field("content_hash"); w.string(a.contentHash)
        w.field("simhash"); w.string(a.simhash)
        w.field("revision"); w.int(storedRevision ?? a.revision)
        w.field("duplicate_of"); w.string(storedRevision == nil ? a.duplicateOf : nil)
        w.field("paywalled"); if let p = a.paywalled { w.bool(p) } else { w.null() }
        w.field("metadata"); w.objectStart()
        for key in a.metadata.keys.sorted() { w.key(key); w.string(a.metadata[key]) }
        w.objectEnd()
        w.field("source")
        if let s = a.source {
            w.objectStart(); w.field("file"); w.string(s.file); w.field("offset")
            if let o = s.offset { w.int(Int(o)) } else { w.null() }
            w.objectEnd()
        } else { w.null() }
        w.objectEnd()
    }
}

extension RecordJSON {
    /// Whether `text` is the blocks' texts joined by "\n\n", byte for byte.
    static func isJoin(_ text: String, of body: [Block]) -> Bool {
        var length = 2 * (body.count - 1)
        for block in body { length += block.text.utf8.count }
        var text = text
        return text.withUTF8 { whole in
            guard whole.count == length else { return false }
            var at = 0
            for (k, block) in body.enumerated() {
                if k > 0 {
                    guard whole[at] == 0x0A, whole[at + 1] == 0x0A else { return false }
                    at += 2
                }
                var part = block.text
                let same = part.withUTF8 { bytes in
                    bytes.isEmpty || memcmp(whole.baseAddress! + at, bytes.baseAddress!, bytes.count) == 0
                }
                guard same else { return false }
                at += block.text.utf8.count
            }
            return true
        }
    }
}

/// A minimal streaming JSON writer (compact, UTF-8, RFC 8259 escapes). It writes bytes:
/// appending many short pieces to a String costs several times more.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the value next written at each nesting level needs a comma before it: bit
    /// `level` for the first 64 levels (a record has three), `deepLevels` beyond. Not an array
    /// per writer, checked and written at every value.
    private var commas: UInt64 = 0
    private var level = 0
    private var deepLevels: [Bool] = []

    public init() { bytes.reserveCapacity(4096) }

    /// A writer with room for about `capacity` bytes.
    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// A writer continuing `bytes` (pass the array uniquely to avoid a copy).
    public init(appendingTo bytes: [UInt8]) { self.bytes = bytes }

    public var output: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    private mutating func separator() {
        if needsComma { bytes.append(0x2C) }
        needsComma = true
    }

    /// The current level's flag.
    private var needsComma: Bool {
        @inline(__always) get { level < 64 ? commas & (1 << UInt64(level)) != 0 : deepLevels[level - 64] }
        @inline(__always) set {
            if level < 64 {
                if newValue { commas |= 1 << UInt64(level) } else { commas &= ~(1 << UInt64(level)) }
            } else {
                deepLevels[level - 64] = newValue
            }
        }
    }

    private mutating func push() {
        level += 1
        if level >= 64 { deepLevels.append(false) }
        needsComma = false
    }

    private mutating func pop() {
        if level >= 64 { deepLevels.removeLast() }
        level -= 1
    }

    public mutating func objectStart() { separator(); bytes.append(0x7B); push() }
    public mutating func objectEnd() { bytes.append(0x7D); pop() }
    public mutating func arrayStart() { separator(); bytes.append(0x5B); push() }
    public mutating func arrayEnd() { bytes.append(0x5D); pop() }

    public mutating func key(_ k: String) {
        separator()
        Self.appendEscaped(k, to: &bytes)
        bytes.append(0x3A)
        needsComma = false
    }

    /// A key known at compile time (plain ASCII, nothing to escape), written as is.
    @inline(__always)
    public mutating func field(_ k: StaticString) {
        separator()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        bytes.append(0x22)
        bytes.append(0x3A)
        needsComma = false
    }

    public mutating func string(_ s: String?) {
        separator()
        guard let s else { Self.appendRaw("null", to: &bytes); return }
        Self.appendEscaped(s, to: &bytes)
    }

    /// As `string` (not nil), returning where the escaped text (quotes left out) is in `bytes`.
    mutating func stringRange(_ s: String) -> Range<Int> {
        separator()
        let start = bytes.count + 1
        Self.appendEscaped(s, to: &bytes)
        return start..<(bytes.count - 1)
    }

    /// A string value made of escaped text already written (`ranges` of `bytes`, as
    /// `stringRange` returned them) joined by `separator` (escaped already), copied.
    mutating func escapedCopy(of ranges: [Range<Int>], separator join: StaticString) {
        separator()
        var length = 2 + join.utf8CodeUnitCount * max(ranges.count - 1, 0)
        for r in ranges { length += r.count }
        var at = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: length))
        bytes.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            base[at] = 0x22; at += 1
            for (k, r) in ranges.enumerated() {
                if k > 0 {
                    (base + at).update(from: join.utf8Start, count: join.utf8CodeUnitCount)
                    at += join.utf8CodeUnitCount
                }
                (base + at).update(from: base + r.lowerBound, count: r.count)
                at += r.count
            }
            base[at] = 0x22
        }
    }

    public mutating func strings(_ list: [String]) {
        arrayStart()
        for s in list { string(s) }
        arrayEnd()
    }

    public mutating func int(_ i: Int) {
        separator()
        if i >= 0 && i < 10 { bytes.append(0x30 + UInt8(i)); return }
        Self.appendRaw(String(i), to: &bytes)
    }
    public mutating func bool(_ b: Bool) { separator(); Self.appendRaw(b ? "true" : "false", to: &bytes) }
    public mutating func null() { separator(); Self.appendRaw("null", to: &bytes) }

    private static func appendRaw(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    /// `s` as a JSON string literal, quotes included (for hand-written JSON summary lines).
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendEscaped(s, to: &out)
        return out
    }

    public static func appendEscaped(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        appendEscaped(s, to: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether any of eight bytes is '"', '\\' or a control character (below 0x20): the
    /// zero-byte test of SWAR, on the bytes XORed with '"' and '\\', and on the bytes below 0x20.
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let quote = hasZero(w ^ (ones &* 0x22)), backslash = hasZero(w ^ (ones &* 0x5C))
        let control = (w &- ones &* 0x20) & ~w & highs
        return quote | backslash | control != 0
    }

    public static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            var plainStart = 0
            var i = 0
            while i < utf8.count {
                // Eight bytes at a time while none needs escaping.
                if i + 8 <= utf8.count && !needsEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let byte = utf8[i]
                i += 1
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                let i = i - 1
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<i]))
                out.append(0x5C)
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
                plainStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
        }
        out.append(0x22)
    }
}
