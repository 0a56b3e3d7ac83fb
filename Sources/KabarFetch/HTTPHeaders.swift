import Foundation

/// Response header fields in the order received; names compare case-insensitively.
public struct HTTPHeaders: Sendable, Sequence, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public private(set) var fields: [Field] = []

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    /// Every value of `name` (e.g. `Set-Cookie`).
    public func values(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// ASCII case-insensitive equality (header names are ASCII tokens).
    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
        }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The `charset` parameter of a `Content-Type` value, lowercased.
    public static func charset(ofContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        func trim(_ s: Substring, _ extra: Set<Character> = []) -> Substring {
            let skip: (Character) -> Bool = { $0 == " " || $0 == "\t" || extra.contains($0) }
            return s.drop(while: skip).reversed().drop(while: skip).reversed().reduce(into: Substring()) { $0.append($1) }
        }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, trim(parts[0]).lowercased() == "charset" else { continue }
            let value = trim(parts[1], ["\"", "'"])
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }
}
