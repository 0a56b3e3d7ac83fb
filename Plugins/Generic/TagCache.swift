import KabarHTML

/// An element's tag name and `PageIndex.TagKind`, remembered by the address of libxml2's copy
/// of the name (`HTMLNode.nameAddress`; a parsed page keeps one copy of each name): a page of
/// thousands of elements uses a few dozen tags, and making each element's tag `String` and
/// looking it up in `PageIndex.tagKinds` was a large part of the page index's walk. For one
/// walk only (an address means nothing once the document is gone).
struct TagCache {
    private static let size = 256
    private var keys = [UInt](repeating: 0, count: TagCache.size)
    private var tags = [String](repeating: "", count: TagCache.size)
    private var kinds = [PageIndex.TagKind](repeating: [], count: TagCache.size)
    private var used = 0

    mutating func lookup(_ node: HTMLNode) -> (tag: String, kind: PageIndex.TagKind) {
        let address = node.nameAddress
        guard address != 0 else { return Self.read(node) }
        var slot = Int(truncatingIfNeeded: (address >> 3) &* 0x9E37_79B9) & (Self.size - 1)
        while keys[slot] != 0 {
            if keys[slot] == address { return (tags[slot], kinds[slot]) }
            slot = (slot + 1) & (Self.size - 1)
        }
        let found = Self.read(node)
        // Kept at most half full, so that probes stay short; past that, names are read each time.
        if used < Self.size / 2 {
            keys[slot] = address
            tags[slot] = found.tag
            kinds[slot] = found.kind
            used += 1
        }
        return found
    }

    private static func read(_ node: HTMLNode) -> (tag: String, kind: PageIndex.TagKind) {
        let tag = node.tag
        return (tag, PageIndex.tagKinds[tag] ?? [])
    }
}
