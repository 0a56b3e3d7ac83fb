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

/// Nothing reads the JavaScript or CSS of a page but a plugin that says so: after the parse,
/// this empties each `<script>` whose type is not JSON and each `<style>` (their text nodes
/// taken out of the tree; the elements stay, empty), so that a plugin asking for JSON scripts
/// only, or for the scripts holding some words, sees no other script's or style's text. A script
/// whose text holds one of the words given (`ScriptText.scriptsContaining`, byte for byte in
/// the tree's UTF-8) keeps it.
///
/// The elements are found through the element index (its `script` and `style` lists), not by a
/// walk. On libxml2 2.9.14 this was done on the bytes before the parse, by a scan following
/// 2.9's tokenizer, which saved 2.9 the character-by-character read of script text. 2.15's
/// HTML5 tokenizer reads script and style text in bulk: over 300 crawl pages the parse of the
/// page without that text saved 0.052 ms of 0.54 ms a page and the scan cost 0.058 ms
/// (docs/PERFORMANCE.md), so a scan before the parse, even one following 2.15's tokenizer
/// exactly, would cost more than it saves.
public enum ScriptElision {
    static let scriptKey = ElementIndex.key("script"), styleKey = ElementIndex.key("style")

    /// Takes the text out of the styles and of the scripts that are not JSON and hold none of
    /// `words`; returns the nodes taken out (unlinked, for the document to free).
    static func clear(in index: ElementIndex, keeping words: Set<String>) -> [xmlNodePtr] {
        let words = words.filter { !$0.isEmpty }.map { Array($0.utf8) }
        var taken: [xmlNodePtr] = []
        for (key, isScript) in [(scriptKey, true), (styleKey, false)] {
            guard let positions = index.byTag[key] else { continue }
            for position in positions {
                let element = index.elements[Int(position)]
                // A hash shared with another name, or an element no longer in the tree.
                guard element.pointee.children != nil, ElementIndex.position(of: element) != nil,
                      let name = element.pointee.name,
                      strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), isScript ? "script" : "style") == 0
                else { continue }
                if isScript, isJSON(element) || holds(words, element) { continue }
                var child = element.pointee.children
                while let c = child {
                    child = c.pointee.next
                    ElementIndex.forget(c)
                    xmlUnlinkNode(c)
                    taken.append(c)
                }
            }
        }
        return taken
    }

    /// Whether a script's `type` (its first) names JSON: JSON-LD, `application/json`.
    static func isJSON(_ script: xmlNodePtr) -> Bool {
        SelectorMatcher.withAttribute("type", script) { value in
            guard let value else { return false }
            let bytes = UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)
            return contains(UnsafeBufferPointer(start: bytes, count: strlen(value)), json, foldingCase: true)
        }
    }

    /// Whether the text of `element`'s children holds one of `words`.
    static func holds(_ words: [[UInt8]], _ element: xmlNodePtr) -> Bool {
        guard !words.isEmpty else { return false }
        var text: [UInt8] = []
        var child = element.pointee.children
        while let c = child {
            if let content = c.pointee.content { text.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)))) }
            child = c.pointee.next
        }
        guard !text.isEmpty else { return false }
        return text.withUnsafeBufferPointer { t in words.contains { contains(t, $0, foldingCase: false) } }
    }

    static let json = Array("json".utf8)

    /// Whether `text` holds `word` (with `foldingCase`, ASCII letters in any case: `word` in
    /// lower case). Without it, memchr to each place of the word's first byte.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ word: [UInt8], foldingCase: Bool) -> Bool {
        guard let base = text.baseAddress, !word.isEmpty, text.count >= word.count else { return word.isEmpty }
        let fold: UInt8 = foldingCase ? 0x20 : 0
        let last = text.count - word.count
        var start = 0
        while start <= last {
            if !foldingCase {
                guard let hit = memchr(base + start, Int32(word[0]), last + 1 - start) else { return false }
                start = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            }
            var k = 0
            while k < word.count, text[start + k] | fold == word[k] { k += 1 }
            if k == word.count { return true }
            start += 1
        }
        return false
    }
}
