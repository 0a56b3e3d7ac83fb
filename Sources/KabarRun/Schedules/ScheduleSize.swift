import Foundation

/// A size in bytes as schedules write it: a whole or decimal number and a unit, `B`, `KB`,
/// `MB` or `GB` (powers of 1024; `KiB`, `MiB`, `GiB` mean the same). A bare number is bytes.
public struct ScheduleSize: Sendable, Equatable, CustomStringConvertible {
    public let bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    /// What a bad size looks like, for error messages.
    /// The largest size any key takes: pages and sources are held in memory whole.
    public static let largest = 4 << 30

    public static let expected = "a size such as 512KB, 10MB or 1GB (units B, KB, MB, GB)"

    static let units: [String: Double] = ["": 1, "b": 1, "kb": 1024, "kib": 1024, "k": 1024, "mb": 1_048_576, "mib": 1_048_576, "m": 1_048_576,
                                          "gb": 1_073_741_824, "gib": 1_073_741_824, "g": 1_073_741_824]

    public init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        let number = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
        let unit = s.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        guard let scale = Self.units[unit] else { return nil }
        let bytes = value * scale
        guard bytes < Double(Int64.max / 2) else { return nil }
        self.bytes = Int(bytes)
    }

    public var description: String {
        for (name, size) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(name)"
        }
        return "\(bytes)B"
    }
}
