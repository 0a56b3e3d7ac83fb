import Foundation
import KabarCore

/// The generic extractor's reading of a page a site plugin read, on the same parsed page (see
/// `HealthRecorder.watch`): the share of the generic body's words that the plugin's body also
/// has (each word counted as often as it occurs in both). A plugin that lost a block the generic extractor found keeps
/// less; a plugin that keeps more (a cleaner or longer body) still scores 1.
public enum SecondOpinion {
    /// A generic body shorter than this says too little to judge (a teaser, a gallery page).
    public static let minimumWords = 30

    /// The share of `generic`'s words that `plugin` has too; nil when `generic` is too short.
    public static func coverage(plugin: String, generic: String) -> Double? {
        let theirs = words(generic)
        guard theirs.count >= minimumWords else { return nil }
        var ours: [Substring: Int] = [:]
        for word in words(plugin) { ours[word, default: 0] += 1 }
        var kept = 0
        for word in theirs {
            if let n = ours[word], n > 0 {
                kept += 1
                ours[word] = n - 1
            }
        }
        return Double(kept) / Double(theirs.count)
    }

    /// The words of `text`, lowercased: runs of letters and digits.
    public static func words(_ text: String) -> [Substring] {
        let lower = text.lowercased()
        return lower.split { !$0.isLetter && !$0.isNumber }
    }

    /// How many `words` the text has, counted without copying it (every page of a run is
    /// counted for its body words). An ASCII character is judged by its byte: the Unicode
    /// property lookups of `isLetter` and `isNumber` were 5 % of a crawl's CPU, and for ASCII
    /// they say exactly A-Z, a-z and 0-9. An all-ASCII text is counted over its bytes (each
    /// byte is a character there, but CR LF, and neither is a letter).
    public static func wordCount(_ text: String) -> Int {
        var utf8 = text
        if let count = utf8.withUTF8({ asciiWordCount($0) }) { return count }
        var count = 0, inWord = false
        for c in text {
            let letter: Bool
            if let a = c.asciiValue {
                letter = isWordByte(a)
            } else {
                letter = c.isLetter || c.isNumber
            }
            if letter && !inWord { count += 1 }
            inWord = letter
        }
        return count
    }

    /// `wordCount` of an all-ASCII text; nil when a byte is not ASCII. Without branches on the
    /// bytes (a word begins wherever a word byte follows one that is not; whether any byte was
    /// not ASCII is seen at the end): the branch at every word's edge cost more than the rest.
    static func asciiWordCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var count = 0, previous = 0
        var high: UInt8 = 0
        for a in bytes {
            high |= a
            let letter = wordBit(a)
            count &+= letter & (previous ^ 1)
            previous = letter
        }
        return high < 0x80 ? count : nil
    }

    /// 1 for an ASCII letter or digit, else 0 (for bytes under 0x80), by arithmetic: `a | 0x20`
    /// is a lower-case letter exactly when `a` is a letter.
    @inline(__always)
    static func wordBit(_ a: UInt8) -> Int {
        let letter = (a | 0x20) &- 0x61 < 26
        let digit = a &- 0x30 < 10
        return (letter ? 1 : 0) | (digit ? 1 : 0)
    }

    /// An ASCII letter or digit (what `isLetter || isNumber` says of an ASCII character).
    @inline(__always)
    static func isWordByte(_ a: UInt8) -> Bool {
        (a >= 0x61 && a <= 0x7A) || (a >= 0x41 && a <= 0x5A) || (a >= 0x30 && a <= 0x39)
    }
}
