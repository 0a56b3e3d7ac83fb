import KabarHTML

/// The page index's element number of each node, by the node's address (`HTMLNode.address`) in
/// an open-addressing table: built once after the walk, read for every node the body builder
/// visits. A `Dictionary` keyed by `HTMLNode` hashed every node with SipHash and kept a
/// reference to the document in each key.
struct NodeTable {
    private var keys: [UInt] = []
    private var values: [Int32] = []
    private var mask = 0

    init() {}

    /// Element `i` of `nodes` is number `i`.
    init(_ nodes: [HTMLNode]) {
        var size = 16
        while size < 2 * nodes.count { size *= 2 }
        mask = size - 1
        keys = [UInt](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        for (i, node) in nodes.enumerated() {
            let key = node.address
            var slot = Self.slot(key, mask)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == 0 {
                keys[slot] = key
                values[slot] = Int32(i)
            }
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((key >> 4) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(node: HTMLNode) -> Int? {
        guard !keys.isEmpty else { return nil }
        let key = node.address
        var slot = Self.slot(key, mask)
        while true {
            let k = keys[slot]
            if k == key { return Int(values[slot]) }
            if k == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
