import Foundation
import KabarCore

/// Where a record is filed and how its keys are read: the rules of the on-disk layout.
public enum StoreLayout {
    /// The day a record is filed under (YYYY-MM-DD): the date of `published_at` in its own
    /// offset (a story published 2024-05-01T23:30+07:00 is filed under 2024-05-01), else the
    /// date of `fetched_at` (written in UTC), else today in UTC.
    public static func day(for article: Article, now: Date = Date()) -> String {
        if let d = datePrefix(article.publishedAt) { return d }
        if let d = datePrefix(article.fetchedAt) { return d }
        return utcDay(now)
    }

    /// The folder name of a site: lower-case letters, digits, '.', '_' and '-' kept, anything
    /// else becomes '_'; never empty, never starting with a dot.
    public static func siteFolder(_ site: String) -> String {
        var out = ""
        for scalar in site.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "-", "_", ".": out.unicodeScalars.append(scalar)
            default: out.append("_")
            }
        }
        if out.isEmpty { return "unknown" }
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out
    }

    /// `records/<site>/<day>.jsonl`, relative to the data folder.
    public static func relativePath(site: String, day: String) -> String {
        "records/\(siteFolder(site))/\(day).jsonl"
    }

    static func datePrefix(_ iso: String?) -> String? {
        guard let iso else { return nil }
        let u = Array(iso.utf8.prefix(10))
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(0x30...0x39).contains(u[i]) { return nil }
        let month = Int(u[5] - 0x30) * 10 + Int(u[6] - 0x30)
        let day = Int(u[8] - 0x30) * 10 + Int(u[9] - 0x30)
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return String(decoding: u, as: UTF8.self)
    }

    /// `datePrefix(iso)` as the number YYYYMMDD, read without allocating (nil exactly when
    /// `datePrefix` is nil): a key for the file of a record.
    @inline(__always)
    static func packedDay(_ iso: String?) -> Int? {
        guard var iso else { return nil }
        return iso.withUTF8 { u -> Int? in
            guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
            var v = 0
            for i in 0..<10 where i != 4 && i != 7 {
                let d = u[i] &- 0x30
                guard d <= 9 else { return nil }
                v = v * 10 + Int(d)
            }
            let month = v / 100 % 100, day = v % 100
            guard (1...12).contains(month), (1...31).contains(day) else { return nil }
            return v
        }
    }

    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func isoNow() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    /// A 16-hex-digit key (record id, content_hash, simhash) as the Int64 with its bit pattern.
    @inline(__always)
    static func key(_ hex: String) -> Int64? {
        var hex = hex
        return hex.withUTF8 { u -> Int64? in
            guard u.count == 16 else { return nil }
            var v: UInt64 = 0
            for b in u {
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x61...0x66: d = b - 0x61 + 10
                case 0x41...0x46: d = b - 0x41 + 10
                default: return nil
                }
                v = v << 4 | UInt64(d)
            }
            return Int64(bitPattern: v)
        }
    }

    static func hex(_ key: Int64) -> String { Hash64.hex(UInt64(bitPattern: key)) }

    /// Words in a text: runs of bytes that are not ASCII white space.
    @inline(__always)
    static func wordCount(_ text: String, atLeast limit: Int) -> Bool {
        var text = text
        return text.withUTF8 { u in
            var words = 0
            var inWord = false
            for b in u {
                let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
                if space { inWord = false } else if !inWord {
                    inWord = true
                    words += 1
                    if words >= limit { return true }
                }
            }
            return words >= limit
        }
    }
}

/// The banded lookup behind near-duplicate search. The 64 SimHash bits are cut into
/// `distance + 1` bands; two hashes within `distance` bits agree exactly on at least one band
/// (pigeonhole), so only the records sharing a band value are candidates. Each band is a table
/// keyed by the SimHash rotated so that the band's bits come first: the candidates of a band
/// are one contiguous key range, and each key is the whole hash (rotated), so the distance is
/// checked without reading the record.
struct SimHashBands: Sendable, Equatable {
    struct Band: Sendable, Equatable {
        let start: Int
        let width: Int
        /// Left rotation that moves bits start..<start+width to the top.
        var rotation: Int { (64 - start - width) & 63 }
    }

    let bands: [Band]

    init(distance: Int) {
        let count = max(1, min(distance + 1, 64))
        var bands: [Band] = []
        var start = 0
        for i in 0..<count {
            let width = 64 / count + (i < 64 % count ? 1 : 0)
            bands.append(Band(start: start, width: width))
            start += width
        }
        self.bands = bands
    }

    @inline(__always) static func rotl(_ x: UInt64, _ r: Int) -> UInt64 { r == 0 ? x : (x << UInt64(r)) | (x >> UInt64(64 - r)) }

    @inline(__always) func key(_ simhash: UInt64, band: Int) -> Int64 {
        Int64(bitPattern: Self.rotl(simhash, bands[band].rotation))
    }

    /// The band's bits of `simhash` (the top bits of its rotated key).
    @inline(__always) func value(_ simhash: UInt64, band: Int) -> UInt64 {
        Self.rotl(simhash, bands[band].rotation) >> UInt64(64 - bands[band].width)
    }

    /// The key range holding every hash that shares `simhash`'s value in `band`.
    @inline(__always) func range(_ simhash: UInt64, band: Int) -> (Int64, Int64) {
        let rotated = Self.rotl(simhash, bands[band].rotation)
        let low = 64 - bands[band].width
        let mask: UInt64 = low == 0 ? 0 : (UInt64.max >> UInt64(64 - low))
        return (Int64(bitPattern: rotated & ~mask), Int64(bitPattern: rotated | mask))
    }
}
