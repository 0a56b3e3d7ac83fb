import Foundation

/// Repairs UTF-8 text that was encoded twice: read once as Latin-1 or Windows-1252 and written
/// out again as UTF-8, so that "Investor’s" reaches the page as "Investorâ\u{80}\u{99}s" (Latin-1)
/// or "Investorâ€™s" (Windows-1252). Such a page is valid UTF-8 and says so; the damage is in
/// its text, done by its publisher's pipeline, and a browser shows the mojibake too.
///
/// Criterion: a run of characters from U+00C2–U+00F4 followed by the one to three characters
/// that byte for byte (as Latin-1, or Windows-1252 for 0x80–0x9F) make one valid UTF-8
/// multibyte character is replaced by that character when
///
/// - one of its trailing characters is a C1 control (U+0080–U+009F), which no text holds, or it
///   starts with "â€" (the Windows-1252 reading of E2 80, the first two bytes of ’ “ ” – — …):
///   such a run is its own evidence;
/// - or the page holds at least one run of the first kind: then "Ã©" is "é" too. On a page
///   without such evidence "Ã©" is left alone (a page may write about mojibake).
///
/// A C1 control left over by itself (a Windows-1252 byte read as Latin-1: "we\u{92}re") is the
/// Windows-1252 character of its byte, as HTML reads `&#146;`.
///
/// Other Windows-1252 characters (“ ” ™ ...) after a letter are not evidence by themselves:
/// German's „Gruß“ is "ß" (DF) and "“" (93), which would read as a valid character. Runs that
/// do not make a valid UTF-8 character (overlong, surrogate) or that would make a C1 control
/// are left as they are.
public enum DoubleEncoding {
    /// Windows-1252's characters for bytes 0x80–0x9F (nil where it has none: 0x81, 0x8D,
    /// 0x8F, 0x90, 0x9D, which read as the C1 control of that value).
    static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    /// The byte a Windows-1252 character in 0x80–0x9F stands for, by its scalar value.
    static let windows1252Byte: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (i, v) in windows1252High.enumerated() { if let v { map[v] = UInt8(0x80 + i) } }
        return map
    }()

    /// The page's bytes with double-encoded runs repaired, or nil when it has none to repair.
    /// `data` must be valid UTF-8. `evidence`: `hasEvidence(data)` when already known (from
    /// `CharsetDetector.scanUTF8`, which finds it while validating the bytes).
    public static func repaired(_ data: Data) -> Data? { repaired(data, evidence: nil) }

    static func repaired(_ data: Data, evidence known: Bool?) -> Data? {
        guard known ?? hasEvidence(data), let text = String(data: data, encoding: .utf8) else { return nil }
        return repaired(text)
    }

    /// Quick test, on the bytes: nothing is repaired without evidence, and the evidence is a
    /// C1 control (C2 80–C2 9F) or "â€" (C3 A2 E2 82 AC). Pages in other languages are full
    /// of pairs that look like the start of a run ("é" before a no-break space is C3 A9 C2 A0),
    /// so the test looks for the evidence itself and most pages end here.
    static func hasEvidence(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress, raw.count > 1 else { return false }
            let n = raw.count
            // By memchr: this runs on every UTF-8 page.
            var i = 0
            while i + 1 < n, let hit = memchr(base + i, 0xC2, n - i - 1) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if raw[at + 1] >= 0x80, raw[at + 1] <= 0x9F { return true }
                i = at + 1
            }
            i = 0
            while i + 4 < n, let hit = memchr(base + i, 0xC3, n - i - 4) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if raw[at + 1] == 0xA2, raw[at + 2] == 0xE2, raw[at + 3] == 0x82, raw[at + 4] == 0xAC { return true }
                i = at + 1
            }
            return false
        }
    }

    /// The repair of `text`, nil when nothing changes.
    static func repaired(_ text: String) -> Data? {
        let scalars = Array(text.unicodeScalars)
        // First pass finds the evidence, the second repairs with it known.
        var evidence = false
        var i = 0
        while i < scalars.count, !evidence {
            if let run = run(scalars, at: i) { evidence = run.selfEvident; i += run.length } else { i += 1 }
        }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count)
        i = 0
        var changed = false
        while i < scalars.count {
            if let run = run(scalars, at: i), evidence {
                out.append(run.scalar)
                i += run.length
                changed = true
            } else if let c1 = windows1252(scalars[i]) {
                out.append(c1)
                i += 1
                changed = true
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return changed ? Data(String(out).utf8) : nil
    }

    /// The Windows-1252 character for a C1 control, nil for anything else (and for the five
    /// C1 values Windows-1252 leaves undefined).
    static func windows1252(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        guard s.value >= 0x80, s.value <= 0x9F, let v = windows1252High[Int(s.value - 0x80)] else { return nil }
        return Unicode.Scalar(v)
    }

    /// The double-encoded character starting at `i`, if one does.
    static func run(_ s: [Unicode.Scalar], at i: Int) -> (scalar: Unicode.Scalar, length: Int, selfEvident: Bool)? {
        let lead = s[i].value
        guard lead >= 0xC2, lead <= 0xF4 else { return nil }
        let trailing = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
        guard i + trailing < s.count else { return nil }
        var bytes: [UInt8] = [UInt8(lead)]
        var selfEvident = false
        for k in 1...trailing {
            let v = s[i + k].value
            if v >= 0x80, v <= 0xBF {
                bytes.append(UInt8(v))
                if v <= 0x9F { selfEvident = true }
            } else if let b = windows1252Byte[v] {
                bytes.append(b)
                if k == 1, lead == 0xE2, b == 0x80 { selfEvident = true }
            } else {
                return nil
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self), let scalar = decoded.unicodeScalars.first,
              scalar.value > 0x9F else { return nil }
        return (scalar, trailing + 1, selfEvident)
    }
}
