import Foundation

/// Any JSON value, compared structurally (for expected-vs-actual checks).
public indirect enum JSONAny: Equatable, Sendable, Decodable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONAny]), object([String: JSONAny])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONAny].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONAny].self)) }
    }

    public static func parse(_ data: Data) throws -> JSONAny { try JSONDecoder().decode(JSONAny.self, from: data) }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\": \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A short, readable difference between two JSON values.
public enum FieldDiff {
    public static func describe(field: String, expected: JSONAny, actual: JSONAny) -> String {
        if case .array(let e) = expected, case .array(let a) = actual {
            var lines = ["\(field): \(e.count) expected, \(a.count) found"]
            for i in 0..<max(e.count, a.count) {
                let ev = i < e.count ? e[i] : nil
                let av = i < a.count ? a[i] : nil
                if ev != av {
                    lines.append("  [\(i)] expected \(ev.map(\.description) ?? "nothing")")
                    lines.append("  [\(i)]    found \(av.map(\.description) ?? "nothing")")
                }
            }
            return lines.joined(separator: "\n")
        }
        return "\(field): expected \(expected), found \(actual)"
    }
}
