import Logging

/// swift-log to standard error (info level unless told; `--quiet` is warning), once per
/// process: the logging of `kabar run`, `kabar schedule`, `kabar demo` and kabar-postgres's workers.
public enum CLILogging {
    nonisolated(unsafe) private static var done = false

    /// Only the command's own start-up calls this (one task).
    public static func bootstrap(level: Logger.Level = .info) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
