import Foundation
import KabarCore

/// A five-field cron expression: minute, hour, day of month, month, day of week, each `*`, a
/// number, a range `a-b`, a list `a,b,c` and steps `*/n` or `a-b/n`; months and days of the
/// week also by name (`jan`, `mon`); day of week 0 and 7 are Sunday. As in Vixie cron, when
/// both day fields are restricted a day matching either one fires. Times are those of the
/// given time zone (the machine's by default).
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let daysOfMonth: Set<Int>
    public let months: Set<Int>
    public let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool
    public let description: String

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The field at fault ("minute", "hour", ...), nil when the expression as a whole is.
        public let field: String?
        public let message: String
        public var description: String { field.map { "\($0) field: \(message)" } ?? message }
    }

    public static let examples = "\"*/15 * * * *\" or \"0 6-22/2 * * mon-fri\""
    public static let expected = "a cron expression of 5 fields (minute hour day-of-month month day-of-week), e.g. \(examples)"

    static let fields: [(name: String, range: ClosedRange<Int>, names: [String])] = [
        ("minute", 0...59, []),
        ("hour", 0...23, []),
        ("day-of-month", 1...31, []),
        ("month", 1...12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        ("day-of-week", 0...7, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]

    public init(_ text: String) throws {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw ParseError(field: nil, message: "\(counted(parts.count, "field")) in \"\(text)\"; cron needs exactly 5 (minute hour day-of-month month day-of-week)")
        }
        var sets: [Set<Int>] = []
        for (i, part) in parts.enumerated() {
            sets.append(try Self.parseField(part, Self.fields[i]))
        }
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        // 7 is Sunday too.
        var dow = sets[4]
        if dow.remove(7) != nil { dow.insert(0) }
        daysOfWeek = dow
        dayOfMonthRestricted = !parts[2].hasPrefix("*")
        dayOfWeekRestricted = !parts[4].hasPrefix("*")
        description = parts.joined(separator: " ")
        // A day of the month that no chosen month has (30 or 31 February, 31 April...) never
        // comes: refuse it rather than leave a schedule that is never (or always) due.
        if !(dayOfMonthRestricted && dayOfWeekRestricted),
           !months.contains(where: { month in daysOfMonth.contains(where: { $0 <= Self.longestMonth[month - 1] }) }) {
            let days = daysOfMonth.sorted().map(String.init).joined(separator: ",")
            let names = months.sorted().map { Self.fields[3].names[$0 - 1] }.joined(separator: ",")
            throw ParseError(field: "day-of-month", message: "day \(days) never comes in \(names) (\"\(text)\" would never run)")
        }
    }

    /// The most days each month has (February 29, in leap years).
    static let longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    static func parseField(_ text: String, _ field: (name: String, range: ClosedRange<Int>, names: [String])) throws -> Set<Int> {
        var result = Set<Int>()
        for item in text.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw ParseError(field: field.name, message: "empty list item in \"\(text)\"") }
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw ParseError(field: field.name, message: "\"\(item)\" has more than one /") }
            var step = 1
            if stepParts.count == 2 {
                guard let n = Int(stepParts[1]), n >= 1 else {
                    throw ParseError(field: field.name, message: "step \"\(stepParts[1])\" in \"\(item)\" is not a whole number of at least 1")
                }
                step = n
            }
            let base = stepParts[0]
            var low: Int
            var high: Int
            if base == "*" {
                low = field.range.lowerBound
                high = field.name == "day-of-week" ? 6 : field.range.upperBound
            } else {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw ParseError(field: field.name, message: "\"\(base)\" is not a value or a range a-b") }
                low = try value(bounds[0], field)
                high = bounds.count == 2 ? try value(bounds[1], field) : low
                if bounds.count == 1 && stepParts.count == 2 { high = field.name == "day-of-week" ? 6 : field.range.upperBound }
                guard low <= high else {
                    throw ParseError(field: field.name, message: "range \"\(base)\" runs backwards")
                }
            }
            for v in stride(from: low, through: high, by: step) { result.insert(v) }
        }
        return result
    }

    static func value(_ text: Substring, _ field: (name: String, range: ClosedRange<Int>, names: [String])) throws -> Int {
        if let i = field.names.firstIndex(of: String(text)) { return field.range.lowerBound == 0 ? i : i + 1 }
        guard let n = Int(text) else {
            let names = field.names.isEmpty ? "" : " or a name (\(field.names.joined(separator: ", ")))"
            throw ParseError(field: field.name, message: "\"\(text)\" is not a number\(names)")
        }
        guard field.range.contains(n) else {
            throw ParseError(field: field.name, message: "\(n) is outside \(field.range.lowerBound)-\(field.range.upperBound)")
        }
        return n
    }

    /// Whether the expression fires at the minute of `components`.
    func matches(minute: Int, hour: Int, day: Int, month: Int, weekday: Int) -> Bool {
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let domOK = daysOfMonth.contains(day)
        let dowOK = daysOfWeek.contains(weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return domOK || dowOK }
        return domOK && dowOK
    }

    /// The first time strictly after `date` at which the expression fires (at second 0), or nil
    /// when none comes within five years (e.g. `0 0 30 2 *`).
    public func next(after date: Date, calendar: Calendar = Calendar.current) -> Date? {
        var cal = calendar
        cal.locale = Locale(identifier: "en_US_POSIX")
        // The next whole minute after `date`.
        guard let minuteStart = cal.dateInterval(of: .minute, for: date)?.start,
              var t = cal.date(byAdding: .minute, value: 1, to: minuteStart) else { return nil }
        let limit = date.addingTimeInterval(5 * 366 * 86400)
        while t <= limit {
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: t)
            guard let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute, let weekday = c.weekday else { return nil }
            if !months.contains(month) {
                // The first day of the next month.
                guard let start = cal.dateInterval(of: .month, for: t)?.end else { return nil }
                t = start
                continue
            }
            let dow = weekday - 1
            let dayOK: Bool
            if dayOfMonthRestricted && dayOfWeekRestricted {
                dayOK = daysOfMonth.contains(day) || daysOfWeek.contains(dow)
            } else {
                dayOK = daysOfMonth.contains(day) && daysOfWeek.contains(dow)
            }
            if !dayOK {
                guard let end = cal.dateInterval(of: .day, for: t)?.end else { return nil }
                t = end
                continue
            }
            if !hours.contains(hour) {
                guard let end = cal.dateInterval(of: .hour, for: t)?.end else { return nil }
                t = end
                continue
            }
            if !minutes.contains(minute) {
                guard let n = cal.date(byAdding: .minute, value: 1, to: t) else { return nil }
                t = n
                continue
            }
            return t
        }
        return nil
    }
}
