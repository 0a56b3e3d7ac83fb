import Foundation

/// A length of time as schedules write it: a number and a unit, several run together
/// (`90s`, `15m`, `2h`, `1h30m`, `7d`, `2w`, `500ms`). Named `ScheduleDuration` so that it does
/// not shadow the standard library's `Duration`.
public struct ScheduleDuration: Sendable, Equatable, CustomStringConvertible {
    /// The length in seconds.
    public let seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    /// What a bad duration looks like, for error messages.
    public static let expected = "a duration such as 30s, 15m, 2h, 1h30m, 7d or 2w (units ms, s, m, h, d, w)"

    /// The longest duration any key takes (`max_age`): 5200 weeks, about a hundred years.
    public static let longest = 5200 * 604800.0

    static let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604800)]

    /// Parses `15m`, `1h30m`, `0.5s`; nil when the text is not a duration. A bare number is
    /// refused (is `15` seconds or minutes?), except `0`.
    public init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if s == "0" { self.seconds = 0; return }
        var rest = Substring(s)
        var total = 0.0
        var parts = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isASCII && $0.isLetter }
            guard let unit = Self.units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
            parts += 1
        }
        guard parts > 0 else { return nil }
        self.seconds = total
    }

    /// `1h30m`, `15m`, `45s`, `1.5s`.
    public var description: String {
        if seconds == 0 { return "0s" }
        // Past a hundred years (or not finite) the number as given: `Int(seconds)` would trap.
        if seconds < 1 || seconds != seconds.rounded() || !(seconds < 3.2e9) { return "\(Self.trim(seconds))s" }
        var rest = Int(seconds)
        var out = ""
        for (name, size) in [("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(name)"
            rest %= size
        }
        return out
    }

    static func trim(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
