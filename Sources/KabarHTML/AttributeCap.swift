import Foundation

/// libxml2 compares each attribute of a start tag with every earlier one (to drop
/// duplicates), so one element with n attributes costs n² comparisons: 200 000 attributes
/// on a `<div>` keep the parser busy for minutes. Before parsing, every start tag keeps its
/// first `limit` attributes and loses the rest. One pass over the bytes (ASCII-compatible
/// encodings: the markup characters are the same bytes); the page is copied only when a tag
/// is over the limit. The text of `script`, `style`, `textarea`, `title` and `xmp` is not
/// markup and is skipped, as are comments.
enum AttributeCap {
    static let limit = 256
    /// Elements whose text is not markup (lower case).
    static let rawTextNames: [[UInt8]] = ["script", "style", "textarea", "title", "xmp"].map { Array($0.utf8) }
    /// `</` and each of `rawTextNames`.
    static let closers: [[UInt8]] = rawTextNames.map { [0x3C, 0x2F] + $0 }
    static let commentEnd = Array("-->".utf8)
    static let tagEnd: [UInt8] = [0x3E]

    /// The bytes with every tag's attributes past `limit` dropped; nil when no tag is over.
    // Long: one pass of a byte scanner over an unsafe buffer; its small local helpers share the buffer
    // pointer and position, which separate methods would have to pass around in the hot loop.
    static func apply(_ data: Data, limit: Int = AttributeCap.limit) -> Data? {
        var cuts: [Range<Int>] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let p = raw.bindMemory(to: UInt8.self)
            let n = p.count
            guard n > 0, let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
            func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
            func find(_ needle: [UInt8], from: Int) -> Int { AttributeCap.find(needle, in: base, count: n, from: from) }
            /// The raw-text element `p[from..<to]` names (any case), if it is one.
            func rawTextElement(_ from: Int, _ to: Int) -> [UInt8]? {
                rawTextNames.first { name in
                    name.count == to - from && name.indices.allSatisfy { p[from + $0] | 0x20 == name[$0] }
                }
            }
            var i = 0
            while i < n {
                // Straight to the next '<' (memchr: most of a page is text and attribute values).
                if p[i] != 0x3C {
                    guard let next = memchr(base + i, 0x3C, n - i) else { break }
                    i = UnsafeRawPointer(next).assumingMemoryBound(to: UInt8.self) - base
                }
                guard p[i] == 0x3C /* < */, i + 1 < n else { i += 1; continue }
                let c = p[i + 1]
                if c == 0x21 /* ! */ {
                    if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D {
                        i = find(commentEnd, from: i + 4) + 3
                    } else {
                        i = find(tagEnd, from: i + 2) + 1
                    }
                    continue
                }
                guard isLetter(c) else { i += 1; continue }
                var j = i + 1
                while j < n, !isSpace(p[j]), p[j] != 0x3E, p[j] != 0x2F { j += 1 }
                let name = rawTextElement(i + 1, j)
                var count = 0
                var cutStart: Int?
                // Attributes: name, optionally = and a quoted or bare value.
                while j < n {
                    while j < n, isSpace(p[j]) || p[j] == 0x2F { j += 1 }
                    guard j < n, p[j] != 0x3E else { break }
                    count += 1
                    if count == limit + 1 { cutStart = j }
                    while j < n, !isSpace(p[j]), p[j] != 0x3D, p[j] != 0x3E, p[j] != 0x2F { j += 1 }
                    while j < n, isSpace(p[j]) { j += 1 }
                    guard j < n, p[j] == 0x3D /* = */ else { continue }
                    j += 1
                    while j < n, isSpace(p[j]) { j += 1 }
                    guard j < n else { break }
                    if p[j] == 0x22 || p[j] == 0x27 {
                        // To the closing quote by memchr (class lists, URLs, JSON in data attributes).
                        if let close = memchr(base + j + 1, Int32(p[j]), n - j - 1) {
                            j = UnsafeRawPointer(close).assumingMemoryBound(to: UInt8.self) - base + 1
                        } else {
                            j = n + 1
                        }
                    } else {
                        while j < n, !isSpace(p[j]), p[j] != 0x3E { j += 1 }
                    }
                }
                if let cutStart, j < n { cuts.append(cutStart..<j) }
                i = j + 1
                if let name {
                    i = find(closers[rawTextNames.firstIndex(of: name)!], from: i)
                }
            }
        }
        guard !cuts.isEmpty else { return nil }
        return data.leavingOut(cuts)
    }

    /// The index of `needle` (ASCII, compared case-insensitively as `| 0x20`, so that `/` also
    /// matches 0x0F and `-` 0x0D) in `p[from..<n]`; n if none.
    static func find(_ needle: [UInt8], in p: UnsafePointer<UInt8>, count n: Int, from: Int) -> Int {
        var i = from
        while i + needle.count <= n {
            // The first byte by memchr (it is '<' or '-', never a letter).
            guard let hit = memchr(p + i, Int32(needle[0]), n - i) else { return n }
            i = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p
            guard i + needle.count <= n else { return n }
            var k = 1
            while k < needle.count, p[i + k] | 0x20 == needle[k] | 0x20 { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return n
    }
}
