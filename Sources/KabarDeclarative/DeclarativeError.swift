import Foundation

/// A declarative extractor file that cannot be used: the file, the line, the key and what was
/// expected. `description` reads
/// `Plugins/example.yaml:12: fields.body: bad CSS selector "div..x" at 4: expected a class name`.
public struct DeclarativeError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    /// 1-based; nil when the problem is the file as a whole (unreadable, empty).
    public let line: Int?
    /// The key path at fault (`fields.headline[1].css`, `variants[0].when`); nil for the file as a whole.
    public let key: String?
    public let message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        out += ": "
        if let key { out += "\(key): " }
        return out + message
    }
}
