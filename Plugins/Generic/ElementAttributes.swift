import KabarHTML

/// What the page index reads from an element's attributes, in one pass over them
/// (`HTMLNode.forEachAttribute`): its class and id names, whether `rel` or `itemprop` say
/// "author", and whether it is hidden. Each attribute counts once, the first of its name, as
/// `node[name]` reads it.
struct ElementAttributes {
    /// Lower-cased class and id (`PageIndex.names(of:)`).
    var names = ""
    /// `rel="author"` or `itemprop="author"`.
    var author = false
    /// `hidden`, `aria-hidden="true"`, or a style with `display:none` or `visibility:hidden`.
    var hidden = false
    /// A link's in-page target: `href="#part-two"` gives "part-two" (lower-cased ASCII).
    var fragment: String?

    init() {}

    init(_ node: HTMLNode) {
        var cls: [UInt8]?
        var id: [UInt8]?
        var seen: UInt8 = 0
        node.forEachAttribute { name, value in
            switch Self.which(name) {
            case 1 where seen & 1 == 0: seen |= 1; cls = Array(value)
            case 2 where seen & 2 == 0: seen |= 2; id = Array(value)
            case 3 where seen & 4 == 0: seen |= 4; if Self.equals(value, "author") { author = true }
            case 4 where seen & 8 == 0: seen |= 8; if Self.equals(value, "author") { author = true }
            case 5: hidden = true
            case 6 where seen & 16 == 0: seen |= 16; if Self.equals(value, "true") { hidden = true }
            case 7 where seen & 32 == 0: seen |= 32; if Self.styleHides(value) { hidden = true }
            case 8 where seen & 64 == 0:
                seen |= 64
                if value.count > 1, value[0] == 0x23 {
                    fragment = String(decoding: value.dropFirst().map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
                }
            default: break
            }
            return true
        }
        names = PageIndex.names(class: cls ?? [], id: id ?? [])
    }

    /// 1 class, 2 id, 3 rel, 4 itemprop, 5 hidden, 6 aria-hidden, 7 style, 8 href, 0 any other.
    private static func which(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        switch name.count {
        case 2: return equals(name, "id") ? 2 : 0
        case 3: return equals(name, "rel") ? 3 : 0
        case 4: return equals(name, "href") ? 8 : 0
        case 5: return equals(name, "class") ? 1 : equals(name, "style") ? 7 : 0
        case 6: return equals(name, "hidden") ? 5 : 0
        case 8: return equals(name, "itemprop") ? 4 : 0
        case 11: return equals(name, "aria-hidden") ? 6 : 0
        default: return 0
        }
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        guard bytes.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<bytes.count where bytes[i] != p[i] { return false }
        return true
    }

    /// `PageIndex.isHidden`'s style test: lower-cased, spaces dropped, `display:none` or
    /// `visibility:hidden` in it. ASCII lower-casing on bytes; a style with other characters is
    /// lower-cased as a `String`, as before.
    private static func styleHides(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(value.count)
        for b in value {
            if b >= 0x80 { return PageIndex.styleHides(String(decoding: value, as: UTF8.self)) }
            if b == 0x20 { continue }
            compact.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
        }
        return ByteSearch.contains(compact, PageIndex.displayNone) || ByteSearch.contains(compact, PageIndex.visibilityHidden)
    }
}
