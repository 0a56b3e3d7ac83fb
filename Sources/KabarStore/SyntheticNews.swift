import Foundation
import KabarCore

/// Deterministic synthetic records for the store benchmark and the crash test: record `i` is
/// the same for a seed every time it is made, and nothing is kept per record, so a generator
/// of a million records uses the memory of one. Kinds are drawn per record: an original, an
/// exact duplicate of an earlier original under another URL, a near duplicate (a few words
/// changed, kept only when its SimHash is within `nearDistance` bits of the original's: the
/// planted near duplicates are all findable), or a new revision (changed text under an earlier
/// original's URL).
public struct SyntheticNews: Sendable {
    public enum Kind: Sendable, Equatable {
        case original
        case exact(of: Int)
        case near(of: Int, distance: Int)
        /// A near duplicate that could not be planted within `nearDistance` bits (reported apart).
        case farVariant(of: Int, distance: Int)
        case revision(of: Int)
    }

    public let seed: UInt64
    public let exactShare: Double
    public let nearShare: Double
    public let revisionShare: Double
    public let words: Int
    public let sites: Int
    public let days: Int
    public let count: Int
    public let nearDistance: Int
    private let vocabulary: [String]

    public init(count: Int, seed: UInt64 = 1, exactShare: Double = 0.10, nearShare: Double = 0.05,
                revisionShare: Double = 0, words: Int = 120, sites: Int = 20, days: Int = 30, nearDistance: Int = 3) {
        self.count = count; self.seed = seed; self.exactShare = exactShare; self.nearShare = nearShare
        self.revisionShare = revisionShare; self.words = words; self.sites = sites; self.days = days
        self.nearDistance = nearDistance
        let syllables = ["ka", "ba", "ra", "di", "se", "lu", "mo", "tan", "jal", "pem", "ber", "in", "do", "ne", "sia", "wa",
                         "ri", "gu", "nya", "ter", "ha", "ma", "pi", "so", "ku", "le", "ngan", "car", "to", "bi", "pu", "ya"]
        var vocabulary: [String] = []
        var state = seed ^ 0x5bd1e995
        for _ in 0..<8192 {
            state = Hash64.mix(state &+ 0x9e3779b97f4a7c15)
            var word = ""
            for k in 0..<(2 + Int(state % 3)) { word += syllables[Int((state >> UInt64(8 + 5 * k)) & 31)] }
            vocabulary.append(word)
        }
        self.vocabulary = vocabulary
    }

    @inline(__always) private func random(_ i: Int, _ salt: UInt64) -> UInt64 {
        Hash64.mix(seed &* 0x9e3779b97f4a7c15 ^ UInt64(i) &* 0xbf58476d1ce4e5b9 ^ salt &* 0x94d049bb133111eb)
    }

    @inline(__always) private func unit(_ i: Int, _ salt: UInt64) -> Double { Double(random(i, salt) >> 11) / Double(1 << 53) }

    private func isOriginal(_ i: Int) -> Bool {
        i < 16 || unit(i, 1) >= exactShare + nearShare + revisionShare
    }

    /// An earlier original, drawn for record `i`.
    private func earlierOriginal(_ i: Int) -> Int {
        var j = Int(random(i, 2) % UInt64(i))
        while !isOriginal(j) { j -= 1 }
        return j
    }

    private func baseKind(_ i: Int) -> Kind {
        if isOriginal(i) { return .original }
        let r = unit(i, 1)
        let j = earlierOriginal(i)
        if r < exactShare { return .exact(of: j) }
        if r < exactShare + nearShare { return .near(of: j, distance: -1) }
        return .revision(of: j)
    }

    private func words(of i: Int) -> [String] {
        (0..<words).map { w in vocabulary[Int(random(i, 100 + UInt64(w)) % UInt64(vocabulary.count))] }
    }

    /// Paragraphs of 40 words, sentences of 15, joined as `text` is (a blank line between).
    private static func text(_ words: [String]) -> String {
        var s = ""
        s.reserveCapacity(words.count * 8)
        for (n, w) in words.enumerated() {
            if n > 0 { s += n % 40 == 0 ? ".\n\n" : n % 15 == 0 ? ". " : " " }
            s += w
        }
        return s + "."
    }

    private func url(_ i: Int, mirror: Bool = false) -> String {
        "https://\(mirror ? "m." : "www.")site\(i % sites).example/news/\(i)"
    }

    /// The record id of original `j`.
    public func originalID(_ j: Int) -> String { Hash64.hex(Hash64.of(url(j))) }

    /// Record `i` and what it was made to be.
    // Long: a table: one case per kind of made-up record (original, exact and near duplicates,
    // revisions...).
    public func record(_ i: Int) -> (article: Article, kind: Kind) {
        var kind = baseKind(i)
        var text: String
        var canonical = url(i)
        var published = i
        var siteIndex = i
        switch kind {
        case .original:
            text = Self.text(words(of: i))
        case .exact(let j):
            text = Self.text(words(of: j))
            canonical = url(i, mirror: true)
        case .near(let j, _), .farVariant(let j, _):
            let original = words(of: j)
            let target = SimHash.of(Self.text(original))
            var best: (text: String, distance: Int)?
            for attempt in 0..<16 {
                var changed = original
                let k = 1 + attempt % 3
                for c in 0..<k {
                    let r = random(i, 1000 + UInt64(attempt * 8 + c))
                    changed[Int(r % UInt64(changed.count))] = vocabulary[Int((r >> 32) % UInt64(vocabulary.count))]
                }
                let candidate = Self.text(changed)
                let distance = SimHash.distance(SimHash.of(candidate), target)
                if distance > 0 && (best == nil || distance < best!.distance) { best = (candidate, distance) }
                if let best, best.distance <= nearDistance && best.distance > 0 { break }
            }
            text = best?.text ?? Self.text(original)
            let distance = best?.distance ?? 0
            kind = distance <= nearDistance ? .near(of: j, distance: distance) : .farVariant(of: j, distance: distance)
            canonical = url(i, mirror: true)
        case .revision(let j):
            var w = words(of: j)
            w.append(contentsOf: words(of: i).prefix(12))
            text = Self.text(w)
            canonical = url(j)
            published = j
            siteIndex = j
        }
        let day = 1 + min(27, published * min(days, 28) / max(count, 1))
        let site = "site\(siteIndex % sites)"
        let hour = Int(random(published, 3) % 24)
        let article = Article(
            id: Hash64.hex(Hash64.of(canonical)),
            url: canonical,
            canonicalURL: canonical,
            site: site,
            extractor: "synthetic/1",
            fetchedAt: "2025-01-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z",
            publishedAt: "2025-01-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00+07:00",
            language: "id",
            headline: "Berita \(published)",
            authors: ["Penulis \(published % 97)"],
            body: text.split(separator: "\n\n").map { .paragraph(String($0)) },
            text: text,
            contentHash: Hash64.hex(Hash64.of(text)),
            simhash: Hash64.hex(SimHash.of(text))
        )
        return (article, kind)
    }
}

extension SyntheticNews {
    /// Records `range` of the generator, made on every core (up to 8), in order.
    public func records(_ range: Range<Int>) -> [(article: Article, kind: Kind)] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let slices = UnsafeMutableBufferPointer<[(article: Article, kind: Kind)]>.allocate(capacity: parts)
        slices.initialize(repeating: [])
        defer { _ = slices.deinitialize(); slices.deallocate() }
        nonisolated(unsafe) let shared = slices
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = range.lowerBound + range.count * part / parts
            let upper = range.lowerBound + range.count * (part + 1) / parts
            shared[part] = (lower..<upper).map { record($0) }
        }
        return slices.flatMap { $0 }
    }
}
