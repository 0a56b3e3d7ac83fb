import CLibXML2
import Foundation

/// What a parse keeps of the text of `<script>` and `<style>` elements.
public enum ScriptText: Sendable, Hashable {
    /// All of it: libxml2's tree of the page as it came.
    case kept
    /// The text of JSON scripts only (a `type` containing "json": JSON-LD, `application/json`);
    /// other scripts and styles are empty elements (`ScriptElision`). What every extractor but
    /// one that reads page scripts needs.
    case jsonOnly
    /// As `.jsonOnly`, and also the text of each other script holding one of these words (byte
    /// for byte, in the page's UTF-8): what an extractor that reads a few page scripts needs
    /// (`var total_page = 3;`). Styles are left out. Made by `containing(_:)`.
    case scriptsContaining(Set<String>)

    /// JSON scripts and the scripts holding one of `words`; `.jsonOnly` when there are none.
    public static func containing(_ words: Set<String>) -> ScriptText {
        let words = words.filter { !$0.isEmpty }
        return words.isEmpty ? .jsonOnly : .scriptsContaining(words)
    }

    /// The words whose scripts are kept (none for `.jsonOnly`; `.kept` keeps everything).
    var words: Set<String> {
        if case .scriptsContaining(let words) = self { return words }
        return []
    }

    /// Whether a page parsed with `self` has every script text that `needed` asks for.
    public func covers(_ needed: ScriptText) -> Bool {
        switch (self, needed) {
        case (.kept, _): return true
        case (_, .kept): return false
        default: return needed.words.isSubset(of: words)
        }
    }

    /// What a page read by both `self`'s and `other`'s readers is parsed with.
    public func union(_ other: ScriptText) -> ScriptText {
        if self == .kept || other == .kept { return .kept }
        return .containing(words.union(other.words))
    }
}

/// Nothing reads the JavaScript or CSS of a page but a plugin that says so, yet libxml2 2.9.14
/// reads every character of a script or style one by one into a text node (on news pages, ad
/// and analytics code and state blobs, about half of the bytes). Before the parse, this copies
/// the page leaving out the content of each `<script>` whose type is not JSON and of each
/// `<style>`, keeping their start and end tags: the tree has the same elements, those empty.
/// A script whose content holds one of the words given (`ScriptText.scriptsContaining`) keeps it.
///
/// The scan follows libxml2 2.9.14's HTML tokenizer in recovery mode, so that it starts an
/// elision only where libxml2 starts a script or style element and ends it where libxml2 does:
/// - a tag starts at `<` and an ASCII letter; its name runs over letters, digits, `: - _ .`;
///   attributes are read as libxml2 reads them (a value in quotes after a name and `=`, else up
///   to a blank or `>`; anything else up to a blank, `>` or `/>`), so a `<script>` inside an
///   attribute value is not a tag; `<script/>` has no content;
/// - a script's or style's content ends at the first `</script` (`</style`), in any case: no
///   escaping, no comments inside (`<!-- document.write("</script>") -->` ends it early in
///   libxml2 too); content that starts with another end tag, with `<noscript>` (a style's:
///   `<body>`, `<frameset>`) or with a NUL byte is not read as content by libxml2;
/// - comments end at the first `-->` or `--!>` after `<!--`; a processing instruction (`<?` and
///   a name) and an end tag at their first `>`; `<!` otherwise, `<?` without a name and `</`
///   without a name are text or dropped, never a tag.
/// Where libxml2's reading is not certain (a NUL byte in a tag, which stops libxml2; an
/// unterminated tag, comment, script or style; a quote cut by a DOCTYPE's `>`; an end tag
/// `</scriptx`), the rest of the page is left as it is. The bytes are UTF-8 (or another
/// ASCII-compatible encoding): every byte the scan acts on is ASCII.
///
/// libxml2 2.14 and later tokenize as HTML5 does (RCDATA titles and textareas, script data with
/// its escapes, other comment rules), which this scan does not follow: built on one of those
/// (the 2.15.4 of Sources/CLibXML2, the default), `HTMLDocument` does not elide (`followsLibxml2`), and the tree is
/// the whole page's.
public enum ScriptElision {
    /// Whether Kabar is built on a libxml2 older than 2.14, whose HTML tokenizer (2.9.14's) this
    /// scan follows.
    public static let followsLibxml2 = LIBXML_VERSION < 21400

    /// The page without the content of its styles and of its scripts that are not JSON and hold
    /// none of `words`; nil when it has none (the page is copied only when something is left out).
    public static func apply(_ data: Data, keeping words: Set<String> = []) -> Data? {
        let cuts = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Range<Int>] in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0 else { return [] }
            var scan = Scan(p: base, n: raw.count, words: words.filter { !$0.isEmpty }.map { Array($0.utf8) })
            scan.run()
            return scan.cuts
        }
        guard !cuts.isEmpty else { return nil }
        return data.leavingOut(cuts)
    }

    /// As `apply`, and how far the same pass followed `AttributeCap`'s reading of the result and
    /// found no tag over its limit: `AttributeCap.apply(result ?? data, from: capFrom)` gives
    /// what `AttributeCap.apply(result ?? data)` gives, without a second pass over what the
    /// scan has read. `capFrom` is an offset into the result (the bytes left out before it
    /// taken off), the result's count when the cap has nothing left to read.
    public static func applyFollowingCap(_ data: Data, keeping words: Set<String> = []) -> (elided: Data?, capFrom: Int) {
        let (cuts, capFrom) = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> ([Range<Int>], Int) in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0 else { return ([], 0) }
            var scan = Scan(p: base, n: raw.count, words: words.filter { !$0.isEmpty }.map { Array($0.utf8) })
            scan.run()
            return (scan.cuts, scan.capFrom)
        }
        // The cuts are script and style contents, never around a place the cap's reading stops at.
        let leftOut = cuts.reduce(0) { $1.upperBound <= capFrom ? $0 + $1.count : $0 }
        return (cuts.isEmpty ? nil : data.leavingOut(cuts), capFrom - leftOut)
    }

    /// The elements whose content libxml2 reads as raw text (lower case).
    static let script = Array("script".utf8), style = Array("style".utf8)
    static let doctype = Array("doctype".utf8), type = Array("type".utf8), json = Array("json".utf8)
    /// The start tags that close a script (a style) when they open its content, in libxml2's table.
    static let noscript = Array("noscript".utf8), body = Array("body".utf8), frameset = Array("frameset".utf8)

    /// One pass over the bytes, collecting the ranges to leave out.
    struct Scan {
        let p: UnsafePointer<UInt8>
        let n: Int
        /// A script holding one of these keeps its content.
        var words: [[UInt8]] = []
        var cuts: [Range<Int>] = []

        // `AttributeCap`'s reading (of the bytes without the cuts), followed where it reads as
        // this scan does: its state between tags is only where it looks for the next `<`, so
        // wherever the two part, the cap can read on from the last place they agreed.
        /// Where the cap's reading is known to be, with no tag over its limit before it.
        var capFrom = 0
        /// Whether the cap's reading is still followed.
        var capFollowed = true
        /// >= 0: the cap is skipping the text of a `title`, `textarea`, `xmp` (or a kept
        /// script's or style's) to its own find of the end tag, here; `capFrom` is the element's
        /// start meanwhile.
        var capSkipTo = -1

        /// A start tag as libxml2 reads it.
        struct StartTag {
            /// Just past its `>` (or `/>`).
            var end: Int
            /// "script" or "style" with content to come (not `<script/>`).
            var rawText: [UInt8]?
            /// Whether its content may be left out (a style, or a script whose type is not JSON).
            var elide: Bool
            /// Whether `AttributeCap` reads it the same (ends at the same `>`, as many
            /// attributes): only blanks other than form feed between the parts, attribute names
            /// ended by a blank, `=` or `>`, values in quotes or without a form feed, no `/`.
            var plain = false
            /// Its attributes (counted on plain tags).
            var attributes = 0
            /// Its name's length.
            var nameLength = 0
        }

        /// At a `<` this scan reads a token at: whether the cap's reading is there too (then
        /// the token's handler may follow it past the token).
        mutating func capAt(_ t: Int) -> Bool {
            guard capFollowed else { return false }
            if capSkipTo >= 0 {
                if t < capSkipTo { return false }
                let to = capSkipTo
                capSkipTo = -1
                capFrom = to
                // Passed inside a token of this scan's: the cap reads on from there by itself.
                guard t == to else { capFollowed = false; return false }
            }
            capFrom = t
            return true
        }

        /// The cap's reading and this scan's part at the token at `capFrom`.
        mutating func capParts() { capFollowed = false }

        /// Whether the cap, from `<` at `from` (not a start tag), next looks for a `<` at `to`:
        /// no `<` in between (it reads no tag but one starting at a `<` and a letter).
        func capSkips(_ from: Int, to: Int) -> Bool { to <= from + 1 || memchr(p + from + 1, 0x3C, to - from - 1) == nil }

        /// Adds a cut; one inside text the cap is skipping changes what it skips.
        mutating func cut(_ range: Range<Int>) {
            cuts.append(range)
            if capSkipTo >= 0, range.lowerBound < capSkipTo { capParts() }
        }

        @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        /// libxml2's `IS_BLANK_CH`: no form feed.
        @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        /// `htmlParseHTMLName`'s first character.
        @inline(__always) static func isNameStart(_ c: UInt8) -> Bool { isLetter(c) || c == 0x5F || c == 0x3A || c == 0x2E }
        /// `htmlParseHTMLName`'s other characters.
        @inline(__always) static func isNameChar(_ c: UInt8) -> Bool {
            isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D
        }

        /// The first `byte` at or after `from`, or nil.
        func find(_ byte: UInt8, from: Int) -> Int? {
            guard from < n, let hit = memchr(p + from, Int32(byte), n - from) else { return nil }
            return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p
        }

        /// Whether `p[from..<to]` holds a NUL byte.
        func hasNUL(_ from: Int, _ to: Int) -> Bool { to > from && memchr(p + from, 0, to - from) != nil }

        /// Whether `p[at...]` starts with `word` (lower case ASCII), in any case.
        func startsWith(_ word: [UInt8], at: Int) -> Bool {
            guard at + word.count <= n else { return false }
            for k in 0..<word.count where p[at + k] | 0x20 != word[k] { return false }
            return true
        }

        mutating func run() {
            // Read to the end: the cap, where it was followed, has nothing more to read, or
            // reads on from the end tag it was skipping to. Stopped early: it reads on from
            // `capFrom`.
            if read(), capFollowed { capFrom = capSkipTo >= 0 ? capSkipTo : n }
        }

        /// The scan; false where it stops early because libxml2's reading is not certain (the
        /// rest is left as it is).
        // Long: one branch per kind of token, each with what the cap's reading does there.
        mutating func read() -> Bool {
            var i = 0
            while let lt = find(0x3C, from: i) {
                i = lt
                guard i + 1 < n else { return false }
                let c = p[i + 1]
                let capHere = capAt(i)
                if Self.isLetter(c) {
                    guard let tag = startTag(at: i) else { return false }
                    if capHere { capStartTag(tag, at: i) }
                    // Whether the cap is skipping this element's text to its own find of the end tag.
                    let capSkipsThis = capHere && capFollowed && capSkipTo >= 0
                    i = tag.end
                    guard let name = tag.rawText else { continue }
                    guard opensContent(name, at: i), let close = closingTag(name, from: i) else { return false }
                    if tag.elide, close > i, name == ScriptElision.style || !holdsWord(i..<close) {
                        if capSkipsThis {
                            // In the bytes left the cap meets this end tag right after the start tag.
                            cuts.append(i..<close)
                            capSkipTo = close
                        } else {
                            cut(i..<close)
                        }
                    }
                    // `</scriptx`: libxml2 ends the content there but the end tag is another
                    // element's; where it goes on is not certain.
                    let after = close + 2 + name.count
                    if after < n, Self.isNameChar(p[after]) { return false }
                    i = close
                } else if c == 0x2F /* / */ {
                    guard i + 2 < n else { return false }
                    if Self.isNameStart(p[i + 2]) {
                        // An end tag: to its `>`, quotes or not (a byte loop: end tags are short).
                        var gt = i + 2, lt = false
                        while gt < n, p[gt] != 0x3E {
                            if p[gt] == 0 { return false }
                            if p[gt] == 0x3C { lt = true }
                            gt += 1
                        }
                        guard gt < n else { return false }
                        // The cap reads on after `</` and reads no tag but at a `<`.
                        if capHere, lt { capParts() }
                        i = gt + 1
                    } else {
                        i += 2   // `</` without a name: dropped (the cap finds no `<` in it)
                    }
                } else if c == 0x21 /* ! */ {
                    if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D {
                        guard let end = commentEnd(from: i + 4) else { return false }
                        // The cap ends a comment at its own find of `-->`.
                        if capHere, AttributeCap.find(AttributeCap.commentEnd, in: p, count: n, from: i + 4) + 3 != end || p[end - 2] != 0x2D { capParts() }
                        i = end
                    } else if startsWith(ScriptElision.doctype, at: i + 2) {
                        // The cap too reads to the first `>` (none in "DOCTYPE").
                        guard let end = doctypeEnd(from: i + 9) else { return false }
                        i = end
                    } else {
                        if capHere { capParts() }   // the cap reads to a `>`
                        i += 1   // `<!` is text
                    }
                } else if c == 0x3F /* ? */ {
                    guard i + 2 < n else { return false }
                    let t = p[i + 2]
                    if Self.isLetter(t) || t == 0x5F || t == 0x3A {
                        guard let gt = find(0x3E, from: i + 2) else { return false }
                        if capHere, !capSkips(i, to: gt) { capParts() }
                        i = gt + 1
                    } else if t >= 0x80 {
                        return false   // a non-ASCII name or not: not certain
                    } else {
                        i += 2   // `<?` without a name: dropped (the cap reads on after `<`)
                    }
                } else {
                    i += 1   // `<` is text
                }
            }
            return true
        }

        /// The cap's reading of the start tag at `at`, where this scan's is `tag`: followed past
        /// a plain tag with no more attributes than the cap keeps; to the end tag the cap looks
        /// for after a `title`, `textarea`, `xmp`, `script` or `style`.
        mutating func capStartTag(_ tag: StartTag, at: Int) {
            guard tag.plain, tag.attributes <= AttributeCap.limit else { return capParts() }
            // A plain tag's name is the cap's; name characters fold to lower case as letters do.
            // The cap's raw text names by length and first letter first: script, style,
            // textarea, title, xmp.
            let raw: Int
            switch (tag.nameLength, p[at + 1] | 0x20) {
            case (6, 0x73): raw = 0
            case (5, 0x73): raw = 1
            case (8, 0x74): raw = 2
            case (5, 0x74): raw = 3
            case (3, 0x78): raw = 4
            default: return
            }
            guard startsWith(AttributeCap.rawTextNames[raw], at: at + 1) else { return }
            capSkipTo = AttributeCap.find(AttributeCap.closers[raw], in: p, count: n, from: tag.end)
            capFrom = at
        }

        /// Reads the start tag at `at` (`<` and a letter); nil where libxml2 stops or the tag does
        /// not end.
        // Long: libxml2's attribute loop, one branch per kind of attribute.
        func startTag(at: Int) -> StartTag? {
            var j = at + 1
            while j < n, Self.isNameChar(p[j]) { j += 1 }
            let nameLength = j - at - 1
            let rawText: [UInt8]? = nameLength == 6 && startsWith(ScriptElision.script, at: at + 1) ? ScriptElision.script
                : nameLength == 5 && startsWith(ScriptElision.style, at: at + 1) ? ScriptElision.style : nil
            var type: Range<Int>?
            var plain = true, attributes = 0
            while true {
                while j < n, Self.isBlank(p[j]) { j += 1 }
                guard j < n, p[j] != 0 else { return nil }
                if p[j] == 0x3E /* > */ {
                    return StartTag(end: j + 1, rawText: rawText, elide: rawText == ScriptElision.style || !isJSON(type),
                                    plain: plain, attributes: attributes, nameLength: nameLength)
                }
                if p[j] == 0x2F, j + 1 < n, p[j + 1] == 0x3E /* /> */ {
                    // The cap skips the `/` and ends at the same `>`.
                    return StartTag(end: j + 2, rawText: nil, elide: false, plain: plain, attributes: attributes, nameLength: nameLength)
                }
                guard Self.isNameStart(p[j]) else {
                    plain = false
                    // Not an attribute: libxml2 skips it to a blank, `>` or `/>`.
                    while j < n, !Self.isBlank(p[j]), p[j] != 0x3E, !(p[j] == 0x2F && j + 1 < n && p[j + 1] == 0x3E) {
                        if p[j] == 0 { return nil }
                        j += 1
                    }
                    continue
                }
                let nameStart = j
                while j < n, Self.isNameChar(p[j]) { j += 1 }
                // The cap's attribute name runs to a space, `=`, `>` or `/`: where this one ends
                // at anything else (not a name character), the next round finds no attribute
                // there and the tag is not plain.
                attributes += 1
                let isType = j - nameStart == 4 && startsWith(ScriptElision.type, at: nameStart)
                while j < n, Self.isBlank(p[j]) { j += 1 }
                guard j < n, p[j] == 0x3D /* = */ else {
                    if isType, type == nil { type = j..<j }
                    continue
                }
                j += 1
                while j < n, Self.isBlank(p[j]) { j += 1 }
                guard j < n else { return nil }
                let value: Range<Int>
                if p[j] == 0x22 || p[j] == 0x27 {
                    guard let close = find(p[j], from: j + 1), !hasNUL(j + 1, close) else { return nil }
                    value = j + 1..<close
                    j = close + 1
                } else {
                    let start = j
                    while j < n, !Self.isBlank(p[j]), p[j] != 0x3E, p[j] != 0 { j += 1 }
                    // The cap's value ends at a form feed too.
                    if memchr(p + start, 0x0C, j - start) != nil { plain = false }
                    value = start..<j
                }
                // libxml2 keeps the first of two attributes of one name.
                if isType, type == nil { type = value }
            }
        }

        /// Whether libxml2 reads what starts at `at`, just after a script's or style's start
        /// tag, as that element's content. It looks for tags there before it does: an end tag
        /// other than the element's own (`<script></p>`) closes other elements or swallows
        /// text, `<noscript>` closes a script and `<body>` or `<frameset>` a style, and a NUL
        /// byte ends the parse.
        func opensContent(_ name: [UInt8], at: Int) -> Bool {
            guard at < n, p[at] != 0 else { return false }
            guard p[at] == 0x3C, at + 1 < n else { return true }
            if p[at + 1] == 0x2F { return startsWith(name, at: at + 2) }
            let closers = name == ScriptElision.script ? [ScriptElision.noscript] : [ScriptElision.body, ScriptElision.frameset]
            return !closers.contains { closer in
                startsWith(closer, at: at + 1) && (at + 1 + closer.count >= n || !Self.isNameChar(p[at + 1 + closer.count]))
            }
        }

        /// Whether `p[range]` holds one of `words`.
        func holdsWord(_ range: Range<Int>) -> Bool {
            words.contains { word in
                word.withUnsafeBufferPointer { w in
                    // memchr to each place the word's first byte is, then the word compared there.
                    var i = range.lowerBound
                    while i + w.count <= range.upperBound, let hit = memchr(p + i, Int32(w[0]), range.upperBound - w.count + 1 - i) {
                        let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p
                        if memcmp(p + at, w.baseAddress!, w.count) == 0 { return true }
                        i = at + 1
                    }
                    return false
                }
            }
        }

        /// Whether a script's type (its value's bytes) names JSON. A value with a character
        /// reference in it counts as JSON: what it says is not read here.
        func isJSON(_ type: Range<Int>?) -> Bool {
            guard let type else { return false }
            var k = type.lowerBound
            while k < type.upperBound {
                if p[k] == 0x26 /* & */ { return true }
                if k + 4 <= type.upperBound, startsWith(ScriptElision.json, at: k) { return true }
                k += 1
            }
            return false
        }

        /// Where `</name` first starts at or after `from` (any case), as libxml2 ends a script or style.
        func closingTag(_ name: [UInt8], from: Int) -> Int? {
            var i = from
            while let lt = find(0x3C, from: i) {
                if lt + 1 < n, p[lt + 1] == 0x2F, startsWith(name, at: lt + 2) { return lt }
                i = lt + 1
            }
            return nil
        }

        /// Just past the `-->` or `--!>` that ends a comment whose text starts at `from`.
        func commentEnd(from: Int) -> Int? {
            var i = from
            while let dash = find(0x2D, from: i) {
                guard dash + 2 < n else { return nil }
                if p[dash + 1] == 0x2D {
                    if p[dash + 2] == 0x3E { return dash + 3 }
                    if p[dash + 2] == 0x21, dash + 3 < n, p[dash + 3] == 0x3E { return dash + 4 }
                }
                i = dash + 1
            }
            return nil
        }

        /// Just past a DOCTYPE's `>`; nil when that `>` falls inside a quote (libxml2 reads its
        /// public and system literals in quotes, but not other quoted text).
        func doctypeEnd(from: Int) -> Int? {
            guard let gt = find(0x3E, from: from), !hasNUL(from, gt) else { return nil }
            var quote: UInt8 = 0
            for k in from..<gt where p[k] == 0x22 || p[k] == 0x27 {
                if quote == 0 { quote = p[k] } else if quote == p[k] { quote = 0 }
            }
            return quote == 0 ? gt + 1 : nil
        }
    }
}
