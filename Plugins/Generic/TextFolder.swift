import KabarHTML
/// Collects text with white space folded to single spaces, on UTF-8 bytes (faster than going
/// scalar by scalar through `String`), counting the visible characters as it goes. White space
/// is what `LineAccumulator` folds: ASCII spaces and controls, no-break spaces, U+2000–U+200A,
/// U+202F and U+3000; what it leaves out (zero-width space, word joiner, U+FEFF) is left out.
struct TextFolder {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    /// Characters (scalars) that are not white space, appended since the last `take()`.
    private(set) var visible = 0

    init() { bytes.reserveCapacity(256) }

    /// Appends `text`; returns how many visible characters it had.
    @discardableResult
    mutating func append(_ text: String) -> Int {
        var s = text
        let count = s.withUTF8 { append($0) }
        visible += count
        return count
    }

    /// Appends UTF-8 bytes; returns how many visible characters they had.
    @discardableResult
    mutating func append(bytes b: UnsafeBufferPointer<UInt8>) -> Int {
        let count = append(b)
        visible += count
        return count
    }

    private mutating func append(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c <= 0x20 || c == 0x7F {
                    pendingSpace = true
                } else {
                    emitSpace()
                    bytes.append(c)
                    count += 1
                }
                i += 1
                continue
            }
            let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
            guard i + length <= n else { break }
            if LineAccumulator.invisibleWidth(b, i, n) == length {
                // Drawn as nothing: neither a character nor a word boundary.
            } else if isSpace(b, i, length) {
                pendingSpace = true
            } else {
                emitSpace()
                for k in 0..<length { bytes.append(b[i + k]) }
                count += 1
            }
            i += length
        }
        return count
    }

    @inline(__always)
    private mutating func emitSpace() {
        if pendingSpace, !bytes.isEmpty { bytes.append(0x20) }
        pendingSpace = false
    }

    @inline(__always)
    private func isSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ length: Int) -> Bool {
        switch length {
        case 2: return b[i] == 0xC2 && (b[i + 1] == 0xA0 || b[i + 1] == 0x85)
        case 3:
            let (x, y, z) = (b[i], b[i + 1], b[i + 2])
            if x == 0xE2 && y == 0x80 && (z <= 0x8B || z == 0xAF || z == 0xA8 || z == 0xA9) { return true }
            if x == 0xE3 && y == 0x80 && z == 0x80 { return true }
            if x == 0xEF && y == 0xBB && z == 0xBF { return true }
            return false
        default: return false
        }
    }

    /// Marks a word boundary (a `<br>` or a block edge inside a run).
    mutating func space() { pendingSpace = true }

    /// The folded text so far, and a fresh start.
    mutating func take() -> (text: String, visible: Int) {
        let result = (String(decoding: bytes, as: UTF8.self), visible)
        bytes.removeAll(keepingCapacity: true)
        pendingSpace = false
        visible = 0
        return result
    }
}
