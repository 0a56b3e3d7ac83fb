import Foundation

/// Word shingles, the unit the body score counts: tokens are runs of `\w` characters (letters,
/// digits, combining marks and `_`) of the NFC, lower-cased text; a shingle is `size` tokens in
/// a row. A text with fewer tokens than `size` (but at least one) is one shingle of all of them,
/// so a very short body still counts. Shingles are a multiset: a repeated passage counts twice.
public struct Shingles: Equatable, Sendable {
    public let size: Int
    /// Each shingle (tokens joined by U+0001) and how often it occurs.
    public private(set) var counts: [String: Int] = [:]
    /// Number of shingles, repeats included.
    public private(set) var total = 0

    public init(_ text: String, size: Int = 4) {
        self.size = size
        let tokens = Self.tokens(text)
        guard !tokens.isEmpty else { return }
        if tokens.count < size {
            add(tokens.joined(separator: "\u{1}"))
            return
        }
        for start in 0...(tokens.count - size) {
            add(tokens[start..<(start + size)].joined(separator: "\u{1}"))
        }
    }

    private mutating func add(_ shingle: String) {
        counts[shingle, default: 0] += 1
        total += 1
    }

    /// Shingles both multisets hold (the smaller count of each).
    public func overlap(with other: Shingles) -> Int {
        let (small, large) = counts.count <= other.counts.count ? (counts, other.counts) : (other.counts, counts)
        var n = 0
        for (key, count) in small {
            if let c = large[key] { n += min(count, c) }
        }
        return n
    }

    /// The `\w+` tokens of `text`, NFC and lower-cased.
    public static func tokens(_ text: String) -> [String] {
        let folded = text.precomposedStringWithCanonicalMapping.lowercased()
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    /// What `\w` matches: letters, digits and other numbers, combining marks, and `_`.
    @inline(__always)
    public static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}

/// Precision, recall and F1 of a predicted text against an expected one.
public struct PRF: Equatable, Sendable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(precision: Double, recall: Double) {
        self.precision = precision
        self.recall = recall
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    /// Shingle overlap: precision is the share of predicted shingles that are expected,
    /// recall the share of expected shingles that were predicted. Both empty: a perfect 1;
    /// one of them empty: 0.
    public init(predicted: Shingles, expected: Shingles) {
        if predicted.total == 0 && expected.total == 0 {
            self.init(precision: 1, recall: 1)
            return
        }
        let common = Double(predicted.overlap(with: expected))
        self.init(precision: predicted.total > 0 ? common / Double(predicted.total) : 0,
                  recall: expected.total > 0 ? common / Double(expected.total) : 0)
    }

    public init(predicted: String, expected: String, size: Int = 4) {
        self.init(predicted: Shingles(predicted, size: size), expected: Shingles(expected, size: size))
    }
}
