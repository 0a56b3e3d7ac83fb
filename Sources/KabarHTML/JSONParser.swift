import Foundation

/// Reads JSON text (RFC 8259, a scalar at the top allowed) straight into `JSONValue`, over
/// the UTF-8 bytes. It replaces `JSONSerialization` plus a walk bridging every Foundation
/// object into the enum (`as? [String: Any]` casts), which cost a page with a live blog's
/// JSON-LD several times its parse. It accepts exactly what `JSONSerialization` accepted
/// here: strict JSON, except that a comma may end an array or object and a byte order mark
/// may open the text (Foundation's reader allows both); no raw control characters in strings,
/// no comments, so `JSONLD`'s repair-and-retry is unchanged. A repeated key keeps its last value.
struct JSONParser {
    struct Invalid: Error {}

    /// Nesting deeper than this is refused (as `JSONSerialization` refuses it), not a stack overflow.
    static let maxDepth = 512

    private let p: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

    static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in
            var parser = JSONParser(raw.bindMemory(to: UInt8.self))
            if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { parser.i = 3 }
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.i == parser.p.count else { throw Invalid() }
            return value
        }
    }

    private mutating func skipSpace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard i < p.count, depth <= Self.maxDepth else { throw Invalid() }
        switch p[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw Invalid()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count, memcmp(p.baseAddress! + i, word.utf8Start, n) == 0 else { throw Invalid() }
        i += n
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        i += 1
        var result: [String: JSONValue] = [:]
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "}") { i += 1; return .object(result) }
        while true {
            guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw Invalid() }
            let key = try string()
            skipSpace()
            guard i < p.count, p[i] == UInt8(ascii: ":") else { throw Invalid() }
            i += 1
            skipSpace()
            result[key] = try value(depth: depth + 1)
            if try closes(UInt8(ascii: "}")) { return .object(result) }
        }
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        i += 1
        var result: [JSONValue] = []
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "]") { i += 1; return .array(result) }
        while true {
            result.append(try value(depth: depth + 1))
            if try closes(UInt8(ascii: "]")) { return .array(result) }
        }
    }

    /// After a member or an element: true past `close` (also after a trailing comma, which
    /// Foundation on Linux accepts), false past a comma with more to come.
    private mutating func closes(_ close: UInt8) throws -> Bool {
        skipSpace()
        guard i < p.count else { throw Invalid() }
        if p[i] == UInt8(ascii: ",") {
            i += 1
            skipSpace()
            guard i < p.count, p[i] == close else { return false }
        } else if p[i] != close {
            throw Invalid()
        }
        i += 1
        return true
    }

    /// A string from its opening quote: runs without escapes copied as they are.
    private mutating func string() throws -> String {
        i += 1
        let start = i
        while i < p.count, p[i] != UInt8(ascii: "\""), p[i] != UInt8(ascii: "\\"), p[i] >= 0x20 { i += 1 }
        guard i < p.count, p[i] >= 0x20 else { throw Invalid() }
        if p[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }
        var bytes = Array(UnsafeBufferPointer(rebasing: p[start..<i]))
        while true {
            guard i < p.count else { throw Invalid() }
            let c = p[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: bytes, as: UTF8.self) }
            guard c >= 0x20 else { throw Invalid() }
            guard c == UInt8(ascii: "\\") else { bytes.append(c); i += 1; continue }
            guard i + 1 < p.count else { throw Invalid() }
            i += 2
            switch p[i - 1] {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else { throw Invalid() }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Invalid() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw Invalid()
                }
                guard let s = Unicode.Scalar(scalar) else { throw Invalid() }
                bytes.append(contentsOf: String(Character(s)).utf8)
            default:
                throw Invalid()
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= p.count else { throw Invalid() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw Invalid()
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as the nearest Double.
    private mutating func number() throws -> Double {
        let start = i
        func digits() -> Int {
            let from = i
            while i < p.count, p[i] >= UInt8(ascii: "0"), p[i] <= UInt8(ascii: "9") { i += 1 }
            return i - from
        }
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < p.count else { throw Invalid() }
        if p[i] == UInt8(ascii: "0") { i += 1 } else { guard digits() > 0 else { throw Invalid() } }
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw Invalid() }
        }
        if i < p.count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw Invalid() }
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)) else { throw Invalid() }
        return value
    }
}
