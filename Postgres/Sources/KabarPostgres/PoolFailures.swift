import Foundation
import Logging
import Synchronization

/// What postgres-nio's connection pool met while `Database.init` waited for its first answer:
/// the pool retries a connection that fails until the wait ends and reports each failure only
/// to its background logger ("Connection creation failed", the error as text), so this is a
/// log handler that keeps the last such error. It listens at info level while watching, and
/// at critical once `stop()` is called (no cost for the pool's later messages).
final class PoolFailures: Sendable {
    private let last = Mutex<String?>(nil)
    private let watching = Atomic<Bool>(true)

    /// The pool's background logger, reporting here.
    var logger: Logger { Logger(label: "kabar.postgres.pool") { _ in Handler(failures: self) } }

    /// The last failure the pool reported, as a message says it (nil: none).
    var lastFailure: String? { last.withLock { $0 }.map(Self.reason) }

    func stop() { watching.store(false, ordering: .relaxed) }

    /// The reason in postgres-nio's text of a `PSQLError` (`String(reflecting:)`): the server's
    /// message when it sent one, else the error's code and underlying error, else the text.
    static func reason(_ text: String) -> String {
        if let start = text.range(of: "serverInfo: [")?.upperBound,
           let message = text[start...].range(of: "message: ")?.upperBound {
            let rest = text[message...]
            // The fields come sorted by their one-letter key: after the message only routine,
            // the severities and the table's fields, each as ", name: ".
            let end = rest.range(of: #", [a-zA-Z]+: |\]"#, options: .regularExpression)?.lowerBound ?? rest.endIndex
            return String(rest[..<end])
        }
        if text.hasPrefix("PSQLError(code: ") {
            let code = text.dropFirst("PSQLError(code: ".count).prefix { $0 != "," && $0 != ")" }
            if let underlying = text.range(of: ", underlying: ")?.upperBound {
                let rest = text[underlying...]
                let end = rest.range(of: ", triggeredFromRequestInFile: ")?.lowerBound ?? rest.index(before: rest.endIndex)
                return "\(code): \(rest[..<end])"
            }
            return String(code)
        }
        return text
    }

    private struct Handler: LogHandler {
        let failures: PoolFailures
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level {
            get { failures.watching.load(ordering: .relaxed) ? .info : .critical }
            set {}
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
                 source: String, file: String, function: String, line: UInt) {
            guard message.description == "Connection creation failed",
                  let error = metadata?["psql_error"] ?? self.metadata["psql_error"] else { return }
            failures.last.withLock { $0 = "\(error)" }
        }
    }
}
