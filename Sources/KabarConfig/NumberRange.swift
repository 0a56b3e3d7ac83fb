import Foundation

/// The one range check for every number a person gives Kabar, in a configuration file or a
/// command-line flag: a number outside its range (or not finite: `inf`, `nan`, `1e400`) is
/// refused with the reason, never converted and never allowed to trap later (a `Double`
/// too large for `Int` crashes the process the moment it is converted).
public struct NumberRange: Sendable, Equatable {
    public let min: Double
    public let max: Double
    /// The minimum itself is refused (a timeout of 0).
    public let aboveMin: Bool

    public init(_ min: Double, _ max: Double, aboveMin: Bool = false) {
        self.min = min
        self.max = max
        self.aboveMin = aboveMin
    }

    /// nil when `value` is in the range; otherwise the reason, e.g. `expected 1s to 366d, got 9223372036854775807s`.
    /// `show` writes a bound or the value the way the user wrote it (with its unit).
    public func problem(_ value: Double, show: (Double) -> String = NumberRange.plain) -> String? {
        let range = aboveMin ? "more than \(show(min)) and at most \(show(max))" : "\(show(min)) to \(show(max))"
        guard value.isFinite else { return "expected \(range), got \(value.isNaN ? "nan" : "infinity")" }
        if value < min || (aboveMin && value == min) || value > max { return "expected \(range), got \(show(value))" }
        return nil
    }

    /// The problem with a whole number.
    public func problem(_ value: Int) -> String? {
        problem(Double(value), show: { NumberRange.plain($0) })
    }

    /// `5`, `0.25`, `1e+19`: whole values without a fraction.
    public static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
