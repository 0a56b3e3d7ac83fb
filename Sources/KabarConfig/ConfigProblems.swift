/// The problems of one configuration file, gathered while it is read so that every one is
/// reported at once (a schedule with three bad keys names all three), not only the first.
/// Each step that may fail runs through `check`: its error is kept and the reading goes on
/// with the next key.
public final class ConfigProblems {
    public private(set) var errors: [ConfigError] = []
    /// The file, for an error that does not name it (none of the readers' should).
    public let file: String

    public init(file: String) { self.file = file }

    public var isEmpty: Bool { errors.isEmpty }

    public func add(_ error: ConfigError) { errors.append(error) }

    /// The value of `step`, or nil when it threw (its error kept).
    @discardableResult
    public func check<T>(_ step: () throws -> T) -> T? {
        do {
            return try step()
        } catch let error as ConfigError {
            errors.append(error)
        } catch let many as ConfigErrors {
            errors += many.errors
        } catch {
            errors.append(ConfigError(file: file, line: nil, key: nil, message: "\(error)"))
        }
        return nil
    }

    /// Throws the problems found, in the file's order: one as a `ConfigError`, several as
    /// `ConfigErrors`; nothing when there are none.
    public func throwIfAny() throws {
        let errors = inFileOrder
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw ConfigErrors(errors: errors) }
    }

    /// The problems in the file's order (by line; those of the file as a whole first).
    public var inFileOrder: [ConfigError] {
        errors.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line ?? 0, b.element.line ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}

/// Several problems of configuration files, one per line (a schedule or declarative file with
/// three bad keys, or `kabar schedule`'s files together). KabarRun calls it `ScheduleErrors`.
public struct ConfigErrors: Error, CustomStringConvertible, Sendable {
    public let errors: [ConfigError]
    public init(errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// The problems `error` stands for: its own list, or itself.
    public static func each(of error: any Error) -> [ConfigError]? {
        if let many = error as? ConfigErrors { return many.errors }
        if let one = error as? ConfigError { return [one] }
        return nil
    }
}
