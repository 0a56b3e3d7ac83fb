import Foundation
import KabarCore
import KabarStore

/// The record as the store keeps it: the JSON line the embedded store would write (its
/// `revision` set by `kabar_store_many` for a later revision), the day it is filed under, and whether its text is long
/// enough to take part in content dedup. The same rules as `FileStore`.
enum RecordLine {
    static func json(_ article: Article) -> String {
        var bytes: [UInt8] = []
        RecordJSON.append(article, storedRevision: 1, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func day(for article: Article) -> String { StoreLayout.day(for: article) }

    /// At least `limit` words (runs of non-blank bytes), as `FileStore` counts them.
    static func wordCount(_ text: String, atLeast limit: Int) -> Bool {
        var words = 0
        var inWord = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { inWord = false } else if !inWord {
                inWord = true
                words += 1
                if words >= limit { return true }
            }
        }
        return words >= limit
    }
}

/// The 64 SimHash bits cut into `distance + 1` bands (as the embedded index cuts them): two
/// hashes within `distance` bits agree on at least one band, so candidates are the rows of
/// `kabar_bands` sharing a (band, value).
struct SimHashBandLayout: Sendable {
    let widths: [Int]
    var count: Int { widths.count }

    init(distance: Int) {
        let count = max(1, min(distance + 1, 64))
        widths = (0..<count).map { 64 / count + ($0 < 64 % count ? 1 : 0) }
    }

    /// Each band's bits as a number (bands of more than 31 bits are folded to fit an int).
    func values(_ hash: UInt64) -> [Int32] {
        var out: [Int32] = []
        var start = 0
        for width in widths {
            let shifted = hash >> UInt64(64 - start - width)
            let mask: UInt64 = width >= 64 ? .max : (1 << UInt64(width)) - 1
            let v = shifted & mask
            out.append(Int32(truncatingIfNeeded: v ^ (v >> 32)))
            start += width
        }
        return out
    }
}
