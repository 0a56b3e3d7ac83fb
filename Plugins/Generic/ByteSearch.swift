/// Substring search on UTF-8 bytes. Foundation's `String.contains` goes through NSString and
/// locale-aware search, which is many times slower and showed as the top cost of a page.
enum ByteSearch {
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let hc = haystack.count
        let nc = needle.count
        if nc == 0 { return true }
        if nc > hc { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                let first = n[0]
                var i = 0
                let last = hc - nc
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < nc && h[i + j] == n[j] { j += 1 }
                        if j == nc { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        contains(Array(haystack.utf8), Array(needle.utf8))
    }

    /// Whether any of `needles` occurs in `haystack`.
    static func containsAny(_ haystack: [UInt8], _ needles: [[UInt8]]) -> Bool {
        needles.contains { contains(haystack, $0) }
    }

    /// Whether any needle of `set` occurs in `haystack`: one pass over the haystack, trying at
    /// each byte only the needles that start with it.
    static func containsAny(_ haystack: [UInt8], _ set: NeedleSet) -> Bool {
        let hc = haystack.count
        return haystack.withUnsafeBufferPointer { h in
            for i in 0..<hc {
                for needle in set.byFirstByte[Int(h[i])] where needle.count <= hc - i {
                    var j = 1
                    while j < needle.count && h[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
            }
            return false
        }
    }
}

/// Needles grouped by their first byte, for `ByteSearch.containsAny`.
struct NeedleSet: Sendable {
    let byFirstByte: [[[UInt8]]]

    init(_ needles: [String]) {
        var groups = [[[UInt8]]](repeating: [], count: 256)
        for n in needles where !n.isEmpty {
            let bytes = Array(n.utf8)
            groups[Int(bytes[0])].append(bytes)
        }
        byFirstByte = groups
    }
}
