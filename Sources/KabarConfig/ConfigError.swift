import Foundation

/// A configuration file a person wrote (a schedule, a declarative extractor) that cannot be
/// used: the file, the line, the key and what was expected. `description` reads
/// `Schedules/tempo.yaml:7: every: expected a duration such as ..., got "15x"` or
/// `Plugins/example.yaml:12: fields.body: bad CSS selector "div..x" at 4: expected a class name`.
/// KabarRun calls it `ScheduleError`, KabarDeclarative `DeclarativeError`.
public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    /// 1-based; nil when the problem is the file as a whole (unreadable, empty).
    public let line: Int?
    /// The key path at fault (`politeness.delay`, `fields.headline[1].css`); nil for the file as a whole.
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
