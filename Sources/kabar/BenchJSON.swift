import Foundation

/// A bench's `--json` line: its figures as a Codable value, each rounded to the places the
/// text output prints, encoded as one JSON object with sorted keys.
enum BenchJSON {
    static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A rate over no time is infinite: named, not a failure to print the line.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `x` rounded to `places` decimals.
    static func rounded(_ x: Double, _ places: Int) -> Double {
        guard x.isFinite else { return x }
        let scale = pow(10, Double(places))
        return (x * scale).rounded() / scale
    }
}

/// Any JSON value: a child process's JSON summary carried inside a bench's own line.
enum AnyJSON: Codable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([AnyJSON].self) { self = .array(v) }
        else { self = .object(try c.decode([String: AnyJSON].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }

    /// The JSON text `text` holds; nil when it is empty or not JSON.
    init?(text: String) {
        guard !text.isEmpty, let value = try? JSONDecoder().decode(AnyJSON.self, from: Data(text.utf8)) else { return nil }
        self = value
    }
}
