import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database` URL, checked. Errors name what is wrong
/// and show the URL without its password (`redacted`).
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    /// `sslmode=require` asks for TLS; the default (`disable`/`prefer`) connects in the clear.
    public let requireTLS: Bool

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether a `--store` value names a PostgreSQL database rather than a data folder.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        guard Self.isPostgres(text) else {
            throw Failure(description: "--store: \(Self.redact(text)) is not a PostgreSQL URL (postgres://user:password@host:port/database)")
        }
        guard let c = URLComponents(string: text) else {
            throw Failure(description: "--store: \(Self.redact(text)) is not a valid URL (postgres://user:password@host:port/database)")
        }
        guard let host = c.host, !host.isEmpty else {
            throw Failure(description: "--store: \(Self.redact(text)) names no host (postgres://user:password@HOST:port/database)")
        }
        guard let user = c.user, !user.isEmpty else {
            throw Failure(description: "--store: \(Self.redact(text)) names no user (postgres://USER:password@host:port/database)")
        }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw Failure(description: "--store: \(Self.redact(text)) names no database (postgres://user:password@host:port/DATABASE)")
        }
        if let port = c.port, !(1...65535).contains(port) {
            throw Failure(description: "--store: \(Self.redact(text)): port \(port) is out of range")
        }
        let mode = c.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "prefer", "allow", "require"].contains(mode) else {
            throw Failure(description: "--store: \(Self.redact(text)): sslmode \(mode) is not one of disable, prefer, require")
        }
        self.host = host
        self.port = c.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = (c.password?.removingPercentEncoding ?? c.password)
        self.database = database.removingPercentEncoding ?? database
        self.requireTLS = mode == "require"
    }

    /// The URL with the password replaced by `***`.
    public var redacted: String { "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)" }
    public var description: String { redacted }

    /// Any text that may be a URL, with a password between `:` and `@` replaced. Without `://`
    /// before the `@` (`postgres//u:pw@h/db`, `u:pw@h/db`) everything from the first `:` to the
    /// `@` is hidden, the user name too when the `:` is the scheme's.
    public static func redact(_ text: String) -> String {
        guard let at = text.range(of: "@", options: .backwards) else { return text }
        var start = text.startIndex
        if let scheme = text.range(of: "://"), scheme.upperBound < at.lowerBound { start = scheme.upperBound }
        guard let colon = text[start..<at.lowerBound].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }

    var clientConfiguration: PostgresClient.Configuration {
        var tls: PostgresClient.Configuration.TLS = .disable
        if requireTLS { tls = .require(.makeClientConfiguration()) }
        var c = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        c.options.connectTimeout = .seconds(5)
        return c
    }

    /// One connection's configuration (`Database` learns why the server refuses one).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database,
                                         tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
    }
}
