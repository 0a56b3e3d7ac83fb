import KabarHTML

/// Whether a declarative file may read the text of a page's scripts or styles, which the parse
/// otherwise leaves out (`ScriptText.jsonOnly`): when a CSS selector or an XPath expression of
/// it names a `script` or `style` element (`script#state`, `//script[contains(., 'id')]`),
/// its pages are parsed with that text kept. Removal by CSS (`remove: script`) reads no text
/// and does not count; an attribute (`[style]`, `@style`), class or id does not either.
/// XPath string values of other elements (`normalize-space()` of a `div`) are read without
/// the scripts and styles inside them, as an element's text always was. A file that lists the
/// words of the scripts it reads (`scripts: [total_page]`) has only the scripts holding one of
/// them kept (`ScriptText.containing`), styles left out.
enum ScriptReading {
    static func scriptText(of spec: DeclarativeSpec) -> ScriptText {
        guard readsScripts(spec) else { return .jsonOnly }
        return spec.scriptWords.isEmpty ? .kept : .containing(Set(spec.scriptWords))
    }

    /// Whether an expression of the file names a `script` or `style` element.
    static func readsScripts(_ spec: DeclarativeSpec) -> Bool {
        var sources = spec.remove.filter { if case .xpath = $0.kind { return true } else { return false } }
        sources += spec.fields.values.flatMap(\.sources)
        for variant in spec.variants {
            sources.append(variant.when)
            sources += variant.fields.values.flatMap(\.sources)
            sources += variant.remove.filter { if case .xpath = $0.kind { return true } else { return false } }
        }
        return sources.contains { source in
            switch source.kind {
            case .css(let s), .xpath(let s): return namesElement(s) || [source.caption, source.credit].contains { $0.map(namesElement) == true }
            case .jsonld, .meta: return [source.caption, source.credit].contains { $0.map(namesElement) == true }
            }
        }
    }

    /// Whether `expression` holds `script` or `style` (any case) as an element name: not part of
    /// a longer name (`noscript`, `.script-box`) and not after `.`, `#`, `@` or `[`.
    static func namesElement(_ expression: String) -> Bool {
        let bytes = Array(expression.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b >= 0x80
        }
        for word in [Array("script".utf8), Array("style".utf8)] where bytes.count >= word.count {
            for start in 0...(bytes.count - word.count) where Array(bytes[start..<start + word.count]) == word {
                let before = start > 0 ? bytes[start - 1] : 0x20
                let after = start + word.count < bytes.count ? bytes[start + word.count] : 0x20
                if isNameByte(before) || [0x2E, 0x23, 0x40, 0x5B].contains(before) || isNameByte(after) { continue }
                return true
            }
        }
        return false
    }
}
