import Foundation

/// A moment as a news site printed it: the instant plus the UTC offset it was stated in.
///
/// Equality and hashing use both the instant and the offset, so `11:13+07:00` and
/// `04:13+00:00` are the same instant but different `NewsDate`s. Ordering is by instant,
/// ties broken by offset (so the order agrees with `==`).
public struct NewsDate: Sendable, Hashable, Codable, Comparable {
    public let date: Date
    /// Seconds east of UTC, e.g. 25200 for +07:00.
    public let utcOffset: Int

    public init(date: Date, utcOffset: Int) {
        self.date = date
        self.utcOffset = utcOffset
    }

    /// ISO 8601 with the offset, seconds always shown: "2015-11-05T11:13:00+07:00";
    /// UTC is written as "+00:00". Fractional seconds are not shown (truncated).
    public var iso8601: String {
        format(withFraction: false)
    }

    public static func < (lhs: NewsDate, rhs: NewsDate) -> Bool {
        if lhs.date != rhs.date { return lhs.date < rhs.date }
        return lhs.utcOffset < rhs.utcOffset
    }

    // MARK: Codable

    /// Encoded as a single ISO 8601 string (`iso8601`). When the instant has a sub-second part
    /// (e.g. parsed from "17:33:43.091856"), the fraction is kept in the encoded string
    /// (microsecond precision) so that decoding gives back an equal value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(format(withFraction: true))
    }

    /// Decodes any form `NewsDateParser.parse` accepts (ISO 8601 in particular).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = NewsDateParser.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not a readable date: \(text)")
        }
        self = parsed
    }

    // MARK: Formatting

    private func format(withFraction: Bool) -> String {
        fixedWidth(withFraction: withFraction) ?? referenceFormat(withFraction: withFraction)
    }

    /// `format`'s 25 bytes written in place ("2015-11-05T11:13:00+07:00"), for years 0-9999, an
    /// offset under 100 hours and no fraction to show; nil otherwise. Three per record.
    func fixedWidth(withFraction: Bool) -> String? {
        let absOffset = abs(utcOffset)
        guard absOffset < 100 * 3600 else { return nil }
        let local = date.timeIntervalSince1970 + Double(utcOffset)
        guard local.isFinite, abs(local) < 9e12 else { return nil }
        let micros = Int64((local * 1_000_000).rounded())
        let seconds = Self.floorDiv(micros, 1_000_000)
        if withFraction && micros - seconds * 1_000_000 != 0 { return nil }
        let days = Self.floorDiv(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilCalendar.civil(fromDays: Int(days))
        guard year >= 0 && year <= 9999 else { return nil }
        return String(unsafeUninitializedCapacity: 25) { out in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for k in stride(from: start + width - 1, through: start, by: -1) {
                    out[k] = 0x30 + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0); out[4] = 0x2D
            put(month, 2, at: 5); out[7] = 0x2D
            put(day, 2, at: 8); out[10] = 0x54
            put(secondOfDay / 3600, 2, at: 11); out[13] = 0x3A
            put(secondOfDay % 3600 / 60, 2, at: 14); out[16] = 0x3A
            put(secondOfDay % 60, 2, at: 17)
            out[19] = utcOffset < 0 ? 0x2D : 0x2B
            put(absOffset / 3600, 2, at: 20); out[22] = 0x3A
            put(absOffset % 3600 / 60, 2, at: 23)
            return 25
        }
    }

    /// `format` piece by piece, for any date (and the reference `fixedWidth` is tested against).
    func referenceFormat(withFraction: Bool) -> String {
        let local = date.timeIntervalSince1970 + Double(utcOffset)
        // Work in whole microseconds so the seconds and the fraction agree after rounding.
        let micros = Int64((local * 1_000_000).rounded())
        let seconds = Self.floorDiv(micros, 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let days = Self.floorDiv(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilCalendar.civil(fromDays: Int(days))

        var out = ""
        out.reserveCapacity(32)
        if year < 0 { out += "-" }
        out += Self.pad(abs(year), 4)
        out += "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        out += "T" + Self.pad(secondOfDay / 3600, 2)
        out += ":" + Self.pad(secondOfDay % 3600 / 60, 2)
        out += ":" + Self.pad(secondOfDay % 60, 2)
        if withFraction && fraction != 0 {
            var digits = Self.pad(Int(fraction), 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        let absOffset = abs(utcOffset)
        out += utcOffset < 0 ? "-" : "+"
        out += Self.pad(absOffset / 3600, 2) + ":" + Self.pad(absOffset % 3600 / 60, 2)
        return out
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Proleptic Gregorian day arithmetic (days since 1970-01-01), after Howard Hinnant's
/// `days_from_civil` / `civil_from_days`. No Calendar or DateFormatter needed.
enum CivilCalendar {
    static func days(fromYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }
}
